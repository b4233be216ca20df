//! One reader per shape.

use super::{ImportError, Notes, Options, Shape};

pub fn read(text: &str, shape: Shape, _opts: &Options) -> Result<Notes, ImportError> {
    match shape {
        Shape::Blog | Shape::Schedule | Shape::Prose | Shape::Markdown => {
            super::text::read(text, shape)
        }
        _ => Err(ImportError::new(format!(
            "reading {} is not built yet",
            shape.name()
        ))),
    }
}
