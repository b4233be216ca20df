//! `notelint lsp`: the language server over stdio (tower-lsp + tokio).
//!
//! A thin layer: documents, the workspace index and configuration live in
//! [`state::State`]; the features come from `analysis` in byte offsets and
//! are only converted to LSP positions here.
//!
//! Two tower-lsp 0.20 faults are fixed in [`stdio`]: `shutdown`/`exit` sent
//! with `"params": null` (Eglot) are answered instead of rejected with
//! -32602, and the process ends after `exit` even while stdin stays open.

mod config;
mod convert;
mod direct;
mod format;
mod outbox;
mod server;
mod state;
mod stdio;
mod symbols;
mod workspace;

pub use stdio::serve;

/// Run the server on stdin/stdout; returns the process exit code.
pub fn run() -> i32 {
    stdio::run()
}
