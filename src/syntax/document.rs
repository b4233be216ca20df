//! A document: a rope plus its tree, kept in step by incremental reparsing.
//!
//! An edit re-reads the segments it touches (inclusively, so an edit at a
//! boundary takes both neighbours) widened by one segment to the left: that
//! covers a boundary line being edited away (merging two talks) or typed in
//! (splitting one). Segments to the right of the edit are only shifted, a
//! block at a time (see `segments.rs`).
//! Why that is exact: the window starts at a boundary line the edit does not
//! touch and ends right before one, and a segment's parse depends only on its
//! own text and on whether it starts the document.

use super::labels::ParseOptions;
use super::parse::{parse, parse_segments};
use super::segments::Segments;
use super::segments::Tree;
use ropey::Rope;
use std::ops::Range;

/// What an edit did to the segment list: `removed` segments starting at
/// `index` were replaced by `inserted` new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Splice {
    pub index: usize,
    pub removed: usize,
    pub inserted: usize,
}

#[derive(Debug, Clone)]
pub struct Document {
    rope: Rope,
    tree: Tree,
    opts: ParseOptions,
}

impl Document {
    pub fn new(text: &str, opts: ParseOptions) -> Document {
        Document {
            rope: Rope::from_str(text),
            tree: parse(text, &opts),
            opts,
        }
    }
    pub fn rope(&self) -> &Rope {
        &self.rope
    }
    pub fn tree(&self) -> &Tree {
        &self.tree
    }
    pub fn options(&self) -> &ParseOptions {
        &self.opts
    }
    pub fn text(&self) -> String {
        self.rope.to_string()
    }
    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }
    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }
    /// The text of a byte range (clamped to the document and char boundaries).
    pub fn slice(&self, range: Range<usize>) -> std::borrow::Cow<'_, str> {
        let r = self.snap(range);
        let s = self.rope.byte_slice(r);
        match s.as_str() {
            Some(x) => x.into(),
            None => s.to_string().into(),
        }
    }
    /// Change the grammar options and reparse everything.
    pub fn set_options(&mut self, opts: ParseOptions) {
        self.opts = opts;
        self.tree = parse(&self.rope.to_string(), &self.opts);
    }

    fn snap(&self, range: Range<usize>) -> Range<usize> {
        let len = self.rope.len_bytes();
        let a = range.start.min(len);
        let b = range.end.clamp(a, len);
        let a = self.rope.char_to_byte(self.rope.byte_to_char(a));
        let b = self.rope.char_to_byte(self.rope.byte_to_char(b));
        a..b.max(a)
    }

    /// Replace `range` (byte offsets, clamped and snapped to characters) with
    /// `new_text`, and reparse the touched segments.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) -> Splice {
        let Range { start: a, end: b } = self.snap(range);
        let segs = &self.tree.segments;
        // Touched segments, inclusive of boundaries, plus one to the left.
        let (i, j) = if segs.is_empty() {
            (0, 0)
        } else {
            let i = segs.partition_point(|p| p.end() < a).min(segs.len() - 1);
            let j = segs
                .partition_point(|p| p.start <= b)
                .saturating_sub(1)
                .max(i);
            (i.saturating_sub(1), j)
        };
        let (win_start, win_end_old) = if segs.is_empty() {
            (0, self.rope.len_bytes())
        } else {
            (segs.at(i).start, segs.at(j).end())
        };

        let ca = self.rope.byte_to_char(a);
        let cb = self.rope.byte_to_char(b);
        self.rope.remove(ca..cb);
        self.rope.insert(ca, new_text);

        let delta = new_text.len() as isize - (b - a) as isize;
        let win_end_new = (win_end_old as isize + delta) as usize;
        let window = self.rope.byte_slice(win_start..win_end_new).to_string();
        let fresh = parse_segments(&window, win_start, win_start == 0, &self.opts);
        let removed = if self.tree.segments.is_empty() {
            0
        } else {
            j - i + 1
        };
        let inserted = fresh.len();
        self.tree.segments.splice(i..i + removed, fresh, delta);
        Splice {
            index: i,
            removed,
            inserted,
        }
    }

    /// Segments placed, for readers that want them with their text.
    pub fn segments(&self) -> &Segments {
        &self.tree.segments
    }
}
