//! One file per rule.
use super::registry::Rule;

pub static ALL: &[&dyn Rule] = &[];
