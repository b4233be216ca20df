//! `--format github`: GitHub Actions workflow commands, one per line
//! (`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).

use super::super::check::Report;
use super::json::Indexes;
use crate::lint::Severity;
use std::fmt::Write;

/// Escape a message (the part after `::`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`).
fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write_to(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

fn file_commands(f: &super::super::check::FileResult, ix: &Indexes) -> String {
    let mut out = String::new();
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
    out
}

/// Write the commands to `w`, files rendered in parallel batch by batch.
pub fn write_to(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use rayon::prelude::*;
    let ix = Indexes::new(report);
    for batch in report.files.chunks(super::BATCH) {
        let chunks: Vec<String> = batch.par_iter().map(|f| file_commands(f, &ix)).collect();
        for c in chunks {
            w.write_all(c.as_bytes())?;
        }
    }
    for (p, m) in &report.errors {
        writeln!(w, "::error file={},title=notelint::{}", prop(p), data(m))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&super::super::fixture::report()));
    }
}
