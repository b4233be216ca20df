//! Import in the editor: the "Convert to talk-note markup" code action on a
//! `not-talk-notes` finding, and the `notelint.import` command. Both ask
//! `analysis::import`, as `notelint import` does, so all three agree.
//!
//! The code action replaces the whole document. Its edit names the
//! document's version (`documentChanges` with a versioned identifier), so
//! a client applies it only to the text it was computed from; it is offered
//! only to clients that take versioned edits. Clients that support change
//! annotations get it annotated with `needsConfirmation`, so VS Code shows
//! a preview first.
//!
//! `workspace/executeCommand` `notelint.import` with arguments `[uri]`,
//! `[uri, shape]`, `[uri, shape, text]` or `[{uri, shape?, text?}]` answers
//! `{"text", "shape", "talks"}`: the converted text, for the client to open
//! as a new document. The text imported is `text` when the client sends it:
//! an editor sends only talk-note files to the server, and the file to
//! import usually is not one, so only the client has its unsaved edits.
//! Without it, the editor's copy when the document is open, else the file
//! as it is on disk.

use crate::analysis::import::{import, Imported};
use crate::import::{Options, Shape};
use crate::lsp::capabilities::ClientFlags;
use crate::lsp::convert;
use crate::lsp::state::{key, State};
use serde_json::{json, Value};
use std::collections::HashMap;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

// The command's name, as `capabilities` advertises it.
use crate::lsp::capabilities::IMPORT_COMMAND as COMMAND;
const ANNOTATION: &str = "notelint.import";
pub const TITLE: &str = "Convert to talk-note markup";

/// The conversion action for the open document `uri`, when `diag` (a
/// finding in the request's range) is `not-talk-notes` and the text reads
/// as a shape import knows.
pub fn convert_action(
    s: &State,
    uri: &Uri,
    diag: &crate::lint::Diagnostic,
    lsp_diag: Option<Diagnostic>,
    flags: ClientFlags,
) -> Option<CodeAction> {
    if diag.name != crate::lint::rules::not_talk_notes::META.name || !flags.document_changes {
        return None;
    }
    let d = s.docs.get(&key(uri))?;
    let text = d.doc.text();
    let Ok(Imported::Converted {
        shape, text: new, ..
    }) = import(&text, None, &Options::default())
    else {
        return None;
    };
    let whole = crate::lint::TextEdit {
        range: 0..text.len(),
        replacement: new,
    };
    let edit = convert::text_edit(d.doc.rope(), &whole, s.enc);
    let (edit, annotations) = if flags.change_annotations {
        let a = ChangeAnnotation {
            label: TITLE.into(),
            needs_confirmation: Some(true),
            description: Some(format!(
                "Reads this file as {} and rewrites it as talk-note markup (every word kept).",
                shape.description()
            )),
        };
        (
            OneOf::Right(AnnotatedTextEdit {
                text_edit: edit,
                annotation_id: ANNOTATION.into(),
            }),
            Some(HashMap::from([(ANNOTATION.to_string(), a)])),
        )
    } else {
        (OneOf::Left(edit), None)
    };
    Some(CodeAction {
        title: TITLE.into(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: lsp_diag.map(|d| vec![d]),
        edit: Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(d.version),
                },
                edits: vec![edit],
            }])),
            change_annotations: annotations,
            ..Default::default()
        }),
        ..Default::default()
    })
}

fn invalid(msg: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: msg.into().into(),
        data: None,
    }
}

fn failed(msg: impl Into<String>) -> Error {
    Error {
        // RequestFailed: the request was valid, the import was not possible.
        code: ErrorCode::ServerError(-32803),
        message: msg.into().into(),
        data: None,
    }
}

/// The command's arguments, in either form it takes.
struct Args<'a> {
    uri: &'a str,
    shape: Option<&'a Value>,
    text: Option<&'a Value>,
}

fn args<'a>(args: &'a [Value]) -> Result<Args<'a>> {
    let usage =
        "notelint.import takes [uri], [uri, shape], [uri, shape, text] or [{uri, shape?, text?}]";
    let (uri, shape, text) = match args.first() {
        Some(Value::Object(o)) => (o.get("uri"), o.get("shape"), o.get("text")),
        first => (first, args.get(1), args.get(2)),
    };
    let uri = uri.and_then(Value::as_str).ok_or_else(|| invalid(usage))?;
    // `null` stands for "not given", so a client can send a text without a shape.
    let given = |v: Option<&'a Value>| v.filter(|v| !v.is_null());
    Ok(Args {
        uri,
        shape: given(shape),
        text: given(text),
    })
}

/// `workspace/executeCommand` `notelint.import`.
pub fn execute(s: &State, command: &str, args_: &[Value]) -> Result<Option<Value>> {
    if command != COMMAND {
        return Err(invalid(format!("unknown command `{command}`")));
    }
    let Args { uri, shape, text } = args(args_)?;
    let uri: Uri = uri
        .parse()
        .map_err(|_| invalid(format!("`{uri}` is not a URI")))?;
    let from = match shape {
        None => None,
        Some(v) => match v.as_str() {
            Some("auto") => None,
            Some(n) => Some(Shape::from_name(n).ok_or_else(|| {
                let names: Vec<&str> = Shape::ALL.iter().map(|s| s.name()).collect();
                invalid(format!(
                    "unknown shape `{n}`; shapes: auto, {}",
                    names.join(", ")
                ))
            })?),
            None => return Err(invalid("notelint.import: the shape must be a string")),
        },
    };
    let text = match text {
        Some(t) => t
            .as_str()
            .ok_or_else(|| invalid("notelint.import: the text must be a string"))?
            .to_string(),
        None => match s.docs.get(&key(&uri)) {
            Some(d) => d.doc.text(),
            None => {
                let path = uri.to_file_path().ok_or_else(|| {
                    failed(format!("{} is neither open nor a file", uri.as_str()))
                })?;
                let max = s.configs.for_file(&path).max_file_size;
                crate::workspace::read_note(&path, max)
                    .map_err(|e| failed(format!("{}: {e}", path.display())))?
            }
        },
    };
    match import(&text, from, &Options::default()) {
        Ok(Imported::Converted { shape, text, talks }) => Ok(Some(json!({
            "text": text,
            "shape": shape.name(),
            "talks": talks,
        }))),
        Ok(Imported::AlreadyTalkNotes) => {
            Err(failed("already talk-note markup; nothing to import"))
        }
        Err(e) => Err(failed(e.to_string())),
    }
}
