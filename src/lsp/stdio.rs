//! The transport: stdin/stdout, plus a tower wrapper around `LspService`.
//!
//! - tower-lsp-server's reader answers an undecodable message with an error
//!   but cannot tell a bad body's id, and a framing error ends its stream.
//!   [`frames`] reads stdin itself, resynchronises on garbage, and hands the
//!   service only decoded messages; a bad message becomes a call to
//!   `notelint/invalidMessage`, which answers with the JSON-RPC parse
//!   (-32700) or invalid-request (-32600) error, under the message's id when
//!   it can be read.
//! - tower-lsp-server's `Server` loop is not used: `serve` drives the
//!   `LspService` and its client socket itself, the way that loop does
//!   (including stopping at `exit`, so the process ends although stdin
//!   stays open). Its framed reader keeps a buffer as big as the largest
//!   message ever read (16 MB for the `didOpen` of a 10 MB note, for the
//!   life of the session), and its writer turns every answer into a
//!   `serde_json::Value` first.
//! - The service swallows the MethodNotFound answer to any `$/` method, so a
//!   `$/…` *request* (with an id) would never be answered; the wrapper
//!   answers it.
//!
//! (Under tower-lsp 0.20 the wrapper also dropped `"params": null` on
//! `shutdown`/`exit`, which Eglot sends and 0.20 rejected with -32602;
//! tower-lsp-server accepts it.)

use super::direct::{self, Stash};
use super::outbox;
use super::server::Backend;
use futures::channel::mpsc as fmpsc;
use futures::{future, stream, SinkExt, StreamExt};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;
use tower_service::Service;

pub struct ClientFixes<S> {
    inner: S,
    /// Answers the handlers serialised themselves, and where to post them.
    direct: Stash,
    outbox: outbox::Outbox,
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
        let method = req.method().to_string();
        let id = req.id().cloned();
        let fut = self.inner.call(req);
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

/// glibc raises its mmap threshold to the size of the largest block freed
/// (up to 32 MB). After that, big transient buffers — a 12 MB outline, a
/// diagnostics frame — come from the heap, fragment it, and a long-lived
/// server keeps that memory. A fixed 1 MiB threshold keeps big buffers in
/// mappings of their own, returned when freed. Measured on a 10 MB note
/// after 200 edits with outline requests: RSS 163 MB → 101 MB.
///
/// One arena, not one per thread: what a handler thread frees stays free
/// in that thread's arena, where what the lint worker allocates next cannot
/// use it. Measured on an open 10 MB note (four runs each): 34.8–37.2 MB
/// of heap with an arena per thread, 34.3–34.4 MB with one. The server's
/// threads take turns at the state lock, so they hardly contend for it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_malloc() {
    // SAFETY: `mallopt` only sets allocator parameters, and this runs
    // before the server starts any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_malloc() {}

/// Give the heap's free pages back to the system (glibc; elsewhere
/// nothing). Called once an opened note is prepared: the open's transient
/// peak otherwise stays resident (0.8 MB at 10 MB).
pub fn trim_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases memory the allocator holds free;
    // no allocation the program uses is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A bigger pipe for stdout (1 MiB, Linux's default limit for a user,
/// instead of 64 KiB): a 14 MB outline goes out in fewer wake-ups of
/// writer and client (measured: documentSymbol at 10 MB 8.2 ms instead of
/// 8.8). Nothing changes when stdout is not a pipe. Gated like the `libc`
/// dependency (Linux with glibc), so static musl builds compile without it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn bigger_stdout_pipe() {
    // SAFETY: `fcntl` on fd 1 only asks the kernel to resize its buffer;
    // it fails harmlessly when fd 1 is not a pipe.
    unsafe {
        libc::fcntl(1, libc::F_SETPIPE_SZ, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn bigger_stdout_pipe() {}

pub fn run() -> i32 {
    tune_malloc();
    bigger_stdout_pipe();
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
    let code = rt.block_on(serve_with(std::io::stdin(), |rx| async move {
        // On a thread of its own, writing straight from the frames.
        let _ = tokio::task::spawn_blocking(move || {
            outbox::write_frames_blocking(rx, stdout_unbuffered())
        })
        .await;
    }));
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
    serve_with(input, |rx| outbox::write_frames(rx, output)).await
}

/// Standard output without std's line buffering (which would split every
/// frame at its header's line break).
#[cfg(unix)]
fn stdout_unbuffered() -> impl std::io::Write {
    use std::io::Write;
    use std::mem::ManuallyDrop;
    use std::os::fd::FromRawFd;
    struct Fd1(ManuallyDrop<std::fs::File>);
    impl Write for Fd1 {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.write(b)
        }
        fn write_vectored(&mut self, b: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
            self.0.write_vectored(b)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // SAFETY: fd 1 is open for the life of the process; `ManuallyDrop`
    // keeps this `File` from closing it.
    Fd1(ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) }))
}

#[cfg(not(unix))]
fn stdout_unbuffered() -> impl std::io::Write {
    std::io::stdout()
}

/// `serve`, with `write` consuming the outbox (the frames, in order, up to
/// the end mark).
async fn serve_with<R, F, Fut>(input: R, write: F) -> i32
where
    R: std::io::Read + Send + 'static,
    F: FnOnce(mpsc::Receiver<outbox::Frame>) -> Fut,
    Fut: Future<Output = ()>,
{
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
    let mut service = ClientFixes {
        inner: service,
        direct: stash,
        outbox: out_tx.clone(),
    };
    let mut input = frames::spawn_reader(input);
    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, client_abort) = stream::abortable(client_requests);
    // Handler futures, run up to four at a time as tower-lsp's own loop
    // does (notifications too: see `Backend::did_change` for ordering).
    let (mut tasks_tx, tasks_rx) = fmpsc::channel(100);
    // Each closure below owns a sender (not a reference), so that the
    // session future is `Send` and can be spawned (the fuzz target does).
    let (out_answers, out_requests, out) = (out_tx.clone(), out_tx.clone(), out_tx.clone());
    let session = async move {
        // `Some(code)` once `exit` arrived: 0 after `shutdown`, 1 without,
        // as LSP says. Reading stops there, as in tower-lsp-server's own
        // loop: stdin may stay open, and the blocking reader thread is not
        // waited for.
        let mut shutdown_seen = false;
        let mut exit_code = None;
        let read = async {
            while let Some(msg) = input.recv().await {
                match msg {
                    frames::Incoming::Request(req) => {
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
                    frames::Incoming::Response(res) => {
                        if client_responses.send(res).await.is_err() {
                            break;
                        }
                    }
                }
            }
            tasks_tx.disconnect();
            client_abort.abort();
        };
        let answers = tasks_rx.buffer_unordered(4).for_each(move |res| {
            let out = out_answers.clone();
            async move {
                if let Ok(Some(r)) = res {
                    let _ = out.send(outbox::message(&r).into()).await;
                }
            }
        });
        let requests = client_requests.for_each(move |req| {
            let out = out_requests.clone();
            async move {
                let _ = out.send(outbox::message(&req).into()).await;
            }
        });
        tokio::join!(read, answers, requests);
        // Input closed without `exit`: the client is gone, a normal end.
        let code = exit_code.unwrap_or(0);
        // The end mark: the writer stops after what was posted before it.
        let _ = out.send(Vec::new().into()).await;
        code
    };
    let (code, ()) = tokio::join!(session, write(out_rx));
    code
}

/// The fuzz target and tests spawn a session on a runtime: its future must
/// stay `Send` and `'static` (a borrowed sender in a closure once broke
/// this without any error in the binary, which only blocks on it).
#[cfg(test)]
#[test]
fn a_session_can_be_spawned() {
    fn spawnable<T: Future + Send + 'static>(_: T) {}
    spawnable(serve(std::io::empty(), tokio::io::sink()));
}

mod frames {
    //! Framing and decoding of stdin done here, so a malformed message is
    //! answered instead of ending the session.

