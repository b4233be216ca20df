//! `--fix` and `--diff`: apply fixes (non-overlapping, repeated until
//! nothing more applies), write them (only over the text that was read:
//! `workspace::replace`), or show a unified diff.

use super::report::{clamp, fix_allowed, Report};
use crate::analysis::{Change, Host};
use crate::index::Index;
use crate::lint::{Diagnostic, LintConfig};
use crate::workspace::replace::{replace_file, ReplaceError};
use rayon::prelude::*;
use std::io::Write;

/// Apply every allowed fix in `diags` that does not overlap an earlier one.
/// Returns the new text and the number of fixes applied.
pub fn apply(text: &str, diags: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    crate::analysis::fix::apply_fixes(
        text,
        diags
            .iter()
            .filter(|d| fix_allowed(d, unsafe_fixes))
            .filter_map(|d| d.fix.as_deref()),
    )
}

/// Fix `text` until no allowed fix applies: `analysis::fix`, the
/// computation fix-all and `fmt` share (safe fixes only, unless
/// `unsafe_fixes`).
pub fn fix_text(
    name: &str,
    text: &str,
    config: &LintConfig,
    index: &Index,
    unsafe_fixes: bool,
) -> (String, usize) {
    let f = crate::analysis::fix::fix_all(name, text, config, index, unsafe_fixes);
    (f.text, f.count)
}

/// Apply fixes to every file of the report and write them; the report's
/// diagnostics become the ones that remain.
pub fn fix_files(report: &mut Report, host: &mut Host, unsafe_fixes: bool) {
    crate::workspace::replace::clean_folders(report.files.iter().filter_map(|f| f.path.as_deref()));
    // The fixes are computed against the index as it was read.
    let snap = host.snapshot();
    // Ok(Some((new text, fixes applied))) for a rewritten file.
    type Fixed = Result<Option<(String, usize)>, String>;
    let results: Vec<Fixed> = report
        .files
        .par_iter()
        .map(|f| {
            if !f.diagnostics.iter().any(|d| fix_allowed(d, unsafe_fixes)) {
                return Ok(None);
            }
            let Some(fixed) = snap.fixed(&f.name, unsafe_fixes) else {
                return Ok(None);
            };
            let (new, n) = (fixed.text, fixed.count);
            if n == 0 || new == *f.text {
                return Ok(None);
            }
            let Some(path) = &f.path else { return Ok(None) };
            replace_file(path, f.text.as_bytes(), new.as_bytes()).map_err(|e| match e {
                ReplaceError::Changed => {
                    "changed while fixing, skipped (its findings are from the text as read)".into()
                }
                ReplaceError::Deleted => "deleted while fixing, skipped (not created again)".into(),
                e => format!(
                    "checked, but its fixes could not be written ({e}); file left unchanged, its findings are listed"
                ),
            })?;
            Ok(Some((new, n)))
        })
        .collect();
    let mut changes = Vec::new();
    for (f, r) in report.files.iter_mut().zip(results) {
        match r {
            Ok(Some((text, n))) => {
                f.text = std::sync::Arc::new(text);
                report.fixed += n;
                changes.push(Change::Set {
                    name: f.name.clone(),
                    text: f.text.clone(),
                    settings: f.settings.clone(),
                });
            }
            Ok(None) => {}
            Err(m) => {
                report.errors.push((f.name.clone(), m));
                report.unwritten += 1;
            }
        }
    }
    report.errors.sort();
    if changes.is_empty() {
        return;
    }
    // What remains is linted against the index of the texts as written:
    // a finding in one file may point into another (duplicate-title's
    // "a talk with the same title"), and that file's positions moved if it
    // was fixed.
    // The findings as read are done with: freed before the new ones are
    // made, not held beside them.
    for f in &mut report.files {
        f.diagnostics = Vec::new();
    }
    host.keep_trees(false);
    host.apply(changes);
    let mut remaining: std::collections::HashMap<&str, Vec<Diagnostic>> = host
        .lint_all()
        .into_iter()
        .map(|l| (l.name, l.diagnostics))
        .collect();
    for f in &mut report.files {
        if let Some(mut d) = remaining.remove(f.name.as_str()) {
            clamp(&mut d, &f.text);
            f.diagnostics = d;
        }
    }
}

/// `a/notes/x.talk` for a relative path, the path itself for an absolute one.
fn diff_name(side: &str, name: &str) -> String {
    if name.starts_with('/') {
        name.to_string()
    } else {
        format!("{side}/{name}")
    }
}

/// A unified diff of `old` → `new`, with `name` in the headers.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&diff_name("a", name), &diff_name("b", name))
        .to_string()
}

/// Print the diff of what `--fix` would do for every file; returns how many
/// files would change.
pub fn print_diffs(
    report: &Report,
    host: &Host,
    stdin_fixed: Option<&str>,
    unsafe_fixes: bool,
) -> usize {
    let snap = host.snapshot();
    let diffs: Vec<Option<String>> = report
        .files
        .par_iter()
        .map(|f| {
            let new = match (stdin_fixed, &f.path) {
                (Some(s), None) => s.to_string(),
                _ => {
                    if !f.diagnostics.iter().any(|d| fix_allowed(d, unsafe_fixes)) {
                        return None;
                    }
                    snap.fixed(&f.name, unsafe_fixes)?.text
                }
            };
            (new != *f.text).then(|| unified_diff(&f.name, &f.text, &new))
        })
        .collect();
    let mut out = std::io::stdout().lock();
    let mut n = 0;
    for d in diffs.into_iter().flatten() {
        if let Err(e) = out.write_all(d.as_bytes()) {
            super::out::fail(e);
        }
        n += 1;
    }
    if let Err(e) = out.flush() {
        super::out::fail(e);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::TextEdit;
    use crate::lint::{Fix, FixSafety, Severity};

    fn diag(range: std::ops::Range<usize>, rep: &str, safety: FixSafety) -> Diagnostic {
        Diagnostic {
            code: "NL030",
            name: "trailing-whitespace",
            severity: Severity::Warning,
            message: "m".into(),
            range: range.clone(),
            related: vec![],
            fix: Some(Box::new(Fix {
                title: "t".into(),
                safety,
                edits: vec![TextEdit {
                    range,
                    replacement: rep.into(),
                }],
            })),
        }
    }

    #[test]
    fn applies_non_overlapping_safe_fixes_only() {
        let text = "abcdef";
        let ds = [
            diag(0..2, "X", FixSafety::Safe),
            diag(1..3, "Y", FixSafety::Safe), // overlaps the first: skipped
            diag(4..5, "", FixSafety::Safe),
            diag(5..6, "Z", FixSafety::Unsafe),
        ];
        assert_eq!(apply(text, &ds, false), ("Xcdf".to_string(), 2));
        assert_eq!(apply(text, &ds, true), ("XcdZ".to_string(), 3));
        // Out-of-range or mid-character edits are ignored, never a panic.
        assert_eq!(apply("é", &[diag(1..2, "x", FixSafety::Safe)], false).1, 0);
        assert_eq!(apply("ab", &[diag(1..9, "x", FixSafety::Safe)], false).1, 0);
    }
}
