//! Replacing files under faults (issue 26), through the real binary:
//!
//! - an edit saved while `fmt` or `check --fix` runs is never overwritten,
//!   and a file deleted meanwhile is not created again (the edit is made at
//!   the exact moment between reading and replacing, through the test-only
//!   hook `NOTELINT_TEST_BEFORE_REPLACE`, not with sleeps);
//! - a replace keeps the note's mode, owner and group, and its temporary
//!   file is never more readable than the note;
//! - a temporary file left by a killed run is removed by the next run, and
//!   `ulimit -f` is a write error, not a leftover.
//!
//! Configuration and roster files under faults: tests/faults_config.rs.

mod cli_support;
use cli_support::*;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const UNTIDY: &str = " A Talk  \nby Ann Lee\nWeb, Beginner\n\n\n\nDescription: words   \n";
const TIDY: &str = " A Talk\nby Ann Lee\nWeb, Beginner\n\nDescription: words\n";
const HOOK: &str = "NOTELINT_TEST_BEFORE_REPLACE";
const LIMIT: Duration = Duration::from_secs(60);

/// Run with a bounded wait: a hang is a failure, not a stuck test run.
fn run_bounded(c: Command) -> Run {
    run_bounded_cmd(c, LIMIT)
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_bounded(command(dir, args))
}

/// Run with the replace hook set to the shell command `hook`.
fn run_hooked(dir: &Path, args: &[&str], hook: &str) -> Run {
    let mut c = command(dir, args);
    c.env(HOOK, hook);
    run_bounded(c)
}

/// Temporary files of notelint in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".notelint-"))
        .collect()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// A hook that runs `cmd` only when the file being replaced is `a.talk`.
fn on_a(cmd: &str) -> String {
    format!("case \"$NOTELINT_REPLACE_FILE\" in */a.talk) {cmd};; esac")
}

#[test]
fn an_edit_saved_while_fmt_or_fix_runs_is_kept() {
    for (args, what) in [
        (&["fmt", "."][..], "formatting"),
        (&["check", "--fix", "."][..], "fixing"),
    ] {
        let d = tmp();
        let a = write(d.path(), "a.talk", UNTIDY);
        let b = write(d.path(), "b.talk", UNTIDY);
        let r = run_hooked(
            d.path(),
            args,
            &on_a("printf 'Bio: added meanwhile\\n' >> \"$NOTELINT_REPLACE_FILE\""),
        );
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(
            r.stderr
                .contains(&format!("a.talk: changed while {what}, skipped")),
            "{args:?}: {r:?}"
        );
        // The edit is there, on the text as it was: nothing replaced it.
        assert_eq!(
            read(&a),
            format!("{UNTIDY}Bio: added meanwhile\n"),
            "{args:?}"
        );
        // The other file is written as usual.
        assert_eq!(read(&b), TIDY, "{args:?}");
        assert!(temporaries(d.path()).is_empty(), "{args:?}");
    }
}

