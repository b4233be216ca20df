//! The human format: codespan-reporting excerpts. Line and column come from
//! the syntax layer's line starts (`LineIndex`), so `\r`-only line ends and multi-byte
//! characters are placed right.

use super::super::report::{fix_allowed, Report};
use super::lines::Texts;
use super::{excerpt, stream};
use crate::lint::{FixSafety, Severity};
use codespan_reporting::diagnostic::{Diagnostic, Label, LabelStyle, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor};
use std::io::Write;
use std::ops::Range;

/// The files of a report, for codespan.
struct Sources<'a> {
    texts: Texts<'a>,
}

impl<'a> Files<'a> for Sources<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.texts.name(id).ok_or(FilesError::FileMissing)
    }
    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.texts.text(id).ok_or(FilesError::FileMissing)
    }
    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.texts.starts(id).ok_or(FilesError::FileMissing)?;
        Ok(f.line_of(byte_index))
    }
    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let f = self.texts.starts(id).ok_or(FilesError::FileMissing)?;
        let count = f.line_count();
        if line_index > count {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: count.saturating_sub(1),
            });
        }
        // The renderer trims the terminator (`\n`, `\r\n` or `\r`) itself.
        Ok(f.line_start(line_index)..f.line_start(line_index + 1))
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

pub fn render_bytes(report: &Report, ansi: bool, unsafe_fixes: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = write_to(report, ansi, unsafe_fixes, &mut out);
    out
}

/// Render the report: findings in parallel (a big file in pieces), written
/// in order.
pub fn write_to(
    report: &Report,
    ansi: bool,
    unsafe_fixes: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let new_buf = || {
        if ansi {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        }
    };
    let sources = Sources {
        texts: Texts::new(report),
    };
    let config = term::Config::default();
    let paint = excerpt::Palette::new(&config, ansi);
    let units = stream::units(report, false);
    let render = |u: &stream::Unit, out: &mut Vec<u8>| {
        let Some(f) = report.files.get(u.file) else {
            return;
        };
        // A finding takes about 350 bytes: grow the buffer once, not ten
        // times.
        out.reserve(u.diags.len() * 400);
        let (mut labels, mut notes) = (Vec::new(), Vec::new());
        for d in f.diagnostics.get(u.diags.clone()).unwrap_or_default() {
            labels_and_notes(
                u.file,
                d,
                &sources.texts,
                unsafe_fixes,
                &mut labels,
                &mut notes,
            );
            let start = out.len();
            if !fast(out, &paint, config.tab_width, &sources, d, &labels, &notes) {
                let mut w = new_buf();
                if let Err(e) = emit(&mut w, &config, &sources, d, &labels, &notes) {
                    let _ = writeln!(w, "notelint: {}: cannot show {}: {e}", f.name, d.code);
                }
                out.extend_from_slice(w.as_slice());
            }
            name_severity(&mut out[start..], d.severity);
        }
    };
    stream::write_in_order(&units, render, out)?;
    let mut w = new_buf();
    summary(report, &mut w, unsafe_fixes)?;
    out.write_all(&w.into_inner())
}

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
        Severity::Hint => CsSeverity::Help,
    }
}

/// Say our severity's name in a finding's header: codespan-reporting's
/// `note` and `help` become `info` and `hint` (the words of every other
/// format, the config and `--fail-on`). Same length, so in place.
fn name_severity(finding: &mut [u8], s: Severity) {
    let (from, to): (&[u8], &[u8]) = match s {
        Severity::Info => (b"note[", b"info["),
        Severity::Hint => (b"help[", b"hint["),
        Severity::Error | Severity::Warning => return,
    };
    // The header comes first (after a colour code, if any).
    let head = &finding[..finding.len().min(32)];
    if let Some(i) = head.windows(from.len()).position(|w| w == from) {
        finding[i..i + to.len()].copy_from_slice(to);
    }
}

type Labels<'a> = Vec<excerpt::Label<'a>>;

/// Write finding `d` directly if it has the common shape (see
/// [`excerpt`]); false if it has not, and nothing was written.
fn fast(
    out: &mut Vec<u8>,
    paint: &excerpt::Palette,
    tab_width: usize,
    sources: &Sources,
    d: &crate::lint::Diagnostic,
    labels: &Labels,
    notes: &[String],
) -> bool {
    let files = |id: usize| {
        Some(excerpt::File {
            name: sources.texts.name(id)?,
            text: sources.texts.text(id)?,
            lines: sources.texts.starts(id)?,
        })
    };
    let message = [&*d.message, " [", d.name, "]"];
    let sev = severity(d.severity);
    excerpt::emit(
        out, paint, tab_width, sev, d.code, &message, labels, &files, notes,
    )
}

