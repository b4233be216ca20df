//! Syntax: lines, the tree, incremental reparsing over a rope, positions.
//! No IO, and nothing about lints or LSP.

pub mod document;
pub mod dump;
pub mod labels;
pub mod line;
pub mod outline;
pub mod parse;
pub mod pos;
pub mod segments;
pub mod source;
pub mod span;
pub mod speaker;
pub mod tree;

pub use document::{Document, Splice};
pub use labels::{Label, ParseOptions};
pub use parse::parse;
pub use segments::{common_ends, Placed, Segments, Tree, Version};
pub use source::SourceText;
pub use span::Span;
pub use tree::*;
