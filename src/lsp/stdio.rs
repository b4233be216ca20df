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
//! - tower-lsp's reader stops reading for good at the first undecodable
//!   message (tokio-util ends a framed stream after a decode error), so one
//!   malformed message would end the session. [`frames`] reads stdin itself,
//!   resynchronises on garbage, and hands tower-lsp only well-formed frames;
//!   a bad message becomes a call to `notelint/invalidMessage`, which
//!   answers with the JSON-RPC parse (-32700) or invalid-request (-32600) error.
//! - tower-lsp swallows the MethodNotFound answer to any `$/` method, so a
//!   `$/…` *request* (with an id) was never answered; the wrapper answers it.

use super::direct::{self, Stash};
use super::outbox;
use super::server::Backend;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::{Request, Response};
use tower_lsp::{LspService, Server};
use tower_service::Service;

pub struct ClientFixes<S> {
    inner: S,
    shutdown_seen: Arc<AtomicBool>,
    exit_tx: mpsc::UnboundedSender<()>,
    /// Answers the handlers serialised themselves, and where to post them.
    direct: Stash,
    outbox: outbox::Outbox,
}

fn without_null_params(req: Request) -> Request {
    let method = req.method();
    if !matches!(method, "shutdown" | "exit")
        || !matches!(req.params(), Some(serde_json::Value::Null))
    {
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
    S::Error: Send,
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
        let id = req.id().cloned();
        let fut = self.inner.call(req);
        let shutdown_seen = Arc::clone(&self.shutdown_seen);
        let exit_tx = self.exit_tx.clone();
        let stash = self.direct.clone();
        let out = self.outbox.clone();
        Box::pin(async move {
            let res = match &id {
                Some(id) => direct::scope(id.clone(), fut).await,
                None => fut.await,
            };
            // A handler that serialised its own answer left it in the
            // stash; send that in place of tower-lsp's stand-in, but only
            // when tower-lsp's answer is a success (not a cancellation).
            if let Some(frame) = id.as_ref().and_then(|id| stash.take(id)) {
                if matches!(&res, Ok(Some(r)) if r.is_ok()) {
                    let _ = out.send(frame).await;
                    return Ok(None);
                }
            }
            match method.as_str() {
                "shutdown" => shutdown_seen.store(true, Ordering::SeqCst),
                "exit" => {
                    let _ = exit_tx.send(());
                }
                _ => {}
            }
            // tower-lsp drops the MethodNotFound answer of every `$/` method,
            // requests included, so a client would wait forever; LSP says a
            // `$/` request must be answered with MethodNotFound.
            match (res, id) {
                (Ok(None), Some(id)) if method.starts_with("$/") => Ok(Some(Response::from_error(
                    id,
                    tower_lsp::jsonrpc::Error::method_not_found(),
                ))),
                (res, _) => res,
            }
        })
    }
}

/// glibc raises its mmap threshold to the size of the largest block freed
/// (up to 32 MB). After that, big transient buffers — a 12 MB outline, a
/// diagnostics frame — come from the heap, fragment it, and a long-lived
/// server keeps that memory. A fixed 1 MiB threshold keeps big buffers in
/// mappings of their own, returned when freed. Measured on a 10 MB note
/// after 200 edits with outline requests: RSS 163 MB → 101 MB.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fixed_mmap_threshold() {
    // SAFETY: `mallopt` only sets an allocator parameter, and this runs
    // before the server starts any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fixed_mmap_threshold() {}

pub fn run() -> i32 {
    fixed_mmap_threshold();
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
    let code = rt.block_on(serve(std::io::stdin(), tokio::io::stdout()));
    let _ = rt.block_on(async { tokio::io::stdout().flush().await });
    // Do not wait for the blocking stdin reader: it only ends when stdin closes.
    rt.shutdown_background();
    code
}