    use serde::de::IgnoredAny;
    use serde_json::{json, Value};
    use std::io::{BufRead, BufReader, Read};
    use tokio::sync::mpsc;
    use tower_lsp_server::jsonrpc::{Id, Request, Response};

    /// A decoded message from the client.
    #[derive(Debug)]
    pub enum Incoming {
        Request(Request),
        Response(Response),
    }

    /// The stand-in for a message that cannot be decoded: a call to
    /// `notelint/invalidMessage`, which answers with the error.
    fn invalid(id: Value, code: i64, detail: String) -> Incoming {
        // Only integer and string ids are carried over (`0.0` or `1e400`
        // cannot be held by an `Id`); the answer then has id `null`, as
        // JSON-RPC says for an id that cannot be read.
        let id = match id {
            Value::Number(n) if n.is_i64() => Id::Number(n.as_i64().unwrap_or_default()),
            Value::String(s) => Id::String(s),
            _ => Id::Null,
        };
        Incoming::Request(
            Request::build("notelint/invalidMessage")
                .id(id)
                .params(json!({"code": code, "detail": detail}))
                .finish(),
        )
    }

    /// Whether a field is present at all (even as `null`).
    #[derive(Default)]
    struct Seen(bool);
    impl<'de> serde::Deserialize<'de> for Seen {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Seen, D::Error> {
            IgnoredAny::deserialize(d)?;
            Ok(Seen(true))
        }
    }

    /// The fields tower-lsp's `Request` reads, with the same rules, so a body
    /// accepted here is one that decodes. Parameters are skipped, not
    /// copied: a 50 MB `didOpen` is checked without building its `Value`.
    #[derive(serde::Deserialize)]
    struct Probe<'a> {
        #[serde(borrow)]
        jsonrpc: std::borrow::Cow<'a, str>,
        #[serde(default, borrow)]
        #[allow(dead_code)]
        method: std::borrow::Cow<'a, str>,
        #[serde(default)]
        #[allow(dead_code)]
        id: Option<Id>,
        #[serde(default)]
        result: Seen,
        #[serde(default)]
        error: Seen,
    }

