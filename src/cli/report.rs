//! What `check` reports and how its places are shown: the [`Report`] the
//! renderers read (its own module, so that `check`, `fix` and `render/`
//! all depend on it and not on each other), error places
//! (`path:line:col: what`), paths as shown, and the clamping that keeps
//! every range renderable.

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::lint::{Diagnostic, FixSafety, Severity};
use crate::workspace::config::ConfigError;
use crate::workspace::Settings;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A config error as an entry of a report's error list: the config file,
/// and what is wrong in user terms, where, and what it costs.
///
/// The message starts with `LINE:COL: ` when the place is known, so that
/// [`place`] prints `path:line:col: what` as every config error is printed.
pub fn config_error_entry(e: &ConfigError) -> (String, String) {
    let m = e.what();
    // Found configs have absolute paths: show them from the current folder.
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = e.path.strip_prefix(&cwd).unwrap_or(&e.path);
    (
        display_path(path),
        format!("{m}; the notes this config governs were not checked"),
    )
}

/// An error entry `(path, message)` as one line for people: `path: what`,
/// or `path:line:col: what` when the message starts with the place.
pub fn place(path: &str, message: &str) -> String {
    let (at, what) = split_place(path, message);
    format!("{at}: {what}")
}

/// (`path` or `path:line:col`, the rest of `message`).
pub fn split_place<'a>(path: &str, message: &'a str) -> (String, &'a str) {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = message.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(l), Some(c), Some(rest)) if digits(l) && digits(c) && rest.starts_with(' ') => {
            (format!("{path}:{l}:{c}"), &rest[1..])
        }
        _ => (path.to_string(), message),
    }
}

/// A config error as `notelint config`, `outline` and `fmt -` print it:
/// the layout of `check`'s (path from the current folder, then
/// `line:col: what`).
pub fn config_error_line(e: &ConfigError) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = e.path.strip_prefix(&cwd).unwrap_or(&e.path);
    place(&display_path(path), &e.what())
}

/// A path as shown to people and machines: as given, without a leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let mut t: &str = &s;
    while let Some(rest) = t.strip_prefix("./") {
        t = rest;
    }
    if t.is_empty() {
        ".".into()
    } else {
        t.to_string()
    }
}

/// A linted file.
pub struct FileResult {
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: Arc<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub settings: Arc<Settings>,
}

/// Everything a renderer needs.
#[derive(Default)]
pub struct Report {
    pub files: Vec<FileResult>,
    pub errors: Vec<(String, String)>,
    pub notices: Vec<(String, String)>,
    /// Fixes applied by --fix.
    pub fixed: usize,
    /// Entries of `errors` that are files checked (their findings are in
    /// `files`) whose fixes could not be written.
    pub unwritten: usize,
    /// Hints taken out by [`Report::hide_hints`], for the summary.
    pub hidden_hints: usize,
    /// The run's `--fail-on`, when known: the summary then says why the
    /// exit code is what it is.
    pub fail_on: Option<super::FailOn>,
}

impl Report {
    /// Take out the hints of the rules `shown` does not name, counting
    /// them. Hints are the layout findings by default: the formatter's
    /// work, not for reading one by one (docs/cli.md, "Hints").
    pub fn hide_hints(&mut self, shown: impl Fn(&str) -> bool) {
        let mut hidden = 0;
        for f in &mut self.files {
            let before = f.diagnostics.len();
            f.diagnostics
                .retain(|d| d.severity != Severity::Hint || shown(d.code));
            hidden += before - f.diagnostics.len();
        }
        self.hidden_hints += hidden;
    }

    pub fn count(&self) -> usize {
        self.files.iter().map(|f| f.diagnostics.len()).sum()
    }
    pub fn exit_code(&self, fail_on: Option<Severity>) -> i32 {
        if !self.errors.is_empty() {
            return EXIT_ERROR;
        }
        let failing = fail_on.is_some_and(|t| {
            self.files
                .iter()
                .flat_map(|f| &f.diagnostics)
                .any(|d| d.severity >= t)
        });
        if failing {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    }
}

/// Keep every range inside the text and on character boundaries, so that no
/// renderer can be made to panic by a rule's mistake.
pub fn clamp(diags: &mut [Diagnostic], text: &str) {
    let fix = |r: &mut std::ops::Range<usize>| {
        let snap = |mut o: usize| {
            o = o.min(text.len());
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            o
        };
        let s = snap(r.start);
        let e = snap(r.end).max(s);
        *r = s..e;
    };
    for d in diags {
        fix(&mut d.range);
        for r in &mut d.related {
            if r.file.is_none() {
                fix(&mut r.range);
            }
        }
        if let Some(f) = &mut d.fix {
            for e in &mut f.edits {
                fix(&mut e.range);
            }
        }
    }
}

/// Whether `--fix` (with or without `--unsafe-fixes`) would apply `d`'s fix.
pub fn fix_allowed(d: &Diagnostic, unsafe_fixes: bool) -> bool {
    d.fix
        .as_ref()
        .is_some_and(|f| f.safety == FixSafety::Safe || unsafe_fixes)
}
