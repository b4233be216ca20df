//! Adapter to `workspace` (configuration and discovery, the CLI's code):
//! which settings apply to each note, and which files are notes.
//!
//! Settings are resolved per file exactly as `notelint check` does, through
//! [`crate::workspace::resolve::Configs`]: the nearest `notelint.toml` from
//! the note's folder upward, or the one the client names (`configPath`) for
//! everything. Discovery under a workspace folder uses that folder's
//! settings (its include/exclude globs), as `check FOLDER` does.

use crate::lint::config::{Person, RuleSetting};
use crate::workspace::config::{ConfigError, Settings};
use crate::workspace::discover::Matcher;
use crate::workspace::resolve::{Configs, Overrides};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use tower_lsp_server::ls_types as lsp;

/// Every config file read is cached (as `check` does). A config that
/// cannot be used governs notes that are not checked, as with `check`:
/// they get settings with every rule off ([`Resolver::is_skipped`]), are
/// left out of discovery and so of the index, and the error is shown once
/// as a message and kept as a diagnostic on the config file.
pub struct Resolver {
    roots: Vec<PathBuf>,
    explicit: Option<PathBuf>,
    // Interior caches: resolving a file's settings is a read for callers.
    inner: RefCell<Inner>,
}

struct Inner {
    configs: Configs,
    /// Settings for a folder whose config cannot be used: every rule off.
    fallback: HashMap<PathBuf, Arc<Settings>>,
    /// Every config that cannot be used, by its path.
    failed: std::collections::BTreeMap<PathBuf, ConfigError>,
    /// Discovery matcher of each workspace folder (from its settings).
    matchers: HashMap<PathBuf, Arc<Matcher>>,
    /// Config and roster files of every settings resolved so far.
    files: HashSet<PathBuf>,
    errors: Vec<String>,
    reported: HashSet<String>,
}

/// `~`, `${workspaceFolder}` and relative paths, as the VS Code extension
/// expands `notelint.configPath` (relative to the first workspace folder).
pub fn expand_path(p: &str, first_root: Option<&Path>) -> PathBuf {
    let mut s = p.trim().to_string();
    if s == "~" || s.starts_with("~/") {
        if let Some(home) = std::env::var_os("HOME") {
            s = format!("{}{}", home.to_string_lossy(), &s[1..]);
        }
    }
    if let Some(r) = first_root {
        s = s.replace("${workspaceFolder}", &r.to_string_lossy());
    }
    let path = PathBuf::from(s);
    match first_root {
        Some(r) if path.is_relative() => r.join(path),
        _ => path,
    }
}

impl Resolver {
    /// `explicit` is the config path the client gave (same meaning as
    /// `check --config`): it wins over every `notelint.toml`.
    pub fn new(roots: &[PathBuf], explicit: Option<&Path>) -> Resolver {
        Resolver {
            roots: roots.to_vec(),
            explicit: explicit.map(Path::to_path_buf),
            inner: RefCell::new(Inner {
                configs: Configs::new(explicit, Overrides::default()),
                fallback: HashMap::new(),
                failed: Default::default(),
                matchers: HashMap::new(),
                files: explicit.map(Path::to_path_buf).into_iter().collect(),
                errors: Vec::new(),
                reported: HashSet::new(),
            }),
        }
    }

    /// Settings for notes in `dir`.
    pub fn for_dir(&self, dir: &Path) -> Arc<Settings> {
        let mut inner = self.inner.borrow_mut();
        let Inner {
            configs,
            fallback,
            failed,
            files,
            errors,
            reported,
            ..
        } = &mut *inner;
        match configs.for_dir(dir) {
            Ok(s) => {
                files.extend(
                    s.config_file
                        .iter()
                        .chain(&s.extends)
                        .chain(&s.roster_file)
                        .cloned(),
                );
                s
            }
            Err(e) => {
                files.insert(e.path.clone());
                let msg = format!("notelint: {e}; {NOT_CHECKED}");
                if reported.insert(msg.clone()) {
                    errors.push(msg);
                }
                failed.entry(e.path.clone()).or_insert(e);
                Arc::clone(
                    fallback
                        .entry(dir.to_path_buf())
                        .or_insert_with(|| Arc::new(skipped_settings(dir))),
                )
            }
        }
    }

