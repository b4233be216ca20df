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

/// A line without its terminator (`\n`, `\r\n` or `\r`).
pub fn strip_terminator(s: &str) -> &str {
    s.strip_suffix("\r\n")
        .or_else(|| s.strip_suffix('\n'))
        .or_else(|| s.strip_suffix('\r'))
        .unwrap_or(s)
}

/// Line starts of a string, for the CLI and tests.
///
/// Held as `u32` where the text allows, in half the memory (the CLI
/// indexes every file with findings: ten million lines on a 100 MB
/// corpus), and found a word of bytes at a time (see [`scan`]).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Starts,
    len: usize,
}

#[derive(Debug, Clone)]
enum Starts {
    Narrow(Vec<u32>),
    /// A text of 4 GiB or more.
    Wide(Vec<usize>),
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let b = text.as_bytes();
        let starts = if u32::try_from(b.len()).is_ok() {
            let mut v = Vec::new();
            // Every start is at most the length, which fits.
            scan(b, |s| v.push(s as u32));
            Starts::Narrow(v)
        } else {
            let mut v = Vec::new();
            scan(b, |s| v.push(s));
            Starts::Wide(v)
        };
        LineIndex {
            starts,
            len: text.len(),
        }
    }
    /// Number of lines (a text ending in a terminator has an empty last line).
    pub fn line_count(&self) -> usize {
        match &self.starts {
            Starts::Narrow(v) => v.len(),
            Starts::Wide(v) => v.len(),
        }
    }
    /// Where line `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        match &self.starts {
            Starts::Narrow(v) => v.get(line).map(|&s| s as usize),
            Starts::Wide(v) => v.get(line).copied(),
        }
        .unwrap_or(self.len)
    }
    /// The zero-based line containing `offset` (clamped).
    pub fn line_of(&self, offset: usize) -> usize {
        let o = offset.min(self.len);
        let after = match &self.starts {
            Starts::Narrow(v) => v.partition_point(|&s| s as usize <= o),
            Starts::Wide(v) => v.partition_point(|&s| s <= o),
        };
        after.saturating_sub(1)
    }
    fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let s = self.line_start(line);
        let e = self.line_start(line + 1);
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
        if line >= self.line_count() {
            return text.len();
        }
        self.line_start(line) + col_to_bytes(self.line_text(text, line), pos.col as usize, enc)
    }
}

/// Call `push` with every line start, 0 first. The text is read eight
/// bytes at a time (a `memchr2` call per line costs more than the search
/// when lines average ten bytes), each word tested for `\n` and `\r` bytes with a few
/// integer operations (most words have neither), so a line costs a few
/// instructions more than its bytes.
fn scan(b: &[u8], mut push: impl FnMut(usize)) {
    push(0);
    let mut words = b.chunks_exact(8);
    let mut base = 0;
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        ends(b, base, 8, u64::from_le_bytes(word), &mut push);
        base += 8;
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        // Zeros after the end are neither `\n` nor `\r`.
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        ends(b, base, rest.len(), u64::from_le_bytes(word), &mut push);
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of each byte of `w` that equals `c`, exactly (no carry
/// crosses a byte: `(v & 0x7f) + 0x7f` is at most 0xfe).
fn bytes_equal(w: u64, c: u8) -> u64 {
    let v = w ^ (ONES * u64::from(c));
    !(((v & LOW7) + LOW7) | v) & !LOW7
}

/// Push the line starts after the terminators in the word of `len` bytes
/// at `base`.
fn ends(b: &[u8], base: usize, len: usize, w: u64, push: &mut impl FnMut(usize)) {
    let lf = bytes_equal(w, b'\n');
    let cr = bytes_equal(w, b'\r');
    let mut ends = lf;
    if cr != 0 {
        // A `\r` ends a line unless a `\n` follows (then that does), the
        // next byte perhaps in the next word.
        let next = u64::from(b.get(base + len) == Some(&b'\n')) << (8 * len - 1);
        ends |= cr & !((lf >> 8) | next);
    }
    while ends != 0 {
        push(base + ends.trailing_zeros() as usize / 8 + 1);
        ends &= ends - 1;
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

    /// The index finds the lines the rope finds (the rope is the reference:
    /// `\n`, `\r\n` and `\r` end lines, nothing else does).
    fn same_lines_as_the_rope(text: &str) {
        let li = LineIndex::new(text);
        let rope = Rope::from_str(text);
        assert_eq!(li.line_count(), rope.len_lines(), "{text:?}");
        for line in 0..li.line_count() {
            assert_eq!(
                li.line_start(line),
                rope.line_to_byte(line),
                "{text:?} {line}"
            );
        }
        assert_eq!(li.line_start(li.line_count()), text.len());
        for o in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(li.line_of(o), rope.byte_to_line(o), "{text:?} {o}");
        }
        assert_eq!(li.line_of(text.len() + 2), rope.byte_to_line(text.len()));
    }

    #[test]
    fn line_starts_at_word_edges() {
        for t in [
            "",
            "a",
            "\n",
            "\r",
            "\r\n",
            "\n\r",
            "\r\r\n\n",
            "a\nb\r\nc\rd",
            "é\r\n\u{b}\u{c}x\r",
            TEXT,
        ] {
            same_lines_as_the_rope(t);
        }
        // Terminators across the 8-byte words the scan reads.
        for n in [6, 7, 8, 9, 15, 16, 62, 63, 64, 127, 128] {
            for end in ["\r", "\n", "\r\n", "\r\r", "\n\r", "\r\nx\r"] {
                same_lines_as_the_rope(&("x".repeat(n) + end));
                same_lines_as_the_rope(&("\r".repeat(n) + end + "\n"));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn line_starts_on_any_text(t in "[a\\r\\n\\t é\\u{b}\\u{c}\\u{2028}]{0,200}") {
            same_lines_as_the_rope(&t);
        }
    }

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