/// Serve one session: messages read from `input` (a blocking reader, read on
/// its own thread), answers written to `output`. Returns the exit code once
/// `exit` arrives or `input` ends. `run` uses stdin/stdout; the fuzz target
/// drives a whole session in-process through this.
pub async fn serve<R, W>(input: R, output: W) -> i32
where
    R: std::io::Read + Send + 'static,
    W: tokio::io::AsyncWrite + Unpin,
{
    let shutdown_seen = Arc::new(AtomicBool::new(false));
    let (exit_tx, mut exit_rx) = mpsc::unbounded_channel();
    let (out_tx, out_rx) = outbox::channel();
    let backend_out = out_tx.clone();
    let stash = Stash::default();
    let backend_stash = stash.clone();
    let (service, socket) =
        LspService::build(move |client| Backend::new(client, backend_out, backend_stash))
            .custom_method("notelint/testPanic", Backend::test_panic)
            .custom_method("notelint/testSlow", Backend::test_slow)
            .custom_method("notelint/invalidMessage", Backend::invalid_message)
            .finish();
    let service = ClientFixes {
        inner: service,
        shutdown_seen: Arc::clone(&shutdown_seen),
        exit_tx,
        direct: stash,
        outbox: out_tx.clone(),
    };
    let input = frames::spawn_reader(input);
    // tower-lsp writes into a pipe whose frames join the lint worker's in
    // one ordered outbox (see `outbox`).
    let (tower_out, tower_in) = tokio::io::duplex(1 << 16);
    let session = async move {
        let serve = Server::new(input, tower_out, socket).serve(service);
        tokio::select! {
            _ = serve => {
                // Input closed: the client is gone, which is a normal end.
                0
            }
            _ = exit_rx.recv() => {
                if shutdown_seen.load(Ordering::SeqCst) { 0 } else { 1 }
            }
        }
        // Here the server and its end of the pipe are dropped: the splitter
        // sees the end, and the writer stops after what came before it.
    };
    let (code, (), ()) = tokio::join!(
        session,
        outbox::split_frames(tower_in, out_tx),
        outbox::write_frames(out_rx, output)
    );
    code
}

mod frames {
    //! Framing of stdin done here, so a malformed message is answered
    //! instead of ending the session.

    use super::super::outbox::header;
    use serde_json::{json, Value};
    use std::io::{BufRead, BufReader, Read};
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use tokio::io::{AsyncRead, ReadBuf};
    use tokio::sync::mpsc;

    /// An `AsyncRead` over frames sent by the reader thread.
    pub struct FrameReader {
        rx: mpsc::Receiver<Vec<u8>>,
        buf: Vec<u8>,
        pos: usize,
    }

