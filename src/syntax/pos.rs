//! Position conversions: byte offsets ⇄ (line, column) in UTF-8, UTF-16 or
//! UTF-32 (chars). Lines end at `\n`, `\r\n` or `\r` only. Every conversion
//! clamps out-of-range input (past the end, inside a character or a surrogate
//! pair) instead of failing.

use ropey::Rope;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values (chars).
    Utf32,
}

/// A zero-based line and column in some encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

fn col_units(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        Encoding::Utf32 => s.chars().count(),
    }
}

/// Byte length of the longest prefix of `line` whose width in `enc` is at
/// most `col` (so a column inside a character or surrogate pair snaps back to
/// the character's start, and a column past the end snaps to the end).
fn col_to_bytes(line: &str, col: usize, enc: Encoding) -> usize {
    if enc == Encoding::Utf8 {
        let mut c = col.min(line.len());
        while !line.is_char_boundary(c) {
            c -= 1;
        }
        return c;
    }
    let mut units = 0;
    for (i, ch) in line.char_indices() {
        let w = if enc == Encoding::Utf16 {
            ch.len_utf16()
        } else {
            1
        };
        if units + w > col {
            return i;
        }
        units += w;
    }
    line.len()
}

fn strip_terminator(s: &str) -> &str {
    s.strip_suffix("\r\n")
        .or_else(|| s.strip_suffix('\n'))
        .or_else(|| s.strip_suffix('\r'))
        .unwrap_or(s)
}

/// Line starts of a string, for the CLI and tests.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(j) = memchr::memchr2(b'\n', b'\r', &b[i..]) {
            let at = i + j;
            let next = if b[at] == b'\r' && b.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }
    /// Number of lines (a text ending in a terminator has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }
    /// The zero-based line containing `offset` (clamped).
    pub fn line_of(&self, offset: usize) -> usize {
        let o = offset.min(self.len);
        self.starts.partition_point(|&s| s <= o) - 1
    }
    fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let s = self.line_start(line);
        let e = self.starts.get(line + 1).copied().unwrap_or(self.len);
        strip_terminator(&text[s..e])
    }
    pub fn to_line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut o = offset.min(text.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        let line = self.line_of(o);
        let s = self.line_start(line);
        let content = self.line_text(text, line);
        let within = (o - s).min(content.len());
        LineCol {
            line: line as u32,
            col: col_units(&content[..within], enc) as u32,
        }
    }
    pub fn to_offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        self.line_start(line) + col_to_bytes(self.line_text(text, line), pos.col as usize, enc)
    }
}

/// Byte offset → (line, column) on a rope.
pub fn rope_to_line_col(rope: &Rope, offset: usize, enc: Encoding) -> LineCol {
    let o = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(o);
    let line = rope.char_to_line(char_idx);
    let line_char = rope.line_to_char(line);
    let line_slice = rope.line(line);
    let content_chars = line_slice.len_chars() - terminator_chars(&line_slice);
    let ch = (char_idx - line_char).min(content_chars);
    let col = match enc {
        Encoding::Utf8 => line_slice.char_to_byte(ch),
        Encoding::Utf16 => line_slice.char_to_utf16_cu(ch),
        Encoding::Utf32 => ch,
    };
    LineCol {
        line: line as u32,
        col: col as u32,
    }
}

fn terminator_chars(line: &ropey::RopeSlice) -> usize {
    let n = line.len_chars();
    if n == 0 {
        return 0;
    }
    match line.char(n - 1) {
        '\n' if n >= 2 && line.char(n - 2) == '\r' => 2,
        '\n' | '\r' => 1,
        _ => 0,
    }
}

/// (line, column) → byte offset on a rope, clamped.
pub fn rope_to_offset(rope: &Rope, pos: LineCol, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let slice = rope.line(line);
    let content_chars = slice.len_chars() - terminator_chars(&slice);
    let col = pos.col as usize;
    let ch = match enc {
        Encoding::Utf8 => {
            let bytes = col.min(slice.char_to_byte(content_chars));
            // Snap down to a char boundary.
            let c = slice.byte_to_char(bytes);
            c.min(content_chars)
        }
        Encoding::Utf16 => {
            let total = slice.char_to_utf16_cu(content_chars);
            let cu = col.min(total);
            let c = slice.utf16_cu_to_char(cu);
            // utf16_cu_to_char rounds down inside a surrogate pair already.
            c.min(content_chars)
        }
        Encoding::Utf32 => col.min(content_chars),
    };
    rope.line_to_byte(line) + slice.char_to_byte(ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a\tb\r\n😀x\re\u{301}\u{2028}z\n";

    #[test]
    fn line_index_and_rope_agree_on_lines() {
        let li = LineIndex::new(TEXT);
        let rope = Rope::from_str(TEXT);
        assert_eq!(li.line_count(), rope.len_lines());
        assert_eq!(li.line_count(), 4);
    }

    #[test]
    fn utf16_surrogates_and_clamping() {
        let li = LineIndex::new(TEXT);
        let rope = Rope::from_str(TEXT);
        let x = TEXT.find('x').unwrap();
        for (enc, col) in [
            (Encoding::Utf8, 4),
            (Encoding::Utf16, 2),
            (Encoding::Utf32, 1),
        ] {
            let want = LineCol { line: 1, col };
            assert_eq!(li.to_line_col(TEXT, x, enc), want);
            assert_eq!(rope_to_line_col(&rope, x, enc), want);
            assert_eq!(li.to_offset(TEXT, want, enc), x);
            assert_eq!(rope_to_offset(&rope, want, enc), x);
        }
        // Inside the surrogate pair: snaps to the emoji's start.
        let mid = LineCol { line: 1, col: 1 };
        let emoji = TEXT.find('😀').unwrap();
        assert_eq!(li.to_offset(TEXT, mid, Encoding::Utf16), emoji);
        assert_eq!(rope_to_offset(&rope, mid, Encoding::Utf16), emoji);
        // Past the end of a line: its end (before the CRLF); past the last line: end.
        let far = LineCol { line: 0, col: 99 };
        assert_eq!(li.to_offset(TEXT, far, Encoding::Utf16), 3);
        assert_eq!(rope_to_offset(&rope, far, Encoding::Utf16), 3);
        let beyond = LineCol { line: 99, col: 0 };
        assert_eq!(li.to_offset(TEXT, beyond, Encoding::Utf8), TEXT.len());
        assert_eq!(rope_to_offset(&rope, beyond, Encoding::Utf8), TEXT.len());
        // U+2028 is not a line break.
        let z = TEXT.find('z').unwrap();
        assert_eq!(li.to_line_col(TEXT, z, Encoding::Utf32).line, 2);
        assert_eq!(rope_to_line_col(&rope, z, Encoding::Utf32).line, 2);
        // An offset inside a multi-byte char snaps back.
        assert_eq!(
            li.to_line_col(TEXT, emoji + 1, Encoding::Utf16),
            LineCol { line: 1, col: 0 }
        );
        assert_eq!(
            rope_to_line_col(&rope, emoji + 1, Encoding::Utf16),
            LineCol { line: 1, col: 0 }
        );
        // Offsets on the terminator map to the line's end.
        assert_eq!(
            li.to_line_col(TEXT, 4, Encoding::Utf8),
            LineCol { line: 0, col: 3 }
        );
        assert_eq!(
            rope_to_line_col(&rope, 4, Encoding::Utf8),
            LineCol { line: 0, col: 3 }
        );
    }
}
