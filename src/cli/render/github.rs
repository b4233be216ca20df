//! `--format github`: GitHub Actions workflow commands, one per line
//! (`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).

use super::super::report::Report;
use super::lines::Texts;
use super::stream::{self, Unit};
use crate::lint::Severity;
use crate::util::json::push_keyed;

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

/// Append `s` escaped as a message (`prop`: as a property value).
fn push_escaped(out: &mut Vec<u8>, s: &str, prop: bool) {
    for &b in s.as_bytes() {
        match b {
            b'%' => out.extend_from_slice(b"%25"),
            b'\r' => out.extend_from_slice(b"%0D"),
            b'\n' => out.extend_from_slice(b"%0A"),
            b':' if prop => out.extend_from_slice(b"%3A"),
            b',' if prop => out.extend_from_slice(b"%2C"),
            _ => out.push(b),
        }
    }
}

fn write_unit(report: &Report, texts: &Texts, u: &Unit, out: &mut Vec<u8>) {
    let Some(f) = report.files.get(u.file) else {
        return;
    };
    let mut name = Vec::new();
    push_escaped(&mut name, &f.name, true);
    // A command takes about 150 bytes: grow the buffer once.
    out.reserve(u.diags.len() * 160);
    let mut lines = texts.lines(u.file);
    for d in f.diagnostics.get(u.diags.clone()).unwrap_or_default() {
        let level: &[u8] = match d.severity {
            Severity::Error => b"::error file=",
            Severity::Warning => b"::warning file=",
            Severity::Info | Severity::Hint => b"::notice file=",
        };
        out.extend_from_slice(level);
        out.extend_from_slice(&name);
        let (start, end) = (lines.pos(d.range.start), lines.pos(d.range.end));
        push_keyed(
            out,
            &[
                (b",line=", start.line),
                (b",col=", start.column),
                (b",endLine=", end.line),
                (b",endColumn=", end.column),
            ],
        );
        out.extend_from_slice(b",title=");
        push_escaped(out, d.code, true);
        out.push(b' ');
        push_escaped(out, d.name, true);
        out.extend_from_slice(b"::");
        push_escaped(out, &d.message, false);
        out.push(b'\n');
    }
}

/// Write the commands to `w`, files rendered in parallel (a big file in
/// pieces) and written in order.
pub fn write_to(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let texts = Texts::new(report);
    let units = stream::units(report, false);
    stream::write_in_order(&units, |u, out| write_unit(report, &texts, u, out), w)?;
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
