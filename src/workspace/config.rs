//! `notelint.toml`: found from a file's folder upward (or given with
//! `--config`), validated strictly, turned into a [`LintConfig`] plus the
//! workspace settings (globs, size cap), remembering where every value came
//! from so `notelint config` can say so.
//!
//! Errors are never silent defaults: an unknown key, a bad value, an unknown
//! rule or an unreadable roster is a [`ConfigError`] naming the file, the
//! line and column, and the key.
//!
//! `schema` is the file's shape (serde types and the JSON Schema);
//! `key_spans` places keys and errors in the text; this file turns a
//! read file into [`Settings`].

mod key_spans;
mod schema;

pub use schema::{
    json_schema, FileConfig, LimitsConfig, RequiredSection, RosterFile, RosterPerson, RuleLevel,
};

use crate::lint::config::{Limits, Person};
use crate::lint::{registry, LintConfig};
use key_spans::KeySpans;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The file name searched for from a note's folder upward.
pub const CONFIG_NAME: &str = "notelint.toml";
/// Default cap on the size of a file notelint reads (10 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Where a configuration value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// A key in a config file, 1-based line.
    File {
        path: PathBuf,
        line: usize,
    },
    /// A command-line option.
    CommandLine(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => write!(f, "default"),
            Origin::File { path, line } => write!(f, "{}:{}", path.display(), line),
            Origin::CommandLine(flag) => write!(f, "command line ({flag})"),
        }
    }
}

/// A configuration problem: file, position, key and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// Dotted key, when known (`rules.NL001`, `limits.bio`).
    pub key: Option<String>,
    pub message: String,
}

impl ConfigError {
    /// What is wrong, after the place: `LINE:COL: `key`: message` (the key
    /// left out when the message names it already).
    pub fn what(&self) -> String {
        let mut s = String::new();
        if let Some((l, c)) = self.position {
            s.push_str(&format!("{l}:{c}: "));
        }
        if let Some(k) = &self.key {
            let last = k.rsplit('.').next().unwrap_or(k);
            if !self.message.contains(&format!("`{last}`")) {
                s.push_str(&format!("`{k}`: "));
            }
        }
        s.push_str(&self.message);
        s
    }
}

/// `path:line:col: what` (ripgrep/ruff style).
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sep = if self.position.is_some() { ":" } else { ": " };
        write!(f, "{}{sep}{}", self.path.display(), self.what())
    }
}

/// Keys whose value must be 1 or more (0 would mean "nothing fits").
fn at_least_one(key: &str) -> bool {
    key == "max-file-size" || key.starts_with("limits.")
}

impl std::error::Error for ConfigError {}

/// The effective settings for a set of files.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lint: LintConfig,
    /// Extra include globs (beside `*.talk`), relative to `base_dir`.
    pub include: Vec<String>,
    /// Excluded globs, relative to `exclude_dir`.
    pub exclude: Vec<String>,
    pub max_file_size: u64,
    /// The config file read, if any.
    pub config_file: Option<PathBuf>,
    /// Folder the `include` globs are relative to: that of the config file
    /// that set them (with `extend`, perhaps a parent's).
    pub base_dir: PathBuf,
    /// Folder the `exclude` globs are relative to (likewise).
    pub exclude_dir: PathBuf,
    /// The files `config_file` extends, nearest first (`extend = "…"`).
    pub extends: Vec<PathBuf>,
    /// Dotted key → where its value came from (keys absent here are defaults).
    pub origins: BTreeMap<String, Origin>,
    /// The roster file read, if any.
    pub roster_file: Option<PathBuf>,
}

impl Settings {
    /// Built-in defaults, globs relative to `base_dir`.
    pub fn defaults(base_dir: &Path) -> Settings {
        Settings {
            lint: LintConfig::default(),
            include: Vec::new(),
            exclude: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            config_file: None,
            base_dir: base_dir.to_path_buf(),
            exclude_dir: base_dir.to_path_buf(),
            extends: Vec::new(),
            origins: BTreeMap::new(),
            roster_file: None,
        }
    }

    pub fn origin(&self, key: &str) -> Origin {
        self.origins.get(key).cloned().unwrap_or(Origin::Default)
    }

