//! The outline (`textDocument/documentSymbol`) of an open document, as JSON
//! built from per-talk fragments kept between requests.
//!
//! A 10 MB note's outline is about 12 MB of JSON; editors ask for it after
//! every edit (outline view, breadcrumbs). A talk's fragment depends only on
//! its text and the line it starts on, so an unchanged talk (same segment
//! `Arc`) that has not moved to another line reuses its bytes, and an edit
//! costs the talks it touched plus copying the rest.

use super::convert::Conv;
use crate::analysis::ide::{self, PlacedTalk};
use crate::syntax::pos::Encoding;
use crate::syntax::{Document, Placed, Segment};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp::lsp_types as lsp;

struct Fragment {
    /// Held so the address cannot be reused by another segment.
    _seg: Arc<Segment>,
    line: u32,
    json: Arc<[u8]>,
}

/// Fragments of the last outline, by segment address.
#[derive(Default)]
pub struct SymbolCache {
    frags: HashMap<usize, Fragment>,
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be named.
fn convert(sym: ide::Symbol, c: &mut Conv) -> lsp::DocumentSymbol {
    // Positions in document order (the range's end last), so the converter
    // moves forward only.
    let start = c.pos(sym.range.start);
    let selection_range = c.range(&sym.selection);
    let children: Vec<lsp::DocumentSymbol> =
        sym.children.into_iter().map(|x| convert(x, c)).collect();
    let end = c.pos(sym.range.end.max(sym.range.start));
    let talk = matches!(sym.kind, ide::SymbolKind::Talk);
    lsp::DocumentSymbol {
        name: sym.name,
        detail: sym.detail,
        kind: match sym.kind {
            ide::SymbolKind::Talk => lsp::SymbolKind::CLASS,
            ide::SymbolKind::Section => lsp::SymbolKind::FIELD,
        },
        tags: None,
        deprecated: None,
        range: lsp::Range { start, end },
        selection_range,
        // Sections are leaves: no `"children": []` for each on the wire. A
        // talk always lists its (maybe no) sections.
        children: (talk || !children.is_empty()).then_some(children),
    }
}

/// The outline: the JSON text of each `DocumentSymbol`, in order (the
/// elements of the answer's array). `talks` are the document's talks with
/// their start lines (the editor summary, kept current incrementally).
pub fn outline_json(
    doc: &Document,
    talks: &[PlacedTalk],
    enc: Encoding,
    cache: &mut SymbolCache,
) -> Vec<Arc<[u8]>> {
    let mut conv = Conv::new(doc.rope(), enc);
    let mut next = HashMap::with_capacity(talks.len());
    let mut out = Vec::with_capacity(talks.len());
    for t in talks {
        let key = Arc::as_ptr(&t.seg) as usize;
        let frag = match cache.frags.remove(&key) {
            Some(f) if f.line == t.line => f,
            _ => {
                let p = Placed {
                    start: t.start,
                    seg: &t.seg,
                };
                let Some(sym) = ide::talk_symbol(doc, p) else {
                    continue;
                };
                Fragment {
                    _seg: Arc::clone(&t.seg),
                    line: t.line,
                    // Plain data: serialising to a Vec cannot fail.
                    json: serde_json::to_vec(&convert(sym, &mut conv))
                        .unwrap_or_default()
                        .into(),
                }
            }
        };
        if frag.json.is_empty() {
            continue;
        }
        out.push(Arc::clone(&frag.json));
        next.insert(key, frag);
    }
    cache.frags = next;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ide::workspace::file_talks;
    use crate::syntax::ParseOptions;

    fn fresh(doc: &Document, enc: Encoding) -> serde_json::Value {
        let mut c = Conv::new(doc.rope(), enc);
        let syms: Vec<lsp::DocumentSymbol> = ide::document_symbols(doc)
            .into_iter()
            .map(|s| convert(s, &mut c))
            .collect();
        serde_json::to_value(syms).unwrap()
    }

    #[test]
    fn reused_fragments_equal_a_fresh_outline_after_edits() {
        let mut text = String::new();
        for i in 0..30 {
            text.push_str(&format!(
                " Talk {i} 😀\r\nby Ann Lee\n\nDescription: d\n\nNotes\n\t* x\n\n"
            ));
        }
        let mut doc = Document::new(&text, ParseOptions::default());
        let mut cache = SymbolCache::default();
        let mut ft = None;
        let enc = Encoding::Utf16;
        // No edit; a character; a new line at the top; a talk split; a
        // deletion across talks; a retitled talk.
        let edits: &[(usize, usize, &str)] = &[
            (0, 0, ""),
            (300, 0, "x"),
            (0, 0, "\n"),
            (500, 0, "\n Split 𝄞\nNotes\n\t* y\n"),
            (100, 200, ""),
            (1, 4, "Renamed"),
        ];
        for &(at, del, ins) in edits {
            let t = doc.text();
            let a = (0..=at.min(t.len()))
                .rev()
                .find(|&x| t.is_char_boundary(x))
                .unwrap();
            let b = (a..=(a + del).min(t.len()))
                .rev()
                .find(|&x| t.is_char_boundary(x))
                .unwrap();
            doc.edit(a..b, ins);
            let segs = doc.segments();
            let rope = doc.rope();
            let next = file_talks(
                segs,
                &|i| doc.slice(segs.at(i).range()),
                &|o| rope.byte_to_line(o) as u32,
                enc,
                ft.take(),
            );
            let parts = outline_json(&doc, &next.talks, enc, &mut cache);
            // The frame the server writes, parsed back.
            let frame = super::super::outbox::raw_array_response(
                &tower_lsp::jsonrpc::Id::Number(7),
                &parts,
            );
            let body = frame.split(|&b| b == b'\n').next_back().unwrap();
            let msg: serde_json::Value = serde_json::from_slice(body).unwrap();
            let header = String::from_utf8_lossy(&frame[..frame.len() - body.len()]).to_string();
            assert_eq!(header, format!("Content-Length: {}\r\n\r\n", body.len()));
            assert_eq!(msg["id"], 7);
            let got = msg["result"].clone();
            assert_eq!(got, fresh(&doc, enc), "after {ins:?} at {a}");
            ft = Some(next);
        }
    }
}
