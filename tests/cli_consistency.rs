//! The command line tells one story: stdin is read when it is named, the
//! summary agrees with the exit code, hints are shown where they count,
//! the same flag works on every command that reads notes.

mod cli_support;
use cli_support::*;

/// `--stdin-filename` without `-` reads stdin (it used to lint the
/// current folder and say "No problems found").
#[test]
fn stdin_filename_alone_reads_stdin() {
    let d = tmp();
    write(d.path(), "clean.talk", CLEAN);
    let r = run_stdin(
        d.path(),
        &["check", "--stdin-filename", "a.talk", "--format", "concise"],
        FINDINGS.as_bytes(),
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .contains("a.talk:1:2: warning: NL001 [missing-author]"),
        "{r:?}"
    );
    assert!(!r.stdout.contains("clean.talk"), "{r:?}");
}

/// The summary and the exit code agree: a run that fails lists what fails
/// it; a run with problems that passes says why.
#[test]
fn summary_and_exit_code_agree() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    write(d.path(), "clean.talk", CLEAN);
    let r = run(
        d.path(),
        &[
            "check",
            "--select",
            "trailing-whitespace",
            "--fail-on",
            "hint",
        ],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(!r.stdout.contains("No problems found"), "{r:?}");
    assert!(r.stdout.contains("hint[NL030]"), "{r:?}");
    assert!(
        r.stdout
            .contains("Found 1 problem (1 hint) in 1 of 2 files checked."),
        "{r:?}"
    );
    // Named in --select, a hint rule is shown by the formats people read.
    let r = run(
        d.path(),
        &["check", "--select", "NL030", "--format", "concise"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout
            .contains("f.talk:3:6: hint: NL030 [trailing-whitespace] trailing whitespace"),
        "{r:?}"
    );
    assert!(
        r.stdout.contains("None fails the run (--fail-on warning)."),
        "{r:?}"
    );
    // With --fail-on hint every hint fails the run, so every hint is shown.
    let r = run(
        d.path(),
        &["check", "--fail-on", "hint", "--format", "concise"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains(": hint: NL030"), "{r:?}");
    assert!(!r.stdout.contains("not shown"), "{r:?}");
    // By default hints are counted apart and do not fail the run.
    let r = run(
        d.path(),
        &["check", "--select", "NL030", "--fail-on", "info"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("None fails the run (--fail-on info)."),
        "{r:?}"
    );
}

/// `check - --fix` writes the fixed text to stdout and the findings that
/// remain to stderr, in the format asked for.
#[test]
fn stdin_fix_reports_what_remains() {
    let d = tmp();
    let r = run_stdin(d.path(), &["check", "-", "--fix"], FINDINGS.as_bytes());
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.starts_with(" Lightning Talks\n\nIntro\n"), "{r:?}");
    assert!(!r.stdout.contains("Intro   "), "{r:?}");
    assert!(r.stderr.contains("warning[NL001]"), "{r:?}");
    assert!(r.stderr.contains("Fixed 1 problem."), "{r:?}");
    assert!(r.stderr.contains("Found 1 problem (1 warning)"), "{r:?}");
    let r = run_stdin(
        d.path(),
        &["check", "-", "--fix", "--format", "json"],
        FINDINGS.as_bytes(),
    );
    assert_eq!(r.code, 1, "{r:?}");
    let v = json(&r.stderr);
    assert_eq!(v["summary"]["fixed"], 1, "{v}");
    assert_eq!(v["files"][0]["diagnostics"][0]["code"], "NL001", "{v}");
    assert!(r.stdout.starts_with(" Lightning Talks\n"), "{r:?}");
}

/// The findings `check - --fix` reports are places in the fixed text it
/// printed (their offsets and lines are read there), not in the text as
/// read: a fix before a finding moves it.
#[test]
fn stdin_fix_places_what_remains_in_the_fixed_text() {
    let d = tmp();
    // Trailing whitespace (fixed) before a talk without a speaker (not
    // fixable): the fix moves that talk's title up by three bytes.
    let text = " First talk   \nby Ann Lee\n\n Second talk\n\nNotes\n\tpoint\n";
    let r = run_stdin(
        d.path(),
        &["check", "-", "--fix", "--format", "json"],
        text.as_bytes(),
    );
    assert_eq!(r.code, 1, "{r:?}");
    let v = json(&r.stderr);
    let diag = &v["files"][0]["diagnostics"][0];
    assert_eq!(diag["code"], "NL001", "{v}");
    let start = diag["range"]["start"]["offset"].as_u64().unwrap() as usize;
    let end = diag["range"]["end"]["offset"].as_u64().unwrap() as usize;
    assert!(r.stdout.starts_with(" First talk\n"), "{r:?}");
    assert_eq!(&r.stdout[start..end], "Second talk", "{v}");
    assert_eq!(diag["range"]["start"]["line"], 4, "{v}");
}

/// The size error suggests `--max-file-size`: every command that reads
/// notes takes it.
#[test]
fn max_file_size_on_every_reading_command() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    for cmd in ["check", "fmt", "outline", "speakers"] {
        let mut args = vec![cmd, "f.talk", "--max-file-size", "10"];
        if cmd == "fmt" {
            args.push("--check");
        }
        let r = run(d.path(), &args);
        assert_eq!(r.code, 2, "{cmd}: {r:?}");
        assert!(r.stderr.contains("over the 10-byte limit"), "{cmd}: {r:?}");
        args[3] = "100000";
        let r = run(d.path(), &args);
        assert!(r.code != 2, "{cmd}: {r:?}");
    }
    let r = run(d.path(), &["fmt", "--max-file-size", "0"]);
    assert_eq!(r.code, 2, "{r:?}");
}

/// Concise lines carry the severity; JUnit does not count hints as
/// failures unless selected.
#[test]
fn formats_carry_severity_and_leave_hints_out() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    let r = run(d.path(), &["check", "--format", "concise"]);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("f.talk:1:2: warning: NL001 [missing-author] ")),
        "{r:?}"
    );
    let r = run(d.path(), &["check", "--format", "junit"]);
    assert!(r.stdout.contains("failures=\"1\""), "{r:?}");
    assert!(!r.stdout.contains("NL030"), "{r:?}");
    let r = run(
        d.path(),
        &["check", "--format", "junit", "--select", "NL001,NL030"],
    );
    assert!(r.stdout.contains("failures=\"2\""), "{r:?}");
    // The formats programs read list every finding.
    let r = run(d.path(), &["check", "--format", "json"]);
    assert_eq!(json(&r.stdout)["summary"]["hint"], 1, "{r:?}");
    let r = run(d.path(), &["check", "--format", "sarif"]);
    assert!(r.stdout.contains("\"NL030\""), "{r:?}");
}
