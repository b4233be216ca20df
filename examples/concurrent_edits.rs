//! Stress for "never lose an edit": `fmt` or `check --fix` over many notes
//! while another thread appends a line to one of them every few
//! milliseconds; prints how many appended lines survive. A measurement,
//! not a test (it depends on timing); tests/faults_files.rs pins the
//! behaviour deterministically.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example concurrent_edits -- target/release/notelint [NOTES] [EVERY_MS] [RUNS]
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A note with layout to fix (trailing spaces, extra blank lines).
fn note(i: usize) -> String {
    format!(
        " Talk number {i}  \nby Ann Lee{}\nWeb, Beginner\n\n\n\nDescription: words about talk {i}   \n\nBio: Ann writes.  \n",
        i % 7
    )
}

/// Tiny xorshift: the appender picks notes without a dependency.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn one_run(bin: &Path, dir: &Path, args: &[&str], notes: usize, every: Duration) -> (usize, usize) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let paths: Vec<PathBuf> = (0..notes)
        .map(|i| {
            let p = dir.join(format!("n{i:05}.talk"));
            std::fs::write(&p, note(i)).unwrap();
            p
        })
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let appender = {
        let stop = Arc::clone(&stop);
        let paths = paths.clone();
        std::thread::spawn(move || {
            let mut state = 0x9E37_79B9_7F4A_7C15u64;
            let mut n = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let p = &paths[next(&mut state) as usize % paths.len()];
                let mut f = std::fs::OpenOptions::new().append(true).open(p).unwrap();
                writeln!(f, "appended-line-{n}").unwrap();
                n += 1;
                std::thread::sleep(every);
            }
            n
        })
    };
    let status = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run notelint");
    stop.store(true, Ordering::Relaxed);
    let appended = appender.join().unwrap();
    let mut kept = 0;
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        kept += text.matches("appended-line-").count();
    }
    let skipped = String::from_utf8_lossy(&status.stderr)
        .matches("while")
        .count();
    eprintln!(
        "  {args:?}: exit {:?}, {skipped} files reported changed/deleted meanwhile",
        status.status.code()
    );
    (appended, kept)
}

fn main() {
    let mut a = std::env::args().skip(1);
    let bin = PathBuf::from(a.next().unwrap_or_else(|| "target/release/notelint".into()));
    let bin = std::fs::canonicalize(&bin).expect("the notelint binary");
    let notes: usize = a.next().and_then(|s| s.parse().ok()).unwrap_or(3000);
    let every = Duration::from_millis(a.next().and_then(|s| s.parse().ok()).unwrap_or(2));
    let runs: usize = a.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let dir = std::env::temp_dir().join(format!("notelint-concurrent-{}", std::process::id()));
    for args in [&["fmt", "."][..], &["check", "--fix", "."]] {
        let (mut appended, mut kept) = (0, 0);
        for _ in 0..runs {
            let (a, k) = one_run(&bin, &dir, args, notes, every);
            appended += a;
            kept += k;
        }
        println!(
            "{:<18} {notes} notes, {runs} runs, a line appended every {every:?}: {appended} appended, {} lost",
            args.join(" "),
            appended - kept
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
