//! Everything that touches the file system before linting: reading
//! `notelint.toml` (with errors that name file, line and key), finding note
//! files (`.gitignore`, include/exclude globs, symlink policy) and reading
//! them safely (regular files only, size cap, UTF-8 and binary checks), and
//! replacing a file only if it is still what was read. The LSP and the CLI
//! both use it; nothing here knows about rendering.

pub mod config;
pub mod discover;
pub mod read;
pub mod replace;
pub mod resolve;

pub use config::{ConfigError, Origin, Settings};
pub use discover::{discover, Discovered};
pub use read::{read_note, ReadError};
