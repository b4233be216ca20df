//! `--format json`, version 1 (docs/output-formats.md). Additive changes
//! keep the version; anything that removes or changes a field bumps it.

use super::super::report::Report;
use super::lines::{Lines, Texts};
use super::stream::{self, Unit};
use super::{pos, Pos, RULE_URL};
use crate::lint::{Diagnostic, FixSafety, Severity};
use crate::syntax::pos::LineIndex;
use crate::util::json::{push_json_str, push_keyed};
use serde::Serialize;
use std::collections::HashMap;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Range {
    pub start: Pos,
    pub end: Pos,
}

#[derive(Serialize)]
struct Head {
    version: u32,
    tool: Tool,
}

#[derive(Serialize)]
struct Tail<'a> {
    errors: Vec<Error<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Error<'a> {
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    diagnostics: usize,
    errors: usize,
    fixed: usize,
    error: usize,
    warning: usize,
    info: usize,
    hint: usize,
}

/// Line indexes of every file of a report, built in parallel up front so
/// that renderers can work on files in parallel too.
pub struct Indexes<'a> {
    map: HashMap<&'a str, (&'a str, LineIndex)>,
}

impl<'a> Indexes<'a> {
    pub fn new(report: &'a Report) -> Indexes<'a> {
        use rayon::prelude::*;
        // A clean file needs no index unless another file's finding points
        // into it (related information).
        let related: std::collections::HashSet<&str> = report
            .files
            .iter()
            .flat_map(|f| {
                f.diagnostics
                    .iter()
                    .flat_map(|d| d.related.iter().filter_map(|r| r.file.as_deref()))
            })
            .collect();
        Indexes {
            map: report
                .files
                .par_iter()
                .filter(|f| !f.diagnostics.is_empty() || related.contains(f.name.as_str()))
                .map(|f| (f.name.as_str(), (f.text.as_str(), LineIndex::new(&f.text))))
                .collect(),
        }
    }
    pub fn range(&self, file: &str, r: &std::ops::Range<usize>) -> Option<Range> {
        let (text, li) = self.map.get(file)?;
        Some(Range {
            start: pos(text, li, r.start),
            end: pos(text, li, r.end),
        })
    }
}

fn push_pos(out: &mut Vec<u8>, p: Pos) {
    push_keyed(
        out,
        &[
            (b"{\"line\":", p.line),
            (b",\"column\":", p.column),
            (b",\"offset\":", p.offset),
        ],
    );
    out.push(b'}');
}

fn push_range(out: &mut Vec<u8>, lines: &mut Lines, r: &std::ops::Range<usize>) {
    out.extend_from_slice(b"{\"start\":");
    push_pos(out, lines.pos(r.start));
    out.extend_from_slice(b",\"end\":");
    push_pos(out, lines.pos(r.end));
    out.push(b'}');
}

fn safety(s: FixSafety) -> &'static str {
    match s {
        FixSafety::Safe => "safe",
        FixSafety::Unsafe => "unsafe",
    }
}

