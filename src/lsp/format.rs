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
        Some(r) => edits
            .into_iter()
            .filter(|e| e.range.start >= line_floor(&text, r.start) && e.range.end <= r.end.max(r.start + 1) + line_len_after(&text, r.end))
            .collect(),
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

/// Lines with their terminators.
fn split_lines(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

pub fn line_diff(old: &str, new: &str) -> Vec<TextEdit> {
    let a = split_lines(old);
    let b = split_lines(new);
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let start: usize = a[..pre].iter().map(|l| l.len()).sum();
    let a_mid = &a[pre..a.len() - suf];
    let b_mid = &b[pre..b.len() - suf];
    let mut out = Vec::new();
    if a_mid.len() == b_mid.len() {
        let mut at = start;
        for (x, y) in a_mid.iter().zip(b_mid) {
            if x != y {
                out.push(TextEdit {
                    range: at..at + x.len(),
                    replacement: y.to_string(),
                });
            }
            at += x.len();
        }
    } else {
        let len: usize = a_mid.iter().map(|l| l.len()).sum();
        out.push(TextEdit {
            range: start..start + len,
            replacement: b_mid.concat(),
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
