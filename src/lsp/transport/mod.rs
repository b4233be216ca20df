//! The transport: JSON-RPC frames between the client and the
//! `LspService`, over stdin/stdout (or any reader and writer, for the fuzz
//! target), in place of tower-lsp-server's own `Server`.
//!
//! ```text
//! stdin ─ reader thread ─▶ session loop ─▶ AnswerRouter ─▶ LspService ─▶ handlers
//!                                │                 ▲                        │
//!                                ▼                 └── ReadyAnswers ◀───────┤
//!          stdout ◀─ frame writer ◀─ outbox ◀─ answers, client requests,    │
//!                                             lint worker's diagnostics ◀───┘
//! ```
//!
//! - [`reader`]: frames ([`frames`]) and decodes stdin on a thread of its
//!   own; a message that does not decode, lacks a `Content-Length` or is
//!   over the size cap is answered with a JSON-RPC error and the session
//!   goes on with the next message.
//! - [`session`]: the loop that feeds the service and stops at `exit`, even
//!   while stdin stays open, without waiting for handlers still running.
//! - [`outbox`]: every frame for the client is posted to one ordered,
//!   bounded channel, drained by the one frame writer (on a blocking
//!   thread); a client that stops reading slows the server down instead of
//!   growing its memory.
//!
//! Answers become bytes in one place, `wire` (its module doc lists each
//! big answer's reference encoding and fast path). What the transport
//! adds is the route by which a handler's own frame replaces tower-lsp's
//! answer: tower-lsp turns every handler result into a `serde_json::Value`
//! tree before writing it, and for a 10 MB note that tree is hundreds of
//! megabytes and most of the request's time (docs/perf.md):
//!
//! 1. The session's [`session::AnswerRouter`] runs the request's handler
//!    inside a task-local scope holding the request id.
//! 2. The handler (`Backend::run`) reads that id ([`answers::current_id`]),
//!    has `wire` make the answer's frame on the blocking pool
//!    (`wire::Answer`), puts the frame in [`answers::ReadyAnswers`] under
//!    the id, and returns a cheap stand-in (`null`, an empty report).
//! 3. When tower-lsp's response for that id is a success, the router takes
//!    the frame and posts it to the outbox instead of the stand-in; an
//!    error, a cancellation or a panic goes out as tower-lsp made it.
//!
//! Without the router (no request id) a handler returns its `ls_types`
//! value and tower-lsp sends it: slower, never wrong. The lint worker's
//! `publishDiagnostics` are posted to the outbox as frames too; the
//! server's other messages (log messages, requests to the client) go
//! through tower-lsp's client socket, which the session loop drains into
//! the outbox.
//!
//! # Why not tower-lsp-server's own `Server`
//!
//! Its `Server` serialises through the `Value` tree above and keeps a
//! read buffer as big as the largest message ever read; this transport
//! was measured against it (docs/perf.md, "Language server transport",
//! 2026-12-08) and kept because it pays there. It uses only the library's
//! public API (`LspService` as a tower `Service`, `ClientSocket` as a
//! stream and sink, `jsonrpc::{Request, Response, Id}`); where it does
//! what the library's `Server` also does, it follows the LSP / JSON-RPC
//! specifications on their own terms, each checked through the real
//! binary:
//!
//! - what a message is (a `method`: request or notification; no `method`
//!   and a `result` or `error`: response; else -32600), read by [`reader`]
//!   (`tests/lsp_framing.rs`);
//! - a bad body or frame answered -32700 / -32600, under its id when it can
//!   be read, and the session goes on (`tests/lsp_framing.rs`,
//!   `tests/hostile_lsp.rs`);
//! - `exit` ends the process, 0 after `shutdown` and 1 without, even while
//!   stdin stays open; the end of input ends it with 0
//!   (`tests/lsp_lifecycle.rs`);
//! - a `$/` request is answered MethodNotFound (the service answers it
//!   with nothing; the router answers it), a `$/` notification is not
//!   (`tests/hostile_lsp.rs`, `unknown_methods`);
//! - handlers run concurrently, up to [`session::CONCURRENT`] at a time, so
//!   a long request does not hold up the next (`tests/lsp_robust.rs`); our
//!   choice, not the protocol's: notifications that change documents do
//!   their work before their first `.await` (`server/mod.rs`), so they
//!   apply in order.
//!
//! The rest is the service's own, through its public behaviour: requests
//! before `initialize` (-32002) and after `shutdown` (-32600),
//! `$/cancelRequest` (-32800), `"params": null` on `shutdown` and `exit`
//! (`tests/lsp_lifecycle.rs`, `tests/hostile_lsp.rs`).

pub mod answers;
mod frames;
mod open_text;
pub mod outbox;
mod reader;
mod session;

use super::sys;

/// Run the server on stdin/stdout; returns the process exit code.
pub fn run() -> i32 {
    sys::tune_malloc();
    sys::bigger_stdout_pipe();
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
    let code = rt.block_on(session::serve(std::io::stdin(), sys::raw_stdout()));
    // Do not wait for the blocking stdin reader: it only ends when stdin closes.
    rt.shutdown_background();
    code
}

/// Serve one session in-process: messages read from `input` (a blocking
/// reader, read on its own thread), answers written to the async `output`.
/// Returns the exit code once `exit` arrives or `input` ends. The fuzz
/// target drives whole sessions through this.
pub async fn serve<R, W>(input: R, output: W) -> i32
where
    R: std::io::Read + Send + 'static,
    W: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    session::serve(input, outbox::BlockOn::new(output)).await
}
