//! Which shape a text looks like: the structured exports by their syntax,
//! talk-note markup by how the format reads it, the text shapes by the
//! features of their lines.

use super::Shape;

/// The detector's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    pub shape: Shape,
}

/// Name the shape `text` looks like.
pub fn detect(_text: &str) -> Detection {
    Detection {
        shape: Shape::TalkNotes,
    }
}