    /// Settings for the note at `path`.
    pub fn for_file(&self, path: &Path) -> Arc<Settings> {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => self.for_dir(p),
            _ => self.for_dir(Path::new(".")),
        }
    }

    /// Settings for a document by its key: a `file:` URI resolves by its
    /// path; anything else (an unsaved buffer) gets the first folder's.
    pub fn for_key(&self, key: &str) -> Arc<Settings> {
        let path = lsp::Uri::from_str(key)
            .ok()
            .filter(|u| u.scheme().as_str().eq_ignore_ascii_case("file"))
            .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
        match path {
            Some(p) => self.for_file(&p),
            None => self.default_settings(),
        }
    }

    /// The first workspace folder's settings (the current folder's without one).
    pub fn default_settings(&self) -> Arc<Settings> {
        match self.roots.first() {
            Some(r) => self.for_dir(r),
            None => {
                let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                self.for_dir(&cwd)
            }
        }
    }

    /// Whether `s` are the settings of notes whose config cannot be used
    /// (not checked, as `check` does not check them).
    pub fn is_skipped(&self, s: &Arc<Settings>) -> bool {
        (self.inner.borrow().fallback.values()).any(|f| Arc::ptr_eq(f, s))
    }

    /// Every config met so far that cannot be used.
    pub fn failed_configs(&self) -> Vec<ConfigError> {
        self.inner.borrow().failed.values().cloned().collect()
    }

    /// Config problems met since the last call, each once.
    pub fn take_errors(&self) -> Vec<String> {
        std::mem::take(&mut self.inner.borrow_mut().errors)
    }

    /// The discovery matcher for files under `root`.
    fn matcher(&self, root: &Path) -> Arc<Matcher> {
        if let Some(m) = self.inner.borrow().matchers.get(root) {
            return Arc::clone(m);
        }
        let s = self.for_dir(root);
        let m = Arc::new(Matcher::for_settings(&s));
        self.inner
            .borrow_mut()
            .matchers
            .insert(root.to_path_buf(), Arc::clone(&m));
        m
    }

    /// Whether `path` is a note file: matched by the globs of the workspace
    /// folder it is in (the deepest one), or of its own settings when it is
    /// in none.
    pub fn is_note_file(&self, path: &Path) -> bool {
        let root = self
            .roots
            .iter()
            .filter(|r| path.starts_with(r))
            .max_by_key(|r| r.components().count());
        // Discovery skips hidden files and folders; so do file events.
        let hidden = |r: &Path| {
            path.strip_prefix(r).is_ok_and(|rel| {
                rel.components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            })
        };
        if root.is_some_and(|r| hidden(r)) {
            return false;
        }
        let m = match root {
            Some(r) => self.matcher(r),
            None => {
                let s = self.for_file(path);
                Arc::new(Matcher::for_settings(&s))
            }
        };
        m.is_included(path) && !m.is_excluded(path)
    }

    /// The workspace folders with their discovery matchers (each folder's
    /// include/exclude globs), for the index to walk
    /// ([`crate::workspace::discover::discover_each`]): `.gitignore` and the
    /// globs respected, as `check FOLDER` does.
    pub fn folders(&self) -> Vec<(PathBuf, Arc<Matcher>)> {
        self.roots
            .iter()
            .map(|r| (r.clone(), self.matcher(r)))
            .collect()
    }

    /// Glob patterns for the client's file watcher: note files, the folders'
    /// include globs, config files and rosters.
    pub fn watch_globs(&self) -> Vec<String> {
        let mut g = vec!["**/*.talk".to_string(), "**/notelint.toml".to_string()];
        for r in &self.roots {
            let s = self.for_dir(r);
            for inc in &s.include {
                let glob = if inc.contains('/') {
                    inc.clone()
                } else {
                    format!("**/{inc}")
                };
                if !g.contains(&glob) {
                    g.push(glob);
                }
            }
        }
        for f in self.inner.borrow().files.iter() {
            let n = f.file_name().map(|n| n.to_string_lossy().into_owned());
            if let Some(n) = n.filter(|n| n != "notelint.toml") {
                let glob = format!("**/{n}");
                if !g.contains(&glob) {
                    g.push(glob);
                }
            }
        }
        g
    }

    /// Whether a changed path means the configuration must be read again:
    /// any `notelint.toml`, the explicit config, or a roster in use.
    pub fn is_config_file(&self, path: &Path) -> bool {
        path.file_name().is_some_and(|n| n == "notelint.toml")
            || self.explicit.as_deref() == Some(path)
            || self.inner.borrow().files.contains(path)
    }

    /// The roster files of the workspace folders' settings (those
    /// [`Resolver::roster`] reads), each once.
    pub fn roster_files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        for s in self.folder_settings() {
            if let Some(f) = &s.roster_file {
                if !out.contains(f) {
                    out.push(f.clone());
                }
            }
        }
        out
    }

    fn folder_settings(&self) -> Vec<Arc<Settings>> {
        if self.roots.is_empty() {
            vec![self.default_settings()]
        } else {
            self.roots.iter().map(|r| self.for_dir(r)).collect()
        }
    }

    /// The roster the editor features (completion, hover, rename) see: the
    /// rosters of the workspace folders' settings, each person once.
    pub fn roster(&self) -> Vec<Person> {
        let mut out: Vec<Person> = Vec::new();
        for s in self.folder_settings() {
            for p in s.lint.roster.iter().flatten() {
                if !out.iter().any(|q| q.name == p.name) {
                    out.push(p.clone());
                }
            }
        }
        out
    }
}

