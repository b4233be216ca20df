//! notelint: a linter and language server for talk-note markup.
//!
//! Layers (dependencies flow downwards only):
//! `util` → `syntax` → `import` → `index` → `lint` → `workspace` → `analysis` → `cli` / `lsp`
//! (`cli` and `lsp` side by side; `main.rs` picks one). `tests/tidy.rs`
//! enforces the order.
pub mod analysis;
pub mod cli;
pub mod import;
pub mod index;
pub mod lint;
pub mod lsp;
pub mod syntax;
pub mod util;
pub mod workspace;
