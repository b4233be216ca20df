//! `notelint lsp`: the language server over stdio (tower-lsp-server + tokio).
//!
//! A thin layer: documents, the workspace index and configuration live in
//! [`state::State`]; the features come from `analysis` in byte offsets and
//! are only converted to LSP positions here ([`convert`]).
//!
//! - [`transport`]: stdin/stdout framing, the session loop, the outbox and
//!   its writer, and the path by which answers skip tower-lsp's
//!   `serde_json::Value`.
//! - [`wire`]: the one place answers become bytes: serde of the `ls_types`
//!   value by default, and the fast paths of the big answers (the outline
//!   from [`symbols`], diagnostics from [`report`]), checked equal.
//! - [`server`]: the `LanguageServer` implementation (request plumbing),
//!   with the capabilities in [`capabilities`] and the handlers per feature
//!   in [`handlers`].
//! - [`indexing`]: the workspace folders indexed in the background,
//!   bounded and never waited for; [`lint_worker`]: the task that lints
//!   and publishes diagnostics in order; [`pull`]: pulled diagnostics.
//! - [`settings`]: which settings apply to each note; [`reconfig`],
//!   [`watch`]: configuration and file changes.
//! - [`sys`]: allocator tuning and raw stdout (all `unsafe` code).

mod cancel;
mod capabilities;
mod convert;
mod handlers;
mod indexing;
mod lint_worker;
mod pull;
mod reconfig;
mod report;
mod server;
mod settings;
mod state;
mod symbols;
mod sys;
mod transport;
mod watch;
mod wire;

pub use transport::{run, serve};
