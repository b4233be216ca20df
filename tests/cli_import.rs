//! `notelint import`: output to stdout, `-o`, `--in-place`, `--diff`,
//! `--map`; talk-note markup left alone; bad input refused with a message
//! naming file, line and column, and nothing written.

mod cli_support;
use cli_support::*;

const XML: &str = "<schedule><conference><title>PlainConf</title></conference>\
<day><room name=\"A\"><event id=\"1\"><title>Parsers That Never Fail</title>\
<track>Tooling</track><abstract>Trees for any input.</abstract>\
<persons><person>Grace Okafor</person></persons></event></room></day></schedule>\n";

#[test]
fn imports_to_stdout() {
    let d = tmp();
    write(d.path(), "s.xml", XML);
    let r = run(d.path(), &["import", "--from", "frab-xml", "s.xml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "PlainConf\n\n Parsers That Never Fail\nGrace Okafor\n\nTrack: Tooling\n\nAbstract: Trees for any input.\n"
    );
    // The output is talk-note markup in the canonical layout.
    let out = write(d.path(), "out.talk", &r.stdout);
    let f = run(d.path(), &["fmt", "--check", out.to_str().unwrap()]);
    assert_eq!(f.code, 0, "{}{}", f.stdout, f.stderr);
}

#[test]
fn stdin_and_output_file() {
    let d = tmp();
    let r = run_stdin(
        d.path(),
        &["import", "-", "--from", "csv", "-o", "talks.talk"],
        b"Title,Speaker\nOne Talk,Ada Quist\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let t = std::fs::read_to_string(d.path().join("talks.talk")).unwrap();
    assert_eq!(t, " One Talk\nAda Quist\n");
    // Again over the file now there: replaced (reading it first with no
    // size limit overflowed the limit: a panic in a debug build, "changed
    // while importing" in a release one).
    let r = run_stdin(
        d.path(),
        &["import", "-", "--from", "csv", "-o", "talks.talk"],
        b"Title,Speaker\nTwo Talk,Ada Quist\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let t = std::fs::read_to_string(d.path().join("talks.talk")).unwrap();
    assert_eq!(t, " Two Talk\nAda Quist\n");
}

#[test]
fn in_place_and_diff() {
    let d = tmp();
    let p = write(d.path(), "s.csv", "Title,Speaker\nOne Talk,Ada Quist\n");
    let r = run(d.path(), &["import", "--from", "csv", "--diff", "s.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("-Title,Speaker\n") && r.stdout.contains("+ One Talk\n"),
        "{}",
        r.stdout
    );
    // --diff writes nothing.
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "Title,Speaker\nOne Talk,Ada Quist\n"
    );
    let r = run(
        d.path(),
        &["import", "--from", "csv", "--in-place", "s.csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        " One Talk\nAda Quist\n"
    );
}

#[test]
fn map_names_columns() {
    let d = tmp();
    write(
        d.path(),
        "m.csv",
        "Session;Who;Blurb\nOne;Ada Quist;Short.\n",
    );
    let r = run(
        d.path(),
        &[
            "import",
            "--from",
            "csv",
            "m.csv",
            "--map",
            "Who=speakers",
            "--map",
            "Blurb=description",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, " One\nAda Quist\n\nDescription: Short.\n");
    let r = run(
        d.path(),
        &["import", "--from", "csv", "m.csv", "--map", "Who"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("COLUMN=FIELD"), "{}", r.stderr);
    let r = run(
        d.path(),
        &["import", "--from", "csv", "m.csv", "--map", "Nobody=title"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("m.csv: --map `Nobody=title`: no column"),
        "{}",
        r.stderr
    );
}

#[test]
fn talk_note_markup_is_left_alone() {
    let d = tmp();
    let text = " A Talk\nAda Quist\n\nNotes\n\tpoint\n";
    let p = write(d.path(), "a.talk", text);
    for args in [
        vec!["import", "a.talk"],
        vec!["import", "--from", "talk-notes", "a.talk", "--in-place"],
    ] {
        let r = run(d.path(), &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stderr.contains("a.talk: already talk-note markup"),
            "{}",
            r.stderr
        );
        assert_eq!(r.stdout, "");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    }
}

#[test]
fn bad_input_is_refused_with_position() {
    let d = tmp();
    write(d.path(), "bad.xml", "<schedule>\n  <day>\n</schedule>\n");
    let r = run(
        d.path(),
        &["import", "--from", "frab-xml", "bad.xml", "-o", "out.talk"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("notelint: bad.xml:3:"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing written"), "{}", r.stderr);
    assert!(!d.path().join("out.talk").exists());
    write(d.path(), "bad.json", "{\"schedule\": [}\n");
    let r = run(d.path(), &["import", "--from", "frab-json", "bad.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("notelint: bad.json:1:15: not valid JSON"),
        "{}",
        r.stderr
    );
    // Invalid UTF-8, a directory, a missing file.
    write(d.path(), "latin1.csv", b"Title\nCaf\xe9\n");
    let r = run(d.path(), &["import", "--from", "csv", "latin1.csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("latin1.csv: invalid UTF-8 at byte offset 9"),
        "{}",
        r.stderr
    );
    std::fs::create_dir(d.path().join("dir")).unwrap();
    let r = run(d.path(), &["import", "dir"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("dir: is a directory"), "{}", r.stderr);
    if std::process::Command::new("mkfifo")
        .arg(d.path().join("in.fifo"))
        .status()
        .is_ok_and(|s| s.success())
    {
        let r = run(d.path(), &["import", "in.fifo"]);
        assert_eq!(r.code, 2);
        assert!(
            r.stderr.contains("in.fifo: not a regular file"),
            "{}",
            r.stderr
        );
    }
    let r = run(d.path(), &["import", "-", "--in-place"]);
    assert_eq!(r.code, 2);
    let r = run(d.path(), &["import", "--from", "nonsense", "x"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("frab-xml"), "{}", r.stderr);
}

/// `-o` onto something that is not a regular file writes into it: a FIFO
/// stays a FIFO and its reader gets the text (a rename over it would have
/// put a file in its place, as it would over `/dev/null`).
#[cfg(target_os = "linux")]
#[test]
fn output_to_a_fifo_or_a_directory() {
    use std::io::Read;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let d = tmp();
    write(d.path(), "s.csv", "Title\nOne Talk\n");
    let fifo = d.path().join("out.fifo");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(ok.success());
    // A reader that does not block, opened first so the writer's open
    // does not wait.
    let mut reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    let r = run(
        d.path(),
        &["import", "--from", "csv", "s.csv", "-o", "out.fifo"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    let mut got = String::new();
    let _ = reader.read_to_string(&mut got);
    assert_eq!(got, " One Talk\n");
    std::fs::create_dir(d.path().join("dir")).unwrap();
    let r = run(d.path(), &["import", "--from", "csv", "s.csv", "-o", "dir"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("dir: could not write"), "{}", r.stderr);
}
