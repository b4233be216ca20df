//! The one place the CLI and the language server ask "what are the
//! diagnostics, symbols, completions here?" — in byte offsets and plain
//! types, so both front ends always report the same thing.

pub mod diagnostics;
pub mod fix;
pub mod format;
mod host;
pub mod import;
mod parsed;

pub use diagnostics::{
    entry_of, index_entry, lint_document, lint_text, summary_of, TalkCache, TalkPhase,
};
pub use format::format;
pub use host::{Change, Host, Linted, Snapshot};
pub use parsed::{parse_big, BIG_FILE_BYTES};
pub mod ide;
