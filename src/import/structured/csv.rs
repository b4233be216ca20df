//! Reader stub.

use crate::import::{ImportError, Notes};

pub fn read(_text: &str, _map: &[(String, String)]) -> Result<Notes, ImportError> {
    Err(ImportError::new("not built yet"))
}
