//! [`Cursor`]: many offsets → (line, column) in one text, over a rope or
//! a string, each costing the bytes since the last when they come in
//! increasing order.

use super::{is_continuation, strip_terminator, units, Encoding, LineCol, LineIndex};
use ropey::Rope;
use std::borrow::Cow;

/// A text a [`Cursor`] reads: it finds the line holding an offset.
pub trait Source<'a> {
    /// The text's length in bytes.
    fn text_len(&self) -> usize;
    /// The line holding `offset` (at most `text_len`). When `from` is
    /// `Some`, it is the line the cursor is on, and `offset` lies past its
    /// end: a short way on is cheaper to reach from there than by a lookup.
    fn seek(&self, offset: usize, from: Option<&Line<'a>>) -> Line<'a>;
}

/// A line: its zero-based number, where it starts, and its text with its
/// terminator (borrowed when the text holds it in one piece).
#[derive(Debug, Clone)]
pub struct Line<'a> {
    no: u32,
    start: usize,
    text: Cow<'a, str>,
    /// The length of the text without its terminator.
    content: usize,
}

impl<'a> Line<'a> {
    fn new(no: usize, start: usize, text: Cow<'a, str>) -> Line<'a> {
        let content = strip_terminator(&text).len();
        Line {
            no: no as u32,
            start,
            text,
            content,
        }
    }

    /// Where the next line starts.
    fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// The end of a line without terminator (the text's last) is on it;
    /// after a terminator it is the next line.
    fn holds(&self, offset: usize) -> bool {
        self.start <= offset
            && (offset < self.end() || (offset == self.end() && self.content == self.text.len()))
    }
}

/// Offsets → (line, column), many of them, mostly in increasing order
/// (diagnostics, symbols, findings): the current line is kept with a
/// column cursor, so the next offset on the same line costs the bytes
/// since the last, one a little further on a forward scan (see
/// [`Source::seek`]), and only a jump back or far ahead a lookup. Answers
/// are those of the one-shot conversions: an offset past the end is the
/// end, one on a terminator the line's end, one inside a character that
/// character's start.
pub struct Cursor<'a, S> {
    src: S,
    enc: Encoding,
    line: Option<Line<'a>>,
    /// Byte `rel` of the line is column `col`.
    rel: usize,
    col: u32,
}

impl<'a, S: Source<'a>> Cursor<'a, S> {
    pub fn new(src: S, enc: Encoding) -> Cursor<'a, S> {
        Cursor {
            src,
            enc,
            line: None,
            rel: 0,
            col: 0,
        }
    }

    pub fn pos(&mut self, offset: usize) -> LineCol {
        let offset = offset.min(self.src.text_len());
        let line = match &mut self.line {
            Some(l) if l.holds(offset) => l,
            cur => {
                let from = cur.as_ref().filter(|l| offset >= l.end());
                let next = self.src.seek(offset, from);
                self.rel = 0;
                self.col = 0;
                cur.insert(next)
            }
        };
        let t = line.text.as_bytes();
        let mut rel = (offset - line.start).min(line.content);
        while rel > 0 && t.get(rel).is_some_and(|&b| is_continuation(b)) {
            rel -= 1;
        }
        if rel < self.rel {
            self.rel = 0;
            self.col = 0;
        }
        self.col += units(&t[self.rel..rel], self.enc) as u32;
        self.rel = rel;
        LineCol {
            line: line.no,
            col: self.col,
        }
    }

    /// Where the line of the last [`Cursor::pos`] starts (0 before any).
    pub fn line_start(&self) -> usize {
        self.line.as_ref().map_or(0, |l| l.start)
    }
}

/// How far past the current line's end a rope cursor scans forward before
/// it looks the line up instead (two tree descents and a copy).
const SCAN: usize = 4096;

