//! `notelint.toml`: found from a file's folder upward (or given with
//! `--config`), validated strictly, turned into a [`LintConfig`] plus the
//! workspace settings (globs, size cap), remembering where every value came
//! from so `notelint config` can say so.
//!
//! Errors are never silent defaults: an unknown key, a bad value, an unknown
//! rule or an unreadable roster is a [`ConfigError`] naming the file, the
//! line and column, and the key.

use crate::lint::config::{Limits, Person, RuleSetting};
use crate::lint::{registry, LintConfig, Severity};
use crate::syntax::pos::{Encoding, LineIndex};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The file name searched for from a note's folder upward.
pub const CONFIG_NAME: &str = "notelint.toml";
/// Default cap on the size of a file notelint reads (10 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// A rule's setting in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Hint,
    Info,
    Warning,
    Error,
}

impl RuleLevel {
    fn setting(self) -> RuleSetting {
        match self {
            RuleLevel::Off => RuleSetting::Off,
            RuleLevel::Hint => RuleSetting::Severity(Severity::Hint),
            RuleLevel::Info => RuleSetting::Severity(Severity::Info),
            RuleLevel::Warning => RuleSetting::Severity(Severity::Warning),
            RuleLevel::Error => RuleSetting::Severity(Severity::Error),
        }
    }
}

/// A section `required-sections` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum RequiredSection {
    Author,
    Description,
    Abstract,
    Bio,
}

impl RequiredSection {
    fn name(self) -> &'static str {
        match self {
            RequiredSection::Author => "Author",
            RequiredSection::Description => "Description",
            RequiredSection::Abstract => "Abstract",
            RequiredSection::Bio => "Bio",
        }
    }
}

/// Length limits, in characters. `description` defaults to 400; the others
/// are off unless set.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Maximum characters in a Description (default 400).
    #[schemars(range(min = 1))]
    pub description: Option<usize>,
    /// Maximum characters in an Abstract (off unless set).
    #[serde(rename = "abstract")]
    #[schemars(range(min = 1))]
    pub abstract_: Option<usize>,
    /// Maximum characters in a Bio (off unless set).
    #[schemars(range(min = 1))]
    pub bio: Option<usize>,
    /// Maximum characters in a title (off unless set).
    #[schemars(range(min = 1))]
    pub title: Option<usize>,
}

/// The contents of `notelint.toml`. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "notelint.toml")]
pub struct FileConfig {
    /// Rule severities, keyed by rule code (`NL001`) or name (`missing-author`):
    /// "off", "hint", "info", "warning" or "error".
    #[serde(default)]
    #[schemars(schema_with = "rules_schema")]
    pub rules: BTreeMap<String, RuleLevel>,
    /// Sections every talk must have, whether or not it has the others.
    pub required_sections: Option<Vec<RequiredSection>>,
    /// Audience levels accepted in meta lines. Replaces the built-in list
    /// (Beginner, Intermediate, Advanced, Experienced, All).
    pub levels: Option<Vec<String>>,
    /// When set, a meta line's track must be one of these (case-insensitive).
    pub tracks: Option<Vec<String>>,
    /// Extra field labels (`Slides`, `Video`, `Room`, ...), besides the built-in ones.
    pub labels: Option<Vec<String>>,
    /// Length limits in characters.
    pub limits: Option<LimitsConfig>,
    /// Path (relative to this file) of a TOML roster of speakers:
    /// `[[person]]` tables with `name`, `aliases`, `handle`, `affiliation`.
    pub roster: Option<String>,
    /// Extra globs of note files, besides `*.talk` (e.g. `notes/*.txt`),
    /// relative to this file's folder.
    pub include: Option<Vec<String>>,
    /// Globs of files and folders never searched, relative to this file's folder.
    pub exclude: Option<Vec<String>>,
    /// Files larger than this many bytes are not read (default 10485760 = 10 MiB).
    #[schemars(range(min = 1))]
    pub max_file_size: Option<u64>,
    /// similar-speaker: the largest edit distance between two spellings of
    /// one name (default 2).
    pub speaker_distance: Option<usize>,
}

