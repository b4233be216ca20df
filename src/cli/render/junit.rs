//! `--format junit`: one test suite per file; each finding is a failing test
//! case, a clean file one passing case, a file that could not be read an
//! error case.

use super::super::report::Report;
use super::json::Indexes;
use std::fmt::Write;

/// Escape for XML 1.0 text and attributes; characters XML cannot carry
/// (most C0 controls) become U+FFFD.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escape for an attribute value: line ends and tabs as character
/// references, since attribute normalisation would turn them into spaces.
pub fn attr(s: &str) -> String {
    xml(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

pub fn render(report: &Report) -> String {
    let ix = Indexes::new(report);
    let failures: usize = report.files.iter().map(|f| f.diagnostics.len()).sum();
    let clean = report
        .files
        .iter()
        .filter(|f| f.diagnostics.is_empty())
        .count();
    let tests = failures + clean + report.errors.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"notelint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">",
        report.errors.len()
    );
    for f in &report.files {
        let name = attr(&f.name);
        let n = f.diagnostics.len();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{n}\" errors=\"0\">",
            n.max(1)
        );
        if n == 0 {
            let _ = writeln!(
                out,
                "    <testcase name=\"notelint\" classname=\"{name}\" file=\"{name}\"/>"
            );
        }
        for d in &f.diagnostics {
            let (line, col) = ix
                .range(&f.name, &d.range)
                .map(|r| (r.start.line, r.start.column))
                .unwrap_or((1, 1));
            let _ = writeln!(
                out,
                "    <testcase name=\"{} {} at {line}:{col}\" classname=\"{name}\" file=\"{name}\" line=\"{line}\">",
                d.code, d.name
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{name}:{line}:{col}: {} [{}] {}</failure>",
                attr(&d.message),
                d.severity.as_str(),
                d.code,
                d.name,
                xml(&d.message)
            );
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    for (p, m) in &report.errors {
        let p = attr(p);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{p}\" tests=\"1\" failures=\"0\" errors=\"1\">"
        );
        let _ = writeln!(
            out,
            "    <testcase name=\"read\" classname=\"{p}\" file=\"{p}\">"
        );
        let _ = writeln!(out, "      <error message=\"{}\" type=\"io\"/>", attr(m));
        let _ = writeln!(out, "    </testcase>");
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&super::super::fixture::report()));
    }
}