/// `import --in-place` replaces the file as `fmt` does: an edit saved
/// between reading and replacing is kept, and the import is skipped.
#[test]
fn an_edit_saved_while_import_in_place_runs_is_kept() {
    let d = tmp();
    let csv = "title,speakers\nA Talk,Ann Lee\n";
    let a = write(d.path(), "a.csv", csv);
    let r = run_hooked(
        d.path(),
        &["import", "--from", "csv", "--in-place", "a.csv"],
        "printf 'B Talk,Bo Chen\\n' >> \"$NOTELINT_REPLACE_FILE\"",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("a.csv: changed while importing, skipped"),
        "{r:?}"
    );
    assert_eq!(read(&a), format!("{csv}B Talk,Bo Chen\n"));
    assert!(temporaries(d.path()).is_empty());
    // Unhindered, it replaces the file.
    let r = run_in(
        d.path(),
        &["import", "--from", "csv", "--in-place", "a.csv"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(read(&a).contains("Bo Chen"), "{}", read(&a));
    assert!(!read(&a).starts_with("title,"), "{}", read(&a));
}

#[test]
fn a_file_deleted_while_fmt_or_fix_runs_is_not_created_again() {
    for (args, what) in [
        (&["fmt", "."][..], "formatting"),
        (&["check", "--fix", "."][..], "fixing"),
    ] {
        let d = tmp();
        let a = write(d.path(), "a.talk", UNTIDY);
        let b = write(d.path(), "b.talk", UNTIDY);
        let r = run_hooked(d.path(), args, &on_a("rm \"$NOTELINT_REPLACE_FILE\""));
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(
            r.stderr
                .contains(&format!("a.talk: deleted while {what}, skipped")),
            "{args:?}: {r:?}"
        );
        assert!(!a.exists(), "{args:?}: deleted file came back");
        assert_eq!(read(&b), TIDY, "{args:?}");
        assert!(temporaries(d.path()).is_empty(), "{args:?}");
    }
}

#[test]
fn a_replace_keeps_mode_owner_and_group() {
    let d = tmp();
    let a = write(d.path(), "a.talk", UNTIDY);
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Root may give files away: then the owner must be kept too.
    let root = is_root();
    let (uid, gid) = if root {
        std::os::unix::fs::chown(&a, Some(4321), Some(4322)).unwrap();
        (4321, 4322)
    } else {
        let m = std::fs::metadata(&a).unwrap();
        (m.uid(), m.gid())
    };
    let seen = d.path().join("seen");
    let hook = format!(
        "stat -c '%a %u %g' \"$NOTELINT_REPLACE_TEMP\" > '{}'",
        seen.display()
    );
    for args in [&["fmt", "a.talk"][..], &["check", "--fix", "a.talk"][..]] {
        write(d.path(), "a.talk", UNTIDY);
        let r = run_hooked(d.path(), args, &hook);
        assert!(r.code == 0 || r.code == 1, "{args:?}: {r:?}");
        assert_eq!(read(&a), TIDY, "{args:?}");
        let m = std::fs::metadata(&a).unwrap();
        assert_eq!(m.mode() & 0o7777, 0o640, "{args:?}");
        assert_eq!((m.uid(), m.gid()), (uid, gid), "{args:?}");
        // The temporary file was already as private as the note.
        assert_eq!(read(&seen).trim(), format!("640 {uid} {gid}"), "{args:?}");
    }
}

#[test]
fn a_temporary_file_left_by_a_killed_run_is_removed_by_the_next() {
    let d = tmp();
    let a = write(d.path(), "a.talk", UNTIDY);
    // Killed (SIGTERM) between writing its temporary file and the rename.
    let mut c = command(d.path(), &["fmt", "."]);
    c.env(HOOK, "kill -TERM $PPID");
    let out = c.stderr(Stdio::piped()).output().unwrap();
    assert_eq!(
        out.status.signal(),
        Some(15),
        "the hook must have killed notelint: {out:?}"
    );
    assert_eq!(read(&a), UNTIDY, "a killed run leaves the note whole");
    assert_eq!(
        temporaries(d.path()).len(),
        1,
        "{:?}",
        temporaries(d.path())
    );
    // One more, as an older run whose process is gone would leave it.
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    write(d.path(), &format!(".b.talk.notelint-{dead}-0.tmp"), "half");
    // The next run cleans both up, even with nothing to write.
    std::fs::write(&a, TIDY).unwrap();
    let r = run_in(d.path(), &["fmt", "."]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
    assert!(
        temporaries(d.path()).is_empty(),
        "{:?}",
        temporaries(d.path())
    );
    // And so does `check --fix`.
    write(d.path(), &format!(".a.talk.notelint-{dead}-3.tmp"), "half");
    let r = run_in(d.path(), &["check", "--fix", "."]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        temporaries(d.path()).is_empty(),
        "{:?}",
        temporaries(d.path())
    );
}

#[test]
fn a_file_size_limit_is_a_write_error_not_a_killed_run() {
    let d = tmp();
    let big = UNTIDY.repeat(4096);
    let a = write(d.path(), "a.talk", &big);
    // `ulimit -f 16`: at most 8 or 16 KiB per file (512- or 1024-byte
    // blocks, by shell), far below the note's size.
    let mut c = Command::new("sh");
    c.args(["-c", "ulimit -f 16 && exec \"$0\" fmt a.talk", bin()])
        .current_dir(d.path());
    let r = run_bounded(c);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("a.talk: could not write (File too large"),
        "{r:?}"
    );
    assert_eq!(read(&a), big);
    assert!(temporaries(d.path()).is_empty());
}
