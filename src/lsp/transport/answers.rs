//! Answers the handlers serialise themselves (through `wire`), past
//! tower-lsp's `serde_json::Value`: the request id a handler runs under,
//! and the frames kept by id until the session loop sends them. The route
//! as a whole is described in the `transport` module doc.

use super::outbox::Frame;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower_lsp_server::jsonrpc::Id;

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
