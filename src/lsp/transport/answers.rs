//! Answers the handlers serialise themselves, past tower-lsp's
//! `serde_json::Value`: the request id a handler runs under, the frames
//! kept by id until the session loop sends them, and which answers take
//! this path. The route as a whole is described in the `transport` module
//! doc.

use super::outbox::{self, Frame};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower_lsp_server::jsonrpc::{Id, Result};

tokio::task_local! {
    /// The id of the request whose handler is running (set by the
    /// session's `AnswerRouter`).
    static REQUEST_ID: Id;
}

/// Finished response frames by request id, from the handlers to the
/// session loop.
#[derive(Clone, Default)]
pub struct ReadyAnswers(Arc<Mutex<HashMap<Id, Frame>>>);

impl ReadyAnswers {
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
pub trait DirectAnswer: Sized {
    /// The frame answering `id` and the stand-in for tower-lsp; or the
    /// answer back when tower-lsp should send it (errors, `null`).
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self>;
}

impl<X: Serialize> DirectAnswer for Option<X> {
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self> {
        match self {
            None => Err(None),
            Some(x) => Ok((outbox::response(id, &x).into(), None)),
        }
    }
}

impl<X: DirectAnswer> DirectAnswer for Result<X> {
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self> {
        match self {
            Err(e) => Err(Err(e)),
            Ok(x) => x.split(id).map(|(f, p)| (f, Ok(p))).map_err(Ok),
        }
    }
}

/// An array answer whose elements are written on the way out (the
/// outline, from its packed talks).
pub struct RawArray(pub Box<dyn outbox::Elements>);

impl DirectAnswer for Option<RawArray> {
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self> {
        match self {
            None => Err(None),
            Some(raw) => Ok((outbox::raw_array_response(id, raw.0), None)),
        }
    }
}

/// Test hooks answer small values: tower-lsp sends them.
impl DirectAnswer for Value {
    fn split(self, _: &Id) -> std::result::Result<(Frame, Self), Self> {
        Err(self)
    }
}
