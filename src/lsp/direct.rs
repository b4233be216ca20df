//! Big answers written straight to the client, bypassing tower-lsp's
//! `serde_json::Value`.
//!
//! tower-lsp turns every handler result into a `Value` tree before writing
//! it. For the symbols, folding ranges or diagnostics of a 10 MB note that
//! tree is hundreds of megabytes and most of a second to build, write and
//! free (measured: `documentSymbol` 1.2 s at 10 MB, 71% of it in `Value`).
//! So a request handler serialises its answer itself, on the blocking pool,
//! into a finished frame kept here under the request's id, and hands
//! tower-lsp a cheap stand-in (`null`, an empty report). The transport
//! wrapper (`stdio::ClientFixes`), which sees tower-lsp's response for that
//! id, posts the frame instead. Errors, cancellation (-32800) and panics
//! still go through tower-lsp as before: a stashed frame is only used when
//! tower-lsp's own answer is a success.

use super::outbox::{self, Frame};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower_lsp_server::jsonrpc::{Id, Result};
use tower_lsp_server::ls_types as lsp;

tokio::task_local! {
    /// The id of the request whose handler is running (set by the wrapper).
    static REQUEST_ID: Id;
}

/// Finished response frames by request id.
#[derive(Clone, Default)]
pub struct Stash(Arc<Mutex<HashMap<Id, Frame>>>);

impl Stash {
    pub fn put(&self, id: Id, frame: Frame) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, frame);
    }
    pub fn take(&self, id: &Id) -> Option<Frame> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(id)
    }
}

/// Run `fut` (a handler) knowing it answers request `id`.
pub async fn scope<F: std::future::Future>(id: Id, fut: F) -> F::Output {
    REQUEST_ID.scope(id, fut).await
}

/// The id of the request being handled, if any.
pub fn current_id() -> Option<Id> {
    REQUEST_ID.try_with(|id| id.clone()).ok()
}

/// An answer that can be sent as a frame of its own.
pub trait Direct: Sized {
    /// The frame answering `id` and the stand-in for tower-lsp; or the
    /// answer back when tower-lsp should send it (errors, `null`).
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self>;
}

impl<X: Serialize> Direct for Option<X> {
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self> {
        match self {
            None => Err(None),
            Some(x) => Ok((outbox::response(id, &x).into(), None)),
        }
    }
}

impl<X: Direct> Direct for Result<X> {
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self> {
        match self {
            Err(e) => Err(Err(e)),
            Ok(x) => x.split(id).map(|(f, p)| (f, Ok(p))).map_err(Ok),
        }
    }
}

impl Direct for lsp::DocumentDiagnosticReportResult {
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self> {
        let stand_in = lsp::DocumentDiagnosticReportResult::Report(
            lsp::DocumentDiagnosticReport::Full(Default::default()),
        );
        Ok((outbox::response(id, &self).into(), stand_in))
    }
}

/// An array answer whose elements are written on the way out (the
/// outline, from its packed talks).
pub struct RawArray(pub Box<dyn outbox::Elements>);

impl Direct for Option<RawArray> {
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self> {
        match self {
            None => Err(None),
            Some(raw) => Ok((outbox::raw_array_response(id, raw.0), None)),
        }
    }
}

/// Test hooks answer small values: tower-lsp sends them.
impl Direct for Value {
    fn split(self, _: &Id) -> std::result::Result<(Frame, Self), Self> {
        Err(self)
    }
}
