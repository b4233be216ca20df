//! outline, rules, explain, fmt, speakers and --watch against the real binary.

#[path = "common/shared.rs"]
mod shared;

mod cli_support;
use cli_support::*;
use std::io::{BufRead, BufReader};
use std::sync::mpsc;
use std::time::Duration;

fn shared() -> Option<std::path::PathBuf> {
    shared::shared_dir("golden").map(|g| g.join(".."))
}

#[test]
fn outline_json_matches_golden() {
    let Some(sh) = shared() else { return };
    let mut talks = 0;
    for e in std::fs::read_dir(sh.join("golden")).unwrap().flatten() {
        let golden = json(&std::fs::read_to_string(e.path()).unwrap());
        let seed = sh.join("seeds").join(
            e.file_name()
                .to_string_lossy()
                .replace(".outline.json", ".txt"),
        );
        let r = run(
            &sh,
            &["outline", seed.to_str().unwrap(), "--format", "json"],
        );
        assert_eq!(r.code, 0, "{r:?}");
        let ours = json(&r.stdout);
        let g = golden["talks"].as_array().unwrap();
        let o = ours["talks"].as_array().unwrap();
        assert_eq!(o.len(), g.len());
        for (a, b) in o.iter().zip(g) {
            assert_eq!(a["title"], b["title"]);
            assert_eq!(a["line"], b["line"]);
            assert_eq!(a["speakers"], b["speakers"]);
            assert_eq!(a["meta"], b["meta"]);
            let names: Vec<_> = a["sections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["name"].clone())
                .collect();
            assert_eq!(&serde_json::Value::Array(names), &b["sections"]);
            talks += 1;
        }
    }
    assert_eq!(talks, 48);
}

#[test]
fn outline_text_and_errors() {
    let d = tmp();
    write(d.path(), "a.talk", CLEAN);
    let r = run(d.path(), &["outline", "a.talk"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "    1  Embracing The GIL — Jesse Noller\n    4      Intro\n    8      Description\n   10      Abstract\n   12      Bio\n"
    );
    let r = run(d.path(), &["outline", "none.talk"]);
    assert_eq!(r.code, 2);
    assert!(r
        .stderr
        .contains("notelint: none.talk: no such file or directory"));
}

#[test]
fn rules_and_explain() {
    let d = tmp();
    let r = run(d.path(), &["rules"]);
    assert_eq!(r.code, 0);
    for (code, name) in [
        ("NL001", "missing-author"),
        ("NL030", "trailing-whitespace"),
        ("NL035", "broken-link"),
    ] {
        let line = r.stdout.lines().find(|l| l.starts_with(code)).unwrap();
        assert!(line.contains(name), "{line}");
    }
    assert!(r
        .stdout
        .lines()
        .any(|l| l.starts_with("NL030") && l.contains(" safe ")));
    let by_code = run(d.path(), &["explain", "NL001"]);
    let by_name = run(d.path(), &["explain", "missing-author"]);
    assert_eq!(by_code.code, 0);
    assert_eq!(by_code.stdout, by_name.stdout);
    assert!(by_code.stdout.starts_with("NL001 missing-author\n"));
    assert!(by_code.stdout.contains("docs/rules.md#missing-author"));
    let r = run(d.path(), &["explain", "missing-autor"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `missing-author`?"), "{r:?}");
}

#[test]
fn fmt_check_write_and_words() {
    let d = tmp();
    let messy = " First\nby Ann\n\n\n\nIntro   \n    * point\n\t* tab\n\t- dash\n Second\nby Bob\n\nNotes\n  item\n";
    let p = write(d.path(), "m.talk", messy);
    write(d.path(), "ok.talk", CLEAN);
    let r = run(d.path(), &["fmt", "--check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stdout, "would reformat: m.talk\n");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), messy);
    let r = run(d.path(), &["fmt", "--diff"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("+\t* point"), "{}", r.stdout);
    assert!(r.stdout.contains("+\t* dash"), "{}", r.stdout);
    let r = run(d.path(), &["fmt"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, "reformatted: m.talk\n");
    let after = std::fs::read_to_string(&p).unwrap();
    assert_eq!(
        after,
        " First\nby Ann\n\nIntro\n\t* point\n\t* tab\n\t* dash\n Second\nby Bob\n\nNotes\n  item\n"
    );
    let words = |s: &str| {
        s.split_whitespace()
            .filter(|w| !w.starts_with("___") && *w != "*" && *w != "-")
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(words(&after), words(messy));
    assert_eq!(run(d.path(), &["fmt", "--check"]).code, 0);
    let r = run_stdin(d.path(), &["fmt", "-"], messy.as_bytes());
    assert_eq!(r.stdout, after);
}

#[test]
fn speakers_counts_and_similar_spellings() {
    let d = tmp();
    let talk = |t: &str, s: &str| format!(" {t}\nby {s}\n\nNotes\n\tx\n");
    write(
        d.path(),
        "a.talk",
        format!(
            "{}{}",
            talk("One", "Alex Martelli"),
            talk("Two", "Alex Martelli")
        ),
    );
    write(
        d.path(),
        "b.talk",
        format!(
            "{}{}{}",
            talk("Three", "Alex Martell"),
            talk("Four", "Van Lindberg"),
            talk("Five", "Alex Martélli")
        ),
    );
    let r = run(d.path(), &["speakers"]);
    assert_eq!(r.code, 0, "{r:?}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "   3  Alex Martelli   (also spelled: Alex Martélli ×1)   (similar: Alex Martell)",
        "{}",
        r.stdout
    );
    assert!(
        lines.contains(&"   1  Alex Martell   (similar: Alex Martelli)"),
        "{lines:?}"
    );
    assert!(lines.contains(&"   1  Van Lindberg"), "{lines:?}");
    let v = json(&run(d.path(), &["speakers", "--format", "json"]).stdout);
    let first = &v["speakers"][0];
    assert_eq!(first["name"], "Alex Martelli");
    assert_eq!(first["talks"][1]["title"], "Two");
    assert_eq!(first["talks"][1]["file"], "a.talk");
    assert_eq!(first["talks"][1]["line"], 6);
    assert_eq!(first["talks"][2]["file"], "b.talk");
}

#[test]
fn watch_relints_on_change() {
    let d = tmp();
    let p = write(d.path(), "a.talk", CLEAN);
    let mut child = command(d.path(), &["check", "--watch", "--watch-interval", "50"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |needle: &str| -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(l) if l.contains(needle) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    };
    let first = wait_for("No problems found in 1 file");
    // Change the file: the watcher must notice and report the new finding.
    std::fs::write(&p, FINDINGS).unwrap();
    let second = first && wait_for("Found 1 problem");
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "first report never arrived");
    assert!(second, "change was not picked up");
}

#[test]
fn fmt_reports_bad_files_and_formats_the_rest() {
    let d = tmp();
    let p = write(d.path(), "m.talk", " First\nby Ann\n\nIntro   \n");
    write(d.path(), "bin.talk", b"\0\x01".as_slice());
    write(d.path(), "bad.talk", b"ok\xff".as_slice());
    let r = run(d.path(), &["fmt"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("notelint: bin.talk: binary file (NUL byte at byte offset 0)"),
        "{r:?}"
    );
    assert!(
        r.stderr
            .contains("notelint: bad.talk: invalid UTF-8 at byte offset 2"),
        "{r:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        " First\nby Ann\n\nIntro\n"
    );
    assert_eq!(std::fs::read(d.path().join("bad.talk")).unwrap(), b"ok\xff");
}