/// One finding, as the `Diag` object of format version 1 (field order is
/// the document's: code, name, severity, message, url, range, related, fix).
fn push_diag(out: &mut Vec<u8>, texts: &Texts, file: &str, lines: &mut Lines, d: &Diagnostic) {
    out.extend_from_slice(b"{\"code\":");
    push_json_str(out, d.code);
    out.extend_from_slice(b",\"name\":");
    push_json_str(out, d.name);
    out.extend_from_slice(b",\"severity\":");
    push_json_str(out, d.severity.as_str());
    out.extend_from_slice(b",\"message\":");
    push_json_str(out, &d.message);
    out.extend_from_slice(b",\"url\":");
    let plain = |s: &str| s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
    if d.name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && plain(RULE_URL)
    {
        out.push(b'"');
        out.extend_from_slice(RULE_URL.as_bytes());
        out.push(b'#');
        out.extend_from_slice(d.name.as_bytes());
        out.push(b'"');
    } else {
        push_json_str(out, &super::rule_url(d.name));
    }
    out.extend_from_slice(b",\"range\":");
    push_range(out, lines, &d.range);
    out.extend_from_slice(b",\"related\":[");
    for (i, r) in d.related.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let path = r.file.as_deref().unwrap_or(file);
        out.extend_from_slice(b"{\"path\":");
        push_json_str(out, path);
        out.extend_from_slice(b",\"range\":");
        match texts.find(path) {
            // Places in another file are few: a cursor of their own.
            Some(f) => push_range(out, &mut texts.lines(f), &r.range),
            // A file not in this run.
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"message\":");
        push_json_str(out, &r.message);
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"fix\":");
    match &d.fix {
        None => out.extend_from_slice(b"null"),
        Some(f) => {
            out.extend_from_slice(b"{\"title\":");
            push_json_str(out, &f.title);
            out.extend_from_slice(b",\"safety\":");
            push_json_str(out, safety(f.safety));
            out.extend_from_slice(b",\"edits\":[");
            for (i, e) in f.edits.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"range\":");
                push_range(out, lines, &e.range);
                out.extend_from_slice(b",\"replacement\":");
                push_json_str(out, &e.replacement);
                out.push(b'}');
            }
            out.extend_from_slice(b"]}");
        }
    }
    out.push(b'}');
}

/// A unit of the `files` array: the file object's opening with its first
/// findings, more of its findings, or its last findings and its closing.
fn write_unit(report: &Report, texts: &Texts, u: &Unit, out: &mut Vec<u8>) {
    let Some(f) = report.files.get(u.file) else {
        return;
    };
    if u.diags.start == 0 {
        out.extend_from_slice(if u.file == 0 { b"\n" } else { b",\n" });
        out.extend_from_slice(b"{\"path\":");
        push_json_str(out, &f.name);
        out.extend_from_slice(b",\"diagnostics\":[");
    }
    // A finding takes about 600 bytes: grow the buffer once.
    out.reserve(u.diags.len() * 640);
    let mut lines = texts.lines(u.file);
    for i in u.diags.clone() {
        let Some(d) = f.diagnostics.get(i) else {
            break;
        };
        out.extend_from_slice(if i == 0 { b"\n  " } else { b",\n  " });
        push_diag(out, texts, &f.name, &mut lines, d);
    }
    if u.last {
        out.extend_from_slice(b"]}");
    }
}

