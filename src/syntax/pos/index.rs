//! [`LineIndex`]: the line starts of a string, found once.

use super::{col_to_bytes, strip_terminator, Cursor, Encoding, LineCol, StrLines};

/// Line starts of a string, for the CLI and tests.
///
/// Held as `u32` where the text allows, in half the memory (the CLI
/// indexes every file with findings: ten million lines on a 100 MB
/// corpus), and found a word of bytes at a time (see [`line_starts`]).
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
            line_starts(b, |s| v.push(s as u32));
            Starts::Narrow(v)
        } else {
            let mut v = Vec::new();
            line_starts(b, |s| v.push(s));
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
        Cursor::new(StrLines::indexed(text, self), enc).pos(offset)
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
fn line_starts(b: &[u8], mut push: impl FnMut(usize)) {
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
