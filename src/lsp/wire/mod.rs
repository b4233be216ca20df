//! The wire: the one place an answer becomes bytes for the client.
//!
//! Every frame the server writes is made here, and each kind of answer has
//! one reference encoding: its `ls_types` value through `serde_json`
//! ([`response`], [`notification`], [`publish_diagnostics`]), written
//! straight to a frame, never through a `serde_json::Value` (for a 10 MB
//! note that tree is hundreds of megabytes: docs/perf.md). That is the
//! default: an answer that implements `Serialize` takes it through
//! [`Answer`] with nothing more.
//!
//! The big answers, which an editor asks for again after every keystroke,
//! also have a fast path that writes the same JSON from what the server
//! keeps between edits, a buffer at a time as the frame is sent
//! (`outbox::Frame::Array`):
//!
//! | answer | reference (serde) | fast path |
//! |---|---|---|
//! | `textDocument/documentSymbol` | [`outline::document_symbols`] | `symbols::Outline` through [`array_response`] |
//! | `publishDiagnostics` | [`diagnostic::diagnostic`] + [`publish_diagnostics`] | `report::Report` through [`publish_report`] |
//! | `textDocument/diagnostic` | [`diagnostic::diagnostic`] + [`response`] | `report::Report` through [`pulled_report`] |
//! | `workspace/diagnostic` | [`diagnostic::diagnostic`] + [`response`] | open documents' `report::Report` through [`workspace_report`] |
//!
//! There is one lint diagnostic → LSP conversion, [`diagnostic::diagnostic`];
//! the fast path takes what it writes besides the range and message (the
//! severity, code, link, source, the related places) from the same
//! function ([`diagnostic::prefix`], [`diagnostic::related_json`]). The
//! property tests in `prop.rs` check, over generated notes and edits, in
//! UTF-8 and UTF-16, that each fast path writes what its reference writes.

pub mod diagnostic;
pub mod outline;
#[cfg(test)]
mod prop;

use super::transport::outbox::{Elements, Frame};
use serde::Serialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Id;
use tower_lsp_server::ls_types as lsp;

/// An answer a handler returns, as the transport sends it.
pub trait Answer: Sized {
    /// The frame answering `id` and the stand-in to hand tower-lsp (whose
    /// success the frame replaces); or the answer back when tower-lsp
    /// should send it (errors, `null`).
    fn split(self, id: &Id) -> Result<(Frame, Self), Self>;
}

/// The default: the answer's `ls_types` value through serde.
impl<X: Serialize> Answer for Option<X> {
    fn split(self, id: &Id) -> Result<(Frame, Self), Self> {
        match self {
            None => Err(None),
            Some(x) => Ok((response(id, &x).into(), None)),
        }
    }
}

impl<X: Answer> Answer for tower_lsp_server::jsonrpc::Result<X> {
    fn split(self, id: &Id) -> Result<(Frame, Self), Self> {
        match self {
            Err(e) => Err(Err(e)),
            Ok(x) => x.split(id).map(|(f, p)| (f, Ok(p))).map_err(Ok),
        }
    }
}

/// An array answer written by a fast path (the outline, from its packed
/// talks): its elements are written on the way out.
pub struct Packed(pub Box<dyn Elements>);

impl Answer for Option<Packed> {
    fn split(self, id: &Id) -> Result<(Frame, Self), Self> {
        match self {
            None => Err(None),
            Some(p) => Ok((array_response(id, p.0), None)),
        }
    }
}

/// Test hooks answer small values: tower-lsp sends them.
impl Answer for Value {
    fn split(self, _: &Id) -> Result<(Frame, Self), Self> {
        Err(self)
    }
}

/// The header of a frame whose body is `len` bytes, with room for the body.
fn header(len: usize) -> Vec<u8> {
    let mut f = Vec::with_capacity(len + 32);
    f.extend_from_slice(format!("Content-Length: {len}\r\n\r\n").as_bytes());
    f
}

/// A frame whose body is `head`, the elements (joined by commas), and
/// `tail`; the elements are written out as the frame is sent.
fn array_frame(head: &[u8], elements: Box<dyn Elements>, tail: &'static [u8]) -> Frame {
    let len = head.len() + elements.len() + tail.len();
    let mut f = format!("Content-Length: {len}\r\n\r\n").into_bytes();
    f.extend_from_slice(head);
    Frame::Array {
        head: f,
        elements,
        tail,
    }
}