    /// Read and validate a config file (and the files it extends).
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        Settings::load_chain(path, &mut Vec::new())
    }

    /// `chain`: the files that extend this one, each as named and as its
    /// real path, to catch a cycle.
    fn load_chain(
        path: &Path,
        chain: &mut Vec<(PathBuf, PathBuf)>,
    ) -> Result<Settings, ConfigError> {
        let text = super::read::read_config_text(path).map_err(|message| ConfigError {
            path: path.to_path_buf(),
            position: None,
            key: None,
            message,
        })?;
        Settings::from_text_chain(path, &text, chain)
    }

    /// Validate config `text` as if read from `path`.
    pub fn from_text(path: &Path, text: &str) -> Result<Settings, ConfigError> {
        Settings::from_text_chain(path, text, &mut Vec::new())
    }

    /// The settings `fc` starts from: those of the file it extends (read
    /// relative to `base_dir`), or the defaults.
    fn inherited(
        path: &Path,
        base_dir: &Path,
        fc: &FileConfig,
        spans: &KeySpans,
        chain: &mut Vec<(PathBuf, PathBuf)>,
    ) -> Result<Settings, ConfigError> {
        let Some(e) = &fc.extend else {
            return Ok(Settings::defaults(base_dir));
        };
        let target = tidy(&base_dir.join(e));
        let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        chain.push((path.to_path_buf(), real(path)));
        let target_real = real(&target);
        if let Some(i) = chain.iter().position(|(_, r)| *r == target_real) {
            let mut names: Vec<String> = chain[i..]
                .iter()
                .map(|(p, _)| p.display().to_string())
                .collect();
            names.push(chain[i].0.display().to_string());
            return Err(spans.error_at_key(
                "extend",
                format!(
                    "`extend` makes a cycle: {}; remove `extend` from one of these files",
                    names.join(" → ")
                ),
            ));
        }
        let parent = Settings::load_chain(&target, chain).map_err(|mut err| {
            // A file that cannot be read is reported at the key naming it.
            if err.position.is_none() && err.path == target {
                let at = spans.error_at_key("extend", String::new());
                err.message = format!(
                    "cannot extend `{}`: {}; `extend` is relative to this file's folder",
                    target.display(),
                    err.message
                );
                err.path = at.path;
                err.position = at.position;
                err.key = at.key;
            }
            err
        })?;
        chain.pop();
        let mut s = parent;
        if let Some(p) = s.config_file.take() {
            s.extends.insert(0, p);
        }
        Ok(s)
    }

    fn from_text_chain(
        path: &Path,
        text: &str,
        chain: &mut Vec<(PathBuf, PathBuf)>,
    ) -> Result<Settings, ConfigError> {
        let spans = KeySpans::read(path, text)?;
        let fc: FileConfig = toml::from_str(text).map_err(|e| spans.serde_error(&e))?;
        let base_dir = path
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let mut s = Settings::inherited(path, &base_dir, &fc, &spans, chain)?;
        s.config_file = Some(path.to_path_buf());
        for (key, _) in &spans.keys {
            s.origins.insert(key.clone(), spans.origin(key));
        }
        // Set by this file (an inherited value may be set again here).
        let mut set_here = std::collections::HashSet::new();

        for (key, level) in &fc.rules {
            let Some(rule) = registry::find(key) else {
                return Err(spans
                    .error_at_key(&format!("rules.{key}"), registry::unknown_rule_message(key)));
            };
            // Keyed by code so that `NL001` and `missing-author` cannot both
            // apply; a later duplicate is an error rather than a silent win.
            let code = rule.meta().code;
            s.lint.rules.insert(code.to_string(), level.setting());
            if !set_here.insert(code) {
                return Err(spans.error_at_key(
                    &format!("rules.{key}"),
                    format!("rule {code} is set twice (by code and by name)"),
                ));
            }
            s.origins.insert(
                format!("rules.{code}"),
                spans.origin(&format!("rules.{key}")),
            );
        }
        if let Some(req) = &fc.required_sections {
            s.lint.required_sections = req.iter().map(|r| r.name().to_string()).collect();
        }
        if let Some(levels) = &fc.levels {
            check_words(&spans, "levels", levels, false)?;
            if levels.is_empty() {
                return Err(spans.error_at_key("levels", "must list at least one level".into()));
            }
            s.lint.parse.levels = levels.clone();
        }
        if let Some(tracks) = &fc.tracks {
            check_words(&spans, "tracks", tracks, false)?;
            s.lint.tracks = Some(tracks.clone());
        }
        if let Some(labels) = &fc.labels {
            check_words(&spans, "labels", labels, true)?;
            if labels.len() > 256 {
                let n = labels.len();
                return Err(spans.error_at_key(
                    "labels",
                    format!("at most 256 labels can be added (this lists {n})"),
                ));
            }
            for l in labels {
                if crate::syntax::ParseOptions::default().lookup(l).is_some() {
                    return Err(
                        spans.error_at_key("labels", format!("`{l}` is a built-in label already"))
                    );
                }
            }
            s.lint.parse.extra_labels = labels.clone();
        }
        if let Some(l) = &fc.limits {
            for (k, v) in [
                ("description", l.description),
                ("abstract", l.abstract_),
                ("bio", l.bio),
                ("title", l.title),
            ] {
                if v == Some(0) {
                    let rule = if k == "description" {
                        "description-too-long"
                    } else {
                        "too-long"
                    };
                    return Err(spans.error_at_key(
                        &format!("limits.{k}"),
                        format!("expected a whole number (1 or more), found 0; to turn the check off, set `{rule} = \"off\"` in [rules]"),
                    ));
                }
            }
            // Each limit not set here keeps its inherited (or default) value.
            let d = s.lint.limits.clone();
            s.lint.limits = Limits {
                description: l.description.or(d.description),
                abstract_: l.abstract_.or(d.abstract_),
                bio: l.bio.or(d.bio),
                title: l.title.or(d.title),
            };
        }
        for (key, globs, out, dir) in [
            ("include", &fc.include, &mut s.include, &mut s.base_dir),
            ("exclude", &fc.exclude, &mut s.exclude, &mut s.exclude_dir),
        ] {
            if let Some(globs) = globs {
                dir.clone_from(&base_dir);
                for g in globs {
                    if let Err(e) = globset::Glob::new(g) {
                        return Err(
                            spans.error_at_key(key, format!("bad glob `{g}`: {}", e.kind()))
                        );
                    }
                }
                *out = globs.clone();
            }
        }
        if let Some(m) = fc.max_file_size {
            if m == 0 {
                return Err(spans.error_at_key(
                    "max-file-size",
                    "expected a whole number (1 or more), found 0; it is the largest note read, in bytes (default 10485760)".into(),
                ));
            }
            s.max_file_size = m;
        }
        if let Some(d) = fc.speaker_distance {
            s.lint.speaker_distance = d;
        }
        if let Some(r) = &fc.roster {
            let rpath = base_dir.join(r);
            let people = load_roster(&rpath).map_err(|mut e| {
                // A roster that cannot be opened is reported at the key naming it.
                if e.position.is_none() && e.path == rpath {
                    let at = spans.error_at_key("roster", String::new());
                    e.message = format!("roster `{}`: {}", rpath.display(), e.message);
                    e.path = at.path;
                    e.position = at.position;
                    e.key = at.key;
                }
                e
            })?;
            s.lint.roster = Some(people);
            s.roster_file = Some(rpath);
        }
        Ok(s)
    }

    /// Settings for a note in `dir`: the nearest `notelint.toml` from `dir`
    /// upward, or the defaults.
    pub fn discover(dir: &Path) -> Result<Settings, ConfigError> {
        match find_config(dir) {
            Some(p) => Settings::load(&p),
            None => Ok(Settings::defaults(dir)),
        }
    }
}