/// Write finding `d` through codespan-reporting.
fn emit(
    w: &mut termcolor::Buffer,
    config: &term::Config,
    sources: &Sources,
    d: &crate::lint::Diagnostic,
    labels: &Labels,
    notes: &[String],
) -> Result<(), FilesError> {
    let diag = Diagnostic::new(severity(d.severity))
        .with_code(d.code)
        .with_message(format!("{} [{}]", d.message, d.name))
        .with_labels(
            labels
                .iter()
                .map(|l| Label::new(l.style, l.file, l.range.clone()).with_message(l.message))
                .collect(),
        )
        .with_notes(notes.to_vec());
    term::emit(w, config, sources, &diag)
}

/// A finding's labels (the first is the finding's own place) and notes,
/// into `labels` and `notes` (emptied first: they are reused from finding
/// to finding).
fn labels_and_notes<'a>(
    id: usize,
    d: &'a crate::lint::Diagnostic,
    texts: &Texts,
    unsafe_fixes: bool,
    labels: &mut Labels<'a>,
    notes: &mut Vec<String>,
) {
    labels.clear();
    notes.clear();
    labels.push(excerpt::Label {
        file: id,
        range: d.range.clone(),
        style: LabelStyle::Primary,
        message: "",
    });
    for r in &d.related {
        let rid = match &r.file {
            None => Some(id),
            Some(n) => texts.find(n),
        };
        match rid {
            Some(rid) => labels.push(excerpt::Label {
                file: rid,
                range: r.range.clone(),
                style: LabelStyle::Secondary,
                message: &r.message,
            }),
            // A file not in this run (the LSP's index can know more files).
            None => notes.push([r.file.as_deref().unwrap_or(""), ": ", &r.message].concat()),
        }
    }
    if let Some(fx) = &d.fix {
        let how = match fx.safety {
            FixSafety::Safe => " (safe: --fix applies it)",
            FixSafety::Unsafe if unsafe_fixes => " (unsafe: --fix applies it with --unsafe-fixes)",
            FixSafety::Unsafe => " (unsafe: needs --fix --unsafe-fixes)",
        };
        notes.push(["fix: ", &fx.title, how].concat());
    }
}