/// A roster file: `[[person]]` tables.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterFile {
    #[serde(default)]
    pub person: Vec<RosterPerson>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterPerson {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub handle: Option<String>,
    pub affiliation: Option<String>,
}

/// `[rules]`: one property per rule code and per rule name, so editors can
/// complete them; anything else is rejected, as `notelint` itself does.
fn rules_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
    use schemars::schema::{InstanceType, Metadata, ObjectValidation, Schema, SchemaObject};
    let level = gen.subschema_for::<RuleLevel>();
    let mut props = schemars::Map::new();
    for r in registry::all() {
        let m = r.meta();
        for key in [m.code, m.name] {
            let s = SchemaObject {
                metadata: Some(Box::new(Metadata {
                    description: Some(format!("{} {}: {}", m.code, m.name, m.summary)),
                    ..Default::default()
                })),
                subschemas: Some(Box::new(schemars::schema::SubschemaValidation {
                    all_of: Some(vec![level.clone()]),
                    ..Default::default()
                })),
                ..Default::default()
            };
            props.insert(key.to_string(), Schema::Object(s));
        }
    }
    Schema::Object(SchemaObject {
        instance_type: Some(InstanceType::Object.into()),
        metadata: Some(Box::new(Metadata {
            description: Some(
                "Rule severities, keyed by rule code (`NL001`) or name (`missing-author`).".into(),
            ),
            ..Default::default()
        })),
        object: Some(Box::new(ObjectValidation {
            properties: props,
            additional_properties: Some(Box::new(Schema::Bool(false))),
            ..Default::default()
        })),
        ..Default::default()
    })
}

