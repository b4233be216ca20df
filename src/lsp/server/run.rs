//! How a request or notification body runs: requests on the blocking pool
//! with the state locked (a panic there becomes -32603 and a log line, a
//! dropped future raises the body's cancel flag), the answer serialised
//! there and sent past tower-lsp (see `transport::answers`);
//! notifications synchronously, catching panics.

use super::super::cancel::{Cancel, CancelOnDrop};
use super::super::lint_worker::lock;
use super::super::state::State;
use super::super::transport::answers;
use super::super::wire::Answer;
use super::Backend;
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::MessageType;

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

fn internal(name: &str, msg: String) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: format!("notelint: {name} failed: {msg}").into(),
        data: None,
    }
}

impl Backend {
    /// Run a request body on the blocking pool with the state locked.
    /// The answer is serialised there too, after the lock is released, and
    /// sent past tower-lsp (see `transport::answers`).
    pub(super) async fn run<T, F>(&self, name: &'static str, f: F) -> Result<T>
    where
        T: Answer + Send + 'static,
        F: FnOnce(&mut State, &Cancel) -> T + Send + 'static,
    {
        self.run_shared(name, move |state, cancel| f(&mut lock(state), cancel))
            .await
    }

    /// [`Backend::run`] for a body that takes the lock itself, as often as
    /// it needs (a long walk must not hold up edits).
    pub(super) async fn run_shared<T, F>(&self, name: &'static str, f: F) -> Result<T>
    where
        T: Answer + Send + 'static,
        F: FnOnce(&Mutex<State>, &Cancel) -> T + Send + 'static,
    {
        let state = Arc::clone(&self.state);
        let cancel = Cancel::default();
        let _guard = CancelOnDrop(cancel.clone());
        let id = answers::current_id();
        let res = tokio::task::spawn_blocking(move || {
            let v = f(&state, &cancel);
            match id {
                None => (v, None),
                Some(id) => match v.split(&id) {
                    Ok((frame, stand_in)) => (stand_in, Some((id, frame))),
                    Err(v) => (v, None),
                },
            }
        })
        .await;
        match res {
            Ok((v, frame)) => {
                if let Some((id, frame)) = frame {
                    self.ready.put(id, frame);
                }
                Ok(v)
            }
            Err(e) if e.is_panic() => {
                let msg = panic_message(e.into_panic().as_ref());
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("notelint: {name} panicked: {msg}"),
                    )
                    .await;
                Err(internal(name, msg))
            }
            Err(e) => Err(internal(name, e.to_string())),
        }
    }

    /// Run a notification body synchronously, catching panics.
    /// Returns false when the body panicked.
    pub(super) fn sync<F: FnOnce(&mut State)>(&self, name: &str, f: F) -> bool {
        let mut s = lock(&self.state);
        if let Err(p) = catch_unwind(AssertUnwindSafe(|| f(&mut s))) {
            let msg = panic_message(p.as_ref());
            let client = self.client.clone();
            let line = format!("notelint: {name} panicked: {msg}");
            tokio::spawn(async move { client.log_message(MessageType::ERROR, line).await });
            return false;
        }
        true
    }

    /// Hidden test hook (only with `NOTELINT_LSP_TEST_HOOKS=1`): panics inside a handler.
    pub async fn test_panic(&self, _params: Value) -> Result<Value> {
        if std::env::var_os("NOTELINT_LSP_TEST_HOOKS").is_none() {
            return Err(Error::method_not_found());
        }
        self.run("notelint/testPanic", |_, _| -> Value {
            panic!("test panic")
        })
        .await
    }

    /// Hidden test hook: a request that runs until cancelled (at most 10 s).
    pub async fn test_slow(&self, _params: Value) -> Result<Value> {
        if std::env::var_os("NOTELINT_LSP_TEST_HOOKS").is_none() {
            return Err(Error::method_not_found());
        }
        let state = Arc::clone(&self.state);
        let cancel = Cancel::default();
        let _guard = CancelOnDrop(cancel.clone());
        let c = cancel.clone();
        drop(state);
        let waited = tokio::task::spawn_blocking(move || {
            let t = std::time::Instant::now();
            while !c.is_cancelled() && t.elapsed() < std::time::Duration::from_secs(10) {
                std::thread::park_timeout(std::time::Duration::from_millis(5));
            }
            t.elapsed().as_millis() as u64
        })
        .await
        .unwrap_or(0);
        Ok(Value::from(waited))
    }
}
