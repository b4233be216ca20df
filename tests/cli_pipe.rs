//! A reader that closes stdout early (`notelint … | head -1`): every
//! subcommand exits quietly with 0, as ripgrep does — no panic, no
//! "Broken pipe" message.

mod cli_support;
use cli_support::*;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

/// A tree whose output is larger than a pipe's buffer (64 KiB on Linux):
/// talks with trailing whitespace and without speakers, so that `check`,
/// `fmt --diff` (of the small files: diffing a big one is slow in a debug
/// build), `outline` (of `n00.talk`, 1,000 talks) and `speakers` all print
/// more than the pipe holds.
fn big_tree() -> tempfile::TempDir {
    let d = tmp();
    for f in 0..8 {
        let mut s = String::new();
        for t in 0..if f == 0 { 1000 } else { 100 } {
            s.push_str(&format!(
                " Talk {f} {t}: a title long enough to fill the outline   \nby Ann Lee{f}x{t}\n\nNotes  \n\tpoint\n\n Orphan {t}\n\n"
            ));
        }
        write(d.path(), &format!("n{f:02}.talk"), s);
    }
    d
}

/// Run `args` with a stdout pipe that is closed after one line has been
/// read (`early`) or before anything is read; returns (exit code, stderr).
fn closed_pipe(dir: &std::path::Path, args: &[&str], early: bool) -> (i32, String) {
    let mut c = command(dir, args);
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn notelint");
    let stdout = child.stdout.take().unwrap();
    if early {
        drop(stdout);
    } else {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        // Dropping the reader closes the pipe.
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_subcommand_exits_quietly_on_a_closed_pipe() {
    let d = big_tree();
    let big = "n00.talk";
    let cases: &[&[&str]] = &[
        &["check"],
        &["check", "--color", "always"],
        &["check", "--format", "json"],
        &["check", "--format", "concise"],
        &["check", "--format", "sarif"],
        &["check", "--format", "github"],
        &["check", "--format", "gitlab"],
        &["check", "--format", "junit"],
        &["check", "--diff"],
        &[
            "fmt", "--diff", "n01.talk", "n02.talk", "n03.talk", "n04.talk", "n05.talk",
        ],
        &["fmt", "--check", "."],
        &["outline", big],
        &["outline", big, "--format", "json"],
        &["speakers"],
        &["speakers", "--format", "json"],
        &["rules"],
        &["explain", "missing-author"],
        &["config"],
        &["schema"],
        &["completions", "bash"],
        &["--help"],
        &["check", "--help"],
    ];
    for args in cases {
        for early in [true, false] {
            let (code, stderr) = closed_pipe(d.path(), args, early);
            assert!(
                !stderr.contains("panicked") && !stderr.to_lowercase().contains("broken pipe"),
                "{args:?} (closed early: {early}): {stderr}"
            );
            // The documented choice: a closed pipe is not our failure.
            // `fmt --check` prints one short line per file, less than the
            // pipe holds: after one line is read it may have written all of
            // it and exit 1 (files to format) before the pipe closes, which
            // is right. Closed before anything is read, its write must fail.
            if args[0] == "fmt" && args[1] == "--check" && !early {
                assert!(code == 0 || code == 1, "{args:?}: {code} {stderr}");
                continue;
            }
            assert_eq!(code, 0, "{args:?} (closed early: {early}): {stderr}");
        }
    }
}

#[test]
fn stdin_fix_and_fmt_exit_quietly_on_a_closed_pipe() {
    let d = big_tree();
    let text = std::fs::read(d.path().join("n01.talk")).unwrap();
    for args in [
        &["fmt", "-"][..],
        &["check", "-", "--fix"][..],
        &["check", "-", "--diff"][..],
    ] {
        let mut c = command(d.path(), args);
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        drop(child.stdout.take());
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(&text).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.to_lowercase().contains("broken pipe"),
            "{args:?}: {stderr}"
        );
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
