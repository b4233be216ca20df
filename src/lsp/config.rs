//! Adapter to `workspace` (configuration and discovery, the CLI's code):
//! which settings apply to the workspace root and which files are notes.

use crate::lint::LintConfig;
use crate::workspace::config::Settings;
use crate::workspace::discover::{discover as walk, Matcher};
use std::path::{Path, PathBuf};

/// The settings for the workspace root; on a bad `notelint.toml`, the
/// defaults plus the error (file, line, key) to show the user.
pub struct Loaded {
    pub settings: Settings,
    pub config: LintConfig,
    pub error: Option<String>,
    matcher: Matcher,
}

pub fn load(root: Option<&Path>) -> Loaded {
    let base = root
        .map(Path::to_path_buf)
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
    let (settings, error) = match root {
        // Without a root there is no file to read: the defaults.
        None => (Settings::defaults(&base), None),
        Some(r) => match Settings::discover(r) {
            Ok(s) => (s, None),
            Err(e) => (Settings::defaults(&base), Some(format!("notelint: {e}"))),
        },
    };
    let matcher = Matcher::new(&settings.base_dir, &settings.include, &settings.exclude);
    Loaded {
        config: settings.lint.clone(),
        settings,
        error,
        matcher,
    }
}

/// Whether `path` is a note file under these settings.
pub fn is_note_file(path: &Path, loaded: &Loaded) -> bool {
    loaded.matcher.is_included(path) && !loaded.matcher.is_excluded(path)
}

/// Note files under `root`, respecting `.gitignore` and the configured globs.
pub fn discover(root: &Path, loaded: &Loaded) -> Vec<PathBuf> {
    let mut files = walk(&[root.to_path_buf()], &loaded.matcher).files;
    files.sort();
    files
}

/// Glob patterns for the file watcher: note files, configured globs, the
/// config file and the roster.
pub fn watch_globs(loaded: &Loaded) -> Vec<String> {
    let mut g = vec!["**/*.talk".to_string(), "**/notelint.toml".to_string()];
    for inc in &loaded.settings.include {
        g.push(if inc.contains('/') { inc.clone() } else { format!("**/{inc}") });
    }
    if let Some(r) = loaded.settings.roster_file.as_ref().and_then(|p| p.file_name()) {
        g.push(format!("**/{}", r.to_string_lossy()));
    }
    g
}

/// The roster file, when one is configured (for "add speaker to roster").
pub fn roster_file(loaded: &Loaded) -> Option<&Path> {
    loaded.settings.roster_file.as_deref()
}

/// Whether a changed path means the configuration must be read again.
pub fn is_config_file(path: &Path, loaded: &Loaded) -> bool {
    path.file_name().is_some_and(|n| n == "notelint.toml")
        || loaded.settings.roster_file.as_deref() == Some(path)
}
