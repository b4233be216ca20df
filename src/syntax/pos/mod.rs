//! Position conversions: byte offsets ⇄ (line, column) in UTF-8, UTF-16 or
//! UTF-32 (chars). Lines end at `\n`, `\r\n` or `\r` only. Every conversion
//! clamps out-of-range input (past the end, inside a character or a surrogate
//! pair) instead of failing.

mod cursor;
mod index;

pub use cursor::{Cursor, Line, Source, StrLines};
pub use index::LineIndex;

use ropey::Rope;
use std::borrow::Cow;

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

/// The width in `enc` of `piece`, whole characters of one line. Every
/// column count goes through here. A character has one leading
/// (non-continuation) byte, and those of four bytes are two UTF-16 units.
pub fn units(piece: &[u8], enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => piece.len(),
        _ if piece.is_ascii() => piece.len(),
        Encoding::Utf16 => piece
            .iter()
            .map(|&b| usize::from(!is_continuation(b)) + usize::from(b >= 0xF0))
            .sum(),
        Encoding::Utf32 => piece.iter().filter(|&&b| !is_continuation(b)).count(),
    }
}

pub(crate) fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Byte length of the longest prefix of `line` whose width in `enc` is at
/// most `col` (so a column inside a character or surrogate pair snaps back to
/// the character's start, and a column past the end snaps to the end).
pub(crate) fn col_to_bytes(line: &str, col: usize, enc: Encoding) -> usize {
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

/// Byte offset → (line, column) on a rope.
pub fn rope_to_line_col(rope: &Rope, offset: usize, enc: Encoding) -> LineCol {
    Cursor::new(rope, enc).pos(offset)
}

/// (line, column) → byte offset on a rope, clamped.
pub fn rope_to_offset(rope: &Rope, pos: LineCol, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let slice = rope.line(line);
    let text: Cow<'_, str> = match slice.as_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(slice.to_string()),
    };
    rope.line_to_byte(line) + col_to_bytes(strip_terminator(&text), pos.col as usize, enc)
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

    #[test]
    fn offsets_inside_a_terminator_or_a_character_are_taken_back() {
        let text = "a\r\n😀b\rc";
        let mut c = Cursor::new(StrLines::scanned(text), Encoding::Utf16);
        // As if the text started on line 10.
        let mut w = |o| {
            let lc = c.pos(o);
            (lc.line + 10, lc.col)
        };
        assert_eq!(w(2), (10, 1)); // between `\r` and `\n`
        assert_eq!(w(3), (11, 0));
        assert_eq!(w(5), (11, 0)); // inside 😀
        assert_eq!(w(7), (11, 2));
        assert_eq!(w(9), (12, 0)); // after a lone `\r`
        assert_eq!(w(1), (10, 1)); // backwards: from the start again
        assert_eq!(w(99), (12, 1));
    }

    /// The reference: every character from the text's start, one at a
    /// time, with std's own widths.
    fn naive(text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut o = offset.min(text.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        let (mut line, mut col) = (0, 0);
        for (i, ch) in text[..o].char_indices() {
            match ch {
                // The `\r` of a `\r\n`: the line ends at its `\n`.
                '\r' if text[i + 1..].starts_with('\n') => {}
                '\n' | '\r' => {
                    line += 1;
                    col = 0;
                }
                c => {
                    col += match enc {
                        Encoding::Utf8 => c.len_utf8(),
                        Encoding::Utf16 => c.len_utf16(),
                        Encoding::Utf32 => 1,
                    }
                }
            }
        }
        LineCol {
            line,
            col: col as u32,
        }
    }

    /// Every cursor (on a rope, on a string with its line index, on a
    /// string scanned) agrees with the reference on `offsets`, in order.
    fn cursors_agree(text: &str, offsets: &[usize]) {
        let rope = Rope::from_str(text);
        let index = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let mut on_rope = Cursor::new(&rope, enc);
            let mut indexed = Cursor::new(StrLines::indexed(text, &index), enc);
            let mut scanned = Cursor::new(StrLines::scanned(text), enc);
            for &o in offsets {
                let want = naive(text, o, enc);
                assert_eq!(on_rope.pos(o), want, "rope {enc:?} {o} {text:?}");
                assert_eq!(indexed.pos(o), want, "indexed {enc:?} {o} {text:?}");
                assert_eq!(scanned.pos(o), want, "scanned {enc:?} {o} {text:?}");
                assert_eq!(rope_to_line_col(&rope, o, enc), want);
                assert_eq!(index.to_line_col(text, o, enc), want);
            }
        }
    }

    /// Texts of tabs, CRLF, lone CR, emoji (surrogate pairs), combining
    /// marks and U+2028 (not a line break); long enough, with few line
    /// ends, for a rope of many chunks and jumps past the forward scan.
    fn text_and_offsets(
        max: usize,
    ) -> impl proptest::strategy::Strategy<Value = (String, Vec<usize>)> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("a"),
            Just("xyz "),
            Just("\t"),
            Just("\n"),
            Just("\r\n"),
            Just("\r"),
            Just("😀"),
            Just("e\u{301}"),
            Just("é"),
            Just("\u{2028}"),
            Just("𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞"),
            Just("long line of plain ascii words, long line of plain ascii words"),
        ];
        proptest::collection::vec(piece, 0..max).prop_flat_map(|pieces| {
            let text: String = pieces.concat();
            let n = text.len() + 3;
            (Just(text), proptest::collection::vec(0..n, 0..120))
        })
    }

    proptest::proptest! {
        #[test]
        fn cursor_agrees_with_the_reference_ascending((text, mut offsets) in text_and_offsets(400)) {
            offsets.sort_unstable();
            cursors_agree(&text, &offsets);
        }

        #[test]
        fn cursor_agrees_with_the_reference_unordered((text, offsets) in text_and_offsets(400)) {
            cursors_agree(&text, &offsets);
        }
    }
}
