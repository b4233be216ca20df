//! Byte offsets ⇄ LSP positions (in the negotiated encoding), and lint
//! diagnostics → LSP diagnostics.

use crate::analysis::ide::catalog::{Loc, Pos};
use crate::lint::{Diagnostic, Severity};
use crate::syntax::pos::{rope_to_line_col, rope_to_offset, Encoding, LineCol};
use ropey::Rope;
use std::ops::Range;
use std::str::FromStr;
use tower_lsp_server::ls_types as lsp;

pub const RULES_URL: &str = "https://github.com/notelint/notelint/blob/main/docs/rules.md#";

pub fn pos(rope: &Rope, offset: usize, enc: Encoding) -> lsp::Position {
    lc_to_pos(rope_to_line_col(rope, offset, enc))
}

pub fn lc_to_pos(lc: LineCol) -> lsp::Position {
    lsp::Position {
        line: lc.line,
        character: lc.col,
    }
}

/// Many conversions on one rope, mostly in increasing order (diagnostics,
/// symbols, tokens): the current line is kept, with a column cursor, so
/// each conversion is a few byte comparisons instead of two tree descents,
/// and a long line is walked once, not once per position on it.
pub struct Conv<'a> {
    rope: &'a Rope,
    enc: Encoding,
    line: u32,
    start: usize,
    /// The line's text including its terminator; `content` bytes of it are text.
    text: String,
    content: usize,
    loaded: bool,
    /// Column cursor: byte `rel` of the line is column `col`.
    rel: usize,
    col: u32,
}

/// How far past the current line a position may be and still be reached by
/// walking lines rather than seeking.
const WALK: usize = 4096;

impl<'a> Conv<'a> {
    pub fn new(rope: &'a Rope, enc: Encoding) -> Conv<'a> {
        Conv {
            rope,
            enc,
            line: 0,
            start: 0,
            text: String::new(),
            content: 0,
            loaded: false,
            rel: 0,
            col: 0,
        }
    }

    fn load(&mut self, line: ropey::RopeSlice<'_>) {
        self.text.clear();
        for chunk in line.chunks() {
            self.text.push_str(chunk);
        }
        self.loaded_text();
    }

    /// `text` holds a new current line: find its content and reset the cursor.
    fn loaded_text(&mut self) {
        let t = self.text.as_bytes();
        let term = if t.ends_with(b"\r\n") {
            2
        } else if t.ends_with(b"\n") || t.ends_with(b"\r") {
            1
        } else {
            0
        };
        self.content = t.len() - term;
        self.loaded = true;
        self.rel = 0;
        self.col = 0;
    }

    fn holds(&self, offset: usize) -> bool {
        let end = self.start + self.text.len();
        // The end of a line without terminator (the document's end) is on it;
        // after a terminator it is the next line.
        self.loaded
            && self.start <= offset
            && (offset < end || (offset == end && self.content == self.text.len()))
    }

    /// Make the line holding `offset` current.
    fn seek(&mut self, offset: usize) {
        let end = self.start + self.text.len();
        if self.loaded && offset >= end && offset - end < WALK && self.walk(offset) {
            return;
        }
        let line = self.rope.byte_to_line(offset);
        self.line = line as u32;
        self.start = self.rope.line_to_byte(line);
        self.load(self.rope.line(line));
    }

    /// Move forward line by line from the end of the current line to the
    /// line holding `offset`, reading the rope's chunks once (no tree
    /// descent per line). Lines end at `\n`, `\r\n` or a lone `\r`, as in
    /// the rope. Returns false, changing nothing, when the line is not
    /// within [`WALK`] bytes.
    fn walk(&mut self, offset: usize) -> bool {
        let end = self.start + self.text.len();
        let (chunks, mut chunk_at, _, _) = self.rope.chunks_at_byte(end);
        let mut text = Vec::new();
        let mut line = self.line + 1;
        let mut start = end;
        let mut cr = false;
        // Called when the line being read ends at `stop`: done when it holds
        // `offset`, else the next line starts there.
        let mut found = None;
        'chunks: for chunk in chunks {
            let bytes = chunk.as_bytes();
            for (k, &c) in bytes.iter().enumerate().skip(end.saturating_sub(chunk_at)) {
                let at = chunk_at + k;
                if cr && c != b'\n' {
                    // A lone `\r` ended the line before this byte.
                    if offset < at + 1 {
                        found = Some((line, start));
                        break 'chunks;
                    }
                    line += 1;
                    start = at;
                    text.clear();
                }
                cr = c == b'\r';
                if start - end > WALK {
                    return false;
                }
                text.push(c);
                if c == b'\n' {
                    if offset < at + 1 {
                        found = Some((line, start));
                        break 'chunks;
                    }
                    line += 1;
                    start = at + 1;
                    text.clear();
                }
            }
            chunk_at += bytes.len();
        }
        let len = self.rope.len_bytes();
        let (line, start) = match found {
            Some(f) => f,
            // The rope ended with a lone `\r`: an empty last line follows.
            None if cr && offset >= len => {
                text.clear();
                (line + 1, len)
            }
            // The last line, without terminator, holds the end.
            None => (line, start),
        };
        let Ok(t) = String::from_utf8(text) else {
            return false;
        };
        self.line = line;
        self.start = start;
        self.text = t;
        self.loaded_text();
        self.holds(offset)
    }