/// The JSON Schema of `notelint.toml` (committed as `notelint.schema.json`).
pub fn json_schema() -> String {
    // TOML has no null: optional keys are simply absent.
    let gen = schemars::gen::SchemaSettings::draft07()
        .with(|s| s.option_add_null_type = false)
        .into_generator();
    let schema = gen.into_root_schema_for::<FileConfig>();
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

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

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((l, c)) = self.position {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, ": ")?;
        if let Some(k) = &self.key {
            write!(f, "`{k}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The effective settings for a set of files.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lint: LintConfig,
    /// Extra include globs (beside `*.talk`), relative to `base_dir`.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub max_file_size: u64,
    /// The config file read, if any.
    pub config_file: Option<PathBuf>,
    /// Folder globs and the roster path are relative to.
    pub base_dir: PathBuf,
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
            origins: BTreeMap::new(),
            roster_file: None,
        }
    }

    pub fn origin(&self, key: &str) -> Origin {
        self.origins.get(key).cloned().unwrap_or(Origin::Default)
    }

    /// Read and validate a config file.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            position: None,
            key: None,
            message: io_message(&e),
        })?;
        Settings::from_text(path, &text)
    }

    /// Validate config `text` as if read from `path`.
    pub fn from_text(path: &Path, text: &str) -> Result<Settings, ConfigError> {
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
        let mut s = Settings::defaults(&base_dir);
        s.config_file = Some(path.to_path_buf());
        for (key, _) in &spans.keys {
            s.origins.insert(key.clone(), spans.origin(key));
        }

        for (key, level) in &fc.rules {
            let Some(rule) = registry::find(key) else {
                return Err(spans
                    .error_at_key(&format!("rules.{key}"), registry::unknown_rule_message(key)));
            };
            // Keyed by code so that `NL001` and `missing-author` cannot both
            // apply; a later duplicate is an error rather than a silent win.
            let code = rule.meta().code;
            if s.lint
                .rules
                .insert(code.to_string(), level.setting())
                .is_some()
            {
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
                    return Err(spans.error_at_key(
                        &format!("limits.{k}"),
                        "must be at least 1 (turn the rule off in [rules] instead)".into(),
                    ));
                }
            }
            let d = Limits::default();
            s.lint.limits = Limits {
                description: l.description.or(d.description),
                abstract_: l.abstract_.or(d.abstract_),
                bio: l.bio.or(d.bio),
                title: l.title.or(d.title),
            };
        }
        for (key, globs, out) in [
            ("include", &fc.include, &mut s.include),
            ("exclude", &fc.exclude, &mut s.exclude),
        ] {
            if let Some(globs) = globs {
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
                return Err(spans.error_at_key("max-file-size", "must be at least 1 byte".into()));
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

/// The nearest `notelint.toml` from `dir` upward.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    abs.ancestors()
        .map(|d| d.join(CONFIG_NAME))
        .find(|p| p.is_file())
}

/// Read a roster file.
pub fn load_roster(path: &Path) -> Result<Vec<Person>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        position: None,
        key: None,
        message: io_message(&e),
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

pub(crate) fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    // Our own errors say exactly what went wrong.
    if e.get_ref().is_some() {
        return e.to_string();
    }
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        InvalidData => "not valid UTF-8".into(),
        _ => {
            // Drop the "(os error N)" suffix: the words are the useful part.
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Byte spans of every key in a TOML text, for positions in error messages
/// and for `notelint config`'s "file:line".
struct KeySpans {
    path: PathBuf,
    text: String,
    index: LineIndex,
    /// (dotted key, key span, value span)
    keys: Vec<KeySpan>,
}

/// (dotted key, (key span, value span)).
type KeySpan = (String, (Range<usize>, Option<Range<usize>>));

impl KeySpans {
    fn read(path: &Path, text: &str) -> Result<KeySpans, ConfigError> {
        let index = LineIndex::new(text);
        let doc = match toml_edit::ImDocument::parse(text) {
            Ok(d) => d,
            Err(e) => {
                let mut ks = KeySpans {
                    path: path.to_path_buf(),
                    text: text.to_string(),
                    index,
                    keys: Vec::new(),
                };
                return Err(ks.error(e.span(), None, first_line(e.message())));
            }
        };
        let mut keys = Vec::new();
        walk_table(doc.as_table(), "", &mut keys);
        Ok(KeySpans {
            path: path.to_path_buf(),
            text: text.to_string(),
            index,
            keys,
        })
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let lc = self.index.to_line_col(&self.text, offset, Encoding::Utf32);
        (lc.line as usize + 1, lc.col as usize + 1)
    }

    fn error(
        &mut self,
        span: Option<Range<usize>>,
        key: Option<String>,
        message: String,
    ) -> ConfigError {
        ConfigError {
            path: self.path.clone(),
            position: span.map(|s| self.position(s.start)),
            key,
            message,
        }
    }

    fn origin(&self, key: &str) -> Origin {
        match self.keys.iter().find(|(k, _)| k == key) {
            Some((_, (span, _))) => Origin::File {
                path: self.path.clone(),
                line: self.position(span.start).0,
            },
            None => Origin::Default,
        }
    }

    fn error_at_key(&self, key: &str, message: String) -> ConfigError {
        let span = self
            .keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, (ks, vs))| vs.clone().unwrap_or(ks.clone()));
        ConfigError {
            path: self.path.clone(),
            position: span.map(|s| self.position(s.start)),
            key: Some(key.to_string()),
            message,
        }
    }

    /// A serde error: find the key whose key or value span holds the error.
    fn serde_error(&self, e: &toml::de::Error) -> ConfigError {
        let span = e.span();
        let key = span.as_ref().and_then(|sp| {
            self.keys
                .iter()
                .filter(|(_, (ks, vs))| {
                    ks.start == sp.start
                        || vs
                            .as_ref()
                            .is_some_and(|v| v.start <= sp.start && sp.end <= v.end)
                })
                .min_by_key(|(_, (ks, vs))| {
                    if ks.start == sp.start {
                        0
                    } else {
                        vs.as_ref().map(|v| v.len()).unwrap_or(usize::MAX)
                    }
                })
                .map(|(k, _)| k.clone())
        });
        let message = user_terms(&first_line(e.message()));
        ConfigError {
            path: self.path.clone(),
            position: span.map(|s| self.position(s.start)),
            key,
            message,
        }
    }
}

/// What serde's words for Rust types mean in a TOML file.
fn expected_in_toml(t: &str) -> String {
    match t.trim() {
        "usize" | "u64" | "u32" | "u16" | "u8" => "a whole number (0 or more)".into(),
        "a sequence" => "a list (`[...]`)".into(),
        "a string" => "a string in quotes".into(),
        "a boolean" => "`true` or `false`".into(),
        t if t.starts_with("struct ") || t == "a map" => "a table".into(),
        t => t.to_string(),
    }
}

