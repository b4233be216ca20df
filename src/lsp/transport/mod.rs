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
//!   while stdin stays open.
//! - [`outbox`]: every frame for the client is posted to one ordered,
//!   bounded channel, drained by the one frame writer (on a blocking
//!   thread); a client that stops reading slows the server down instead of
//!   growing its memory.
//!
//! Big answers (an outline, folding ranges, diagnostics of a big note) take
//! a path of their own, [`answers`]: tower-lsp turns every handler result
//! into a `serde_json::Value` tree before writing it, and for a 10 MB note
//! that tree is hundreds of megabytes and most of the request's time
//! (docs/perf.md). The route of such an answer:
//!
//! 1. The session's [`session::AnswerRouter`] runs the request's handler
//!    inside a task-local scope holding the request id.
//! 2. The handler (`Backend::run`) reads that id ([`answers::current_id`]),
//!    serialises the answer to a finished frame on the blocking pool
//!    ([`answers::DirectAnswer`]), puts the frame in [`answers::ReadyAnswers`]
//!    under the id, and returns a cheap stand-in (`null`, an empty report).
//! 3. When tower-lsp's response for that id is a success, the router takes
//!    the frame and posts it to the outbox instead of the stand-in; an
//!    error, a cancellation or a panic goes out as tower-lsp made it.
//!
//! An array answer may also stay unexpanded until it is written
//! ([`outbox::Frame::Array`]): the outline is written from its packed
//! talks a buffer at a time. The lint worker's `publishDiagnostics` are
//! serialised straight to frames and posted to the outbox too; the
//! server's other messages (log messages, requests to the client) go
//! through tower-lsp's client socket, which the session loop drains into
//! the outbox.

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
