//! Formatting = `notelint fmt`, as the smallest edits. Range formatting
//! keeps the edits that fall inside the requested range.

use crate::lint::TextEdit;
use crate::syntax::Document;
use std::ops::Range;

/// The canonical text (`notelint fmt`).
fn canonical(text: &str, doc: &Document) -> String {
    crate::analysis::format(text, doc.options())
}

/// Edits turning the document into its canonical layout: one edit per run
/// of changed lines (a line diff over the common prefix and suffix, then
/// line by line when the counts match).
pub fn format_edits(doc: &Document, range: Option<Range<usize>>) -> Option<Vec<TextEdit>> {
    let text = doc.text();
    let new = canonical(&text, doc);
    if new == text {
        return Some(Vec::new());
    }
    let edits = line_diff(&text, &new);
    Some(match range {
        None => edits,
        // Edits on the lines of the range (an insertion right at its first
        // line's start counts as inside).
        Some(r) => {
            let lo = line_floor(&text, r.start);
            let hi = r.end + line_len_after(&text, r.end);
            edits
                .into_iter()
                .filter(|e| e.range.start >= lo && e.range.end <= hi.max(lo))
                .collect()
        }
    })
}

fn line_floor(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_len_after(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[at..].find('\n').map_or(text.len() - at, |i| i + 1)
}

/// One edit per changed run of lines (a line diff).
pub fn line_diff(old: &str, new: &str) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(old, new);
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let mut line_off = Vec::with_capacity(old_lines.len() + 1);
    let mut acc = 0;
    for l in &old_lines {
        line_off.push(acc);
        acc += l.len();
    }
    line_off.push(acc);
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = Vec::new();
    for op in diff.ops() {
        if let similar::DiffOp::Equal { .. } = op {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        out.push(TextEdit {
            range: line_off[o.start]..line_off[o.end],
            replacement: new_lines[n.start..n.end].concat(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_is_minimal_and_applies() {
        let old = "a\nb  \nc\nd\n";
        let new = "a\nb\nc\nd\n";
        let e = line_diff(old, new);
        assert_eq!(e, vec![TextEdit { range: 2..6, replacement: "b\n".into() }]);
        let old = "a\n\n\n\nb\n";
        let new = "a\n\nb\n";
        let e = line_diff(old, new);
        let mut s = old.to_string();
        s.replace_range(e[0].range.clone(), &e[0].replacement);
        assert_eq!(s, new);
    }
}
