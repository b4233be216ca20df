//! "No word lost": every word of the source appears in the output, in
//! order. `import` checks its own output with [`check_kept`] before it
//! writes anything.
//!
//! A *word* is a maximal run of characters that are alphanumeric (Unicode
//! `Alphabetic` or `Numeric`) or combining marks, compared in NFC (so `é`
//! typed as `e` + U+0301 is the word `é`). Everything else — whitespace,
//! bullet glyphs, punctuation, markup such as `#` or `>` — is not part of
//! a word, so an importer may add, drop or move it. The check is a
//! subsequence test: the output may hold more words (`Notes`, `Untitled`),
//! never fewer, and never in another order.

use super::model::{Block, Notes, SectionKind};
use std::borrow::Cow;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The first source word missing from the output (1-based line, and column
/// in characters, of the word in the source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    pub word: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Lost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: the word `{}` would be lost",
            self.line, self.column, self.word
        )
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// A word of a text: its byte offset, its text, and whether it is all
/// ASCII (then it is its own NFC and compares byte by byte).
#[derive(Clone, Copy)]
struct Word<'a> {
    at: usize,
    text: &'a str,
    ascii: bool,
}

/// The words of a text, scanned once. ASCII is decided byte by byte from
/// a table; only other characters are decoded (most notes are mostly
/// ASCII), and the scan notes whether a word needed any, so the
/// comparison can skip NFC for ASCII words without a second look.
struct Scan<'a> {
    text: &'a str,
    i: usize,
    two: &'static [bool; 0x780],
}

/// ASCII bytes that are word characters (letters and digits).
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Which characters of U+0080..U+07FF (two bytes in UTF-8: accented Latin,
/// Greek, Cyrillic, Hebrew, Arabic, the common combining marks) are word
/// characters, asked of [`is_word_char`] once: the Unicode tables' search
/// was most of the check's time on accented text.
fn two_byte_table() -> &'static [bool; 0x780] {
    static TABLE: std::sync::OnceLock<[bool; 0x780]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [false; 0x780];
        for (k, w) in t.iter_mut().enumerate() {
            *w = char::from_u32(0x80 + k as u32).is_some_and(is_word_char);
        }
        t
    })
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Scan<'a> {
        Scan {
            text,
            i: 0,
            two: two_byte_table(),
        }
    }

    /// Whether the non-ASCII character at byte `i` is a word character, and
    /// its length.
    #[inline]
    fn wide_at(&self, i: usize) -> (bool, usize) {
        let bytes = self.text.as_bytes();
        if let (Some(&b0 @ 0xC2..=0xDF), Some(&b1)) = (bytes.get(i), bytes.get(i + 1)) {
            let c = (usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F);
            return (
                self.two.get(c.wrapping_sub(0x80)).copied().unwrap_or(false),
                2,
            );
        }
        self.wide_slow(i)
    }

    #[cold]
    fn wide_slow(&self, i: usize) -> (bool, usize) {
        let c = self.text[i..].chars().next().unwrap_or(' ');
        (is_word_char(c), c.len_utf8())
    }
}

impl<'a> Iterator for Scan<'a> {
    type Item = Word<'a>;

    #[inline]
    fn next(&mut self) -> Option<Word<'a>> {
        let bytes = self.text.as_bytes();
        let mut i = self.i;
        // Skip to the start of a word.
        let start = loop {
            let &b = bytes.get(i)?;
            if b < 0x80 {
                if ASCII_WORD[b as usize] {
                    break i;
                }
                i += 1;
            } else {
                let (w, n) = self.wide_at(i);
                if w {
                    break i;
                }
                i += n;
            }
        };
        let mut ascii = true;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if !ASCII_WORD[b as usize] {
                    break;
                }
                i += 1;
            } else {
                let (w, n) = self.wide_at(i);
                if !w {
                    break;
                }
                ascii = false;
                i += n;
            }
        }
        self.i = i;
        Some(Word {
            at: start,
            text: &self.text[start..i],
            ascii,
        })
    }
}

/// The words of `text` with their byte offsets.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    Scan::new(text).map(|w| (w.at, w.text))
}

/// A word in NFC: borrowed when it already is (ASCII always is; the quick
/// check answers for almost every other word without composing it).
fn nfc(w: &str) -> Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if w.is_ascii() || is_nfc_quick(w.chars()) == IsNormalized::Yes {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.nfc().collect())
    }
}

