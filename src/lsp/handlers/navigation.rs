//! Moving around: hover, definition, references, document highlights,
//! document links, selection ranges and workspace symbols.

use super::speaker_under;
use crate::analysis::ide;
use crate::lsp::convert;
use crate::lsp::state::{key, State};
use std::str::FromStr;
use tower_lsp_server::ls_types::*;

/// `textDocument/hover`: a speaker's talks, a label's meaning.
pub fn hover(s: &mut State, tp: &TextDocumentPositionParams) -> Option<Hover> {
    s.refresh_catalog();
    let enc = s.enc;
    let d = s.docs.get(&key(&tp.text_document.uri))?;
    let rope = d.doc.rope();
    let at = convert::offset(rope, tp.position, enc);
    let text_of = |f: &str, r| s.file_text(f, r);
    let h = ide::hover(&d.doc, &s.catalog, at, &text_of)?;
    Some(convert::hover(h, rope, enc))
}

/// `textDocument/definition`: where the speaker under the cursor is
/// defined (roster entries, first mentions).
pub fn definition(
    s: &mut State,
    tp: &TextDocumentPositionParams,
) -> Option<GotoDefinitionResponse> {
    s.refresh_catalog();
    let (name, _) = speaker_under(s, tp)?;
    let locs: Vec<Location> = s
        .catalog
        .definitions(&name)
        .iter()
        .filter_map(|l| convert::location(l, s.enc))
        .collect();
    (!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs))
}

/// `textDocument/references`: every mention of the speaker under the
/// cursor in the workspace.
pub fn references(
    s: &mut State,
    tp: &TextDocumentPositionParams,
    cancel: &crate::lsp::cancel::Cancel,
) -> Option<Vec<Location>> {
    s.refresh_catalog();
    if cancel.is_cancelled() {
        return None;
    }
    let (name, _) = speaker_under(s, tp)?;
    Some(
        s.catalog
            .references(&name)
            .iter()
            .filter_map(|l| convert::location(l, s.enc))
            .collect(),
    )
}

/// `workspace/symbol`: talks and speakers matching the query.
pub fn workspace_symbols(s: &mut State, query: &str) -> Option<WorkspaceSymbolResponse> {
    s.refresh_catalog();
    let out = s.catalog.symbols(query, 1000);
    let out = out
        .into_iter()
        .filter_map(|w| convert::workspace_symbol(w, s.enc));
    Some(WorkspaceSymbolResponse::Flat(out.collect()))
}

/// `textDocument/documentLink`: URLs and `[text](url)` links.
pub fn document_links(s: &State, uri: &Uri) -> Option<Vec<DocumentLink>> {
    let d = s.docs.get(&key(uri))?;
    let mut c = convert::Conv::new(d.doc.rope(), s.enc);
    Some(
        ide::links::document_links(&d.doc)
            .into_iter()
            .filter_map(|l| {
                Some(DocumentLink {
                    range: c.range(&l.range),
                    target: Some(Uri::from_str(&l.target).ok()?),
                    tooltip: None,
                    data: None,
                })
            })
            .collect(),
    )
}

/// `textDocument/documentHighlight`: every mention in this document of
/// the speaker under the cursor (roster aliases count as the same person).
pub fn document_highlights(
    s: &mut State,
    tp: &TextDocumentPositionParams,
) -> Option<Vec<DocumentHighlight>> {
    s.refresh_catalog();
    let d = s.docs.get(&key(&tp.text_document.uri))?;
    let rope = d.doc.rope();
    let at = convert::offset(rope, tp.position, s.enc);
    let ws = &s.catalog;
    let same = |a: &str, b: &str| ws.person_key(a) == ws.person_key(b);
    let found = ide::highlight::document_highlights(&d.doc, at, &same);
    if found.is_empty() {
        return None;
    }
    let mut c = convert::Conv::new(rope, s.enc);
    Some(
        found
            .iter()
            .map(|r| DocumentHighlight {
                range: c.range(r),
                kind: Some(DocumentHighlightKind::TEXT),
            })
            .collect(),
    )
}

/// `textDocument/selectionRange`: one chain per requested position.
pub fn selection_ranges(
    s: &State,
    uri: &Uri,
    positions: &[Position],
) -> Option<Vec<SelectionRange>> {
    let d = s.docs.get(&key(uri))?;
    let rope = d.doc.rope();
    Some(
        positions
            .iter()
            .map(|p| {
                let at = convert::offset(rope, *p, s.enc);
                let chain = ide::selection::selection_ranges(&d.doc, at);
                let mut out: Option<SelectionRange> = None;
                for r in chain.iter().rev() {
                    out = Some(SelectionRange {
                        range: convert::range(rope, r, s.enc),
                        parent: out.map(Box::new),
                    });
                }
                // An empty document: the position itself.
                out.unwrap_or(SelectionRange {
                    range: Range { start: *p, end: *p },
                    parent: None,
                })
            })
            .collect(),
    )
}