/// What was found, in TOML's words (`string "x"` → `"x"`, `integer `3`` → `3`).
fn found_in_toml(f: &str) -> String {
    let f = f.trim();
    for p in ["string ", "integer ", "floating point ", "boolean "] {
        if let Some(v) = f.strip_prefix(p) {
            return v.trim_matches('`').to_string();
        }
    }
    match f {
        "map" => "a table".into(),
        "sequence" => "a list".into(),
        f => f.to_string(),
    }
}

/// A serde/toml error message in the terms of the file the user wrote: no
/// Rust type names (`u64`, `struct LimitsConfig`), "key" for "field".
fn user_terms(m: &str) -> String {
    let m = m.replace("unknown field", "unknown key");
    let split = |rest: &str| {
        rest.split_once(", expected ")
            .map(|(f, e)| (found_in_toml(f), expected_in_toml(e)))
    };
    if let Some((found, expected)) = m.strip_prefix("invalid type: ").and_then(split) {
        return format!("expected {expected}, found {found}");
    }
    if let Some((found, expected)) = m.strip_prefix("invalid value: ").and_then(split) {
        return format!("expected {expected}, found {found}");
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        if let Some((v, allowed)) = rest.split_once(", expected ") {
            let allowed = allowed.trim_start_matches("one of ");
            return format!("{v} is not allowed here; use {allowed}");
        }
    }
    if m.starts_with("number too large") {
        return "number too large".into();
    }
    m
}

fn first_line(s: &str) -> String {
    s.trim().lines().next().unwrap_or("").to_string()
}

fn walk_table(t: &toml_edit::Table, prefix: &str, out: &mut Vec<KeySpan>) {
    for (k, _) in t.iter() {
        let Some((key, item)) = t.get_key_value(k) else {
            continue;
        };
        let path = if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        };
        let ks = key.span().unwrap_or(0..0);
        walk_item(item, &path, ks, out);
    }
}