/// What a config that cannot be used costs, said after its error (as
/// `check` says it).
pub const NOT_CHECKED: &str = "the notes this config governs are not checked";

/// The settings of notes whose config cannot be used: the defaults with
/// every rule off, so they get no findings, as `check` gives none.
fn skipped_settings(dir: &Path) -> Settings {
    let mut s = Settings::defaults(dir);
    for r in crate::lint::registry::all() {
        (s.lint.rules).insert(r.meta().code.to_string(), RuleSetting::Off);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_configs_resolve_per_file_like_check() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        std::fs::write(root.join("notelint.toml"), "[rules]\n").unwrap();
        std::fs::write(
            root.join("sub/notelint.toml"),
            "[rules]\nbad-meta = \"off\"\n",
        )
        .unwrap();
        let r = Resolver::new(&[root.to_path_buf()], None);
        let top = r.for_file(&root.join("a.talk"));
        let sub = r.for_file(&root.join("sub/deeper/b.talk"));
        assert_eq!(
            top.config_file.as_deref(),
            Some(&*root.join("notelint.toml"))
        );
        assert_eq!(
            sub.config_file.as_deref(),
            Some(&*root.join("sub/notelint.toml"))
        );
        assert!(r.is_config_file(&root.join("sub/notelint.toml")));
        assert!(r.take_errors().is_empty());
    }

    #[test]
    fn a_bad_config_gives_defaults_and_one_message() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("notelint.toml"), "nonsense = 1\n").unwrap();
        let r = Resolver::new(&[root.to_path_buf()], None);
        let s = r.for_file(&root.join("a.talk"));
        assert!(s.config_file.is_none());
        assert!(r.is_skipped(&s));
        r.for_file(&root.join("b.talk"));
        let errors = r.take_errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("notelint.toml"), "{errors:?}");
        assert!(errors[0].ends_with(NOT_CHECKED), "{errors:?}");
        assert_eq!(r.failed_configs().len(), 1);
    }

    #[test]
    fn config_paths_expand_like_the_vscode_extension() {
        let root = Path::new("/w");
        assert_eq!(expand_path("c.toml", Some(root)), root.join("c.toml"));
        assert_eq!(
            expand_path("${workspaceFolder}/x/c.toml", Some(root)),
            root.join("x/c.toml")
        );
        assert_eq!(
            expand_path("/abs.toml", Some(root)),
            PathBuf::from("/abs.toml")
        );
    }
}
