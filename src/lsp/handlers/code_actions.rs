//! `textDocument/codeAction`: the findings' quick fixes, "Add to roster"
//! for unknown speakers, "Convert to talk-note markup" for a note that is
//! not talk-note markup (see [`super::import`]), and "Fix all"
//! (`source.fixAll.notelint`).

use crate::analysis::ide;
use crate::lsp::capabilities::ClientFlags;
use crate::lsp::convert;
use crate::lsp::state::{key, State};
use crate::lsp::wire;
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

/// What fix-all needs, taken from the state so that it runs after the
/// state's lock is released (it reads the whole note: requests and edits
/// must not wait for it).
pub struct FixAllJob {
    uri: Uri,
    rope: ropey::Rope,
    config: crate::lint::LintConfig,
    enc: crate::syntax::pos::Encoding,
}

impl FixAllJob {
    /// "Fix all safe notelint findings", when there is anything to fix.
    pub fn run(self) -> Option<CodeActionOrCommand> {
        let text = self.rope.to_string();
        let edits = ide::fix_all(&text, &self.config);
        if edits.is_empty() {
            return None;
        }
        let edits = convert::text_edits(&self.rope, &edits, self.enc);
        Some(CodeActionOrCommand::CodeAction(CodeAction {
            title: "Fix all safe notelint findings".into(),
            kind: Some(CodeActionKind::new("source.fixAll.notelint")),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(self.uri, edits)])),
                ..Default::default()
            }),
            ..Default::default()
        }))
    }
}

/// The code actions for `range` of the document `uri`, of the kinds in
/// `only` (all when `None`; "Fix all" only when asked for by name, as a
/// job to run without the state: [`FixAllJob::run`]).
pub fn code_actions(
    s: &mut State,
    uri: &Uri,
    range: Range,
    only: Option<&[CodeActionKind]>,
    flags: ClientFlags,
) -> Option<(Vec<CodeActionOrCommand>, Option<FixAllJob>)> {
    let enc = s.enc;
    let k = key(uri);
    let fix_all = CodeActionKind::new("source.fixAll.notelint");
    let explicitly = only.is_some_and(|o| {
        o.iter()
            .any(|w| fix_all.as_str().starts_with(w.as_str()) && w.as_str() != "")
    });
    let br = {
        let d = s.docs.get(&k)?;
        convert::byte_range(d.doc.rope(), range, enc)
    };
    // Only the findings of the talks at the range: a big note has a
    // hundred thousand (fix-all lints on its own).
    let diags = s.findings_around(&k, br.clone())?;
    let d = s.docs.get(&k)?;
    let lsp_diag = |i: usize| {
        let related = |file: &str, r: &std::ops::Range<usize>| s.related_loc(file, r);
        let mut conv = convert::Conv::new(d.doc.rope(), enc);
        diags
            .get(i)
            .map(|x| wire::diagnostic::diagnostic(&mut conv, uri, x, &related))
    };
    let rope = d.doc.rope();
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|o| o.iter().any(|w| kind.as_str().starts_with(w.as_str())))
    };
    let edit_of = |edits: Vec<crate::lint::TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(
            uri.clone(),
            convert::text_edits(rope, &edits, enc),
        )])),
        ..Default::default()
    };
    let mut out: Vec<CodeActionOrCommand> = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        for a in ide::code_actions(&d.doc, &diags, br.clone()) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: a.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: a.diagnostic.and_then(lsp_diag).map(|d| vec![d]),
                edit: Some(edit_of(a.edits)),
                is_preferred: a.preferred.then_some(true),
                ..Default::default()
            }));
        }
        // unknown-speaker: add the name to the roster file.
        for (i, x) in diags.iter().enumerate() {
            if x.range.start > br.end || br.start > x.range.end {
                continue;
            }
            if let Some(mut a) = roster_action(s, &k, x) {
                a.diagnostics = lsp_diag(i).map(|d| vec![d]);
                out.push(CodeActionOrCommand::CodeAction(a));
            }
            if let Some(a) = super::import::convert_action(s, uri, x, lsp_diag(i), flags) {
                out.push(CodeActionOrCommand::CodeAction(a));
            }
        }
    }
    let job = explicitly.then(|| FixAllJob {
        uri: uri.clone(),
        rope: rope.clone(),
        config: d.settings.lint.clone(),
        enc,
    });
    Some((out, job))
}

/// "Add NAME to the roster" for the finding `d` of the open document
/// `doc_key`, when `analysis` offers it: the roster is the note's own
/// configuration's (as `check` resolves it), and the edit is made against
/// its text as it is now — the editor's copy when the roster is open
/// there, else the file read from disk at this moment.
fn roster_action(s: &State, doc_key: &str, d: &crate::lint::Diagnostic) -> Option<CodeAction> {
    let open = s.docs.get(doc_key)?;
    let roster = open.settings.roster_file.as_deref()?;
    let uri = Uri::from_file_path(roster)?;
    let text_now = || match s.docs.get(&key(&uri)) {
        Some(open) => Some(open.doc.text()),
        None => crate::workspace::read::read_roster_text(roster),
    };
    let fix = ide::roster::add_to_roster(&open.doc, d, &s.index, &open.settings.lint, text_now)?;
    let rope = ropey::Rope::from_str(&fix.roster_text);
    Some(CodeAction {
        title: fix.title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(
                uri,
                vec![convert::text_edit(&rope, &fix.edit, s.enc)],
            )])),
            ..Default::default()
        }),
        ..Default::default()
    })
}
