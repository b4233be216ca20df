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

/// The tokens last sent for a document in full (`semanticTokens/full` or
/// `full/delta`), so the next request can be answered with the change
/// alone. Kept per open document and dropped with it.
#[derive(Default)]
pub struct SentTokens {
    id: u64,
    data: Vec<SemanticToken>,
}

/// A fresh result id for every full answer: ids never repeat in a session.
fn next_result_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The document's tokens, remembered under a new result id.
fn full_tokens(s: &mut State, uri: &Uri) -> Option<SemanticTokens> {
    let enc = s.enc;
    let d = s.docs.get_mut(&key(uri))?;
    let tokens = ide::semantic_tokens(&d.doc);
    let mut t = convert::semantic_tokens(&tokens, d.doc.rope(), enc);
    let id = next_result_id();
    t.result_id = Some(id.to_string());
    d.tokens = SentTokens {
        id,
        data: t.data.clone(),
    };
    Some(t)
}

/// `textDocument/semanticTokens/full`.
pub fn semantic_tokens(s: &mut State, uri: &Uri) -> Option<SemanticTokensResult> {
    full_tokens(s, uri).map(SemanticTokensResult::Tokens)
}

/// `textDocument/semanticTokens/full/delta`: the change since the answer
/// `previous` names, as one edit of the token array (what changed between
/// the common start and the common end), or the whole list when that
/// answer is not the one remembered.
pub fn semantic_tokens_delta(
    s: &mut State,
    uri: &Uri,
    previous: &str,
) -> Option<SemanticTokensFullDeltaResult> {
    let old = {
        let d = s.docs.get_mut(&key(uri))?;
        (d.tokens.id.to_string() == previous).then(|| std::mem::take(&mut d.tokens.data))
    };
    let new = full_tokens(s, uri)?;
    let Some(old) = old else {
        return Some(SemanticTokensFullDeltaResult::Tokens(new));
    };
    Some(SemanticTokensFullDeltaResult::TokensDelta(
        SemanticTokensDelta {
            result_id: new.result_id,
            edits: token_edits(&old, &new.data),
        },
    ))
}

/// The edits that turn `old` into `new` (none when equal): one edit over
/// the tokens between their common prefix and common suffix, in the
/// protocol's units (five integers a token).
fn token_edits(old: &[SemanticToken], new: &[SemanticToken]) -> Vec<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = (old[prefix..].iter().rev())
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (del, ins) = (
        old.len() - prefix - suffix,
        &new[prefix..new.len() - suffix],
    );
    if del == 0 && ins.is_empty() {
        return Vec::new();
    }
    let units = |n: usize| u32::try_from(n * 5).unwrap_or(u32::MAX);
    vec![SemanticTokensEdit {
        start: units(prefix),
        delete_count: units(del),
        data: Some(ins.to_vec()),
    }]
}

/// `textDocument/semanticTokens/range`: the tokens of the talks in
/// `range` only (what an editor shows first of a big note).
pub fn semantic_tokens_range(
    s: &State,
    uri: &Uri,
    range: Range,
) -> Option<SemanticTokensRangeResult> {
    let d = s.docs.get(&key(uri))?;
    let rope = d.doc.rope();
    let br = convert::byte_range(rope, range, s.enc);
    let tokens = ide::semantic_tokens_in(&d.doc, br);
    Some(SemanticTokensRangeResult::Tokens(convert::semantic_tokens(
        &tokens, rope, s.enc,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(n: u32) -> SemanticToken {
        SemanticToken {
            delta_line: n,
            delta_start: 0,
            length: 1,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    /// Applying the edits to the old array gives the new one.
    #[test]
    fn edits_rebuild_the_new_tokens() {
        let cases: [(&[u32], &[u32]); 6] = [
            (&[1, 2, 3], &[1, 2, 3]),
            (&[1, 2, 3], &[1, 9, 3]),
            (&[1, 2, 3], &[1, 2, 3, 4]),
            (&[1, 2, 3], &[0, 1, 2, 3]),
            (&[1, 2, 3], &[]),
            (&[1, 1, 1], &[1, 1]),
        ];
        for (a, b) in cases {
            let old: Vec<SemanticToken> = a.iter().map(|&n| tok(n)).collect();
            let new: Vec<SemanticToken> = b.iter().map(|&n| tok(n)).collect();
            let edits = token_edits(&old, &new);
            assert!(edits.len() <= 1);
            let mut got = old.clone();
            for e in edits {
                let (at, del) = (e.start as usize / 5, e.delete_count as usize / 5);
                got.splice(at..at + del, e.data.unwrap_or_default());
            }
            assert_eq!(got, new, "{a:?} -> {b:?}");
        }
        assert!(token_edits(&[tok(1)], &[tok(1)]).is_empty());
    }
}
