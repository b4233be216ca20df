//! Replacing a file's contents without losing an edit: what `fmt`,
//! `check --fix` and any other command that rewrites a file in place
//! write goes through [`replace_file`].
//!
//! The new contents are written to a temporary file beside the original
//! (created with the original's mode, given its owner and group where the
//! system permits), flushed, and renamed over the original — but only after
//! the original is read once more and found to be still the bytes the new
//! contents were made from. An edit saved by someone else in the meantime
//! (an editor, a `git pull`, a script appending to the file) is therefore
//! never overwritten: the file is left alone and the caller told. The
//! window that remains is the one between that last read and the rename,
//! a few system calls long; no portable call closes it.
//!
//! A replace is a new file under the old name, so it cannot keep what
//! belongs to the old inode: hard links (the other names keep the old
//! text), extended attributes and ACLs. docs/cli.md says so for users.
//!
//! Temporary files are named `.NAME.notelint-PID-N.tmp`. One left behind
//! by a process that was killed (SIGKILL, SIGTERM, a power cut) is removed
//! by the next run over that folder ([`clean_folders`], or the first
//! replace there), once that process is gone.
//! Exceeding a file-size limit (`ulimit -f`) is an ordinary write error,
//! not a signal that kills the process: SIGXFSZ is ignored from the first
//! replace on.

use std::collections::HashSet;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// For tests only: a shell command run (`sh -c`) after the temporary file
/// is written and before the original is compared and replaced, with
/// `NOTELINT_REPLACE_FILE` (the original's real path) and
/// `NOTELINT_REPLACE_TEMP` (the temporary file) in its environment. It lets
/// a test edit, delete or inspect files at the one moment that matters,
/// deterministically, without sleeps. Not a user setting: unset in normal
/// use, and documented only here.
pub const TEST_HOOK_ENV: &str = "NOTELINT_TEST_BEFORE_REPLACE";

/// Why a file was not replaced. In every case the original is as it was and
/// no temporary file is left.
#[derive(Debug)]
pub enum ReplaceError {
    /// The file's bytes are no longer the ones the new contents were made
    /// from: someone else changed it since it was read.
    Changed,
    /// The file was deleted or moved away since it was read; it is not
    /// created again.
    Deleted,
    /// The file's mode allows no writing: left alone, as an editor would.
    ReadOnly,
    Io(std::io::Error),
}

impl fmt::Display for ReplaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplaceError::Changed => write!(f, "changed on disk since it was read"),
            ReplaceError::Deleted => write!(f, "deleted since it was read"),
            ReplaceError::ReadOnly => write!(f, "the file is read-only"),
            ReplaceError::Io(e) => write!(f, "{}", super::read::io_message(e)),
        }
    }
}

impl std::error::Error for ReplaceError {}

impl From<std::io::Error> for ReplaceError {
    fn from(e: std::io::Error) -> Self {
        ReplaceError::Io(e)
    }
}

/// Replace the contents of the file at `path` (through symlinks: the file
/// they point to) with `new`, provided it still holds exactly `expected`,
/// the bytes `new` was made from.
pub fn replace_file(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), ReplaceError> {
    ignore_file_size_signal();
    let gone = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ReplaceError::Deleted
        } else {
            ReplaceError::Io(e)
        }
    };
    // Renaming over a symlink would replace the link with a copy.
    let real = std::fs::canonicalize(path).map_err(gone)?;
    let meta = std::fs::metadata(&real).map_err(gone)?;
    if !meta.is_file() || meta.len() != expected.len() as u64 {
        return Err(ReplaceError::Changed);
    }
    // Renaming over a file needs only a writable folder, so a note made
    // read-only on purpose would be replaced anyway.
    if meta.permissions().readonly() {
        return Err(ReplaceError::ReadOnly);
    }
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "note".into());
    clean_folder_once(&dir);
    let (tmp, mut file) = create_temp(&dir, &name, &meta)?;
    let tmp = Temp(Some(tmp));
    file.write_all(new)?;
    keep_owner(&file, &meta);
    // After the chown, which clears set-user-ID and set-group-ID bits.
    file.set_permissions(meta.permissions())?;
    file.sync_all()?;
    drop(file);
    run_test_hook(&real, tmp.path());
    if !still(&real, expected) {
        return Err(match std::fs::symlink_metadata(&real) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => ReplaceError::Deleted,
            _ => ReplaceError::Changed,
        });
    }
    std::fs::rename(tmp.path(), &real)?;
    tmp.keep();
    Ok(())
}

/// Whether the file at `path` holds exactly `expected` now.
fn still(path: &Path, expected: &[u8]) -> bool {
    let Ok((file, meta)) = super::read::open_regular(path) else {
        return false;
    };
    if meta.len() != expected.len() as u64 {
        return false;
    }
    let mut now = Vec::with_capacity(expected.len());
    file.take(expected.len() as u64 + 1)
        .read_to_end(&mut now)
        .is_ok()
        && now == expected
}

/// A temporary file, removed when dropped unless it was renamed.
struct Temp(Option<PathBuf>);

