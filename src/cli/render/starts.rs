//! Where each line of a text starts, as `syntax::pos::LineIndex` finds
//! them (lines end at `\n`, `\r\n` or `\r`), for the renderers. Built a
//! word of bytes at a time instead of with a `memchr2` call per line (the
//! corpus' lines average ten bytes, so the calls cost more than the
//! search), and held as `u32` where the text allows, in half the memory:
//! the renderers index every file with findings, ten million lines on the
//! 100 MB benchmark corpus.

pub struct Starts {
    starts: Store,
    len: usize,
}

enum Store {
    Narrow(Vec<u32>),
    /// A text of 4 GiB or more.
    Wide(Vec<usize>),
}

impl Starts {
    pub fn new(text: &str) -> Starts {
        let b = text.as_bytes();
        let starts = if u32::try_from(b.len()).is_ok() {
            let mut v = Vec::new();
            // Every start is at most the length, which fits.
            scan(b, |s| v.push(s as u32));
            Store::Narrow(v)
        } else {
            let mut v = Vec::new();
            scan(b, |s| v.push(s));
            Store::Wide(v)
        };
        Starts {
            starts,
            len: b.len(),
        }
    }

    /// Number of lines (a text ending in a terminator has an empty last line).
    pub fn line_count(&self) -> usize {
        match &self.starts {
            Store::Narrow(v) => v.len(),
            Store::Wide(v) => v.len(),
        }
    }

    /// Where line `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        match &self.starts {
            Store::Narrow(v) => v.get(line).map(|&s| s as usize),
            Store::Wide(v) => v.get(line).copied(),
        }
        .unwrap_or(self.len)
    }

    /// The zero-based line containing `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let o = offset.min(self.len);
        let after = match &self.starts {
            Store::Narrow(v) => v.partition_point(|&s| s as usize <= o),
            Store::Wide(v) => v.partition_point(|&s| s <= o),
        };
        after.saturating_sub(1)
    }
}

/// Call `push` with every line start, 0 first. The text is read eight
/// bytes at a time, each word tested for `\n` and `\r` bytes with a few
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::pos::LineIndex;
    use proptest::prelude::*;

    fn same(text: &str) {
        let ours = Starts::new(text);
        let theirs = LineIndex::new(text);
        assert_eq!(ours.line_count(), theirs.line_count(), "{text:?}");
        for line in 0..=theirs.line_count() + 1 {
            assert_eq!(
                ours.line_start(line),
                theirs.line_start(line),
                "{text:?} {line}"
            );
        }
        for o in 0..=text.len() + 2 {
            assert_eq!(ours.line_of(o), theirs.line_of(o), "{text:?} {o}");
        }
    }

    #[test]
    fn as_line_index() {
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
        ] {
            same(t);
        }
        // Terminators across the 64-byte blocks.
        for n in [6, 7, 8, 62, 63, 64, 127, 128] {
            for end in ["\r", "\n", "\r\n", "\r\r", "\n\r", "\r\nx\r"] {
                same(&("x".repeat(n) + end));
                same(&("\r".repeat(n) + end + "\n"));
            }
        }
    }

    proptest! {
        #[test]
        fn as_line_index_on_any_text(t in "[a\\r\\n\\t é\\u{b}\\u{c}]{0,200}") {
            same(&t);
        }
    }
}
