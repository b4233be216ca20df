//! Which settings apply to a note: the nearest `notelint.toml` from its
//! folder upward (each file read once), or the one named explicitly for
//! everything, plus command-line overrides. `check`, `fix`, `watch` and the
//! language server all resolve configuration through [`Configs`], so a note
//! is linted with the same settings whichever front end reads it.

use crate::lint::config::RuleSetting;
use crate::lint::registry;
use crate::workspace::config::{find_config, ConfigError, Origin};
use crate::workspace::Settings;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Command-line settings that override every config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub max_file_size: Option<u64>,
}

impl Overrides {
    /// Check that every rule named exists (a typo is a usage error, exit 2).
    pub fn validate(&self) -> Result<(), String> {
        for key in self.select.iter().chain(&self.ignore) {
            if registry::find(key.trim()).is_none() && !self.is_all(key) {
                return Err(registry::unknown_rule_message(key.trim()));
            }
        }
        Ok(())
    }

    /// `--select all`: every rule, at its configured (or default) severity.
    fn is_all(&self, key: &str) -> bool {
        key.trim().eq_ignore_ascii_case("all")
    }

    pub fn apply(&self, s: &mut Settings) {
        if !self.select.is_empty() {
            for r in registry::all() {
                let m = r.meta();
                let chosen = self.select.iter().any(|k| {
                    let k = k.trim();
                    if self.is_all(k) {
                        return true;
                    }
                    k.eq_ignore_ascii_case(m.code) || k.eq_ignore_ascii_case(m.name)
                });
                let current = registry::effective_severity(m, &s.lint);
                let setting = match (chosen, current) {
                    (false, _) => RuleSetting::Off,
                    (true, Some(sev)) => RuleSetting::Severity(sev),
                    // Selected explicitly although the config turns it off.
                    (true, None) => RuleSetting::Severity(m.default_severity),
                };
                s.lint.rules.remove(m.name);
                s.lint.rules.insert(m.code.to_string(), setting);
                s.origins
                    .insert(format!("rules.{}", m.code), Origin::CommandLine("--select"));
            }
        }
        for key in &self.ignore {
            if let Some(r) = registry::find(key.trim()) {
                let m = r.meta();
                s.lint.rules.remove(m.name);
                s.lint.rules.insert(m.code.to_string(), RuleSetting::Off);
                s.origins
                    .insert(format!("rules.{}", m.code), Origin::CommandLine("--ignore"));
            }
        }
        if let Some(m) = self.max_file_size {
            s.max_file_size = m;
            s.origins.insert(
                "max-file-size".into(),
                Origin::CommandLine("--max-file-size"),
            );
        }
    }
}

/// Settings per folder: the nearest `notelint.toml` (each read once), or
/// the one `--config` names for everything. A config file that cannot be
/// used is remembered as an error: the notes it governs are not checked,
/// every other note is.
pub struct Configs {
    explicit: Option<Result<Arc<Settings>, ConfigError>>,
    by_file: HashMap<Option<PathBuf>, Result<Arc<Settings>, ConfigError>>,
    by_dir: HashMap<PathBuf, Result<Arc<Settings>, ConfigError>>,
    overrides: Overrides,
}

impl Configs {
    pub fn new(explicit: Option<&Path>, overrides: Overrides) -> Configs {
        let explicit = explicit.map(|p| {
            Settings::load(p).map(|mut s| {
                overrides.apply(&mut s);
                Arc::new(s)
            })
        });
        Configs {
            explicit,
            by_file: HashMap::new(),
            by_dir: HashMap::new(),
            overrides,
        }
    }

    /// Settings for notes in `dir`.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, ConfigError> {
        if let Some(s) = &self.explicit {
            return s.clone();
        }
        if let Some(s) = self.by_dir.get(dir) {
            return s.clone();
        }
        let found = find_config(dir);
        let s = match self.by_file.get(&found) {
            Some(s) => s.clone(),
            None => {
                let s = match &found {
                    Some(p) => Settings::load(p),
                    None => Ok(Settings::defaults(dir)),
                }
                .map(|mut s| {
                    self.overrides.apply(&mut s);
                    Arc::new(s)
                });
                self.by_file.insert(found, s.clone());
                s
            }
        };
        self.by_dir.insert(dir.to_path_buf(), s.clone());
        s
    }

    pub fn for_file(&mut self, file: &Path) -> Result<Arc<Settings>, ConfigError> {
        let dir = match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        self.for_dir(&dir)
    }
}
