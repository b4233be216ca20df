//! Changing text: completion, rename and formatting.

use super::speaker_under;
use crate::analysis::ide;
use crate::lsp::convert;
use crate::lsp::state::{key, State};
use std::collections::HashMap;
use std::str::FromStr;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

/// `textDocument/completion`: speakers, labels, levels, tracks, snippets.
pub fn completion(
    s: &mut State,
    tp: &TextDocumentPositionParams,
    flags: crate::lsp::capabilities::ClientFlags,
) -> Option<CompletionResponse> {
    let snippets = flags.snippets;
    s.refresh_catalog();
    let enc = s.enc;
    let d = s.docs.get(&key(&tp.text_document.uri))?;
    let rope = d.doc.rope();
    let at = convert::offset(rope, tp.position, enc);
    let items: Vec<CompletionItem> =
        ide::complete::completions_for(&d.doc, &s.catalog, &d.settings.lint, at, snippets, &|n| {
            crate::lint::rules::similar_speaker::misspelling(&s.index, &d.settings.lint, n)
                .is_some()
        })
        .into_iter()
        .map(|c| convert::completion_item(c, rope, enc, flags.insert_replace))
        .collect();
    Some(CompletionResponse::List(CompletionList {
        // Speakers are matched by initials too: ask again as the user types.
        is_incomplete: true,
        items,
    }))
}

/// `textDocument/prepareRename`: the speaker name under the cursor.
pub fn prepare_rename(s: &State, tp: &TextDocumentPositionParams) -> Option<PrepareRenameResponse> {
    let (name, r) = speaker_under(s, tp)?;
    let d = s.docs.get(&key(&tp.text_document.uri))?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::range(d.doc.rope(), &r, s.enc),
        placeholder: name,
    })
}

/// `textDocument/rename`: the speaker under the cursor, everywhere it is
/// mentioned, and their entry in the workspace's rosters (whose aliases
/// then still name them). The edits and their
/// checks are `analysis`'s ([`ide::rename::rename_edits`]), made against
/// each file's text as it is now ([`State::source`]); a file read again
/// from disk is indexed again (what was read is newer).
pub fn rename(
    s: &mut State,
    tp: &TextDocumentPositionParams,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>> {
    ide::rename::check_name(new_name).map_err(Error::invalid_params)?;
    s.refresh_catalog();
    let Some((name, _)) = speaker_under(s, tp) else {
        return Ok(None);
    };
    let rosters: Vec<String> = (s.configs.roster_files().iter())
        .filter_map(|p| crate::lsp::state::key_of_path(p))
        .collect();
    let files = ide::rename::rename_edits(&s.catalog, &name, new_name, &rosters, |f| s.source(f))
        .map_err(Error::invalid_params)?;
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for f in &files {
        let (Ok(u), false) = (Uri::from_str(&f.file), f.ranges.is_empty()) else {
            continue;
        };
        let rope = (s.docs.get(&f.file))
            .map_or_else(|| ropey::Rope::from_str(&f.text), |d| d.doc.rope().clone());
        let edit = |r| TextEdit {
            range: convert::range(&rope, r, s.enc),
            new_text: f.new_text.clone(),
        };
        changes.insert(u, f.ranges.iter().map(edit).collect());
    }
    // Notes read again from disk are indexed again (a roster is not a note).
    let read: Vec<&str> = (files.iter().map(|f| f.file.as_str()))
        .filter(|f| !s.docs.contains_key(*f) && !rosters.iter().any(|r| r == f))
        .collect();
    for f in read {
        s.reindex(f);
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}

/// `textDocument/formatting` and `rangeFormatting`: `notelint fmt` as the
/// smallest edits, those inside `range` when one is given (see
/// `analysis::format::format_edits`). Only a copy of the document is taken
/// here; the returned job formats it after the state's lock is released, so
/// other requests and edits do not wait for a big note's formatting.
pub fn formatting(
    s: &State,
    uri: &Uri,
    range: Option<Range>,
) -> Option<impl FnOnce() -> Vec<TextEdit>> {
    let doc = s.docs.get(&key(uri))?.doc.clone();
    let enc = s.enc;
    Some(move || {
        let rope = doc.rope();
        let br = range.map(|r| convert::byte_range(rope, r, enc));
        convert::text_edits(rope, &crate::analysis::format::format_edits(&doc, br), enc)
    })
}
