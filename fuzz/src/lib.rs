//! Helpers shared by the fuzz targets.

pub mod invariants;

use arbitrary::Arbitrary;

/// Fragments of the grammar, so random edits build real structure (boundaries,
/// fields, bullets, line ends) far more often than random bytes would.
pub const TOKENS: &[&str] = &[
    "\n", "\r\n", "\r", " ", "\t", "  ", "    ", " Title\n", "____\n", "---\n", "===",
    "Author: Ada Lovelace\n", "Author\n", "Authors\n", "Speaker: ", "Speakers\n",
    "Description: ", "Abstract\n", "Bio: ", "Track: ", "Level: ", "Bio :", "bio",
    "Web, Beginner\n", "Testing, Intermediat\n", "Data, All\n", "by Ann and Bob (@bob)\n",
    "Talk by Jo & Li (https://x.y)\n", "Heading\n", "\t* point\n", "  - point\n",
    "    + deep\n", "* col0\n", "• dot\n", "  • dot\n", "1. one\n", "12) twelve\n",
    "// notelint: disable=missing-author\n", "// c\n", "\u{a0}\u{a0}\n", "é", "😀",
    "\u{2028}", "\u{85}", "\u{feff}", ":", ",", "\0", "TODO", "http://example.com",
];

#[derive(Debug, Arbitrary)]
pub enum Piece {
    Token(u8),
    Raw(String),
}

pub fn render(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Token(t) => s.push_str(TOKENS[*t as usize % TOKENS.len()]),
            Piece::Raw(r) => s.push_str(r),
        }
    }
    s
}

/// One edit: a byte range (taken modulo a little past the document's length,
/// so it is usually in range and sometimes past the end or inside a char) and
/// the replacement.
#[derive(Debug, Arbitrary)]
pub struct Edit {
    pub start: u16,
    pub len: u8,
    pub far: bool,
    pub text: Vec<Piece>,
}

#[derive(Debug, Arbitrary)]
pub struct Script {
    pub initial: Vec<Piece>,
    pub extra_label: bool,
    pub edits: Vec<Edit>,
}

impl Edit {
    pub fn range(&self, doc_len: usize) -> std::ops::Range<usize> {
        let a = self.start as usize % (doc_len + 3);
        let b = if self.far { a + self.len as usize * 64 } else { a + self.len as usize % 16 };
        a..b
    }
}
