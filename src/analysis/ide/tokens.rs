//! Semantic tokens, for editors without the TextMate grammar (Neovim,
//! Helix) and to refine it in VS Code.
//!
//! The legend uses the LSP's standard token types only: clients and themes
//! colour those out of the box (Neovim links `@lsp.type.class` and the
//! others to highlight groups, VS Code themes map them to scopes), while a
//! custom type such as `title` changes nothing a user sees unless every
//! client is configured for it.

use super::seg_text;
use crate::syntax::{ContentKind, Document, SectionKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Title,
    Speaker,
    Label,
    Meta,
    Heading,
    Bullet,
    Comment,
    Url,
}

/// Legend order: the LSP layer sends `kind as u32` as the token type index.
/// Standard LSP token types, one per [`TokenKind`] in its order: a title is
/// a `class`, a speaker a `parameter`, a field label a `keyword`, the
/// track and level `enumMember`s, an outline heading a `namespace`, a
/// bullet an `operator`, a comment a `comment`, a URL a `string`.
pub const TOKEN_KINDS: [&str; 8] = [
    "class",
    "parameter",
    "keyword",
    "enumMember",
    "namespace",
    "operator",
    "comment",
    "string",
];

/// A token on one line: absolute byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

/// Every token of the document, sorted, never overlapping, each on one line.
pub fn semantic_tokens(doc: &Document) -> Vec<Token> {
    semantic_tokens_in(doc, 0..doc.len())
}

/// The tokens that overlap `bytes` (an editor's visible lines): only the
/// talks there are read, so a screenful of a big note costs a screenful.
pub fn semantic_tokens_in(doc: &Document, bytes: std::ops::Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    let overlaps = |a: usize, b: usize| a < bytes.end && bytes.start < b;
    for p in doc.segments() {
        let r = p.range();
        // A segment's tokens lie inside it.
        if !overlaps(r.start, r.end) {
            continue;
        }
        let text = seg_text(doc, p);
        let seg = &p.seg;
        let base = p.start;
        let mut push = |r: std::ops::Range<usize>, kind| {
            if r.start < r.end {
                out.push(Token {
                    start: base + r.start,
                    end: base + r.end,
                    kind,
                });
            }
        };
        if let Some(t) = seg.head.title {
            push(t.range(), TokenKind::Title);
        }
        for s in &seg.speakers {
            push(s.name.range(), TokenKind::Speaker);
            if let Some(l) = s.link {
                push(l.range(), TokenKind::Url);
            }
        }
        if let Some(m) = &seg.head.meta {
            push(m.track.range(), TokenKind::Meta);
            push(m.level.range(), TokenKind::Meta);
        }
        for c in seg.comments() {
            push(c.range(), TokenKind::Comment);
        }
        for s in &seg.sections {
            match s.kind {
                SectionKind::Field { .. } => push(s.name.range(), TokenKind::Label),
                SectionKind::Heading => push(s.name.range(), TokenKind::Heading),
            }
            for sp in s.inline.iter() {
                urls(&text, sp.range(), &mut push);
            }
            for c in seg.content(s) {
                if let ContentKind::Bullet(_) = c.kind {
                    let line = c.line.text(&text);
                    let indent = line.len() - line.trim_start().len();
                    let mark_len = line[indent..].find(char::is_whitespace).unwrap_or(0);
                    let at = c.line.start as usize + indent;
                    push(at..at + mark_len, TokenKind::Bullet);
                }
                urls(&text, c.text.range(), &mut push);
            }
        }
    }
    out.sort_by_key(|t| (t.start, t.end));
    // Drop overlaps (a speaker link inside a field's content, say).
    let mut last_end = 0;
    out.retain(|t| {
        let keep = t.start >= last_end;
        if keep {
            last_end = t.end;
        }
        keep
    });
    out.retain(|t| overlaps(t.start, t.end));
    out
}

/// URLs (`http://`, `https://`) in `text[range]`, up to whitespace or a
/// closing bracket.
fn urls(
    text: &str,
    range: std::ops::Range<usize>,
    push: &mut impl FnMut(std::ops::Range<usize>, TokenKind),
) {
    let Some(s) = text.get(range.clone()) else {
        return;
    };
    let mut from = 0;
    while let Some(i) = s[from..].find("http") {
        let at = from + i;
        let rest = &s[at..];
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let len = rest
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"'))
                .unwrap_or(rest.len());
            push(range.start + at..range.start + at + len, TokenKind::Url);
            from = at + len.max(1);
        } else {
            from = at + 4;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ParseOptions;

    #[test]
    fn kinds_in_order() {
        let t = "// c\n Title\nby Ada (@a)\nNotes\n\t* see https://x.org now\n";
        let doc = Document::new(t, ParseOptions::default());
        let got: Vec<(&str, TokenKind)> = semantic_tokens(&doc)
            .iter()
            .map(|k| (&t[k.start..k.end], k.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("// c", TokenKind::Comment),
                ("Title", TokenKind::Title),
                ("Ada", TokenKind::Speaker),
                ("Notes", TokenKind::Heading),
                ("*", TokenKind::Bullet),
                ("https://x.org", TokenKind::Url),
            ]
        );
    }

    /// A range gets exactly the full list's tokens that overlap it.
    #[test]
    fn a_range_is_the_full_lists_overlapping_tokens() {
        let t = " One\nby Ada\nNotes\n\t* https://x.org\n___\n Two\nby Bob (@b)\nNotes\n\t* y\n";
        let doc = Document::new(t, ParseOptions::default());
        let all = semantic_tokens(&doc);
        for a in 0..=t.len() {
            for b in a..=t.len() {
                let want: Vec<Token> = (all.iter())
                    .filter(|k| k.start < b && a < k.end)
                    .copied()
                    .collect();
                assert_eq!(semantic_tokens_in(&doc, a..b), want, "{a}..{b}");
            }
        }
        assert_eq!(semantic_tokens_in(&doc, 0..t.len()), all);
    }
}
