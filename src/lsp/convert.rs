//! Byte offsets ⇄ LSP positions (in the negotiated encoding), and small
//! values (edits, hovers, completions) → LSP values. (Diagnostics are
//! converted in `wire::diagnostic`, the one place for them.)

use crate::analysis::ide;
use crate::analysis::ide::catalog::{Loc, Pos, WsSymbol};
use crate::lint::Severity;
use crate::syntax::pos::{rope_to_line_col, rope_to_offset, Cursor, Encoding, LineCol};
use ropey::Rope;
use std::ops::Range;
use std::str::FromStr;
use tower_lsp_server::ls_types as lsp;

/// The rule documentation (one base for every front end).
pub const RULES_URL: &str = crate::lint::docs::DOCS_URL;

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
/// tokens, links): `syntax::pos::Cursor`, answering in LSP positions.
pub struct Conv<'a>(Cursor<'a, &'a Rope>);

impl<'a> Conv<'a> {
    pub fn new(rope: &'a Rope, enc: Encoding) -> Conv<'a> {
        Conv(Cursor::new(rope, enc))
    }

    pub fn pos(&mut self, offset: usize) -> lsp::Position {
        lc_to_pos(self.0.pos(offset))
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

pub fn text_edit(rope: &Rope, e: &crate::lint::TextEdit, enc: Encoding) -> lsp::TextEdit {
    lsp::TextEdit {
        range: range(rope, &e.range, enc),
        new_text: e.replacement.clone(),
    }
}

/// Many edits on one rope (formatting, fix-all: a big note has tens of
/// thousands, in document order), converted with one [`Conv`] walking
/// forward instead of a rope lookup per position.
pub fn text_edits(
    rope: &Rope,
    edits: &[crate::lint::TextEdit],
    enc: Encoding,
) -> Vec<lsp::TextEdit> {
    let mut conv = Conv::new(rope, enc);
    edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: conv.range(&e.range),
            new_text: e.replacement.clone(),
        })
        .collect()
}

/// An index location as an LSP location (`None` for a file key that is
/// not a URI).
pub fn location(l: &Loc, enc: Encoding) -> Option<lsp::Location> {
    Some(lsp::Location {
        uri: lsp::Uri::from_str(&l.file).ok()?,
        range: loc_range(l, enc),
    })
}

/// A hover, its range converted on `rope`.
pub fn hover(h: ide::HoverInfo, rope: &Rope, enc: Encoding) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: h.markdown,
        }),
        range: Some(range(rope, &h.range, enc)),
    }
}

/// A talk or speaker of the workspace as a flat symbol.
#[allow(deprecated)]
pub fn workspace_symbol(w: WsSymbol, enc: Encoding) -> Option<lsp::SymbolInformation> {
    Some(lsp::SymbolInformation {
        name: w.name,
        kind: if w.speaker {
            lsp::SymbolKind::CONSTANT
        } else {
            lsp::SymbolKind::CLASS
        },
        tags: None,
        deprecated: None,
        location: lsp::Location {
            uri: lsp::Uri::from_str(&w.loc.file).ok()?,
            range: loc_range(&w.loc, enc),
        },
        container_name: w.container,
    })
}

/// A completion, its replaced range converted on `rope`.
/// `insert_replace`: the client takes an `InsertReplaceEdit` (it then
/// chooses to insert or to replace the rest of the word); otherwise the edit
/// replaces the whole word under the cursor.
pub fn completion_item(
    c: ide::Completion,
    rope: &Rope,
    enc: Encoding,
    insert_replace: bool,
) -> lsp::CompletionItem {
    let word = c.replace.start..c.word_end;
    let text_edit = if insert_replace {
        lsp::CompletionTextEdit::InsertAndReplace(lsp::InsertReplaceEdit {
            new_text: c.insert,
            insert: range(rope, &c.replace, enc),
            replace: range(rope, &word, enc),
        })
    } else {
        lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: range(rope, &word, enc),
            new_text: c.insert,
        })
    };
    lsp::CompletionItem {
        label: c.label,
        kind: Some(match c.kind {
            ide::CompletionKind::Speaker => lsp::CompletionItemKind::VALUE,
            ide::CompletionKind::Label => lsp::CompletionItemKind::FIELD,
            ide::CompletionKind::Level | ide::CompletionKind::Track => {
                lsp::CompletionItemKind::ENUM_MEMBER
            }
            ide::CompletionKind::Snippet => lsp::CompletionItemKind::SNIPPET,
        }),
        detail: c.detail,
        documentation: c.documentation.map(|m| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: m,
            })
        }),
        sort_text: Some(c.sort),
        filter_text: Some(c.filter),
        insert_text_format: Some(if c.snippet {
            lsp::InsertTextFormat::SNIPPET
        } else {
            lsp::InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(text_edit),
        ..Default::default()
    }
}

/// A fold as whole lines (LSP folds by line); `None` for one line.
pub fn folding_range(rope: &Rope, f: ide::Fold) -> Option<lsp::FoldingRange> {
    let line = |o: usize| rope.byte_to_line(o.min(rope.len_bytes())) as u32;
    let (a, b) = (line(f.start), line(f.end));
    (b > a).then_some(lsp::FoldingRange {
        start_line: a,
        start_character: None,
        end_line: b,
        end_character: None,
        kind: Some(lsp::FoldingRangeKind::Region),
        collapsed_text: None,
    })
}

/// A length hint, its position converted on `rope`.
pub fn inlay_hint(h: ide::Hint, rope: &Rope, enc: Encoding) -> lsp::InlayHint {
    lsp::InlayHint {
        position: pos(rope, h.offset, enc),
        label: lsp::InlayHintLabel::String(h.label),
        kind: None,
        text_edits: None,
        tooltip: Some(lsp::InlayHintTooltip::String("characters / limit".into())),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// Semantic tokens in LSP's relative encoding (each token's line and start
/// relative to the previous one); tokens that do not fit on one line in
/// the negotiated encoding are left out.
pub fn semantic_tokens(tokens: &[ide::Token], rope: &Rope, enc: Encoding) -> lsp::SemanticTokens {
    let mut data = Vec::with_capacity(tokens.len());
    let (mut pl, mut pc) = (0u32, 0u32);
    let mut c = Conv::new(rope, enc);
    for t in tokens {
        let a = c.pos(t.start);
        let b = c.pos(t.end);
        if b.line != a.line || b.character <= a.character {
            continue;
        }
        let dl = a.line - pl;
        let dc = if dl == 0 {
            a.character - pc
        } else {
            a.character
        };
        data.push(lsp::SemanticToken {
            delta_line: dl,
            delta_start: dc,
            length: b.character - a.character,
            token_type: t.kind as u32,
            token_modifiers_bitset: 0,
        });
        pl = a.line;
        pc = a.character;
    }
    lsp::SemanticTokens {
        result_id: None,
        data,
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
