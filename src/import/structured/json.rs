//! Reader stub.

use crate::import::{ImportError, Notes};

pub fn read(_text: &str) -> Result<Notes, ImportError> {
    Err(ImportError::new("not built yet"))
}
