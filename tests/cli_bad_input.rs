//! Bad input: every problem file gets a clear `notelint: path: message`,
//! exit 2, and every other file is still linted and reported.

mod cli_support;
use cli_support::*;
use std::os::unix::fs::{symlink, PermissionsExt};

/// The findings of `findings.talk` are reported beside the error.
fn others_still_reported(r: &Run) {
    assert!(
        r.stdout.contains("findings.talk:1:2"),
        "other files must still be linted:\n{}",
        r.stdout
    );
}

#[test]
fn missing_file() {
    let d = tmp();
    write(d.path(), "findings.talk", FINDINGS);
    let r = run(d.path(), &["check", "nope.talk", "findings.talk"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("notelint: nope.talk: no such file or directory"),
        "{r:?}"
    );
    others_still_reported(&r);
}

#[test]
fn invalid_utf8_names_offset() {
    let d = tmp();
    write(d.path(), "findings.talk", FINDINGS);
    write(
        d.path(),
        "latin1.talk",
        b" Caf\xe9 talk\nby Ann\n".as_slice(),
    );
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("notelint: latin1.talk: invalid UTF-8 at byte offset 4"),
        "{r:?}"
    );
    others_still_reported(&r);
}

#[test]
fn binary_file() {
    let d = tmp();
    write(d.path(), "findings.talk", FINDINGS);
    write(
        d.path(),
        "image.talk",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(),
    );
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("notelint: image.talk: binary file (NUL byte at byte offset 8)"),
        "{r:?}"
    );
    others_still_reported(&r);
}

#[test]
fn empty_and_whitespace_only_files_are_fine() {
    let d = tmp();
    write(d.path(), "empty.talk", "");
    write(d.path(), "blank.talk", "\n\n\r\n");
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.is_empty(), "{r:?}");
    assert!(r.stdout.contains("No problems found in 2 files"), "{r:?}");
    // Whitespace-only lines are an info finding (trailing whitespace), not an error.
    write(d.path(), "spaces.talk", "   \n\t\n");
    let r = run(d.path(), &["check", "--format", "json"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(json(&r.stdout)["summary"]["errors"], 0);
}

#[test]
fn very_large_file_is_refused_without_reading() {
    let d = tmp();
    write(d.path(), "findings.talk", FINDINGS);
    // 200 MB, sparse: the size is checked before a byte is read.
    let big = std::fs::File::create(d.path().join("big.talk")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("notelint: big.talk: file is 209715200 bytes, over the 10485760-byte limit"),
        "{r:?}"
    );
    others_still_reported(&r);
    // The limit is configurable.
    write(d.path(), "small.talk", CLEAN);
    let r = run(d.path(), &["check", "small.talk", "--max-file-size", "10"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("over the 10-byte limit"), "{r:?}");
    write(d.path(), "notelint.toml", "max-file-size = 20\n");
    let r = run(d.path(), &["check", "small.talk"]);
    assert!(r.stderr.contains("over the 20-byte limit"), "{r:?}");
}

#[test]
fn symlink_loops() {
    let d = tmp();
    write(d.path(), "findings.talk", FINDINGS);
    symlink("self.talk", d.path().join("self.talk")).unwrap();
    std::fs::create_dir(d.path().join("sub")).unwrap();
    symlink("..", d.path().join("sub/up")).unwrap();
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("notelint: self.talk: symlink loop"),
        "{r:?}"
    );
    assert!(r.stderr.contains("notelint: sub/up: symlink loop"), "{r:?}");
    others_still_reported(&r);
    // Named directly, too.
    let r = run(d.path(), &["check", "self.talk", "findings.talk"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("notelint: self.talk: symlink loop"),
        "{r:?}"
    );
    others_still_reported(&r);
}

#[test]
fn symlinks_out_of_the_tree_are_not_followed() {
    let outside = tmp();
    write(outside.path(), "secret.talk", FINDINGS);
    let d = tmp();
    write(d.path(), "clean.talk", CLEAN);
    symlink(
        outside.path().join("secret.talk"),
        d.path().join("link.talk"),
    )
    .unwrap();
    symlink(outside.path(), d.path().join("linkdir")).unwrap();
    // Inside the tree: followed.
    write(d.path(), "real/inner.talk", FINDINGS);
    symlink("real/inner.talk", d.path().join("inside.talk")).unwrap();
    let r = run(d.path(), &["check", "--format", "json"]);
    let v = json(&r.stdout);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // Inside the tree the link and its target are one note, read once
    // under the name reached first.
    assert_eq!(paths, ["clean.talk", "inside.talk"]);
    assert!(
        r.stderr.contains("notelint: link.talk: symlink to"),
        "{r:?}"
    );
    assert!(
        r.stderr
            .contains("outside the searched folder, not followed"),
        "{r:?}"
    );
    assert!(r.stderr.contains("notelint: linkdir: symlink to"), "{r:?}");
    // A deliberate skip is not an error: the exit code is decided by findings.
    assert_eq!(r.code, 1);
    let r = run(
        d.path(),
        &["check", "clean.talk", "link.talk", "--select", "NL001"],
    );
    // Named explicitly, the link is read like any file.
    assert_eq!(r.code, 1, "{r:?}");
}

fn permission_case(setup: impl Fn(&std::path::Path), expect: &str) {
    let d = tmp();
    open_up(d.path());
    write(d.path(), "findings.talk", FINDINGS);
    setup(d.path());
    let c = match unprivileged(d.path(), &["check"]) {
        Ok(c) => c,
        Err(reason) => {
            println!("skipped this permission sub-case: {reason}");
            return;
        }
    };
    let r = run_cmd(c, None);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains(expect), "expected {expect:?} in {r:?}");
    others_still_reported(&r);
}

#[test]
fn unreadable_file() {
    permission_case(
        |d| {
            let p = write(d, "locked.talk", CLEAN);
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o000)).unwrap();
        },
        "notelint: locked.talk: permission denied",
    );
}

#[test]
fn directory_without_permission() {
    permission_case(
        |d| {
            write(d, "private/a.talk", CLEAN);
            std::fs::set_permissions(d.join("private"), std::fs::Permissions::from_mode(0o000))
                .unwrap();
        },
        "notelint: private: permission denied",
    );
}

#[test]
fn a_directory_named_like_a_note() {
    let d = tmp();
    write(d.path(), "findings.talk", FINDINGS);
    std::fs::create_dir(d.path().join("folder.talk")).unwrap();
    // Searched as a folder (it is empty), not read as a file.
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.is_empty(), "{r:?}");
}
