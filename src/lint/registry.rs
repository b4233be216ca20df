//! The rule registry and the engine that runs rules by scope.

use super::config::RuleSetting;
use super::rules::not_talk_notes::Shape;
use super::{Diagnostic, LintConfig, RuleMeta, Severity};
use crate::index::Index;
use crate::syntax::{Segment, SourceText};
use std::ops::Range;

/// What a talk rule sees: one segment and its text. Ranges it reports are
/// relative to the segment's start.
pub struct TalkCtx<'a> {
    pub text: &'a str,
    pub seg: &'a Segment,
    pub config: &'a LintConfig,
    /// Whether this is the document's first segment (its preamble is allowed).
    pub first: bool,
}

/// What a document rule sees: every segment of one file with its text.
pub struct DocCtx<'a, 'b> {
    /// The file's name as the caller knows it (a path, or a URI in the
    /// server).
    pub file: &'b str,
    /// Its segments and their text (rope slices in the LSP, &str in the
    /// CLI).
    pub source: SourceText<'a>,
    /// The normalized title ([`crate::index::normalize_title`]) of segment
    /// `i` (`None` for segments that are not talks), gathered once by the
    /// engine so document rules need not slice texts.
    pub titles: &'b [Option<&'b str>],
    /// How the document reads as a whole (talks, lines outside talks).
    pub shape: &'b Shape,
    pub config: &'b LintConfig,
}

/// What workspace rules see.
pub struct WorkspaceCtx<'a> {
    pub index: &'a Index,
    pub config: &'a LintConfig,
    /// The file whose diagnostics are being computed.
    pub file: &'a str,
    /// That file's talks, read from the text being linted (the index's copy
    /// of the file may be older).
    pub talks: &'a [TalkRef<'a>],
    /// That file's speakers, likewise.
    pub speakers: &'a [SpeakerRef<'a>],
}

/// A talk of the file being linted (absolute range).
#[derive(Debug, Clone)]
pub struct TalkRef<'a> {
    pub title: &'a str,
    /// [`normalize_title`](crate::index::normalize_title) of the title.
    pub key: &'a str,
    pub title_range: Range<usize>,
}

/// A speaker name of the file being linted (absolute range).
#[derive(Debug, Clone)]
pub struct SpeakerRef<'a> {
    pub name: &'a str,
    /// [`speaker_key`](crate::index::speaker_key) of the name.
    pub key: &'a str,
    pub range: Range<usize>,
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check_talk(&self, _cx: &TalkCtx, _out: &mut Vec<Diagnostic>) {}
    fn check_document(&self, _cx: &DocCtx, _out: &mut Vec<Diagnostic>) {}
    fn check_workspace(&self, _cx: &WorkspaceCtx, _out: &mut Vec<Diagnostic>) {}
}

/// Every rule, in code order.
pub fn all() -> &'static [&'static dyn Rule] {
    super::rules::ALL
}

/// Find a rule by code (`NL001`) or name (`missing-author`), case-insensitively.
pub fn find(key: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| {
        r.meta().code.eq_ignore_ascii_case(key) || r.meta().name.eq_ignore_ascii_case(key)
    })
}

/// Rule names within a few edits of `key` (a misspelt rule), closest first.
pub fn similar_names(key: &str) -> Vec<&'static str> {
    let key = key.trim().to_lowercase();
    let mut near: Vec<(usize, &'static str)> = all()
        .iter()
        .map(|r| r.meta().name)
        .map(|n| (strsim::levenshtein(n, &key), n))
        .filter(|&(d, _)| d <= 3)
        .collect();
    near.sort();
    near.into_iter().map(|(_, n)| n).collect()
}

/// "unknown rule `key`" with a "did you mean" when a rule name is close,
/// else a pointer to `notelint rules`.
pub fn unknown_rule_message(key: &str) -> String {
    let near = similar_names(key);
    if near.is_empty() {
        format!("unknown rule `{key}` (`notelint rules` lists them)")
    } else {
        let q: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
        format!("unknown rule `{key}`; did you mean {}?", q.join(" or "))
    }
}

/// The effective severity of a rule under `config`, or `None` when it is off.
pub fn effective_severity(meta: &RuleMeta, config: &LintConfig) -> Option<Severity> {
    let setting = config
        .rules
        .get(meta.code)
        .or_else(|| config.rules.get(meta.name));
    match setting {
        Some(RuleSetting::Off) => None,
        Some(RuleSetting::Severity(s)) => Some(*s),
        None => Some(meta.default_severity),
    }
}
