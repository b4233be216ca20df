//! Properties every parse must have, whatever the input. Shared by the fuzz
//! targets and by `tests/regressions.rs` (included there with `#[path]`), so a
//! crash input replayed as a regression test checks exactly what the fuzzer
//! checked. Depends on `notelint` only.

#![allow(dead_code)]

use notelint::syntax::pos::{rope_to_line_col, rope_to_offset, Encoding, LineCol, LineIndex};
use notelint::syntax::{Document, Opener, Segment, Span, SpeakerSource, Tree};

/// Segments are contiguous, start at 0, cover the text exactly, are non-empty
/// and start on char boundaries; every span lies inside its segment and on
/// char boundaries of the segment's text.
pub fn check_tree(text: &str, tree: &Tree) {
    if text.is_empty() {
        assert!(tree.segments.is_empty(), "empty text has segments");
        return;
    }
    assert!(!tree.segments.is_empty(), "non-empty text has no segments");
    let mut at = 0usize;
    for (i, p) in tree.segments.iter().enumerate() {
        assert_eq!(p.start, at, "segment {i} starts at {} not {at}", p.start);
        assert!(p.seg.len > 0, "segment {i} is empty");
        assert!(
            text.is_char_boundary(p.start),
            "segment {i} start inside a char"
        );
        at = p.end();
        assert!(at <= text.len(), "segment {i} ends past the text");
        let seg_text = &text[p.range()];
        check_segment(i, seg_text, p.seg);
        // Every segment after the first is opened by a boundary line.
        if i > 0 {
            assert!(
                !matches!(p.seg.opener, Opener::DocumentStart),
                "segment {i} is not the first but has no opener"
            );
        }
    }
    assert_eq!(at, text.len(), "segments do not cover the text");
    // segment_at agrees with the ranges.
    for (i, p) in tree.segments.iter().enumerate() {
        assert_eq!(tree.segment_at(p.start), Some(i));
    }
}

fn span_ok(i: usize, what: &str, src: &str, s: Span) {
    assert!(s.start <= s.end, "segment {i}: {what} span reversed {s:?}");
    assert!(
        (s.end as usize) <= src.len(),
        "segment {i}: {what} span {s:?} past segment length {}",
        src.len()
    );
    assert!(
        src.is_char_boundary(s.start as usize) && src.is_char_boundary(s.end as usize),
        "segment {i}: {what} span {s:?} not on char boundaries"
    );
}

fn check_segment(i: usize, src: &str, seg: &Segment) {
    assert_eq!(seg.len as usize, src.len());
    let ok = |what: &str, s: Span| span_ok(i, what, src, s);
    if let Opener::Separator(s) = seg.opener {
        ok("separator", s);
    }
    if let Some(s) = seg.title_line {
        ok("title_line", s);
    }
    if let Some(s) = seg.preamble {
        ok("preamble", s);
    }
    if let Some(s) = seg.head.title {
        ok("title", s);
    }
    if let Some(s) = seg.head.speaker_line {
        ok("speaker_line", s);
    }
    if let Some(m) = &seg.head.meta {
        ok("meta.line", m.line);
        ok("meta.track", m.track);
        ok("meta.level", m.level);
    }
    for sp in &seg.speakers {
        ok("speaker.name", sp.name);
        if let Some(h) = sp.handle {
            ok("speaker.handle", h);
        }
        if let Some(l) = sp.link {
            ok("speaker.link", l);
        }
        if let SpeakerSource::Field(k) = sp.source {
            assert!(
                (k as usize) < seg.sections.len(),
                "speaker field index out of range"
            );
        }
    }
    let mut prev_end = 0u32;
    for (k, sec) in seg.sections.iter().enumerate() {
        ok("section.name", sec.name);
        ok("section.line", sec.line);
        ok("section.span", sec.span);
        if let Some(s) = sec.inline {
            ok("section.inline", s);
        }
        assert!(
            sec.span.start >= prev_end,
            "segment {i}: section {k} overlaps the previous one"
        );
        prev_end = sec.span.end;
        for c in seg.content(sec) {
            ok("content.line", c.line);
            ok("content.text", c.text);
            assert!(
                c.line.start >= sec.span.start && c.line.end <= sec.span.end,
                "segment {i}: content line outside its section"
            );
        }
    }
    for s in seg.stray() {
        ok("stray", s.line);
    }
    for &s in seg.comments() {
        ok("comment", s);
    }
    for &s in seg.trailing_ws() {
        ok("trailing_ws", s);
    }
    assert!(seg.indent_unit == 2 || seg.indent_unit == 4);
}

/// The line index and the rope agree on every line/column conversion, and
/// conversions never leave the text or a char boundary.
pub fn check_positions(text: &str, probes: &[(u32, u32)]) {
    let li = LineIndex::new(text);
    let rope = ropey::Rope::from_str(text);
    assert_eq!(li.line_count(), rope.len_lines(), "line counts differ");
    for &(a, b) in probes {
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let off = a as usize % (text.len() + 2);
            let x = li.to_line_col(text, off, enc);
            let y = rope_to_line_col(&rope, off, enc);
            assert_eq!(x, y, "to_line_col({off}, {enc:?}) differs");
            let pos = LineCol {
                line: a % (li.line_count() as u32 + 2),
                col: b,
            };
            let o1 = li.to_offset(text, pos, enc);
            let o2 = rope_to_offset(&rope, pos, enc);
            assert_eq!(o1, o2, "to_offset({pos:?}, {enc:?}) differs");
            assert!(o1 <= text.len() && text.is_char_boundary(o1));
            // A position that came from an offset maps back to that offset
            // when the offset is a char boundary inside line content.
            let back = li.to_offset(text, x, enc);
            assert!(back <= off.min(text.len()));
        }
    }
}

/// The incremental tree equals a fresh parse of the document's text.
pub fn check_document(doc: &Document) {
    let text = doc.text();
    let fresh = notelint::syntax::parse(&text, doc.options());
    check_tree(&text, doc.tree());
    assert_eq!(
        doc.tree(),
        &fresh,
        "incremental tree differs from a fresh parse of {text:?}"
    );
}
