//! `--format concise`: one line per finding,
//! `path:line:col: CODE [name] message`, then one line per path that could
//! not be checked (`path: error: message`) and the human format's summary.
//! Hints are left out, as in the human format (docs/cli.md).
//! For grep, editors' error matchers and long runs; never coloured.

use super::super::check::Report;
use super::lines::Texts;
use super::stream::{self, Unit};
use crate::lint::Severity;
use std::io::Write;

/// Append `s` on one line: line breaks become spaces.
fn push_flat(out: &mut Vec<u8>, s: &str) {
    for &b in s.as_bytes() {
        out.push(if b == b'\n' || b == b'\r' { b' ' } else { b });
    }
}

fn write_unit(report: &Report, texts: &Texts, u: &Unit, out: &mut Vec<u8>) {
    let Some(f) = report.files.get(u.file) else {
        return;
    };
    out.reserve(u.diags.len() * 100);
    let mut lines = texts.lines(u.file);
    for d in f.diagnostics.get(u.diags.clone()).unwrap_or_default() {
        // As in the human format (whose summary this one shares, and which
        // says how many were left out): hints, the layout rules by default,
        // are counted, not listed.
        if d.severity == Severity::Hint {
            continue;
        }
        let start = lines.pos(d.range.start);
        push_flat(out, &f.name);
        let _ = write!(
            out,
            ":{}:{}: {} [{}] ",
            start.line, start.column, d.code, d.name
        );
        push_flat(out, &d.message);
        out.push(b'\n');
    }
}

/// Write the report to `w`, files rendered in parallel and written in order.
pub fn write_to(report: &Report, unsafe_fixes: bool, w: &mut dyn Write) -> std::io::Result<()> {
    let texts = Texts::new(report);
    let units = stream::units(report, false);
    stream::write_in_order(&units, |u, out| write_unit(report, &texts, u, out), w)?;
    let mut tail = Vec::new();
    for (p, m) in &report.errors {
        push_flat(&mut tail, p);
        tail.extend_from_slice(b": error: ");
        push_flat(&mut tail, m);
        tail.push(b'\n');
    }
    w.write_all(&tail)?;
    super::human::summary(report, w, unsafe_fixes)
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write_to(report, false, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&super::super::fixture::report()));
    }
}
