//! The bottom layer: small helpers that know nothing of notes, lints or
//! editors and import nothing from the crate, so any layer may use them.
//!
//! [`json`] writes JSON text into a byte buffer; both front ends use it for
//! their big answers (the CLI's `--format json` and annotations, the
//! server's outline).

pub mod json;
