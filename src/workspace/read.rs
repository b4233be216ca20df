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

/// Cap on a configuration or roster file (10 MiB). `max-file-size` does
/// not apply: it is read from the configuration.
pub const MAX_CONFIG_SIZE: u64 = 10 * 1024 * 1024;

/// Open `path` for reading if, and only if, it is a regular file (through
/// symlinks). Every file notelint reads (notes, `notelint.toml`, rosters;
/// CLI and server alike) is opened here, so a FIFO, a device or
/// `/dev/stdin` named anywhere is refused the same way.
///
/// The path is checked before it is opened, so a device is normally never
/// opened at all; it is opened non-blocking (opening a FIFO otherwise waits
/// for a writer forever) and checked again on the open file, so a path
/// swapped for a FIFO between the two is still refused.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), ReadError> {
    let io = |e: std::io::Error| ReadError::Io(io_message(&e));
    let kind = |meta: &std::fs::Metadata| {
        if meta.is_dir() {
            Err(ReadError::IsDirectory)
        } else if !meta.is_file() {
            Err(ReadError::NotAFile)
        } else {
            Ok(())
        }
    };
    kind(&std::fs::metadata(path).map_err(io)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    kind(&meta)?;
    Ok((file, meta))
}

/// The bytes of the regular file at `path`, at most `max` of them.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            max,
        });
    }
    // Read at most max+1 bytes: a file that grows after the check is still
    // capped (saturating: `u64::MAX` is "no limit", as `import -o` asks).
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(io_message(&e)))?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// Read a note of at most `max` bytes.
pub fn read_note(path: &Path, max: u64) -> Result<String, ReadError> {
    decode(read_regular(path, max)?)
}

/// The text of a configuration or roster file, or what is wrong with it in
/// words for a [`super::ConfigError`]: not a regular file, over
/// [`MAX_CONFIG_SIZE`], not UTF-8.
pub fn read_config_text(path: &Path) -> Result<String, String> {
    let bytes = read_regular(path, MAX_CONFIG_SIZE).map_err(|e| match e {
        ReadError::TooLarge { size, max } => format!(
            "file is {size} bytes, over the {max}-byte limit for configuration and roster files"
        ),
        e => e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "invalid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A roster file's text as it is on disk now, for an edit made against it
/// ("Add to roster"); `None` when it cannot be read. (Loading a roster
/// into the configuration is `config::load_roster`.)
pub fn read_roster_text(path: &Path) -> Option<String> {
    read_config_text(path).ok()
}

/// Read all of stdin, capped like a file.
pub fn read_stdin(max: u64) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(io_message(&e)))?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    decode(bytes)
}

/// An IO error in the words a user reads (`no such file or directory`),
/// without the OS error number: every front end reports file errors so.
pub(crate) fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    // Our own errors say exactly what went wrong.
    if e.get_ref().is_some() {
        return e.to_string();
    }
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        InvalidData => "not valid UTF-8".into(),
        _ => {
            // Drop the "(os error N)" suffix: the words are the useful part.
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
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
