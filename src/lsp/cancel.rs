//! A request's cancel flag: raised when the request's future is dropped
//! (a `$/cancelRequest`, or the server going away), read by long bodies
//! (`pull`, `handlers::navigation`) so they stop early. Its own module so
//! that the handlers depend on it and not on `server`, which calls them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Raised when the request's future is dropped (cancelled or the server is
/// going away), so long bodies can stop early.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

pub struct CancelOnDrop(pub Cancel);
impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0 .0.store(true, Ordering::Relaxed);
    }
}
