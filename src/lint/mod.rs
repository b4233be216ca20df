//! Lints: one file per rule under `rules/`, a registry, suppression comments.
//! Depends on `syntax` and `index`; no IO.
//!
//! Three scopes, so the language server can re-run only what an edit touches:
//! - talk rules see one segment and report ranges *relative to the segment
//!   start* (the engine shifts them; cached results stay valid while the
//!   segment's `Arc` is unchanged);
//! - document rules see every segment of one file (absolute ranges);
//! - workspace rules see the speakers/titles index of all files.

pub mod config;
pub mod docs;
pub mod registry;
pub mod rules;
pub mod suppress;

pub use config::LintConfig;
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "hint" => Some(Severity::Hint),
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// Never changes meaning (whitespace, layout): applied by `--fix` and fixAll.
    Safe,
    /// Changes words (a level, a speaker's spelling): offered, never automatic.
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub safety: FixSafety,
    pub edits: Vec<TextEdit>,
}

/// Another place that matters to a diagnostic. `file: None` means the same file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub file: Option<String>,
    pub range: Range<usize>,
    /// Most are fixed texts: borrowed, not one allocation per finding.
    pub message: Cow<'static, str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// Shared: the engine copies findings from its per-talk cache into each
    /// result, and a big document has hundreds of thousands of them.
    pub message: Arc<str>,
    /// Byte range (absolute in the document once returned by the engine).
    pub range: Range<usize>,
    pub related: Vec<Related>,
    /// Boxed: most findings have none, and an inline `Fix` would make every
    /// finding larger.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A finding of rule `meta` at its default severity (the engine applies
    /// the configured one), without related places or a fix.
    pub fn new(
        meta: &'static RuleMeta,
        range: Range<usize>,
        message: impl Into<Arc<str>>,
    ) -> Diagnostic {
        Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: meta.default_severity,
            message: message.into(),
            range,
            related: Vec::new(),
            fix: None,
        }
    }
    pub fn with_related(
        mut self,
        range: Range<usize>,
        message: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        // Room for exactly one more: a pushed-to empty vector has room for
        // four, and a note can have a related place on every talk.
        self.related.reserve_exact(1);
        self.related.push(Related {
            file: None,
            range,
            message: message.into(),
        });
        self
    }
    pub fn with_fix(
        mut self,
        title: impl Into<String>,
        safety: FixSafety,
        edits: Vec<TextEdit>,
    ) -> Diagnostic {
        self.fix = Some(Box::new(Fix {
            title: title.into(),
            safety,
            edits,
        }));
        self
    }
    /// Shift every same-file range by `base` bytes.
    pub fn shifted(mut self, base: usize) -> Diagnostic {
        self.range = self.range.start + base..self.range.end + base;
        for r in &mut self.related {
            if r.file.is_none() {
                r.range = r.range.start + base..r.range.end + base;
            }
        }
        if let Some(f) = &mut self.fix {
            for e in &mut f.edits {
                e.range = e.range.start + base..e.range.end + base;
            }
        }
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Talk,
    Document,
    Workspace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    None,
    Safe,
    Unsafe,
}

/// A rule's identity and documentation (`notelint explain NAME`).
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    /// Stable code, e.g. `NL001`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `missing-author`.
    pub name: &'static str,
    pub default_severity: Severity,
    pub scope: Scope,
    pub fix: FixAvailability,
    /// One line.
    pub summary: &'static str,
    /// Markdown: why, a bad example, a good example, options, fix safety.
    pub explanation: &'static str,
}
