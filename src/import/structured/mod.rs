//! Readers of the structured exports: frab/pretalx schedule XML and JSON,
//! CSV with a header row. They convert exactly: every field where it
//! belongs, every talk (docs/spec.md § Import lists the mapping).

pub mod csv;
pub mod json;
pub mod xml;
