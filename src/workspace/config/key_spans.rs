//! Where each key sits in a TOML text, so that a problem is reported at
//! its file, line and column, with its dotted key, and in the words of the
//! file the user wrote (no Rust type names).

use super::{ConfigError, Origin};
use crate::syntax::pos::{Encoding, LineIndex};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Byte spans of every key in a TOML text, for positions in error messages
/// and for `notelint config`'s "file:line".
pub(super) struct KeySpans {
    path: PathBuf,
    text: String,
    index: LineIndex,
    /// (dotted key, key span, value span)
    pub(super) keys: Vec<KeySpan>,
}

/// (dotted key, (key span, value span)).
pub(super) type KeySpan = (String, (Range<usize>, Option<Range<usize>>));

impl KeySpans {
    pub(super) fn read(path: &Path, text: &str) -> Result<KeySpans, ConfigError> {
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
                return Err(ks.error(e.span(), None, syntax_message(e.message())));
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

    pub(super) fn origin(&self, key: &str) -> Origin {
        match self.keys.iter().find(|(k, _)| k == key) {
            Some((_, (span, _))) => Origin::File {
                path: self.path.clone(),
                line: self.position(span.start).0,
            },
            None => Origin::Default,
        }
    }

    pub(super) fn error_at_key(&self, key: &str, message: String) -> ConfigError {
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
    pub(super) fn serde_error(&self, e: &toml::de::Error) -> ConfigError {
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
        let mut message = user_terms(&first_line(e.message()));
        // A key whose value must be positive says so for -5 as it does for 0.
        if key.as_deref().is_some_and(super::at_least_one) {
            message = message.replace("(0 or more)", "(1 or more)");
        }
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
    if let Some(u) = unknown_key(&m) {
        return u;
    }
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

/// A TOML syntax error: what is wrong and what was expected, on one line
/// (`invalid array: expected `]``; toml_edit puts them on two).
fn syntax_message(m: &str) -> String {
    let lines: Vec<&str> = m
        .trim()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = lines.join(": ");
    if out.starts_with("invalid array") {
        out.push_str(" (a list is closed by `]` before the next key)");
    }
    out
}

/// "unknown key `x`, expected one of `a`, `b`": with a "did you mean"
/// when one key is close to `x`.
fn unknown_key(m: &str) -> Option<String> {
    let rest = m.strip_prefix("unknown key `")?;
    let (key, allowed) = rest.split_once("`, expected one of ")?;
    let allowed: Vec<&str> = allowed.split(", ").map(|k| k.trim_matches('`')).collect();
    // A typo (two edits, more in long keys) or a longer word for a key
    // (`biography` for `bio`).
    let near = allowed
        .iter()
        .map(|k| (strsim::levenshtein(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) || (k.len() >= 3 && key.starts_with(k)))
        .min();
    Some(match near {
        Some((_, k)) => format!("unknown key `{key}`; did you mean `{k}`?"),
        None => format!(
            "unknown key `{key}`; the keys here are {}",
            allowed
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
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
