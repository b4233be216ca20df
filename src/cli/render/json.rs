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
struct Out<'a> {
    version: u32,
    tool: Tool,
    files: Vec<File<'a>>,
    errors: Vec<Error<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<Diag<'a>>,
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

/// Line indexes, built once per file that a range points into.
pub struct Indexes<'a> {
    texts: HashMap<&'a str, &'a str>,
    built: HashMap<&'a str, LineIndex>,
}

impl<'a> Indexes<'a> {
    pub fn new(report: &'a Report) -> Indexes<'a> {
        Indexes {
            texts: report.files.iter().map(|f| (f.name.as_str(), f.text.as_str())).collect(),
            built: HashMap::new(),
        }
    }
    pub fn range(&mut self, file: &'a str, r: &std::ops::Range<usize>) -> Option<Range> {
        let text = *self.texts.get(file)?;
        let li = self.built.entry(file).or_insert_with(|| LineIndex::new(text));
        Some(Range {
            start: pos(text, li, r.start),
            end: pos(text, li, r.end),
        })
    }
}

fn diag<'a>(file: &'a str, d: &'a Diagnostic, ix: &mut Indexes<'a>) -> Diag<'a> {
    let empty = || Range {
        start: Pos { line: 1, column: 1, offset: 0 },
        end: Pos { line: 1, column: 1, offset: 0 },
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

pub fn render(report: &Report) -> String {
    let mut ix = Indexes::new(report);
    let mut count = [0usize; 4];
    let files = report
        .files
        .iter()
        .map(|f| File {
            path: &f.name,
            diagnostics: f
                .diagnostics
                .iter()
                .map(|d| {
                    count[d.severity as usize] += 1;
                    diag(&f.name, d, &mut ix)
                })
                .collect(),
        })
        .collect();
    let out = Out {
        version: VERSION,
        tool: Tool {
            name: "notelint",
            version: env!("CARGO_PKG_VERSION"),
        },
        files,
        errors: report
            .errors
            .iter()
            .map(|(p, m)| Error { path: p, message: m })
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
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let s = super::render(&super::super::fixture::report());
        insta::assert_snapshot!(s);
    }
}
