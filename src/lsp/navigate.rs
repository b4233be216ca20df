//! Document links, document highlights, selection ranges and the
//! "Add to roster" quick fix: each asks `analysis::ide` in byte offsets and
//! converts the answer to LSP positions (UTF-16 or UTF-8, as negotiated).
//! The `LanguageServer` handlers in `server.rs` only delegate here.

use super::convert;
use super::state::{key, State};
use crate::analysis::ide;
use std::collections::HashMap;
use std::str::FromStr;
use tower_lsp_server::ls_types::*;

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
    s.refresh_ws();
    let d = s.docs.get(&key(&tp.text_document.uri))?;
    let rope = d.doc.rope();
    let at = convert::offset(rope, tp.position, s.enc);
    let ws = &s.ws;
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

/// "Add NAME to the roster" for an unknown-speaker finding `d` of the open
/// document `doc_key`: an edit made against the roster's text as it is
/// now — the editor's copy when the roster is open there, else the file
/// read from disk at this moment — and only when that text does not name
/// the person yet and the name is not a likely misspelling.
pub fn roster_action(s: &State, doc_key: &str, d: &crate::lint::Diagnostic) -> Option<CodeAction> {
    let open = s.docs.get(doc_key)?;
    // The roster of the note's own configuration, as `check` resolves it.
    let roster = open.settings.roster_file.as_deref()?;
    let doc = &open.doc;
    let name = doc.slice(d.range.clone()).into_owned();
    if !ide::roster::offer_add(d, &name, &s.index, &open.settings.lint) {
        return None;
    }
    let uri = Uri::from_file_path(roster)?;
    let text = match s.docs.get(&key(&uri)) {
        Some(open) => open.doc.text(),
        None => std::fs::read_to_string(roster).ok()?,
    };
    let edit = ide::roster::add_edit(&text, &name)?;
    let rope = ropey::Rope::from_str(&text);
    Some(CodeAction {
        title: format!("Add {name} to the roster"),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(
                uri,
                vec![convert::text_edit(&rope, &edit, s.enc)],
            )])),
            ..Default::default()
        }),
        ..Default::default()
    })
}
