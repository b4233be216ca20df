//! The outline (`textDocument/documentSymbol`) of an open document, as JSON
//! built from per-talk fragments kept between requests.
//!
//! A 10 MB note's outline is about 12 MB of JSON; editors ask for it after
//! every edit (outline view, breadcrumbs). A talk's fragment depends only on
//! its text and the line it starts on, so an unchanged talk (same segment
//! `Arc`) reuses its bytes, with its line numbers rewritten when a new line
//! above moved it; an edit costs the talks it touched. The fragments are
//! written to the client as they are (`outbox::Frame::Array`), never copied
//! into one buffer.

use super::convert::Conv;
use crate::analysis::ide::{self, PlacedTalk};
use crate::syntax::pos::Encoding;
use crate::syntax::{common_ends, Document, Placed, Segment};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp::lsp_types as lsp;

struct Fragment {
    /// The segment, held so its address cannot be reused by another.
    seg: Arc<Segment>,
    line: u32,
    /// Empty for a talk without a symbol.
    json: Arc<[u8]>,
}

/// Fragments of the last outline, one per talk, in order.
#[derive(Default)]
pub struct SymbolCache {
    frags: Vec<Fragment>,
}

/// `json` with every `"line":N` moved by `delta` lines. A key can be told
/// from text by its quotes alone: inside a JSON string a quote is escaped,
/// so `"line":` never occurs there.
fn rebase(json: &[u8], delta: i64) -> Vec<u8> {
    const KEY: &[u8] = b"\"line\":";
    let mut out = Vec::with_capacity(json.len() + 16);
    let mut rest = json;
    while let Some(i) = rest.windows(KEY.len()).position(|w| w == KEY) {
        let (before, after) = rest.split_at(i + KEY.len());
        out.extend_from_slice(before);
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let n: i64 = std::str::from_utf8(&after[..digits])
            .ok()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        out.extend_from_slice((n + delta).max(0).to_string().as_bytes());
        rest = &after[digits..];
    }
    out.extend_from_slice(rest);
    out
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
///
/// An unchanged talk (same segment `Arc`) reuses its fragment; when it has
/// moved to another line, only the line numbers in it are rewritten. Talks
/// are matched by identity from both ends, so no hashing is needed but for
/// the edited stretch in between.
pub fn outline_json(
    doc: &Document,
    talks: &[PlacedTalk],
    enc: Encoding,
    cache: &mut SymbolCache,
) -> Vec<Arc<[u8]>> {
    let mut conv = Conv::new(doc.rope(), enc);
    let mut old: Vec<Option<Fragment>> = std::mem::take(&mut cache.frags)
        .into_iter()
        .map(Some)
        .collect();
    let same = |f: &Option<Fragment>, t: &PlacedTalk| {
        f.as_ref().is_some_and(|f| Arc::ptr_eq(&f.seg, &t.seg))
    };
    let (prefix, suffix) = common_ends(&old, talks.iter(), talks.len(), |_, f, _, t| same(f, t));
    let (n_old, n_new) = (old.len(), talks.len());
    let mut middle: HashMap<usize, Fragment> = old[prefix..n_old - suffix]
        .iter_mut()
        .filter_map(|f| f.take())
        .map(|f| (Arc::as_ptr(&f.seg) as usize, f))
        .collect();
    let mut frags = Vec::with_capacity(n_new);
    let mut out = Vec::with_capacity(n_new);
    for (i, t) in talks.iter().enumerate() {
        let reused = if i < prefix {
            old[i].take()
        } else if i >= n_new - suffix {
            old[n_old - (n_new - i)].take()
        } else {
            middle.remove(&(Arc::as_ptr(&t.seg) as usize))
        };
        let frag = match reused {
            Some(f) if f.line == t.line => f,
            Some(f) => Fragment {
                json: rebase(&f.json, t.line as i64 - f.line as i64).into(),
                line: t.line,
                seg: f.seg,
            },
            None => {
                let p = Placed {
                    start: t.start,
                    seg: &t.seg,
                };
                Fragment {
                    seg: Arc::clone(&t.seg),
                    line: t.line,
                    // Plain data: serialising to a Vec cannot fail.
                    json: ide::talk_symbol(doc, p)
                        .map(|sym| serde_json::to_vec(&convert(sym, &mut conv)).unwrap_or_default())
                        .unwrap_or_default()
                        .into(),
                }
            }
        };
        if !frag.json.is_empty() {
            out.push(Arc::clone(&frag.json));
        }
        frags.push(frag);
    }
    cache.frags = frags;
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
    fn rebase_moves_line_numbers_only() {
        let json = br#"{"name":"a \"line\":7","range":{"start":{"line":10,"character":3},"end":{"line":12,"character":0}}}"#;
        let moved = rebase(json, 5);
        assert_eq!(
            String::from_utf8(moved).unwrap(),
            r#"{"name":"a \"line\":7","range":{"start":{"line":15,"character":3},"end":{"line":17,"character":0}}}"#
        );
        assert_eq!(rebase(json, 0), json.to_vec());
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
            // Lines added and removed above unchanged talks move them.
            (0, 1, ""),
            (700, 0, "\r\n\r\n"),
            (900, 0, "\r"),
            (200, 0, "\n\n\n"),
            (150, 3, ""),
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
            let frame =
                super::super::outbox::raw_array_response(&tower_lsp::jsonrpc::Id::Number(7), parts)
                    .to_vec();
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