impl<'a> Source<'a> for &'a Rope {
    fn text_len(&self) -> usize {
        self.len_bytes()
    }

    fn seek(&self, offset: usize, from: Option<&Line<'a>>) -> Line<'a> {
        let rope = *self;
        if let Some(l) = from.filter(|l| offset - l.end() < SCAN) {
            let (chunks, at, _, _) = rope.chunks_at_byte(l.end());
            let next_byte = |p: usize| (p < rope.len_bytes()).then(|| rope.byte(p));
            let found = scan(
                chunks,
                at,
                l.no as usize + 1,
                l.end(),
                offset,
                SCAN,
                next_byte,
            );
            if let Some((no, start, end, text)) = found {
                let text = match text {
                    Some(t) => Cow::Borrowed(t),
                    None => rope_text(rope.byte_slice(start..end)),
                };
                return Line::new(no, start, text);
            }
        }
        let no = rope.byte_to_line(offset);
        Line::new(no, rope.line_to_byte(no), rope_text(rope.line(no)))
    }
}

fn rope_text(s: ropey::RopeSlice<'_>) -> Cow<'_, str> {
    match s.as_str() {
        Some(t) => Cow::Borrowed(t),
        None => Cow::Owned(s.to_string()),
    }
}

/// A `&str`, with its [`LineIndex`] or without (then lines are found by
/// scanning forward from the current one, or from the start: for short
/// texts, such as one talk).
#[derive(Clone, Copy)]
pub struct StrLines<'a> {
    text: &'a str,
    index: Option<&'a LineIndex>,
}

impl<'a> StrLines<'a> {
    pub fn indexed(text: &'a str, index: &'a LineIndex) -> StrLines<'a> {
        StrLines {
            text,
            index: Some(index),
        }
    }

    pub fn scanned(text: &'a str) -> StrLines<'a> {
        StrLines { text, index: None }
    }
}

/// How many lines a cursor with a line index steps forward before it
/// searches the index instead.
const STEP: usize = 8;

impl<'a> Source<'a> for StrLines<'a> {
    fn text_len(&self) -> usize {
        self.text.len()
    }

    fn seek(&self, offset: usize, from: Option<&Line<'a>>) -> Line<'a> {
        let text = self.text;
        let Some(ix) = self.index else {
            let (no, start) = from.map_or((0, 0), |l| (l.no as usize + 1, l.end()));
            let (no, start, end, _) = scan(
                std::iter::once(text),
                0,
                no,
                start,
                offset,
                usize::MAX,
                |_| None,
            )
            .unwrap_or((0, 0, 0, None));
            return Line::new(no, start, Cow::Borrowed(&text[start..end]));
        };
        let mut no = None;
        if let Some(l) = from {
            let mut n = l.no as usize + 1;
            for _ in 0..STEP {
                if n + 1 < ix.line_count() && ix.line_start(n + 1) <= offset {
                    n += 1;
                } else {
                    no = Some(n);
                    break;
                }
            }
        }
        let no = no.unwrap_or_else(|| ix.line_of(offset));
        let (start, end) = (ix.line_start(no), ix.line_start(no + 1));
        Line::new(no, start, Cow::Borrowed(&text[start..end]))
    }
}

/// Scan the text, given as `chunks` from the one at byte `at` on, for the
/// line holding `offset`, from line `no` starting at `start` (`at <=
/// start`): its number, start and end (past its terminator), and its text
/// when one chunk holds it. `next_byte` reads the byte after a chunk
/// ending in `\r` (a `\r\n` may be split). None when the line starts more
/// than `limit` bytes past `start`.
fn scan<'a>(
    chunks: impl Iterator<Item = &'a str>,
    mut at: usize,
    mut no: usize,
    mut start: usize,
    offset: usize,
    limit: usize,
    next_byte: impl Fn(usize) -> Option<u8>,
) -> Option<(usize, usize, usize, Option<&'a str>)> {
    let origin = start;
    for chunk in chunks {
        let b = chunk.as_bytes();
        let base = start.max(at) - at;
        for i in memchr::memchr2_iter(b'\n', b'\r', b.get(base..).unwrap_or_default()) {
            let k = base + i;
            if b[k] == b'\r' {
                let after = b.get(k + 1).copied().or_else(|| next_byte(at + k + 1));
                if after == Some(b'\n') {
                    // One terminator, counted at its `\n`.
                    continue;
                }
            }
            let end = at + k + 1;
            if offset < end {
                let text = (start >= at).then(|| &chunk[start - at..k + 1]);
                return Some((no, start, end, text));
            }
            no += 1;
            start = end;
            if start - origin > limit {
                return None;
            }
        }
        at += b.len();
    }
    // The last line: without terminator, or empty after the last one.
    Some((no, start, at.max(start), None))
}