impl Temp {
    fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or(Path::new(""))
    }
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A new temporary file in `dir` for the file `name`, with the original's
/// permission bits from its creation (never readable by more people than
/// the original, not even for a moment).
fn create_temp(
    dir: &Path,
    name: &str,
    meta: &std::fs::Metadata,
) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut n = 0u32;
    loop {
        let tmp = dir.join(format!(".{name}.notelint-{}-{n}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
            options.mode(meta.mode() & 0o777);
        }
        #[cfg(not(unix))]
        let _ = meta;
        match options.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Give the temporary file the original's owner and group. Only root may
/// give a file away; anyone may set a group they belong to. What is not
/// permitted is skipped: the file then belongs to whoever runs notelint, as
/// with any editor's save.
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{fchown, MetadataExt};
        if fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
            let _ = fchown(file, None, Some(meta.gid()));
        }
    }
    #[cfg(not(unix))]
    let _ = (file, meta);
}

/// Make exceeding `ulimit -f` a write error (EFBIG), which removes the
/// temporary file and reports the note, instead of the default SIGXFSZ
/// action, which kills the process and leaves the temporary file behind.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: setting a signal's disposition to "ignore" installs no
        // handler; no Rust code runs on the signal.
        ONCE.call_once(|| unsafe {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        });
    }
}

fn run_test_hook(file: &Path, tmp: &Path) {
    let Some(cmd) = std::env::var_os(TEST_HOOK_ENV) else {
        return;
    };
    let _ = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .env("NOTELINT_REPLACE_FILE", file)
        .env("NOTELINT_REPLACE_TEMP", tmp)
        .stdin(std::process::Stdio::null())
        .status();
}

/// Remove stale temporaries (see [`remove_stale_temporaries`]) from the
/// folders of `files`, each folder once per run: a command that may
/// replace these files calls it first, so what a killed run left is
/// removed by the next run, whether or not that run writes anything.
pub fn clean_folders<'a>(files: impl IntoIterator<Item = &'a Path>) {
    let mut seen = HashSet::new();
    for f in files {
        let dir = match f.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if seen.insert(dir.to_path_buf()) {
            // Where `replace_file` puts its temporaries: the real folder.
            clean_folder_once(&std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()));
        }
    }
}

/// Remove stale temporaries of `dir` the first time this process replaces
/// a file there (a folder is listed once per run, not once per file).
fn clean_folder_once(dir: &Path) {
    static CLEANED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let first = CLEANED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashSet::new)
        .insert(dir.to_path_buf());
    if first {
        remove_stale_temporaries(dir);
    }
}

/// Remove the temporary files in `dir` left by notelint processes that no
/// longer run (killed while replacing a file); returns how many. Those of
/// running processes, this one included, are kept.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        // Only a plain file: never follow a link or enter a folder.
        if e.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in a temporary file's name `.NAME.notelint-PID-N.tmp`.
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (rest, n) = rest.rsplit_once('-')?;
    let (_, pid) = rest.rsplit_once(".notelint-")?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 sends nothing; it only asks whether the process
        // exists (EPERM: it does, under another user).
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        // No way asked here: never remove another process's file.
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> usize {
        std::fs::read_dir(dir).unwrap().count()
    }

    #[test]
    fn replaces_only_what_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.talk");
        std::fs::write(&p, "old").unwrap();
        replace_file(&p, b"old", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(entries(dir.path()), 1);
        // Made from other bytes than the file holds: left alone.
        let e = replace_file(&p, b"old", b"newer").unwrap_err();
        assert!(matches!(e, ReplaceError::Changed), "{e}");
        let e = replace_file(&p, b"nex", b"newer").unwrap_err();
        assert!(matches!(e, ReplaceError::Changed), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        let e = replace_file(&dir.path().join("missing.talk"), b"", b"x").unwrap_err();
        assert!(matches!(e, ReplaceError::Deleted), "{e}");
        assert!(!dir.path().join("missing.talk").exists());
        // A read-only note is left as it is.
        let mut ro = std::fs::metadata(&p).unwrap().permissions();
        ro.set_readonly(true);
        std::fs::set_permissions(&p, ro).unwrap();
        let e = replace_file(&p, b"new", b"newer").unwrap_err();
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(entries(dir.path()), 1);
    }

    #[test]
    fn temporary_names_carry_their_process() {
        assert_eq!(temp_owner(".a.talk.notelint-123-0.tmp"), Some(123));
        assert_eq!(
            temp_owner(".x.notelint-1-2.talk.notelint-77-10.tmp"),
            Some(77)
        );
        assert_eq!(temp_owner("a.talk.notelint-123-0"), None);
        assert_eq!(temp_owner(".a.talk.notelint--0.tmp"), None);
        assert_eq!(temp_owner(".a.talk.tmp"), None);
        // This process is alive; its own temporaries are never stale.
        assert!(process_alive(std::process::id()));
        let dir = tempfile::tempdir().unwrap();
        let own = format!(".a.talk.notelint-{}-0.tmp", std::process::id());
        std::fs::write(dir.path().join(&own), "x").unwrap();
        std::fs::write(dir.path().join("keep.talk"), "x").unwrap();
        assert_eq!(remove_stale_temporaries(dir.path()), 0);
        assert_eq!(entries(dir.path()), 2);
    }
}
