//! Adapter to the workspace configuration: which `LintConfig` applies to a
//! workspace root, and which files are note files.
//!
//! Until `workspace::config` (the CLI branch) is merged this reads nothing
//! and uses the defaults with `*.talk` files.

use crate::lint::LintConfig;
use std::path::{Path, PathBuf};

/// The configuration for `root` and the `notelint.toml` it came from; an
/// error message (file, line, key) when the file is bad.
pub struct Loaded {
    pub config: LintConfig,
    pub file: Option<PathBuf>,
    pub error: Option<String>,
}

pub fn load(root: Option<&Path>) -> Loaded {
    let file = root.map(|r| r.join("notelint.toml")).filter(|p| p.is_file());
    Loaded {
        config: LintConfig::default(),
        file,
        error: None,
    }
}

/// Whether `path` is a note file under this configuration.
pub fn is_note_file(path: &Path, _loaded: &Loaded) -> bool {
    path.extension().is_some_and(|e| e == "talk")
}

/// Note files under `root`, respecting `.gitignore`.
pub fn discover(root: &Path, loaded: &Loaded) -> Vec<PathBuf> {
    let mut out = Vec::new();
    // `.gitignore` applies even outside a git checkout (a notes folder often is one).
    for entry in ignore::WalkBuilder::new(root).require_git(false).build().flatten() {
        let p = entry.path();
        if entry.file_type().is_some_and(|t| t.is_file()) && is_note_file(p, loaded) {
            out.push(p.to_path_buf());
        }
    }
    out.sort();
    out
}

/// Glob patterns for the file watcher.
pub fn watch_globs(_loaded: &Loaded) -> Vec<String> {
    vec!["**/*.talk".to_string(), "**/notelint.toml".to_string()]
}
