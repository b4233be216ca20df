//! `--format json`, version 1 (docs/output-formats.md). Additive changes
//! keep the version; anything that removes or changes a field bumps it.

use super::super::check::Report;
use super::{pos, rule_url, Pos};
use crate::lint::{Diagnostic, FixSafety, Severity};
use crate::syntax::pos::LineIndex;
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
        url: rule_url(d.name),
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

/// The document is written one file per line group so that it can be
/// produced in parallel and streamed: a file object on its own line, each
/// diagnostic on its own line within it. Whitespace is not significant.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write_to(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Write the document to `w`, rendering files in parallel in batches so
/// that memory stays bounded by a batch, not the whole output.
pub fn write_to(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use rayon::prelude::*;
    let ix = Indexes::new(report);
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
    let mut first = true;
    for batch in report.files.chunks(super::BATCH) {
        let chunks: Vec<String> = batch
            .par_iter()
            .map(|f| {
                let mut s = String::new();
                s.push_str("{\"path\":");
                s.push_str(&serde_json::to_string(&f.name).unwrap_or_default());
                s.push_str(",\"diagnostics\":[");
                for (i, d) in f.diagnostics.iter().enumerate() {
                    s.push_str(if i == 0 { "\n  " } else { ",\n  " });
                    s.push_str(&serde_json::to_string(&diag(&f.name, d, &ix)).unwrap_or_default());
                }
                s.push_str("]}");
                s
            })
            .collect();
        for c in chunks {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            w.write_all(c.as_bytes())?;
            first = false;
        }
    }
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
