//! [`SourceText`]: a parsed text as the engine reads it — its segments, and
//! each segment's text, whether the text is a string (the command line) or
//! a rope (an open document in the language server). One value where a
//! `(segments, seg_text)` closure pair used to be passed around.

use super::{Document, Segments};
use std::borrow::Cow;

/// A text's segments and where their text comes from. Cheap to copy.
#[derive(Clone, Copy)]
pub struct SourceText<'a> {
    segments: &'a Segments,
    text: Text<'a>,
}

#[derive(Clone, Copy)]
enum Text<'a> {
    Str(&'a str),
    /// Sliced out of the document's rope: borrowed when the slice lies in
    /// one chunk, copied when it spans two.
    Doc(&'a Document),
}

impl<'a> SourceText<'a> {
    /// `text` parsed into `segments`.
    pub fn new(segments: &'a Segments, text: &'a str) -> SourceText<'a> {
        SourceText {
            segments,
            text: Text::Str(text),
        }
    }

    /// An open document: its rope and its tree.
    pub fn document(doc: &'a Document) -> SourceText<'a> {
        SourceText {
            segments: doc.segments(),
            text: Text::Doc(doc),
        }
    }

    pub fn segments(&self) -> &'a Segments {
        self.segments
    }

    /// The text's length in bytes (where its last segment ends).
    pub fn len_bytes(&self) -> usize {
        self.segments.last().map_or(0, |p| p.range().end)
    }

    /// The text of segment `i` ("" past the end).
    pub fn seg_text(&self, i: usize) -> Cow<'a, str> {
        if i >= self.segments.len() {
            return Cow::Borrowed("");
        }
        let range = self.segments.at(i).range();
        match self.text {
            Text::Str(t) => Cow::Borrowed(t.get(range).unwrap_or("")),
            Text::Doc(d) => d.slice(range),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, ParseOptions};

    /// A string and a rope holding the same text give each segment the
    /// same text, and nothing past the end.
    #[test]
    fn string_and_rope_read_alike() {
        let text = " One\nby Ann\n\n Two ✓\r\nby Bo\r\n\tnote\n";
        let opts = ParseOptions::default();
        let tree = parse(text, &opts);
        let doc = Document::new(text, opts);
        let (s, d) = (
            SourceText::new(&tree.segments, text),
            SourceText::document(&doc),
        );
        assert!(tree.segments.len() >= 2);
        let all: String = (0..tree.segments.len()).map(|i| s.seg_text(i)).collect();
        assert_eq!(all, text);
        for i in 0..=tree.segments.len() {
            assert_eq!(s.seg_text(i), d.seg_text(i), "segment {i}");
        }
        assert_eq!(s.seg_text(tree.segments.len()), "");
        assert_eq!((s.len_bytes(), d.len_bytes()), (text.len(), text.len()));
    }
}
