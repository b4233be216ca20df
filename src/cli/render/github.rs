//! `--format github`: GitHub Actions workflow commands, one per line
//! (`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).

use super::super::check::Report;
use super::json::Indexes;
use crate::lint::Severity;
use std::fmt::Write;

/// Escape a message (the part after `::`).
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`).
fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut ix = Indexes::new(report);
    let mut out = String::new();
    for f in &report.files {
        for d in &f.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let _ = write!(out, "::{level} file={}", prop(&f.name));
            if let Some(r) = ix.range(&f.name, &d.range) {
                let _ = write!(
                    out,
                    ",line={},col={},endLine={},endColumn={}",
                    r.start.line, r.start.column, r.end.line, r.end.column
                );
            }
            let _ = writeln!(
                out,
                ",title={}::{}",
                prop(&format!("{} {}", d.code, d.name)),
                data(&d.message)
            );
        }
    }
    for (p, m) in &report.errors {
        let _ = writeln!(out, "::error file={},title=notelint::{}", prop(p), data(m));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&super::super::fixture::report()));
    }
}
