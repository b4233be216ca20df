//! What the language server asks of the operating system below `std`:
//! glibc's allocator settings, stdout's pipe size, and standard output
//! without std's line buffering. Every `unsafe` block of the server is here.
//!
//! The allocator and pipe calls exist only on Linux with glibc; elsewhere
//! (musl, macOS, Windows) they are no-ops. Figures behind the settings are in
//! docs/perf.md.

/// Set the allocator up for a long-lived server; call before any thread
/// starts.
///
/// - A fixed 1 MiB mmap threshold: glibc otherwise raises the threshold to
///   the largest block freed (up to 32 MB), after which big transient
///   buffers (an outline, a diagnostics frame) come from the heap, fragment
///   it, and stay resident. With the fixed threshold they get mappings of
///   their own, returned when freed.
/// - One arena, not one per thread: what a handler thread frees stays free
///   in that thread's arena, where what the lint worker allocates next
///   cannot use it. The server's threads take turns at the state lock, so
///   they hardly contend for the arena.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_malloc() {
    // SAFETY: `mallopt` only sets allocator parameters, and this runs
    // before the server starts any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_malloc() {}

/// A bigger pipe for stdout: 1 MiB (Linux's default limit for a user)
/// instead of 64 KiB, so a big answer (the outline of a big note) goes out
/// in fewer wake-ups of writer and client. Nothing changes when stdout is
/// not a pipe.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn bigger_stdout_pipe() {
    // SAFETY: `fcntl` on fd 1 only asks the kernel to resize its buffer;
    // it fails harmlessly when fd 1 is not a pipe.
    unsafe {
        libc::fcntl(1, libc::F_SETPIPE_SZ, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn bigger_stdout_pipe() {}

/// Give the heap's free pages back to the system. Called once an opened
/// note is prepared: the open's transient peak otherwise stays resident.
pub fn trim_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases memory the allocator holds free;
    // no allocation the program uses is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Standard output without std's line buffering, which would split every
/// frame at its header's line break: the frame writer writes whole frames.
#[cfg(unix)]
pub fn raw_stdout() -> impl std::io::Write + Send + 'static {
    use std::io::Write;
    use std::mem::ManuallyDrop;
    use std::os::fd::FromRawFd;
    /// File descriptor 1, never closed.
    struct RawStdout(ManuallyDrop<std::fs::File>);
    impl Write for RawStdout {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.write(b)
        }
        fn write_vectored(&mut self, b: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
            self.0.write_vectored(b)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // SAFETY: fd 1 is open for the life of the process; `ManuallyDrop`
    // keeps this `File` from closing it.
    RawStdout(ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) }))
}

#[cfg(not(unix))]
pub fn raw_stdout() -> impl std::io::Write + Send + 'static {
    std::io::stdout()
}