/// `{"jsonrpc":"2.0","id":<id>,"result":`, as serde writes a response.
fn response_head(id: &Id) -> Vec<u8> {
    let mut head = br#"{"jsonrpc":"2.0","id":"#.to_vec();
    // Serialising an id into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut head, id);
    head.extend_from_slice(br#","result":"#);
    head
}

/// Fast path: `textDocument/publishDiagnostics` with the diagnostics
/// written out as the frame is sent; a later publication for the same
/// document replaces it while it waits (see [`Frame::Replaceable`]).
pub fn publish_report(
    uri: &lsp::Uri,
    version: Option<i32>,
    diagnostics: Box<dyn Elements>,
) -> Frame {
    let mut head =
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#.to_vec();
    // Serialising a string into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut head, uri);
    if let Some(v) = version {
        head.extend_from_slice(br#","version":"#);
        head.extend_from_slice(v.to_string().as_bytes());
    }
    head.extend_from_slice(br#","diagnostics":["#);
    Frame::Replaceable {
        key: format!("publishDiagnostics {}", uri.as_str()),
        frame: Box::new(array_frame(&head, diagnostics, b"]}}")),
    }
}

/// Reference: a `textDocument/publishDiagnostics` notification as one
/// frame; `diagnostics` serialises as the list (a `Vec`, or converted
/// lazily).
pub fn publish_diagnostics<D: Serialize>(
    uri: &lsp::Uri,
    diagnostics: D,
    version: Option<i32>,
) -> Vec<u8> {
    #[derive(Serialize)]
    struct Params<'a, D> {
        uri: &'a lsp::Uri,
        diagnostics: D,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    notification(
        <lsp::notification::PublishDiagnostics as lsp::notification::Notification>::METHOD,
        &Params {
            uri,
            diagnostics,
            version,
        },
    )
}

/// Fast path: the answer to `textDocument/diagnostic`, a full report whose
/// items are written out as the frame is sent.
pub fn pulled_report(id: &Id, result_id: &str, items: Box<dyn Elements>) -> Frame {
    let mut head = response_head(id);
    head.extend_from_slice(br#"{"kind":"full","resultId":"#);
    let _ = serde_json::to_writer(&mut head, result_id);
    head.extend_from_slice(br#","items":["#);
    array_frame(&head, items, b"]}}")
}

/// Fast path: the answer to `workspace/diagnostic`, its `items` (the
/// reports, joined) written out as the frame is sent.
pub fn workspace_report(id: &Id, items: Box<dyn Elements>) -> Frame {
    let mut head = response_head(id);
    head.extend_from_slice(br#"{"items":["#);
    array_frame(&head, items, b"]}}")
}

/// Fast path: an open document's full report in a `workspace/diagnostic`
/// answer, up to its diagnostics (they follow, then `]}`).
pub fn workspace_open_head(uri: &lsp::Uri, version: i32, result_id: &str) -> Vec<u8> {
    let mut head = br#"{"kind":"full","uri":"#.to_vec();
    // Serialising plain values into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut head, uri);
    head.extend_from_slice(br#","version":"#);
    let _ = serde_json::to_writer(&mut head, &version);
    head.extend_from_slice(br#","resultId":"#);
    let _ = serde_json::to_writer(&mut head, result_id);
    head.extend_from_slice(br#","items":["#);
    head
}

/// The close of [`workspace_open_head`]'s report.
pub const WORKSPACE_OPEN_TAIL: &[u8] = b"]}";

/// A JSON-RPC notification as one frame (serde).
pub fn notification<P: Serialize>(method: &str, params: &P) -> Vec<u8> {
    #[derive(Serialize)]
    struct Note<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    message(&Note {
        jsonrpc: "2.0",
        method,
        params,
    })
}

/// A successful JSON-RPC response as one frame (serde).
pub fn response<R: Serialize>(id: &Id, result: &R) -> Vec<u8> {
    #[derive(Serialize)]
    struct Reply<'a, R> {
        jsonrpc: &'static str,
        id: &'a Id,
        result: &'a R,
    }
    message(&Reply {
        jsonrpc: "2.0",
        id,
        result,
    })
}

/// Fast path: a successful response whose result is a JSON array of the
/// given elements, written out by the writer as the frame is sent.
pub fn array_response(id: &Id, elements: Box<dyn Elements>) -> Frame {
    let mut head = response_head(id);
    head.push(b'[');
    array_frame(&head, elements, b"]}")
}

/// A message as one frame (serde), in one allocation of the exact size: a
/// first pass only counts bytes (a big document's diagnostics or symbols
/// are megabytes of JSON; growing a buffer by doubling would hold up to
/// twice that).
pub fn message<M: Serialize>(msg: &M) -> Vec<u8> {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Serialising our plain data types cannot fail; were it to, send a
    // well-formed error instead of a broken frame.
    if serde_json::to_writer(&mut count, msg).is_err() {
        let body = br#"{"jsonrpc":"2.0","method":"window/logMessage","params":{"type":1,"message":"notelint: could not serialise a message"}}"#;
        let mut f = header(body.len());
        f.extend_from_slice(body);
        return f;
    }
    let mut f = header(count.0);
    let _ = serde_json::to_writer(&mut f, msg);
    f
}
