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
    snippets: bool,
) -> Option<CompletionResponse> {
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
        .map(|c| convert::completion_item(c, rope, enc))
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
/// mentioned (aliases of the same person included).
pub fn rename(
    s: &mut State,
    tp: &TextDocumentPositionParams,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>> {
    if let Err(e) = ide::rename::check_name(new_name) {
        return Err(Error::invalid_params(e));
    }
    s.refresh_catalog();
    let Some((name, _)) = speaker_under(s, tp) else {
        return Ok(None);
    };
    let enc = s.enc;
    let person = s.catalog.person_key(&name);
    let files: std::collections::BTreeSet<String> = s
        .catalog
        .references(&name)
        .into_iter()
        .map(|l| l.file)
        .collect();
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    let mut stale = Vec::new();
    for f in files {
        let Ok(u) = Uri::from_str(&f) else {
            continue;
        };
        // Edits are made against the text as it is now: the editor's copy,
        // or the file re-read from disk (it may have changed since it was
        // indexed), never the index's positions. Each file is read and
        // parsed with its own settings.
        let settings = s.configs.for_key(&f);
        let max = settings.max_file_size;
        let (text, rope) = match s.docs.get(&f) {
            Some(d) => (d.doc.text(), d.doc.rope().clone()),
            None => {
                let text = u
                    .to_file_path()
                    .and_then(|p| crate::workspace::read::read_note(&p, max).ok())
                    .ok_or_else(|| {
                        Error::invalid_params(format!(
                            "cannot rename: {} could not be read",
                            ide::catalog::short_file(&f)
                        ))
                    })?;
                stale.push(u.clone());
                let rope = ropey::Rope::from_str(&text);
                (text, rope)
            }
        };
        let ranges = ide::rename::rename_ranges(
            &text,
            &settings.lint.parse,
            |n| s.catalog.person_key(n) == person,
            new_name,
        )
        .map_err(Error::invalid_params)?;
        let new_text = new_name.trim().to_string();
        let edits: Vec<TextEdit> = ranges
            .iter()
            .map(|r| TextEdit {
                range: convert::range(&rope, r, enc),
                new_text: new_text.clone(),
            })
            .collect();
        if !edits.is_empty() {
            changes.insert(u, edits);
        }
    }
    // Files read from disk are re-indexed: what was read is newer.
    for u in stale {
        if let Some(p) = u.to_file_path() {
            s.index_disk_file(&p);
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}

/// `textDocument/formatting` and `rangeFormatting`: `notelint fmt` as the
/// smallest edits, those on the lines of `range` when one is given.
pub fn formatting(s: &State, uri: &Uri, range: Option<Range>) -> Option<Vec<TextEdit>> {
    let d = s.docs.get(&key(uri))?;
    let rope = d.doc.rope();
    let br = range.map(|r| convert::byte_range(rope, r, s.enc));
    let edits = crate::analysis::format::format_edits(&d.doc, br);
    Some(
        edits
            .iter()
            .map(|e| convert::text_edit(rope, e, s.enc))
            .collect(),
    )
}