/// The document is written one file per line group so that it can be
/// produced in parallel and streamed: a file object on its own line, each
/// diagnostic on its own line within it. Whitespace is not significant.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write_to(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Write the document to `w`. Files are rendered in parallel (a big file
/// in pieces) and written in order; memory stays bounded by a few batches
/// of output, not the whole document.
pub fn write_to(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let texts = Texts::new(report);
    let mut count = [0usize; 4];
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        count[d.severity as usize] += 1;
    }
    let head = Head {
        version: VERSION,
        tool: Tool {
            name: "notelint",
            version: env!("CARGO_PKG_VERSION"),
        },
    };
    let head = serde_json::to_string(&head).unwrap_or_default();
    // `{"version":1,"tool":{…}` + `,"files":[` … `]` + `,"errors":…}`
    w.write_all(&head.as_bytes()[..head.len() - 1])?;
    w.write_all(b",\"files\":[")?;
    let units = stream::units(report, true);
    stream::write_in_order(&units, |u, out| write_unit(report, &texts, u, out), w)?;
    let tail = Tail {
        errors: report
            .errors
            .iter()
            .map(|(p, m)| Error {
                path: p,
                message: m,
            })
            .collect(),
        summary: Summary {
            files: report.files.len(),
            diagnostics: count.iter().sum(),
            errors: report.errors.len(),
            fixed: report.fixed,
            error: count[Severity::Error as usize],
            warning: count[Severity::Warning as usize],
            info: count[Severity::Info as usize],
            hint: count[Severity::Hint as usize],
        },
    };
    let tail = serde_json::to_string(&tail).unwrap_or_default();
    w.write_all(b"\n],")?;
    w.write_all(&tail.as_bytes()[1..])?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Fix, Related, TextEdit};

    // The serde types the writer replaced, kept as the reference it must
    // match byte for byte.
    #[derive(Serialize)]
    struct Diag<'a> {
        code: &'a str,
        name: &'a str,
        severity: Severity,
        message: &'a str,
        url: String,
        range: Range,
        related: Vec<Rel<'a>>,
        fix: Option<FixOut<'a>>,
    }

    #[derive(Serialize)]
    struct Rel<'a> {
        path: &'a str,
        range: Option<Range>,
        message: &'a str,
    }

    #[derive(Serialize)]
    struct FixOut<'a> {
        title: &'a str,
        safety: FixSafety,
        edits: Vec<Edit<'a>>,
    }

    #[derive(Serialize)]
    struct Edit<'a> {
        range: Range,
        replacement: &'a str,
    }

    fn diag<'a>(file: &'a str, d: &'a Diagnostic, ix: &Indexes<'a>) -> Diag<'a> {
        let empty = || Range {
            start: Pos {
                line: 1,
                column: 1,
                offset: 0,
            },
            end: Pos {
                line: 1,
                column: 1,
                offset: 0,
            },
        };
        Diag {
            code: d.code,
            name: d.name,
            severity: d.severity,
            message: &d.message,
            url: super::super::rule_url(d.name),
            range: ix.range(file, &d.range).unwrap_or_else(empty),
            related: d
                .related
                .iter()
                .map(|r| {
                    let p = r.file.as_deref().unwrap_or(file);
                    Rel {
                        path: p,
                        range: ix.range(p, &r.range),
                        message: &r.message,
                    }
                })
                .collect(),
            fix: d.fix.as_ref().map(|f| FixOut {
                title: &f.title,
                safety: f.safety,
                edits: f
                    .edits
                    .iter()
                    .map(|e| Edit {
                        range: ix.range(file, &e.range).unwrap_or_else(empty),
                        replacement: &e.replacement,
                    })
                    .collect(),
            }),
        }
    }

    /// Every range of every fixture file, with related places in this file,
    /// another file and a file not in the run, and a fix: the writer gives
    /// serde's bytes.
    #[test]
    fn writer_matches_serde() {
        let mut report = super::super::fixture::report();
        let names: Vec<String> = report.files.iter().map(|f| f.name.clone()).collect();
        for f in &mut report.files {
            let text = f.text.clone();
            let ends: Vec<usize> = (0..=text.len() + 1).collect();
            f.diagnostics.clear();
            for &s in &ends {
                for &e in ends.iter().filter(|&&e| e >= s) {
                    f.diagnostics.push(Diagnostic {
                        code: "NL020",
                        name: "similar-speaker",
                        severity: Severity::Hint,
                        message: "say \"hi\"\t\u{1}é".into(),
                        range: s..e,
                        related: vec![
                            Related {
                                file: None,
                                range: e..s.max(e),
                                message: "here".into(),
                            },
                            Related {
                                file: Some(names[1].clone()),
                                range: s..e,
                                message: "\\".into(),
                            },
                            Related {
                                file: Some("gone.talk".into()),
                                range: 0..1,
                                message: "".into(),
                            },
                        ],
                        fix: Some(Box::new(Fix {
                            title: "t".into(),
                            safety: FixSafety::Unsafe,
                            edits: vec![TextEdit {
                                range: s..e,
                                replacement: "\n".into(),
                            }],
                        })),
                    });
                }
            }
        }
        let ix = Indexes::new(&report);
        let texts = Texts::new(&report);
        for (i, f) in report.files.iter().enumerate() {
            let mut lines = texts.lines(i);
            for d in &f.diagnostics {
                let mut out = Vec::new();
                push_diag(&mut out, &texts, &f.name, &mut lines, d);
                let want = serde_json::to_string(&diag(&f.name, d, &ix)).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), want);
            }
        }
    }

    #[test]
    fn snapshot() {
        let s = super::render(&super::super::fixture::report());
        let v: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
        assert_eq!(v["version"], 1);
        assert_eq!(v["files"].as_array().unwrap().len(), 3);
        assert_eq!(v["summary"]["diagnostics"], 3);
        insta::assert_snapshot!(s);
    }
}