    /// Decode one message body. A body with `result` or `error` is a
    /// response when it reads as one, as tower-lsp decides.
    pub fn check(body: Vec<u8>) -> Incoming {
        match serde_json::from_slice::<Probe>(&body) {
            Ok(p) if p.jsonrpc == "2.0" => {
                if p.result.0 || p.error.0 {
                    if let Ok(r) = serde_json::from_slice::<Response>(&body) {
                        return Incoming::Response(r);
                    }
                }
                match serde_json::from_slice::<Request>(&body) {
                    Ok(r) => Incoming::Request(r),
                    Err(e) => invalid(Value::Null, -32600, format!("not a request: {e}")),
                }
            }
            _ => match serde_json::from_slice::<Value>(&body) {
                Err(e) => invalid(Value::Null, -32700, format!("not JSON: {e}")),
                Ok(v) => {
                    let id = v.get("id").cloned().unwrap_or(Value::Null);
                    invalid(
                        id,
                        -32600,
                        "not a JSON-RPC 2.0 request, notification or response".into(),
                    )
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

    /// Read and decode messages on a thread of their own (stdin is a
    /// blocking reader); the channel ends with the input.
    pub fn spawn_reader<R: Read + Send + 'static>(input: R) -> mpsc::Receiver<Incoming> {
        let (tx, rx) = mpsc::channel::<Incoming>(16);
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 16, input);
            while let Some(h) = headers(&mut r) {
                let msg = match h {
                    None => invalid(
                        Value::Null,
                        -32700,
                        "a message without a valid Content-Length".into(),
                    ),
                    Some(n) => {
                        let mut body = vec![0; n];
                        if r.read_exact(&mut body).is_err() {
                            break;
                        }
                        check(body)
                    }
                };
                if tx.blocking_send(msg).is_err() {
                    return;
                }
            }
        });
        rx
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn invalid_code(m: &Incoming) -> Option<i64> {
            match m {
                Incoming::Request(r) if r.method() == "notelint/invalidMessage" => {
                    r.params()?.get("code")?.as_i64()
                }
                _ => None,
            }
        }

        #[test]
        fn bad_bodies_become_invalid_message_calls() {
            let ok = br#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":[1]}}"#;
            match check(ok.to_vec()) {
                Incoming::Request(r) => {
                    assert_eq!(r.method(), "x");
                    assert_eq!(r.id(), Some(&Id::Number(1)));
                    assert_eq!(r.params(), Some(&json!({"a": [1]})));
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(invalid_code(&check(b"{nope".to_vec())), Some(-32700));
            for (body, code, id) in [
                (
                    &br#"{"jsonrpc":"2.0","id":7,"method":5}"#[..],
                    -32600,
                    Id::Number(7),
                ),
                (
                    br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#,
                    -32600,
                    Id::Number(7),
                ),
                (
                    br#"{"jsonrpc":"2.0","id":7.5,"method":"x"}"#,
                    -32600,
                    Id::Null,
                ),
                (
                    br#"{"jsonrpc":"2.0","id":0.0,"method":"x"}"#,
                    -32600,
                    Id::Null,
                ),
                (
                    br#"{"jsonrpc":"2.0","id":"a","method":null}"#,
                    -32600,
                    Id::String("a".into()),
                ),
                (
                    br#"{"jsonrpc":"2.0","id":1e400,"method":"x"}"#,
                    -32700,
                    Id::Null,
                ),
                (br#"[1,2]"#, -32600, Id::Null),
            ] {
                let m = check(body.to_vec());
                assert_eq!(
                    invalid_code(&m),
                    Some(code),
                    "{}",
                    String::from_utf8_lossy(body)
                );
                match m {
                    Incoming::Request(r) => assert_eq!(r.id(), Some(&id)),
                    other => panic!("{other:?}"),
                }
                // What we stop, tower-lsp would not decode either.
                let tl = serde_json::from_slice::<Request>(body);
                assert!(tl.is_err(), "{}", String::from_utf8_lossy(body));
            }
            // Responses (a null result and an error included) are responses.
            for body in [
                &br#"{"jsonrpc":"2.0","id":null,"result":1}"#[..],
                br#"{"jsonrpc":"2.0","id":3,"result":null}"#,
                br#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"m"}}"#,
            ] {
                assert!(matches!(check(body.to_vec()), Incoming::Response(_)));
            }
            // Odd but decodable messages are requests, as tower-lsp reads them.
            for body in [
                &br#"{"jsonrpc":"2.0"}"#[..],
                br#"{"jsonrpc":"2.0","method":"x","params":null,"extra":1}"#,
            ] {
                assert!(invalid_code(&check(body.to_vec())).is_none());
                assert!(matches!(check(body.to_vec()), Incoming::Request(_)));
            }
        }
    }
}
