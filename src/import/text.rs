//! The text shapes' readers (blog notes, schedule page, prose report,
//! Markdown). A stub until those readers land.

use super::{ImportError, Notes, Shape};

pub fn read(_text: &str, shape: Shape) -> Result<Notes, ImportError> {
    Err(ImportError::new(format!(
        "reading {} is not built yet",
        shape.description()
    )))
}
