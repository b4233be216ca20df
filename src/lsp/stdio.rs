//! The transport: stdin/stdout, plus a tower wrapper around `LspService`
//! that fixes what real clients trip over in tower-lsp 0.20.
//!
//! - Eglot sends `shutdown` and `exit` with `"params": null`; tower-lsp's
//!   router rejects any params on these with -32602. The wrapper drops a
//!   null `params` before the router sees the message.
//! - After `exit`, tower-lsp only notices on the *next* message, and tokio's
//!   stdin reader is a blocking thread that keeps the runtime alive until
//!   stdin closes. The wrapper signals `exit` and `run` ends the process as
//!   soon as it arrives (code 0 after `shutdown`, 1 without, as LSP says).

use super::server::Backend;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;
use tower_service::Service;
use tower_lsp::jsonrpc::{Request, Response};
use tower_lsp::{LspService, Server};

pub struct ClientFixes<S> {
    inner: S,
    shutdown_seen: Arc<AtomicBool>,
    exit_tx: mpsc::UnboundedSender<()>,
}

fn without_null_params(req: Request) -> Request {
    let method = req.method();
    if !matches!(method, "shutdown" | "exit") || !matches!(req.params(), Some(serde_json::Value::Null)) {
        return req;
    }
    let (method, id, _) = req.into_parts();
    let b = Request::build(method);
    match id {
        Some(id) => b.id(id).finish(),
        None => b.finish(),
    }
}

impl<S> Service<Request> for ClientFixes<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Option<Response>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let req = without_null_params(req);
        let method = req.method().to_string();
        let fut = self.inner.call(req);
        let shutdown_seen = Arc::clone(&self.shutdown_seen);
        let exit_tx = self.exit_tx.clone();
        Box::pin(async move {
            let res = fut.await;
            match method.as_str() {
                "shutdown" => shutdown_seen.store(true, Ordering::SeqCst),
                "exit" => {
                    let _ = exit_tx.send(());
                }
                _ => {}
            }
            res
        })
    }
}

pub fn run() -> i32 {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("notelint lsp: cannot start the runtime: {e}");
            return 2;
        }
    };
    let shutdown_seen = Arc::new(AtomicBool::new(false));
    let code = rt.block_on(async {
        let (exit_tx, mut exit_rx) = mpsc::unbounded_channel();
        let (service, socket) = LspService::build(Backend::new)
            .custom_method("notelint/testPanic", Backend::test_panic)
            .custom_method("notelint/testSlow", Backend::test_slow)
            .finish();
        let service = ClientFixes {
            inner: service,
            shutdown_seen: Arc::clone(&shutdown_seen),
            exit_tx,
        };
        let stdin = tokio::io::stdin();
        let stdout = tokio::io::stdout();
        let serve = Server::new(stdin, stdout, socket).serve(service);
        tokio::select! {
            _ = serve => {
                // stdin closed: the client is gone, which is a normal end.
                0
            }
            _ = exit_rx.recv() => {
                if shutdown_seen.load(Ordering::SeqCst) { 0 } else { 1 }
            }
        }
    });
    let _ = rt.block_on(async { tokio::io::stdout().flush().await });
    // Do not wait for the blocking stdin reader: it only ends when stdin closes.
    rt.shutdown_background();
    code
}
