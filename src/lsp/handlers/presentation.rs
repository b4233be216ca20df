//! How the document is shown: folding ranges, inlay hints and semantic
//! tokens.

use crate::analysis::ide;
use crate::lsp::convert;
use crate::lsp::state::{key, State};
use tower_lsp_server::ls_types::*;

/// `textDocument/foldingRange`: talks and sections, by line.
pub fn folding_ranges(s: &State, uri: &Uri) -> Option<Vec<FoldingRange>> {
    let d = s.docs.get(&key(uri))?;
    let rope = d.doc.rope();
    Some(
        ide::folding_ranges(&d.doc)
            .into_iter()
            .filter_map(|f| convert::folding_range(rope, f))
            .collect(),
    )
}

/// `textDocument/inlayHint`: characters against the limit, in `range`.
pub fn inlay_hints(s: &State, uri: &Uri, range: Range) -> Option<Vec<InlayHint>> {
    let d = s.docs.get(&key(uri))?;
    let rope = d.doc.rope();
    let br = convert::byte_range(rope, range, s.enc);
    Some(
        ide::inlay_hints(&d.doc, &d.settings.lint, br)
            .into_iter()
            .map(|h| convert::inlay_hint(h, rope, s.enc))
            .collect(),
    )
}

/// `textDocument/semanticTokens/full`.
pub fn semantic_tokens(s: &State, uri: &Uri) -> Option<SemanticTokensResult> {
    let d = s.docs.get(&key(uri))?;
    let tokens = ide::semantic_tokens(&d.doc);
    Some(SemanticTokensResult::Tokens(convert::semantic_tokens(
        &tokens,
        d.doc.rope(),
        s.enc,
    )))
}
