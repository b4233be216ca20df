//! Which notes `check` reads: a bad config does not stop the others, a note
//! reached twice is read once, a path without notes is an error.

mod cli_support;
use cli_support::*;

fn two_folders_one_bad_config() -> tempfile::TempDir {
    let d = tmp();
    write(d.path(), "a/x.talk", FINDINGS);
    write(d.path(), "b/y.talk", FINDINGS);
    write(
        d.path(),
        "b/notelint.toml",
        "tracks = [\"Web\"]\nfrobnicate = 1\n",
    );
    d
}

#[test]
fn a_bad_config_stops_only_the_notes_it_governs() {
    let d = two_folders_one_bad_config();
    let r = run(d.path(), &["check", "--format", "json"]);
    assert_eq!(r.code, 2, "{r:?}");
    let v = json(&r.stdout);
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["a/x.talk"], "{}", r.stdout);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{}", r.stdout);
    assert_eq!(errors[0]["path"], "b/notelint.toml");
    let m = errors[0]["message"].as_str().unwrap();
    assert!(m.contains("frobnicate") && m.starts_with("2:1: "), "{m}");

    let r = run(d.path(), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 2, "{r:?}");
    let v = json(&r.stdout);
    let run0 = &v["runs"][0];
    assert!(!run0["results"].as_array().unwrap().is_empty());
    let inv = &run0["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    assert_eq!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "b/notelint.toml"
    );
    assert!(n["message"]["text"]
        .as_str()
        .unwrap()
        .contains("frobnicate"));

    for format in ["gitlab", "junit", "github", "human", "concise"] {
        let r = run(d.path(), &["check", "--format", format]);
        assert_eq!(r.code, 2, "{format}: {r:?}");
        assert!(r.stdout.contains("a/x.talk"), "{format}: {}", r.stdout);
        assert!(
            (r.stdout + &r.stderr).contains("b/notelint.toml"),
            "{format}"
        );
    }
    let v = json(&run(d.path(), &["check", "--format", "gitlab"]).stdout);
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["location"]["path"] == "b/notelint.toml"));

    // A bad --config governs everything: nothing is linted, the document
    // is still valid, the error is in it.
    write(d.path(), "bad.toml", "max-file-size = \"big\"\n");
    let r = run(
        d.path(),
        &["--config", "bad.toml", "check", "--format", "json"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    let v = json(&r.stdout);
    assert_eq!(v["files"].as_array().unwrap().len(), 0);
    assert_eq!(v["errors"][0]["path"], "bad.toml");
}

#[test]
fn a_note_reached_twice_is_linted_once() {
    let d = tmp();
    write(d.path(), "a/x.talk", FINDINGS);
    std::os::unix::fs::symlink("../a/x.talk", d.path().join("a/link.talk")).unwrap();
    std::fs::create_dir(d.path().join("b")).unwrap();
    std::os::unix::fs::symlink("../a", d.path().join("b/dir")).unwrap();
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "json", "a", "a/../a", "a/x.talk"][..],
    ] {
        let r = run(d.path(), args);
        let v = json(&r.stdout);
        let files = v["files"].as_array().unwrap();
        assert_eq!(files.len(), 1, "{args:?}: {}", r.stdout);
        // Named as first reached.
        assert!(
            files[0]["path"].as_str().unwrap().starts_with("a/"),
            "{}",
            r.stdout
        );
        let names: Vec<&str> = files[0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap())
            .collect();
        assert!(!names.contains(&"duplicate-title"), "{args:?}: {names:?}");
    }
    let r = run(d.path(), &["check", "--fix", "--format", "json"]);
    assert_eq!(json(&r.stdout)["summary"]["fixed"], 1, "{}", r.stdout);
}

#[test]
fn a_path_without_notes_is_an_error_the_default_folder_a_warning() {
    let d = tmp();
    write(d.path(), "notes/a.txt", FINDINGS);
    let r = run(d.path(), &["check", "notes"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("notes: no note files found"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("`*.talk`"), "{}", r.stderr);
    assert!(r.stderr.contains("include"), "{}", r.stderr);
    let r = run(d.path(), &["check", "notes", "--format", "json"]);
    assert_eq!(json(&r.stdout)["errors"][0]["path"], "notes");

    let r = run(&d.path().join("notes"), &["check"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("warning: no note files found"),
        "{}",
        r.stderr
    );

    // With the glob added, the folder has notes.
    write(d.path(), "notelint.toml", "include = [\"*.txt\"]\n");
    let r = run(d.path(), &["check", "notes", "--format", "json"]);
    assert_eq!(
        json(&r.stdout)["files"].as_array().unwrap().len(),
        1,
        "{r:?}"
    );
}

#[test]
fn concise_is_one_line_per_finding() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    write(d.path(), "bad.talk", b"\xff\xfe");
    write(d.path(), "layout.talk", b" T\nAnn Lee  \n\nBio: b\n");
    let r = run(
        d.path(),
        &["check", "--format", "concise", "--color", "always"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    let v = json(&run(d.path(), &["check", "--format", "json"]).stdout);
    // Every finding but the hints, which (as in the human format) are
    // counted in the summary instead.
    let all: Vec<&serde_json::Value> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .collect();
    let hints = all.iter().filter(|d| d["severity"] == "hint").count();
    assert!(hints > 0, "the test needs a hint to show it is left out");
    let n = all.len() - hints;
    let lines: Vec<&str> = r.stdout.lines().collect();
    let findings: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("f.talk:") || l.starts_with("layout.talk:"))
        .collect();
    assert_eq!(findings.len(), n, "{}", r.stdout);
    assert!(!r.stdout.contains("NL030"), "{}", r.stdout);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{hints} hint")) && l.contains("not shown")),
        "{}",
        r.stdout
    );
    assert!(
        lines.contains(
            &"f.talk:1:2: warning: NL001 [missing-author] talk `Lightning Talks` has no speaker"
        ),
        "{}",
        r.stdout
    );
    assert!(
        lines.iter().any(|l| l.starts_with("bad.talk: error: ")),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\x1b'), "no colour: {}", r.stdout);
}
