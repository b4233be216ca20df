//! The human format: codespan-reporting excerpts. Line and column come from
//! our own [`LineIndex`], so `\r`-only line ends and multi-byte characters
//! are placed right.

use super::super::check::{fix_allowed, Report};
use super::super::ColorWhen;
use crate::lint::{FixSafety, Severity};
use crate::syntax::pos::LineIndex;
use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::ops::Range;
use termcolor::{ColorChoice, StandardStream, WriteColor};

/// The files of a report, for codespan.
struct Sources<'a> {
    files: Vec<(&'a str, &'a str, LineIndex)>,
}

impl<'a> Files<'a> for Sources<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files.get(id).map(|f| f.0).ok_or(FilesError::FileMissing)
    }
    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files.get(id).map(|f| f.1).ok_or(FilesError::FileMissing)
    }
    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(f.2.line_of(byte_index))
    }
    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let f = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let count = f.2.line_count();
        if line_index > count {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: count.saturating_sub(1),
            });
        }
        // The renderer trims the terminator (`\n`, `\r\n` or `\r`) itself.
        Ok(f.2.line_start(line_index)..f.2.line_start(line_index + 1))
    }
}

/// Whether to colour stdout for `when` (NO_COLOR and non-terminals turn
/// `auto` off; `always` wins over both, as the NO_COLOR convention asks).
pub fn color_choice(when: ColorWhen) -> ColorChoice {
    match when {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if no_color || !std::io::stdout().is_terminal() {
                ColorChoice::Never
            } else {
                ColorChoice::Auto
            }
        }
    }
}

pub fn render(report: &Report, color: ColorWhen, unsafe_fixes: bool) -> std::io::Result<()> {
    let stdout = StandardStream::stdout(color_choice(color));
    let mut lock = stdout.lock();
    render_to(report, &mut lock, unsafe_fixes)
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

pub fn render_to(report: &Report, w: &mut dyn WriteColor, unsafe_fixes: bool) -> std::io::Result<()> {
    let ids: HashMap<&str, usize> = report
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    // Line indexes only for files that are shown (a clean file costs nothing).
    let shown = |i: usize, f: &super::super::check::FileResult| {
        !f.diagnostics.is_empty()
            || report
                .files
                .iter()
                .flat_map(|g| g.diagnostics.iter().flat_map(|d| &d.related))
                .any(|r| r.file.as_deref().and_then(|n| ids.get(n)) == Some(&i))
    };
    let any = report.files.iter().any(|f| !f.diagnostics.is_empty());
    let sources = Sources {
        files: report
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let li = if any && shown(i, f) {
                    LineIndex::new(&f.text)
                } else {
                    LineIndex::new("")
                };
                (f.name.as_str(), f.text.as_str(), li)
            })
            .collect(),
    };
    let config = term::Config::default();
    let (mut by_sev, mut fixable, mut unsafe_only) = ([0usize; 4], 0, 0);
    let mut files_with = 0;
    for (id, f) in report.files.iter().enumerate() {
        if !f.diagnostics.is_empty() {
            files_with += 1;
        }
        for d in &f.diagnostics {
            by_sev[d.severity as usize] += 1;
            if fix_allowed(d, false) {
                fixable += 1;
            } else if fix_allowed(d, true) {
                unsafe_only += 1;
            }
            let sev = match d.severity {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
                Severity::Info => CsSeverity::Note,
                Severity::Hint => CsSeverity::Help,
            };
            let mut labels = vec![Label::primary(id, d.range.clone())];
            for r in &d.related {
                let rid = match &r.file {
                    None => Some(id),
                    Some(n) => ids.get(n.as_str()).copied(),
                };
                match rid {
                    Some(rid) => labels.push(Label::secondary(rid, r.range.clone()).with_message(&r.message)),
                    None => {}
                }
            }
            let mut notes = Vec::new();
            for r in &d.related {
                if let Some(n) = &r.file {
                    if !ids.contains_key(n.as_str()) {
                        notes.push(format!("{}: {}", n, r.message));
                    }
                }
            }
            if let Some(fx) = &d.fix {
                notes.push(match fx.safety {
                    FixSafety::Safe => format!("fix: {} (safe: --fix applies it)", fx.title),
                    FixSafety::Unsafe if unsafe_fixes => {
                        format!("fix: {} (unsafe: --fix applies it with --unsafe-fixes)", fx.title)
                    }
                    FixSafety::Unsafe => format!("fix: {} (unsafe: needs --fix --unsafe-fixes)", fx.title),
                });
            }
            let diag = Diagnostic::new(sev)
                .with_code(d.code)
                .with_message(format!("{} [{}]", d.message, d.name))
                .with_labels(labels)
                .with_notes(notes);
            term::emit(w, &config, &sources, &diag).map_err(|e| match e {
                FilesError::Io(io) => io,
                other => std::io::Error::other(other.to_string()),
            })?;
        }
    }
    let total: usize = by_sev.iter().sum();
    let checked = report.files.len();
    if report.fixed > 0 {
        writeln!(w, "Fixed {}.", plural(report.fixed, "problem"))?;
    }
    if total == 0 {
        writeln!(w, "No problems found in {}.", plural(checked, "file"))?;
    } else {
        let mut parts = Vec::new();
        for (i, name) in ["hint", "info", "warning", "error"].iter().enumerate().rev() {
            if by_sev[i] > 0 {
                parts.push(if *name == "info" { format!("{} info", by_sev[i]) } else { plural(by_sev[i], name) });
            }
        }
        write!(
            w,
            "Found {} ({}) in {} of {} checked.",
            plural(total, "problem"),
            parts.join(", "),
            files_with,
            plural(checked, "file")
        )?;
        if fixable > 0 {
            write!(w, " {fixable} fixable with --fix.")?;
        }
        if unsafe_only > 0 && !unsafe_fixes {
            write!(w, " {unsafe_only} more with --fix --unsafe-fixes.")?;
        }
        writeln!(w)?;
    }
    if !report.errors.is_empty() {
        writeln!(w, "{} could not be checked (see messages above).", plural(report.errors.len(), "path"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot() {
        let mut buf = termcolor::Buffer::no_color();
        render_to(&super::super::fixture::report(), &mut buf, false).unwrap();
        let s = String::from_utf8(buf.into_inner()).unwrap();
        insta::assert_snapshot!(s);
    }
}
