//! Reading files for their text. A note is read safely: the size cap is
//! checked before a byte is read, binary files (NUL bytes) and invalid
//! UTF-8 are refused with the offset of the first bad byte, and every error
//! says what went wrong in plain words.

use std::fmt;
use std::io::Read;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Io(String),
    IsDirectory,
    /// A FIFO, socket or device: opening a FIFO blocks until a writer comes,
    /// and a device may never end, so only regular files are read.
    NotAFile,
    TooLarge {
        size: u64,
        max: u64,
    },
    Binary {
        offset: usize,
    },
    InvalidUtf8 {
        offset: usize,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(m) => write!(f, "{m}"),
            ReadError::IsDirectory => write!(f, "is a directory"),
            ReadError::NotAFile => write!(f, "not a regular file (a pipe, socket or device), not read"),
            ReadError::TooLarge { size, max } => write!(
                f,
                "file is {} bytes, over the {max}-byte limit (`max-file-size` in notelint.toml, or --max-file-size)",
                size
            ),
            ReadError::Binary { offset } => {
                write!(f, "binary file (NUL byte at byte offset {offset}), not a note")
            }
            ReadError::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 at byte offset {offset}")
            }
        }
    }
}

/// Check bytes: no NUL, valid UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(ReadError::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Read a note of at most `max` bytes.
pub fn read_note(path: &Path, max: u64) -> Result<String, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(super::config::io_message(&e));
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory);
    }
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            max,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // Read at most max+1 bytes: a file that grows (or a device that never
    // ends) after the metadata check is still capped.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    decode(bytes)
}

/// A roster file's text as it is on disk now, for an edit made against it
/// ("Add to roster"); `None` when it cannot be read. (Loading a roster
/// into the configuration is `config::load_roster`.)
pub fn read_roster_text(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// Read all of stdin, capped like a file.
pub fn read_stdin(max: u64) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(super::config::io_message(&e)))?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    decode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_offsets() {
        assert_eq!(
            decode(b"ab\xffcd".to_vec()),
            Err(ReadError::InvalidUtf8 { offset: 2 })
        );
        assert_eq!(
            decode(b"ab\0cd".to_vec()),
            Err(ReadError::Binary { offset: 2 })
        );
        // A truncated multi-byte char at the end.
        assert_eq!(
            decode("é".as_bytes()[..1].to_vec()),
            Err(ReadError::InvalidUtf8 { offset: 0 })
        );
        assert_eq!(decode(b"".to_vec()), Ok(String::new()));
    }
}
