//! The request handlers, per feature. Each is a function of the server
//! [`State`] run by `Backend::run` on the blocking pool: it converts the
//! request's positions to byte offsets, asks `analysis`, and converts the
//! answer back ([`super::convert`]). The `LanguageServer` impl in
//! `server.rs` only names the request and calls one of these.
//!
//! Diagnostics are answered by [`super::pull`] and the outline by
//! [`super::symbols`] (kept packed between requests).

pub mod code_actions;
pub mod editing;
pub mod import;
pub mod navigation;
pub mod presentation;

use super::convert;
use super::state::{key, State};
use crate::analysis::ide;
use tower_lsp_server::ls_types::*;

/// The speaker name under the cursor and its byte range.
fn speaker_under(
    s: &State,
    tp: &TextDocumentPositionParams,
) -> Option<(String, std::ops::Range<usize>)> {
    let d = s.docs.get(&key(&tp.text_document.uri))?;
    let at = convert::offset(d.doc.rope(), tp.position, s.enc);
    ide::speaker_at(&d.doc, at)
}
