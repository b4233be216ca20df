//! `--format concise`: one line per finding,
//! `path:line:col: SEVERITY: CODE [name] message` (the shape of compilers'
//! messages, which editors' error matchers read), then one line per path
//! that could not be checked (`path: error: message`) and the human
//! format's summary. Which hints are listed is decided before rendering
//! (`check::shown_hints`).
//! For grep, editors' error matchers and long runs; never coloured.

use super::super::report::Report;
use super::lines::Texts;
use super::stream::{self, Unit};
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
        let start = lines.pos(d.range.start);
        push_flat(out, &f.name);
        let _ = write!(
            out,
            ":{}:{}: {}: {} [{}] ",
            start.line,
            start.column,
            d.severity.as_str(),
            d.code,
            d.name
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
        let (at, what) = super::super::report::split_place(p, m);
        push_flat(&mut tail, &at);
        tail.extend_from_slice(b": error: ");
        push_flat(&mut tail, what);
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