pub(super) fn summary(
    report: &Report,
    w: &mut dyn Write,
    unsafe_fixes: bool,
) -> std::io::Result<()> {
    let (mut by_sev, mut fixable, mut unsafe_only) = ([0usize; 4], 0, 0);
    let mut files_with = 0;
    // Every finding in the report is shown, so every one is counted:
    // hints left out were taken out before (`Report::hide_hints`) and are
    // counted apart.
    for f in &report.files {
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
        for (i, name) in ["hint", "info", "warning", "error"]
            .iter()
            .enumerate()
            .rev()
        {
            if by_sev[i] > 0 {
                parts.push(if *name == "info" {
                    format!("{} info", by_sev[i])
                } else {
                    plural(by_sev[i], name)
                });
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
        // Problems found but the run passes: say why, so that the summary
        // and the exit code tell the same story.
        if let Some(fail_on) = report.fail_on {
            if report.errors.is_empty() {
                match fail_on.threshold() {
                    None => writeln!(w, "None fails the run (--fail-on never).")?,
                    Some(t) if by_sev[t as usize..].iter().all(|&n| n == 0) => {
                        writeln!(w, "None fails the run (--fail-on {}).", t.as_str())?
                    }
                    Some(_) => {}
                }
            }
        }
    }
    if report.hidden_hints > 0 {
        writeln!(
            w,
            "{} not shown (layout: `notelint fmt` or --fix fixes them; `--select RULE` or `--format json` lists them).",
            plural(report.hidden_hints, "hint")
        )?;
    }
    let unchecked = report.errors.len().saturating_sub(report.unwritten);
    if unchecked > 0 {
        writeln!(
            w,
            "{} could not be checked (see messages above).",
            plural(unchecked, "path")
        )?;
    }
    if report.unwritten > 0 {
        writeln!(
            w,
            "{} checked, but fixes could not be written (see messages above).",
            plural(report.unwritten, "file")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct writer and codespan-reporting give the same bytes, with
    /// and without colour, for every range on lines with tabs, CR, CRLF,
    /// wide, combining, zero-width and control characters, line numbers of
    /// one and two digits, labels in other files and in
    /// the same file, messages and notes of several lines; and the direct
    /// writer takes the shapes it is meant to.
    #[test]
    fn direct_excerpts_match_codespan() {
        let many = "x\t1\n".repeat(11) + "end  \r\n";
        let texts = [
            "",
            "ab",
            "a\tb\t\tc  \n\tx\r\n\r\n",
            "one\ntwo\r\nthree\rfour",
            "Café\nplain\n",
            many.as_str(),
            "日本\tx\u{1}y\ne\u{301}\u{200b}😀\t!\r\n\t\u{7f}",
        ];
        let names = [
            "a.talk",
            "d/b c.talk",
            "c.talk",
            "d.talk",
            "e.talk",
            "f.talk",
            "g.talk",
        ];
        let sources = Sources {
            texts: Texts::from_files(names.iter().copied().zip(texts)),
        };
        let config = term::Config::default();
        let related: [&[(usize, Range<usize>, &str)]; 4] = [
            &[],
            &[(1, 2..5, "the other one")],
            &[(1, 0..1, ""), (5, 12..13, "m"), (0, 0..0, "z")],
            &[(2, 0..0, "x")],
        ];
        let notes: [&[&str]; 4] = [&[], &["fix: x (safe)"], &["two\nlines\r\n"], &[""]];
        let (mut direct, mut total, mut wide) = (0, 0, 0);
        for ansi in [false, true] {
            let paint = excerpt::Palette::new(&config, ansi);
            for (id, text) in texts.iter().enumerate() {
                let ends: Vec<usize> = (0..=text.len())
                    .filter(|&o| text.is_char_boundary(o))
                    .collect();
                for (k, &start) in ends.iter().enumerate() {
                    for &end in &ends[k..] {
                        let variant = (start * 7 + end) % 16;
                        let rel = related[variant % 4];
                        let note: Vec<String> =
                            notes[variant / 4].iter().map(|n| n.to_string()).collect();
                        let d = crate::lint::Diagnostic {
                            code: "NL030",
                            name: "trailing-whitespace",
                            severity: [
                                Severity::Error,
                                Severity::Warning,
                                Severity::Info,
                                Severity::Hint,
                            ][variant % 4],
                            message: "a \"message\"\nover lines".into(),
                            range: start..end,
                            related: vec![],
                            fix: None,
                        };
                        let label = |file, range, style, message| excerpt::Label {
                            file,
                            range,
                            style,
                            message,
                        };
                        let mut labels: Labels =
                            vec![label(id, start..end, LabelStyle::Primary, "")];
                        labels.extend(
                            rel.iter()
                                .filter(|(f, r, _)| r.end <= texts[*f].len())
                                .map(|(f, r, m)| label(*f, r.clone(), LabelStyle::Secondary, m)),
                        );
                        let mut fast_out = Vec::new();
                        let took = fast(
                            &mut fast_out,
                            &paint,
                            config.tab_width,
                            &sources,
                            &d,
                            &labels,
                            &note,
                        );
                        total += 1;
                        if !took {
                            assert!(fast_out.is_empty());
                            continue;
                        }
                        direct += 1;
                        if !text.is_ascii() {
                            wide += 1;
                        }
                        let mut w = if ansi {
                            termcolor::Buffer::ansi()
                        } else {
                            termcolor::Buffer::no_color()
                        };
                        emit(&mut w, &config, &sources, &d, &labels, &note).unwrap();
                        assert_eq!(
                            String::from_utf8_lossy(&fast_out),
                            String::from_utf8_lossy(w.as_slice()),
                            "file {id} range {start}..{end} variant {variant} ansi {ansi}"
                        );
                    }
                }
            }
        }
        // Most ranges here span lines (left to codespan); hundreds do not.
        assert!(direct >= 400, "direct path taken {direct} of {total} times");
        assert!(
            wide >= 40,
            "direct path taken {wide} times on other characters"
        );
    }

    #[test]
    fn snapshot() {
        // As `check` runs it: hints not asked for are hidden and counted.
        let mut report = super::super::fixture::report();
        report.hide_hints(|_| false);
        let s = String::from_utf8(render_bytes(&report, false, false)).unwrap();
        insta::assert_snapshot!(s);
    }
}
