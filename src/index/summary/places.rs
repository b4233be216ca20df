//! Places in a summary: a [`Pos`] (line, and the column in bytes and in
//! UTF-16 units), ranges of them, and [`Places`], which finds them in a
//! segment's text through the one position cursor of `syntax::pos`.

use crate::syntax::pos::{units, Cursor, Encoding, StrLines};
use crate::syntax::Span;
use std::ops::Range;

/// A place in a segment: its line, counted from the segment's first line
/// (or, in a [`Loc`], from the file's), and its column counted both in
/// bytes and in UTF-16 code units — the two position encodings the
/// language server negotiates. Both are kept so a file that is not open
/// needs no text for the server to answer in either (it picks one when it
/// answers); nothing here depends on which was negotiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    /// In bytes.
    pub col: u32,
    /// In UTF-16 code units.
    pub col_utf16: u32,
}

impl Pos {
    /// Where `text`, read from here, ends.
    pub fn after(self, text: &str) -> Pos {
        let utf16 = |s: &str| units(s.as_bytes(), Encoding::Utf16) as u32;
        match text.rfind('\n') {
            None => Pos {
                line: self.line,
                col: self.col + text.len() as u32,
                col_utf16: self.col_utf16 + utf16(text),
            },
            Some(i) => {
                let last = &text[i + 1..];
                Pos {
                    line: self.line + text.matches('\n').count() as u32,
                    col: last.len() as u32,
                    col_utf16: utf16(last),
                }
            }
        }
    }
}

/// Where offsets of one segment's text are, asked mostly in increasing
/// order (a talk's title, speakers, bio): through the one position cursor
/// ([`Cursor`], here over the segment's text without a line index, so each
/// byte is read once), in bytes; the UTF-16 column of the same place is
/// the width of the line up to it ([`units`]).
pub(super) struct Places<'t> {
    text: &'t str,
    cursor: Cursor<'t, StrLines<'t>>,
}

impl<'t> Places<'t> {
    pub(super) fn new(text: &'t str) -> Places<'t> {
        Places {
            text,
            cursor: Cursor::new(StrLines::scanned(text), Encoding::Utf8),
        }
    }

    /// Clamped as every conversion is: past the end is the end, inside a
    /// character that character's start.
    pub(super) fn pos(&mut self, offset: usize) -> Pos {
        let at = self.cursor.pos(offset);
        let start = self.cursor.line_start();
        let before = &self.text.as_bytes()[start..start + at.col as usize];
        Pos {
            line: at.line,
            col: at.col,
            col_utf16: units(before, Encoding::Utf16) as u32,
        }
    }
}

/// How many lines end in `text[..end]` (at `\n`, `\r\n` or `\r`; a `\r`
/// at `end - 1` followed by a `\n` does not end one there).
pub fn line_breaks(text: &str, end: usize) -> usize {
    line_breaks_in(text, 0, end)
}

/// How many lines end in `text[from..to]`, likewise. Counted a byte class
/// at a time rather than terminator by terminator: lines are short, and
/// this runs over every talk of a file.
fn line_breaks_in(text: &str, from: usize, to: usize) -> usize {
    let all = text.as_bytes();
    let b = all.get(from..to.min(all.len())).unwrap_or_default();
    let n = b.iter().filter(|&&c| c == b'\n').count();
    if memchr::memchr(b'\r', b).is_none() {
        return n;
    }
    let lone_cr = memchr::memchr_iter(b'\r', b).filter(|&i| all.get(from + i + 1) != Some(&b'\n'));
    n + lone_cr.count()
}

/// A range inside a segment: bytes, and where it starts and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelRange {
    /// Segment-relative, so 32 bits (as every span in a segment).
    pub bytes: Span,
    pub start: Pos,
    pub end: Pos,
}

/// Where a name (a title, a speaker's name) starts in its segment. It ends
/// where its text, held in the talk's [`TalkNames`], does: a name is on one
/// line, and its text is exactly what the span covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameAt {
    /// Segment-relative byte offset.
    pub start: u32,
    pub pos: Pos,
}

impl NameAt {
    pub(super) fn of(places: &mut Places<'_>, span: Span) -> NameAt {
        NameAt {
            start: span.start,
            pos: places.pos(span.start as usize),
        }
    }
}

/// A place in a file: bytes, and where it starts and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: String,
    pub bytes: Range<usize>,
    pub start: Pos,
    pub end: Pos,
}

pub(super) fn rel_range(places: &mut Places<'_>, r: Range<usize>) -> RelRange {
    RelRange {
        start: places.pos(r.start),
        end: places.pos(r.end),
        bytes: Span::new(r.start, r.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every offset, in order and out of order, against a naive count.
    #[test]
    fn places_agree_with_a_naive_count() {
        let text = "a😀b\r\nx\ry\n\n é𝄞\r\nlast";
        let naive = |mut o: usize| {
            o = o.min(text.len());
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            let mut line = 0;
            let mut start = 0;
            let b = text.as_bytes();
            for (i, &c) in b.iter().enumerate().take(o) {
                let ends = c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n'));
                if ends && i < o {
                    line += 1;
                    start = i + 1;
                }
            }
            let before = text[start..o].trim_end_matches('\r');
            Pos {
                line,
                col: before.len() as u32,
                col_utf16: before.encode_utf16().count() as u32,
            }
        };
        let mut p = Places::new(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).chain([3, 0, 20, 9]).collect();
        for o in offsets {
            assert_eq!(p.pos(o), naive(o), "offset {o}");
        }
    }
}