/// Whether two words are the same word: byte for byte when both are ASCII
/// (their own NFC), else compared in NFC (a non-ASCII character may
/// compose to an ASCII one: the Kelvin sign is `K`).
#[inline]
fn same(a: Word<'_>, b: Word<'_>) -> bool {
    if a.ascii && b.ascii {
        a.text == b.text
    } else {
        nfc(a.text) == nfc(b.text)
    }
}

/// Check that every word of `source` appears in `output` in order.
pub fn check_kept(source: &str, output: &str) -> Result<(), Lost> {
    let mut out = Scan::new(output);
    'src: for w in Scan::new(source) {
        for o in out.by_ref() {
            if same(w, o) {
                continue 'src;
            }
        }
        let at = w.at;
        let before = &source[..at];
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = 1 + before.matches('\n').count() + before.matches('\r').count()
            - before.matches("\r\n").count();
        return Err(Lost {
            word: nfc(w.text).into_owned(),
            line,
            column: source[line_start..at].chars().count() + 1,
        });
    }
    Ok(())
}

/// The model's text in the order the renderer writes it (a line per
/// piece): what a structured export's fields said, for [`check_kept`]
/// against the rendered output.
pub fn model_text(notes: &Notes) -> String {
    let mut s = String::new();
    let mut push = |t: &str| {
        s.push_str(t);
        s.push('\n');
    };
    let block = |b: &Block| match b {
        Block::Para(t) => t.clone(),
        Block::Item { text, .. } => text.clone(),
    };
    for b in &notes.preamble {
        push(&block(b));
    }
    for t in &notes.talks {
        push(&t.title);
        if let Some(p) = &t.speaker_prefix {
            push(p);
        }
        for sp in &t.speakers {
            push(&sp.name);
            if let Some(h) = &sp.handle {
                push(h);
            }
        }
        for x in [&t.track, &t.level].into_iter().flatten() {
            push(x);
        }
        for sec in &t.sections {
            // A field's label is structure (written in its canonical
            // spelling); a heading's text is the source's words.
            if let SectionKind::Heading(h) = &sec.kind {
                push(h);
            }
            for b in &sec.blocks {
                push(&block(b));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_alphanumeric_runs() {
        let w: Vec<&str> = words("• Ref-counts: 3 (of 4)… naïve\u{301}")
            .map(|x| x.1)
            .collect();
        assert_eq!(w, ["Ref", "counts", "3", "of", "4", "naïve\u{301}"]);
    }

    #[test]
    fn subsequence_with_glyphs_aside() {
        assert!(check_kept("* one\n  - two", " one\n\t- two extra").is_ok());
        // NFC: a decomposed é matches a composed one.
        assert!(check_kept("cafe\u{301}", "café").is_ok());
        let e = check_kept("alpha\nbeta gamma", "alpha gamma").unwrap_err();
        assert_eq!((e.word.as_str(), e.line, e.column), ("beta", 2, 1));
        // Order matters.
        let e = check_kept("a b", "b a").unwrap_err();
        assert_eq!(e.word, "b");
        // CRLF and lone CR count as one line end each.
        let e = check_kept("x\r\ny\rzz", "x y").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
    }

    /// ASCII words compare byte for byte; a non-ASCII word still in NFC,
    /// even when its NFC is ASCII (the Kelvin sign is `K`).
    #[test]
    fn ascii_and_wide_words_compare_in_nfc() {
        assert!(check_kept("K", "\u{212A}").is_ok());
        assert!(check_kept("\u{212A}elvin", "Kelvin").is_ok());
        assert!(check_kept("Zu\u{308}rich x", "Zürich x").is_ok());
        let e = check_kept("Zürich", "Zurich").unwrap_err();
        assert_eq!(e.word, "Zürich");
        // Two-byte characters from the table: Greek, Cyrillic, a combining
        // mark are word characters; `×` and a no-break space are not.
        let w: Vec<&str> = words("αβ×γ\u{a0}жё e\u{301}").map(|x| x.1).collect();
        assert_eq!(w, ["αβ", "γ", "жё", "e\u{301}"]);
        let e = check_kept("ab abc", "abc ab").unwrap_err();
        assert_eq!((e.word.as_str(), e.column), ("abc", 4));
    }
}
