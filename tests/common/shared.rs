//! `../shared` (the seeds and golden outlines) beside the repository: there
//! in CI, maybe not in a user's clone. A test that reads it skips when it is
//! absent, saying so on stderr, except under `CI=true`, where its absence
//! fails the test: a CI run that quietly skipped them would prove nothing.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared/SUB` when it is a folder; else `None` after a note on stderr,
/// or a panic under `CI=true`.
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(sub);
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} is absent and CI=true: CI runs with ../shared beside the repository",
            p.display()
        );
    }
    // Straight to the process's stderr: the test harness captures
    // `eprintln!` and shows it only for failing tests.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipping what reads {}: it is absent (a user's clone)",
        p.display()
    );
    None
}
