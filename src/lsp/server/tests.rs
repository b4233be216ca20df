//! The handlers called without the transport's router (no request id):
//! the answer is the wire's reference encoding, sent by tower-lsp, not the
//! stand-in the router would replace.

use super::*;
use crate::lsp::transport::outbox;
use std::str::FromStr;

#[tokio::test]
async fn without_a_request_id_the_outline_is_the_reference_value() {
    let (tx, _rx) = outbox::channel();
    let (service, _socket) =
        tower_lsp_server::LspService::build(|c| Backend::new(c, tx, ReadyAnswers::default()))
            .finish();
    let b = service.inner();
    let uri = Uri::from_str("file:///notes/solo.talk").unwrap();
    b.did_open(DidOpenTextDocumentParams {
        text_document: TextDocumentItem {
            uri: uri.clone(),
            language_id: "talknote".into(),
            version: 1,
            text: " Solo 😀 talk\nby Ann Lee\n\nDescription: d\n".into(),
        },
    })
    .await;
    let got = b
        .document_symbol(DocumentSymbolParams {
            text_document: TextDocumentIdentifier { uri },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .await
        .unwrap();
    let Some(DocumentSymbolResponse::Nested(symbols)) = got else {
        panic!("{got:?}");
    };
    assert_eq!(symbols.len(), 1);
    assert_eq!(symbols[0].name, "Solo 😀 talk");
    assert_eq!(symbols[0].detail.as_deref(), Some("Ann Lee"));
    let sections = symbols[0].children.as_deref().unwrap_or_default();
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0].name, "Description");
}
