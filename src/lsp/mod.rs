//! `notelint lsp`: the language server over stdio (tower-lsp-server + tokio).
//!
//! A thin layer: documents, the workspace index and configuration live in
//! [`state::State`]; the features come from `analysis` in byte offsets and
//! are only converted to LSP positions here.
//!
//! [`stdio`] drives the `LspService` with its own transport: malformed
//! messages are answered and the session goes on, big answers bypass
//! `serde_json::Value`, and the process ends at `exit` even while stdin
//! stays open.

mod config;
mod convert;
mod direct;
mod format;
mod navigate;
mod outbox;
mod pull;
mod reconfig;
mod server;
mod state;
mod stdio;
mod symbols;
mod watch;
mod workspace;

pub use stdio::serve;

/// Run the server on stdin/stdout; returns the process exit code.
pub fn run() -> i32 {
    stdio::run()
}