/// `path` with `a/..` steps taken out (lexically, so that messages and
/// `notelint config` name `extend`ed files plainly).
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            Component::CurDir if !out.as_os_str().is_empty() => {}
            c => out.push(c),
        }
    }
    out
}

/// The nearest `notelint.toml` from `dir` upward. Anything of that name
/// counts (a folder, a FIFO, a dangling link): reading it then fails with a
/// configuration error naming it, rather than the settings silently coming
/// from a file further up or from the defaults.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    abs.ancestors()
        .map(|d| d.join(CONFIG_NAME))
        .find(|p| p.symlink_metadata().is_ok())
}

/// Read a roster file.
pub fn load_roster(path: &Path) -> Result<Vec<Person>, ConfigError> {
    let text = super::read::read_config_text(path).map_err(|message| ConfigError {
        path: path.to_path_buf(),
        position: None,
        key: None,
        message,
    })?;
    let spans = KeySpans::read(path, &text)?;
    let rf: RosterFile = toml::from_str(&text).map_err(|e| spans.serde_error(&e))?;
    for (i, p) in rf.person.iter().enumerate() {
        if p.name.trim().is_empty() {
            return Err(
                spans.error_at_key(&format!("person[{i}].name"), "must not be empty".into())
            );
        }
    }
    Ok(rf
        .person
        .into_iter()
        .map(|p| Person {
            name: p.name,
            aliases: p.aliases,
            handle: p.handle,
            affiliation: p.affiliation,
        })
        .collect())
}

fn check_words(
    spans: &KeySpans,
    key: &str,
    words: &[String],
    label: bool,
) -> Result<(), ConfigError> {
    for w in words {
        if w.trim().is_empty() || w.trim() != w {
            return Err(
                spans.error_at_key(key, format!("`{w}` is empty or has surrounding spaces"))
            );
        }
        if label && (w.contains(':') || w.len() > 40) {
            return Err(spans.error_at_key(
                key,
                format!("`{w}` cannot be a label (no `:`, at most 40 bytes)"),
            ));
        }
        if !label && w.contains(',') {
            return Err(spans.error_at_key(
                key,
                format!("`{w}` contains a comma, which separates track from level"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