    pub fn pos(&mut self, offset: usize) -> lsp::Position {
        let offset = offset.min(self.rope.len_bytes());
        if !self.holds(offset) {
            self.seek(offset);
        }
        let mut rel = (offset - self.start).min(self.content);
        while !self.text.is_char_boundary(rel) {
            rel -= 1;
        }
        if rel < self.rel {
            self.rel = 0;
            self.col = 0;
        }
        let piece = &self.text[self.rel..rel];
        self.col += match self.enc {
            Encoding::Utf8 => piece.len(),
            Encoding::Utf16 => piece.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => piece.chars().count(),
        } as u32;
        self.rel = rel;
        lsp::Position {
            line: self.line,
            character: self.col,
        }
    }

    pub fn range(&mut self, r: &Range<usize>) -> lsp::Range {
        lsp::Range {
            start: self.pos(r.start),
            end: self.pos(r.end.max(r.start)),
        }
    }
}

pub fn range(rope: &Rope, r: &Range<usize>, enc: Encoding) -> lsp::Range {
    lsp::Range {
        start: pos(rope, r.start, enc),
        end: pos(rope, r.end.max(r.start), enc),
    }
}

/// Clamped: a position past a line's end is its end, past the last line the
/// document's end, inside a surrogate pair the character's start.
pub fn offset(rope: &Rope, p: lsp::Position, enc: Encoding) -> usize {
    rope_to_offset(
        rope,
        LineCol {
            line: p.line,
            col: p.character,
        },
        enc,
    )
}

pub fn byte_range(rope: &Rope, r: lsp::Range, enc: Encoding) -> Range<usize> {
    let a = offset(rope, r.start, enc);
    let b = offset(rope, r.end, enc);
    a.min(b)..a.max(b)
}

/// A place the editor's catalog gives, in the negotiated encoding. (The
/// server negotiates UTF-8 or UTF-16 only, the two columns a [`Pos`]
/// keeps.)
pub fn loc_range(l: &Loc, enc: Encoding) -> lsp::Range {
    let pos = |p: Pos| lsp::Position {
        line: p.line,
        character: match enc {
            Encoding::Utf8 => p.col,
            Encoding::Utf16 | Encoding::Utf32 => p.col_utf16,
        },
    };
    lsp::Range {
        start: pos(l.start),
        end: pos(l.end),
    }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// Resolves a range in another file (by index key) to a location there.
pub type RelatedLoc<'a> = &'a dyn Fn(&str, &Range<usize>) -> Option<(lsp::Uri, lsp::Range)>;

/// `related_loc` resolves a related range in another file (by its index
/// key) to a range there, when it can.
pub fn diagnostic(
    conv: &mut Conv,
    uri: &lsp::Uri,
    d: &Diagnostic,
    related_loc: RelatedLoc<'_>,
) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let (u, range) = match &r.file {
                None => (uri.clone(), conv.range(&r.range)),
                Some(f) => related_loc(f, &r.range)?,
            };
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri: u, range },
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: conv.range(&d.range),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: lsp::Uri::from_str(&format!("{RULES_URL}{}", d.name))
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("notelint".to_string()),
        message: d.message.to_string(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

pub fn text_edit(rope: &Rope, e: &crate::lint::TextEdit, enc: Encoding) -> lsp::TextEdit {
    lsp::TextEdit {
        range: range(rope, &e.range, enc),
        new_text: e.replacement.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conv_agrees_with_rope_conversions() {
        for text in [
            "a\tb\r\n😀x\re\u{301}\u{2028}z\n\nlast 𝄞 line",
            "x\n",
            "\r\n\r",
            "",
            "é\r\n",
        ] {
            let rope = Rope::from_str(text);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let mut c = Conv::new(&rope, enc);
                // In order, backwards, and at every byte (inside characters too).
                let offsets: Vec<usize> =
                    (0..=text.len() + 2).chain((0..=text.len()).rev()).collect();
                for o in offsets {
                    assert_eq!(
                        c.pos(o),
                        pos(&rope, o, enc),
                        "offset {o} {enc:?} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn conv_walks_across_chunks_and_line_ends() {
        // Long texts (many rope chunks) of mixed line ends and wide
        // characters, visited in increasing order with jumps of every size
        // (walked or sought) and sometimes backwards.
        let pieces = [
            "a", "\n", "\r\n", "\r", "😀", "é", "\t", "xyz", "\r\r", "\n\n",
        ];
        let mut seed = 0x2545_f491_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..20 {
            let mut text = String::new();
            while text.len() < 3000 + round * 500 {
                text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let rope = Rope::from_str(&text);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let mut c = Conv::new(&rope, enc);
                let mut o = 0usize;
                while o <= text.len() + 1 {
                    assert_eq!(c.pos(o), pos(&rope, o, enc), "offset {o} round {round}");
                    o += match next() % 10 {
                        0 => 6000,
                        1..=3 => (next() % 200) as usize,
                        _ => (next() % 8) as usize,
                    };
                    if next() % 17 == 0 {
                        o = o.saturating_sub(300);
                    }
                }
                assert_eq!(c.pos(text.len()), pos(&rope, text.len(), enc));
            }
        }
    }
}
