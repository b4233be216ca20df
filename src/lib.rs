//! notelint: a linter and language server for talk-note markup.
//!
//! Layers (dependencies flow downwards only):
//! `syntax` → `index` → `lint` → `workspace` → `analysis` → `cli` / `lsp`.
pub mod analysis;
pub mod cli;
pub mod index;
pub mod lint;
pub mod syntax;
pub mod lsp;
pub mod workspace;