    impl AsyncRead for FrameReader {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            out: &mut ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            loop {
                if self.pos < self.buf.len() {
                    let n = out.remaining().min(self.buf.len() - self.pos);
                    let from = self.pos;
                    out.put_slice(&self.buf[from..from + n]);
                    self.pos += n;
                    return Poll::Ready(Ok(()));
                }
                match self.rx.poll_recv(cx) {
                    Poll::Ready(Some(b)) => {
                        self.buf = b;
                        self.pos = 0;
                    }
                    // End of input.
                    Poll::Ready(None) => return Poll::Ready(Ok(())),
                    Poll::Pending => return Poll::Pending,
                }
            }
        }
    }

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut f = header(body.len());
        f.extend_from_slice(body);
        f
    }

    /// The stand-in for a message tower-lsp could not decode.
    fn invalid(id: Value, code: i64, detail: String) -> Vec<u8> {
        // Only ids tower-lsp can hold (integers, strings): it ends the
        // session at a message it cannot decode, so `0.0` or `1e400` must
        // not be carried over. The answer then has id `null`, as JSON-RPC
        // says for an id that cannot be read.
        let id = match id {
            Value::Number(n) if n.is_i64() => Value::Number(n),
            Value::String(_) => id,
            _ => Value::Null,
        };
        let msg = json!({"jsonrpc": "2.0", "id": id, "method": "notelint/invalidMessage",
                         "params": {"code": code, "detail": detail}});
        frame(msg.to_string().as_bytes())
    }

    /// The fields tower-lsp's `Request` reads, with the same rules, so a body
    /// accepted here is one tower-lsp decodes (a valid response is a valid
    /// request shape too). Parameters are skipped, not copied: a 50 MB
    /// `didOpen` is checked without building its `Value`.
    #[derive(serde::Deserialize)]
    struct Probe<'a> {
        #[serde(borrow)]
        jsonrpc: std::borrow::Cow<'a, str>,
        #[serde(default, borrow)]
        #[allow(dead_code)]
        method: std::borrow::Cow<'a, str>,
        #[serde(default)]
        #[allow(dead_code)]
        id: Option<tower_lsp::jsonrpc::Id>,
    }

    /// Check one message body; return the frames to hand to tower-lsp.
    fn check(body: Vec<u8>) -> Vec<Vec<u8>> {
        match serde_json::from_slice::<Probe>(&body) {
            Ok(p) if p.jsonrpc == "2.0" => vec![header(body.len()), body],
            _ => match serde_json::from_slice::<Value>(&body) {
                Err(e) => vec![invalid(Value::Null, -32700, format!("not JSON: {e}"))],
                Ok(v) => {
                    let id = v.get("id").cloned().unwrap_or(Value::Null);
                    vec![invalid(
                        id,
                        -32600,
                        "not a JSON-RPC 2.0 request, notification or response".into(),
                    )]
                }
            },
        }
    }

    /// Read headers up to the blank line; `None` at end of input. A header
    /// block without a usable Content-Length yields `Some(None)`.
    fn headers(r: &mut impl BufRead) -> Option<Option<usize>> {
        let mut len = None;
        let mut any = false;
        loop {
            let mut line = Vec::new();
            if r.read_until(b'\n', &mut line).ok()? == 0 {
                return if any { Some(None) } else { None };
            }
            let text = String::from_utf8_lossy(&line);
            let t = text.trim();
            if t.is_empty() {
                if any {
                    return Some(len);
                }
                continue;
            }
            any = true;
            if let Some(n) = super::super::outbox::content_length(t) {
                len = n;
            }
        }
    }

    pub fn spawn_reader<R: Read + Send + 'static>(input: R) -> FrameReader {
        let (tx, rx) = mpsc::channel::<Vec<u8>>(16);
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 16, input);
            while let Some(h) = headers(&mut r) {
                let out = match h {
                    None => vec![invalid(
                        Value::Null,
                        -32700,
                        "a message without a valid Content-Length".into(),
                    )],
                    Some(n) => {
                        let mut body = vec![0; n];
                        if r.read_exact(&mut body).is_err() {
                            break;
                        }
                        check(body)
                    }
                };
                for chunk in out {
                    if tx.blocking_send(chunk).is_err() {
                        return;
                    }
                }
            }
        });
        FrameReader {
            rx,
            buf: Vec::new(),
            pos: 0,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn bad_bodies_become_invalid_message_calls() {
            let ok = br#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":[1]}}"#;
            assert_eq!(check(ok.to_vec()).concat(), frame(ok));
            let bad = check(b"{nope".to_vec()).concat();
            assert!(String::from_utf8(bad).unwrap().contains("-32700"));
            for (body, code) in [
                (&br#"{"jsonrpc":"2.0","id":7,"method":5}"#[..], "-32600"),
                (br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#, "-32600"),
                (br#"{"jsonrpc":"2.0","id":7.5,"method":"x"}"#, "-32600"),
                (br#"{"jsonrpc":"2.0","id":0.0,"method":"x"}"#, "-32600"),
                (br#"{"jsonrpc":"2.0","id":1e400,"method":"x"}"#, "-32700"),
                (br#"{"jsonrpc":"2.0","id":7,"method":null}"#, "-32600"),
                (br#"[1,2]"#, "-32600"),
            ] {
                let out = String::from_utf8(check(body.to_vec()).concat()).unwrap();
                assert!(
                    out.contains(code) && out.contains("notelint/invalidMessage"),
                    "{out}"
                );
                // The stand-in itself must be one tower-lsp decodes.
                let stand_in = &out[out.find("\r\n\r\n").unwrap() + 4..];
                assert!(
                    serde_json::from_str::<tower_lsp::jsonrpc::Request>(stand_in).is_ok(),
                    "{stand_in}"
                );
                // What we let through, tower-lsp must decode; what we stop, it would not.
                let tl = serde_json::from_slice::<tower_lsp::jsonrpc::Request>(body);
                assert!(tl.is_err(), "{}", String::from_utf8_lossy(body));
            }
            for body in [
                &br#"{"jsonrpc":"2.0"}"#[..],
                br#"{"jsonrpc":"2.0","id":null,"result":1}"#,
                br#"{"jsonrpc":"2.0","method":"x","params":null,"extra":1}"#,
            ] {
                assert_eq!(check(body.to_vec()).concat(), frame(body));
                assert!(serde_json::from_slice::<tower_lsp::jsonrpc::Request>(body).is_ok());
            }
        }
    }
}
