//! Selection ranges ("expand selection"): from what is under the cursor
//! outwards — a speaker name, field label or word, then its line, its
//! section, its talk, and the whole document.

use super::{contains, seg_text, talk_start};
use crate::syntax::Document;
use std::ops::Range;

/// The ranges around `offset`, innermost first, each containing the one
/// before it and none equal to the one before it.
pub fn selection_ranges(doc: &Document, offset: usize) -> Vec<Range<usize>> {
    let offset = offset.min(doc.len());
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut push = |r: Range<usize>| {
        // Each range holds the previous one (a parent must contain its child).
        let r = match out.last() {
            Some(l) => r.start.min(l.start)..r.end.max(l.end),
            None => r,
        };
        if out.last() != Some(&r) {
            out.push(r);
        }
    };
    let rope = doc.rope();
    let line_no = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line_no);
    let line_text = rope.line(line_no).to_string();
    let line_end = line_start + line_text.trim_end_matches(['\n', '\r']).len();

    let tree = doc.tree();
    let placed = tree.segment_at(offset).map(|i| tree.segments.at(i));
    // The innermost: a speaker's name, a field label, else the word.
    let mut inner = None;
    if let Some(p) = placed {
        let rel = offset - p.start.min(offset);
        inner = p
            .seg
            .speakers
            .iter()
            .find(|s| contains(s.name.range(), rel))
            .map(|s| s.name.abs(p.start))
            .or_else(|| {
                p.seg
                    .sections
                    .iter()
                    .find(|s| contains(s.name.range(), rel) && !s.name.is_empty())
                    .map(|s| s.name.abs(p.start))
            });
    }
    let inner = inner.unwrap_or_else(|| {
        let t = &line_text[..line_end - line_start];
        // On the line's terminator, or (from a hostile client) inside a
        // character: the nearest boundary at or before it on the line.
        let mut in_line = (offset - line_start).min(t.len());
        while !t.is_char_boundary(in_line) {
            in_line -= 1;
        }
        let a = t[..in_line]
            .char_indices()
            .rev()
            .take_while(|(_, c)| !c.is_whitespace())
            .last()
            .map_or(in_line, |(i, _)| i);
        let b = t[in_line..]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(t.len(), |(i, _)| in_line + i);
        line_start + a..line_start + b
    });
    if !inner.is_empty() {
        push(inner);
    }
    if line_end > line_start {
        push(line_start..line_end);
    }
    if let Some(p) = placed {
        let rel = offset - p.start.min(offset);
        if let Some(s) = p
            .seg
            .sections
            .iter()
            .find(|s| s.span.start as usize <= rel && rel <= s.span.end as usize)
        {
            push(s.span.abs(p.start));
        }
        if p.seg.is_talk() {
            let text = seg_text(doc, p);
            let start = talk_start(p.seg);
            let end = text.trim_end().len().max(start);
            if start <= rel {
                push(p.start + start..p.start + end);
            }
        }
    }
    push(0..doc.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ParseOptions;

    #[test]
    fn every_offset_gives_nested_ranges() {
        let t = "Intro 🎉\r\n\r\n Talk\r\nby Ada\r\nNotes\r\n\t* é point\r\n\r\n Two\rby Bo\n";
        let doc = Document::new(t, ParseOptions::default());
        for at in 0..=t.len() + 2 {
            let rs = selection_ranges(&doc, at);
            assert_eq!(rs.last(), Some(&(0..t.len())), "at {at}");
            for w in rs.windows(2) {
                assert!(w[1].start <= w[0].start && w[0].end <= w[1].end && w[0] != w[1]);
            }
            for r in &rs {
                assert!(
                    t.is_char_boundary(r.start) && t.is_char_boundary(r.end),
                    "at {at}"
                );
            }
        }
    }

    #[test]
    fn speaker_line_talk_document() {
        let t = "Intro\n\n Talk One\nby Ada Lovelace\nNotes\n\t* first point here\n\t* second\n\n Two\nby Bob\n";
        let doc = Document::new(t, ParseOptions::default());
        let at = t.find("Lovelace").unwrap() + 1;
        let got: Vec<&str> = selection_ranges(&doc, at)
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(got[0], "Ada Lovelace");
        assert_eq!(got[1], "by Ada Lovelace");
        assert!(
            got[2].starts_with(" Talk One\n") && got[2].ends_with("* second"),
            "{got:?}"
        );
        assert_eq!(got.last().copied(), Some(t));
        let at = t.find("point").unwrap() + 2;
        let got: Vec<&str> = selection_ranges(&doc, at)
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(got[0], "point");
        assert_eq!(got[1], "\t* first point here");
        assert!(got[2].starts_with("Notes\n"), "{got:?}");
        assert!(got[3].starts_with(" Talk One"), "{got:?}");
        for w in selection_ranges(&doc, at).windows(2) {
            assert!(w[1].start <= w[0].start && w[0].end <= w[1].end && w[0] != w[1]);
        }
    }
}