fn walk_item(item: &toml_edit::Item, path: &str, key_span: Range<usize>, out: &mut Vec<KeySpan>) {
    match item {
        toml_edit::Item::Table(t) => {
            out.push((path.to_string(), (key_span, t.span())));
            walk_table(t, path, out);
        }
        toml_edit::Item::ArrayOfTables(a) => {
            out.push((path.to_string(), (key_span.clone(), a.span())));
            for (i, t) in a.iter().enumerate() {
                let p = format!("{path}[{i}]");
                out.push((p.clone(), (t.span().unwrap_or(key_span.clone()), t.span())));
                walk_table(t, &p, out);
            }
        }
        toml_edit::Item::Value(v) => {
            out.push((path.to_string(), (key_span, v.span())));
            if let toml_edit::Value::InlineTable(t) = v {
                for (k, v2) in t.iter() {
                    let ks = t.key(k).and_then(|k| k.span()).unwrap_or(0..0);
                    out.push((format!("{path}.{k}"), (ks, v2.span())));
                }
            }
        }
        toml_edit::Item::None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ConfigError {
        Settings::from_text(Path::new("dir/notelint.toml"), text).unwrap_err()
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let e = err("tracks = [\"Web\"]\n\nfrobnicate = 1\n");
        assert_eq!(e.position, Some((3, 1)));
        assert_eq!(e.key.as_deref(), Some("frobnicate"));
        assert!(e.message.contains("unknown key `frobnicate`"), "{e}");
        assert!(e.to_string().starts_with("dir/notelint.toml:3:1: "), "{e}");
    }

    #[test]
    fn unknown_nested_key_and_bad_type() {
        let e = err("[limits]\nbio = 10\nbiography = 3\n");
        assert_eq!(e.position, Some((3, 1)));
        assert!(e.message.contains("biography"), "{e}");
        let e = err("[limits]\nbio = \"long\"\n");
        assert_eq!(e.position.map(|p| p.0), Some(2));
        assert_eq!(e.key.as_deref(), Some("limits.bio"), "{e}");
        let e = err("max-file-size = -3\n");
        assert_eq!(e.key.as_deref(), Some("max-file-size"), "{e}");
    }

    #[test]
    fn messages_in_toml_terms() {
        for (text, want) in [
            (
                "max-file-size = -3\n",
                "expected a whole number (0 or more), found -3",
            ),
            (
                "[limits]\nbio = \"long\"\n",
                "expected a whole number (0 or more), found \"long\"",
            ),
            (
                "tracks = \"Web\"\n",
                "expected a list (`[...]`), found \"Web\"",
            ),
            ("limits = 3\n", "expected a table, found 3"),
            ("levels = [3]\n", "expected a string in quotes, found 3"),
            (
                "[rules]\nNL001 = \"loud\"\n",
                "`loud` is not allowed here; use `off`, `hint`",
            ),
        ] {
            let e = err(text);
            assert!(e.message.contains(want), "{text}: {e}");
            for rust in ["u64", "usize", "struct", "sequence", "variant"] {
                assert!(!e.message.contains(rust), "{text}: {e}");
            }
        }
    }

    #[test]
    fn syntax_error_has_position() {
        let e = err("tracks = [\"Web\"\n");
        assert!(e.position.is_some(), "{e}");
    }

    #[test]
    fn values_and_origins() {
        let s = Settings::from_text(
            Path::new("n/notelint.toml"),
            "tracks = [\"Web\", \"Core\"]\nlabels = [\"Slides\"]\n[limits]\nbio = 500\n",
        )
        .unwrap();
        assert_eq!(s.lint.tracks, Some(vec!["Web".into(), "Core".into()]));
        assert_eq!(s.lint.parse.extra_labels, vec!["Slides".to_string()]);
        assert_eq!(s.lint.limits.bio, Some(500));
        assert_eq!(s.lint.limits.description, Some(400));
        assert_eq!(
            s.origin("limits.bio"),
            Origin::File {
                path: "n/notelint.toml".into(),
                line: 4
            }
        );
        assert_eq!(s.origin("levels"), Origin::Default);
        assert_eq!(s.base_dir, Path::new("n"));
    }

    #[test]
    fn rules_by_code_or_name() {
        let s = Settings::from_text(
            Path::new("notelint.toml"),
            "[rules]\nmissing-author = \"error\"\nNL030 = \"off\"\n",
        )
        .unwrap();
        assert_eq!(
            s.lint.rules.get("NL001"),
            Some(&RuleSetting::Severity(Severity::Error))
        );
        assert_eq!(s.lint.rules.get("NL030"), Some(&RuleSetting::Off));
        assert_eq!(
            s.origin("rules.NL001"),
            Origin::File {
                path: "notelint.toml".into(),
                line: 2
            }
        );
        let e = err("[rules]\nNL001 = \"off\"\nmissing-author = \"error\"\n");
        assert!(e.message.contains("set twice"), "{e}");
        let e = err("[rules]\nNL001 = \"loud\"\n");
        assert_eq!(e.key.as_deref(), Some("rules.NL001"), "{e}");
        assert_eq!(e.position, Some((2, 9)), "{e}");
    }

    #[test]
    fn bad_values_are_errors() {
        assert_eq!(err("labels = [\"Bio\"]\n").key.as_deref(), Some("labels"));
        let letter = |i: u8| char::from(b'a' + i % 26);
        let many: Vec<String> = (0..257u16)
            .map(|i| format!("\"X{}{}\"", letter((i / 26) as u8), letter((i % 26) as u8)))
            .collect();
        let e = err(&format!("labels = [{}]\n", many.join(", ")));
        assert!(e.message.contains("at most 256"), "{e}");
        assert_eq!(err("levels = []\n").key.as_deref(), Some("levels"));
        assert_eq!(
            err("[limits]\ntitle = 0\n").key.as_deref(),
            Some("limits.title")
        );
        assert_eq!(err("exclude = [\"a[\"]\n").key.as_deref(), Some("exclude"));
        let e = err("required-sections = [\"Bio\", \"Slides\"]\n");
        assert_eq!(e.position.map(|p| p.0), Some(1), "{e}");
        let e = err("roster = \"people.toml\"\n");
        assert!(e.message.contains("people.toml"), "{e}");
        assert_eq!(e.key.as_deref(), Some("roster"));
    }
}
