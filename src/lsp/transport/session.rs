//! The session loop: reads decoded messages, calls the service, and posts
//! its answers and the client socket's requests to the outbox, until
//! `exit` (or the end of input).
//!
//! tower-lsp-server's own `Server` loop is not used (why: the `transport`
//! module doc): this one drives the `LspService` and its client socket
//! through their public API, takes its messages from [`reader`], writes
//! through the outbox, and wraps the service in an [`AnswerRouter`]. What
//! it does on its own terms: up to [`CONCURRENT`] handlers at a time;
//! `exit` ends the session even while stdin stays open, with the exit
//! code LSP gives, without waiting for handlers still running.

use super::answers::{self, ReadyAnswers};
use super::outbox;
use super::reader::{self, Incoming};
use crate::lsp::server::Backend;
use crate::lsp::wire;
use futures::channel::mpsc as fmpsc;
use futures::{future, stream, SinkExt, StreamExt};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;
use tower_service::Service;

/// How many handler futures run at once: enough that a long request
/// (a workspace walk, a big document's answer) does not hold up the next
/// ones; few, since request bodies hold the state's lock anyway.
pub const CONCURRENT: usize = 4;

/// The `LspService` as the session loop calls it, with what it lacks: a
/// request's handler runs knowing its id, an answer the handler serialised
/// itself is posted in place of tower-lsp's stand-in, and a `$/` request
/// (which the service answers with nothing) gets MethodNotFound.
pub struct AnswerRouter<S> {
    inner: S,
    /// Answers the handlers serialised themselves, and where to post them.
    ready: ReadyAnswers,
    outbox: outbox::Outbox,
}

impl<S> Service<Request> for AnswerRouter<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Option<Response>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let method = req.method().to_string();
        let id = req.id().cloned();
        let fut = self.inner.call(req);
        let ready = self.ready.clone();
        let out = self.outbox.clone();
        Box::pin(async move {
            let res = match &id {
                Some(id) => answers::scope(id.clone(), fut).await,
                None => fut.await,
            };
            // A handler that serialised its own answer left it ready; send
            // that in place of tower-lsp's stand-in, but only when
            // tower-lsp's answer is a success (not a cancellation).
            if let Some(frame) = id.as_ref().and_then(|id| ready.take(id)) {
                if matches!(&res, Ok(Some(r)) if r.is_ok()) {
                    let _ = out.send(frame).await;
                    return Ok(None);
                }
            }
            // The service drops the MethodNotFound answer of every `$/` method,
            // requests included, so a client would wait forever; LSP says a
            // `$/` request must be answered with MethodNotFound.
            match (res, id) {
                (Ok(None), Some(id)) if method.starts_with("$/") => Ok(Some(Response::from_error(
                    id,
                    tower_lsp_server::jsonrpc::Error::method_not_found(),
                ))),
                (res, _) => res,
            }
        })
    }
}

/// Serve one session: messages read from `input` on a thread of its own,
/// frames written to `output` by the frame writer on a blocking thread.
/// Returns the exit code once `exit` arrives or `input` ends.
pub async fn serve<R, W>(input: R, output: W) -> i32
where
    R: std::io::Read + Send + 'static,
    W: std::io::Write + Send + 'static,
{
    let (out_tx, out_rx) = outbox::channel();
    let backend_out = out_tx.clone();
    let ready = ReadyAnswers::default();
    let backend_ready = ready.clone();
    let (service, socket) =
        LspService::build(move |client| Backend::new(client, backend_out, backend_ready))
            .custom_method("notelint/testPanic", Backend::test_panic)
            .custom_method("notelint/testSlow", Backend::test_slow)
            .custom_method("notelint/invalidMessage", Backend::invalid_message)
            .finish();
    let mut service = AnswerRouter {
        inner: service,
        ready,
        outbox: out_tx.clone(),
    };
    let mut input = reader::spawn_reader(input);
    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, client_abort) = stream::abortable(client_requests);
    // Handler futures, run up to `CONCURRENT` at a time (notifications
    // too: see `Backend::did_change` for ordering).
    let (mut tasks_tx, tasks_rx) = fmpsc::channel(100);
    // Each closure below owns a sender (not a reference), so that the
    // session future is `Send` and can be spawned (the fuzz target does).
    let (out_answers, out_requests, out) = (out_tx.clone(), out_tx.clone(), out_tx.clone());
    let session = async move {
        // `Some(code)` once `exit` arrived: 0 after `shutdown`, 1 without,
        // as LSP says. Reading stops there: stdin may stay open, and the
        // blocking reader thread is not waited for.
        let mut shutdown_seen = false;
        let mut exit_code = None;
        let read = async {
            while let Some(msg) = input.recv().await {
                match msg {
                    Incoming::Request(req) => {
                        if future::poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
                            break;
                        }
                        let method = req.method();
                        shutdown_seen |= method == "shutdown";
                        let exit = method == "exit";
                        if tasks_tx.send(service.call(req)).await.is_err() {
                            break;
                        }
                        if exit {
                            exit_code = Some(if shutdown_seen { 0 } else { 1 });
                            break;
                        }
                    }
                    Incoming::Response(res) => {
                        if client_responses.send(res).await.is_err() {
                            break;
                        }
                    }
                }
            }
            tasks_tx.disconnect();
            client_abort.abort();
        };
        let answers = tasks_rx.buffer_unordered(CONCURRENT).for_each(move |res| {
            let out = out_answers.clone();
            async move {
                if let Ok(Some(r)) = res {
                    let _ = out.send(wire::message(&r).into()).await;
                }
            }
        });
        let requests = client_requests.for_each(move |req| {
            let out = out_requests.clone();
            async move {
                let _ = out.send(wire::message(&req).into()).await;
            }
        });
        // The session ends when reading does (at `exit` or the end of
        // input): handlers still running are dropped, which raises their
        // cancel flags, rather than waited for. One waiting on a long walk
        // or a stuck file would otherwise keep the process alive after its
        // client is gone. What they posted before is still written.
        tokio::select! {
            biased;
            _ = read => {}
            _ = async { tokio::join!(answers, requests) } => {}
        }
        // Input closed without `exit`: the client is gone, a normal end.
        let code = exit_code.unwrap_or(0);
        // The end mark: the writer stops after what was posted before it.
        let _ = out.send(Vec::new().into()).await;
        code
    };
    let write = tokio::task::spawn_blocking(move || outbox::write_frames(out_rx, output));
    let (code, _) = tokio::join!(session, write);
    code
}

/// The fuzz target and tests spawn a session on a runtime: its future must
/// stay `Send` and `'static` (a borrowed sender in a closure once broke
/// this without any error in the binary, which only blocks on it).
#[cfg(test)]
#[test]
fn a_session_can_be_spawned() {
    fn spawnable<T: Future + Send + 'static>(_: T) {}
    spawnable(serve(std::io::empty(), std::io::sink()));
    spawnable(super::serve(std::io::empty(), tokio::io::sink()));
}
