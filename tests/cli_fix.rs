//! `check --fix` and `--diff`: safe fixes applied atomically, unsafe ones
//! only on request, nothing written when anything fails.

mod cli_support;
use cli_support::*;

#[test]
fn fix_applies_safe_fixes_and_reports_what_remains() {
    let d = tmp();
    let p = write(d.path(), "findings.talk", FINDINGS);
    let r = run(d.path(), &["check", "--fix"]);
    // NL001 (no fix) remains: exit 1.
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("Fixed 1 problem."), "{}", r.stdout);
    assert!(
        r.stdout.contains("NL001") && !r.stdout.contains("NL030"),
        "{}",
        r.stdout
    );
    let after = std::fs::read_to_string(&p).unwrap();
    assert_eq!(after, FINDINGS.replace("Intro   \n", "Intro\n"));
    // No temporary files are left beside it.
    let names: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // Second run: nothing more to fix; the file is not rewritten.
    let before = std::fs::metadata(&p).unwrap().modified().unwrap();
    let r = run(d.path(), &["check", "--fix"]);
    assert!(!r.stdout.contains("Fixed"), "{}", r.stdout);
    assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), before);
}

#[test]
fn diff_shows_without_writing() {
    let d = tmp();
    let p = write(d.path(), "findings.talk", FINDINGS);
    let r = run(d.path(), &["check", "--diff"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .contains("--- a/findings.talk\n+++ b/findings.talk\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("-Intro   \n+Intro\n"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FINDINGS);
    write(d.path(), "findings.talk", CLEAN);
    let r = run(d.path(), &["check", "--diff"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.is_empty());
}

#[test]
fn unsafe_fixes_only_on_request() {
    let d = tmp();
    let text =
        "___\nA Talk\nAnn Lee\nWeb, Intermediat\n\nDescription: d.\n\nAbstract: a.\n\nBio: b.\n";
    let p = write(d.path(), "meta.talk", text);
    let r = run(d.path(), &["check", "--fix"]);
    assert!(r.stdout.contains("NL008"), "{r:?}");
    assert!(
        r.stdout.contains("needs --fix --unsafe-fixes"),
        "{}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    let r = run(d.path(), &["check", "--fix", "--unsafe-fixes"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        text.replace("Intermediat", "Intermediate")
    );
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let d = tmp();
    let r = run_stdin(d.path(), &["check", "-", "--fix"], FINDINGS.as_bytes());
    assert_eq!(r.stdout, FINDINGS.replace("Intro   \n", "Intro\n"));
    assert_eq!(r.code, 1, "NL001 remains");
}

#[test]
fn fix_through_a_symlink_keeps_the_link() {
    let d = tmp();
    let target = write(d.path(), "real/findings.talk", FINDINGS);
    std::os::unix::fs::symlink("real/findings.talk", d.path().join("link.talk")).unwrap();
    let r = run(d.path(), &["check", "--fix", "link.talk"]);
    assert!(r.stdout.contains("Fixed 1 problem."), "{r:?}");
    assert!(std::fs::symlink_metadata(d.path().join("link.talk"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(!std::fs::read_to_string(target)
        .unwrap()
        .contains("Intro   "));
}

#[test]
fn failed_fix_writes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    open_up(d.path());
    let sub = d.path().join("ro");
    std::fs::create_dir(&sub).unwrap();
    let p = write(&sub, "findings.talk", FINDINGS);
    let other = write(d.path(), "other.talk", FINDINGS);
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o666)).unwrap();
    // The file is readable but its folder is not writable: no temp file
    // can be made, so the fix must fail without touching the note.
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    let c = match unprivileged(
        d.path(),
        &["check", "--fix", "ro/findings.talk", "other.talk"],
    ) {
        Ok(c) => c,
        Err(reason) => {
            println!("skipped: {reason}");
            return;
        }
    };
    // `other.talk` lives in a folder `nobody` cannot write either (the temp
    // root is 0755): both fail, both stay byte-for-byte unchanged.
    let r = run_cmd(c, None);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("notelint: ro/findings.talk: checked, but its fixes could not be written (permission denied); file left unchanged"),
        "{r:?}"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FINDINGS);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), FINDINGS);
    assert_eq!(
        std::fs::read_dir(&sub).unwrap().count(),
        1,
        "no temporary file left"
    );
    // The findings are still reported.
    assert!(r.stdout.contains("ro/findings.talk:1:2"), "{}", r.stdout);
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_read_only_note_is_not_replaced_and_the_others_are_fixed() {
    let d = tmp();
    let ro = write(d.path(), "locked.talk", FINDINGS);
    let rw = write(d.path(), "open.talk", FINDINGS);
    let mut perms = std::fs::metadata(&ro).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&ro, perms).unwrap();
    let r = run(d.path(), &["check", "--fix"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("locked.talk") && r.stderr.contains("read-only"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), FINDINGS);
    assert_eq!(
        std::fs::read_to_string(&rw).unwrap(),
        FINDINGS.replace("Intro   \n", "Intro\n")
    );
    // It was checked: its findings are listed, and the summary says the
    // fixes were not written rather than that it could not be checked.
    assert!(
        r.stderr
            .contains("checked, but its fixes could not be written"),
        "{}",
        r.stderr
    );
    // (Its trailing whitespace, 3:6, is a hint: counted, not listed.)
    assert!(r.stdout.contains("locked.talk:1:2"), "{}", r.stdout);
    assert!(r.stdout.contains("1 hint not shown"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("1 file checked, but fixes could not be written"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("could not be checked"), "{}", r.stdout);
}

/// A finding may point into another file (duplicate-title's "a talk with
/// the same title"); after `--fix` rewrote that file, the place must be
/// where the title is in the text as written, not where it was before.
#[test]
fn related_places_point_into_the_fixed_text() {
    let d = tmp();
    let a = write(d.path(), "a.talk", FINDINGS);
    let b = write(d.path(), "b.talk", FINDINGS);
    let r = run(d.path(), &["check", "--fix", "--format", "json"]);
    assert_eq!(r.code, 1, "{r:?}");
    let fixed = FINDINGS.replace("Intro   \n", "Intro\n");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), fixed);
    assert_eq!(std::fs::read_to_string(&b).unwrap(), fixed);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut seen = 0;
    for f in v["files"].as_array().unwrap() {
        for diag in f["diagnostics"].as_array().unwrap() {
            if diag["code"] != "NL009" {
                continue;
            }
            let msg = diag["message"].as_str().unwrap();
            let title = msg.split('`').nth(1).unwrap();
            for rel in diag["related"].as_array().unwrap() {
                let text =
                    std::fs::read_to_string(d.path().join(rel["path"].as_str().unwrap())).unwrap();
                let s = rel["range"]["start"]["offset"].as_u64().unwrap() as usize;
                let e = rel["range"]["end"]["offset"].as_u64().unwrap() as usize;
                assert_eq!(&text[s..e], title, "{diag}");
                seen += 1;
            }
        }
    }
    assert!(seen >= 2, "no duplicate-title places checked: {}", r.stdout);
}
