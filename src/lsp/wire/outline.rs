//! The outline's reference encoding: the outline model
//! (`syntax::outline`) as `ls_types` document symbols, for serde. The fast
//! path (`symbols/`) writes the same JSON from its packed talks.

use crate::analysis::ide::{non_empty, seg_text};
use crate::lsp::convert::Conv;
use crate::syntax::outline;
use crate::syntax::pos::Encoding;
use crate::syntax::{Document, Placed};
use tower_lsp_server::ls_types as lsp;

/// Every talk's symbol, in order, positions in `enc`.
pub fn document_symbols(doc: &Document, enc: Encoding) -> Vec<lsp::DocumentSymbol> {
    let mut c = Conv::new(doc.rope(), enc);
    doc.tree()
        .talks()
        .filter_map(|p| talk_symbol(doc, p, &mut c))
        .collect()
}

/// The talk at `p` as a symbol with its sections as children, positions
/// by `c` in document order.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be named.
fn talk_symbol(doc: &Document, p: Placed<'_>, c: &mut Conv) -> Option<lsp::DocumentSymbol> {
    let text = seg_text(doc, p);
    let t = outline::talk(p.seg, &text, doc.options())?;
    let abs = |r: &std::ops::Range<usize>| p.start + r.start..p.start + r.end;
    let start = c.pos(p.start + t.range.start);
    let selection_range = c.range(&abs(&t.title_span));
    let children: Vec<lsp::DocumentSymbol> = t
        .sections
        .iter()
        .map(|s| {
            let start = c.pos(p.start + s.range.start);
            let selection_range = c.range(&abs(&s.name_span));
            let end = c.pos(p.start + s.range.end.max(s.range.start));
            lsp::DocumentSymbol {
                name: non_empty(s.name).to_string(),
                detail: None,
                kind: lsp::SymbolKind::FIELD,
                tags: None,
                deprecated: None,
                range: lsp::Range { start, end },
                selection_range,
                // Sections are leaves: no `"children": []` for each on
                // the wire.
                children: None,
            }
        })
        .collect();
    let end = c.pos(p.start + t.range.end);
    Some(lsp::DocumentSymbol {
        name: non_empty(t.title).to_string(),
        detail: (!t.speakers.is_empty()).then(|| t.speakers.join(", ")),
        kind: lsp::SymbolKind::CLASS,
        tags: None,
        deprecated: None,
        range: lsp::Range { start, end },
        selection_range,
        // A talk always lists its (maybe no) sections.
        children: Some(children),
    })
}
