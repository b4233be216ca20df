//! Standard output for every subcommand.
//!
//! Everything the command line prints goes through here (`print!` is denied
//! in `cli`), so that a reader that goes away early — `notelint fmt --diff .
//! | head -1` — ends the process quietly, as ripgrep does: no panic, no
//! message, exit code 0 (the reader took what it wanted; with `pipefail` a
//! closed pipe is not a failure of ours). Any other write error is reported
//! and exits 2.

use std::io::Write;

/// Write `bytes` to stdout and flush; a closed pipe ends the process (see
/// the module comment).
pub fn write(bytes: &[u8]) {
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_all(bytes).and_then(|()| o.flush()) {
        fail(e);
    }
}

/// End the process after a failed write to stdout: quietly with 0 for a
/// closed pipe, else with a message and [`super::EXIT_ERROR`].
pub fn fail(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(super::EXIT_CLEAN);
    }
    super::error(format_args!("writing output: {e}"));
    std::process::exit(super::EXIT_ERROR);
}

/// The result of a renderer that wrote to stdout itself.
pub fn finish(r: std::io::Result<()>) {
    if let Err(e) = r {
        fail(e);
    }
}

/// `print!` through [`write`].
macro_rules! out {
    ($($t:tt)*) => {
        $crate::cli::out::write(format!($($t)*).as_bytes())
    };
}

/// `println!` through [`write`].
macro_rules! outln {
    () => { $crate::cli::out::write(b"\n") };
    ($($t:tt)*) => {{
        let mut s = format!($($t)*);
        s.push('\n');
        $crate::cli::out::write(s.as_bytes())
    }};
}

pub(crate) use {out, outln};
