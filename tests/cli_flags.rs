//! Flags and messages: `--select all`, "did you mean" for misspelt rules,
//! severity words, rejected combinations, subcommand help, GitLab errors.

mod cli_support;
use cli_support::*;

#[test]
fn select_all_selects_every_rule() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    write(d.path(), "notelint.toml", "[rules]\nNL030 = \"off\"\n");
    let all = run(d.path(), &["check", "--select", "all", "--format", "json"]);
    assert_eq!(all.code, 1, "{all:?}");
    let names: Vec<String> = json(&all.stdout)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect();
    // Selected explicitly, a rule the config turned off runs too.
    assert!(
        names.contains(&"trailing-whitespace".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"missing-author".to_string()), "{names:?}");
}

#[test]
fn misspelt_rules_get_a_suggestion_everywhere() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    for flag in ["--select", "--ignore"] {
        let r = run(d.path(), &["check", flag, "misisng-author"]);
        assert_eq!(r.code, 2, "{r:?}");
        assert!(
            r.stderr
                .contains("unknown rule `misisng-author`; did you mean `missing-author`?"),
            "{flag}: {r:?}"
        );
    }
    write(
        d.path(),
        "notelint.toml",
        "[rules]\ntrailing-whitespac = \"off\"\n",
    );
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("did you mean `trailing-whitespace`?"),
        "{r:?}"
    );
    std::fs::remove_file(d.path().join("notelint.toml")).unwrap();
    write(
        d.path(),
        "g.talk",
        "// notelint: disable=missing-autor\n Talk\nby Ann Lee\n",
    );
    let r = run(d.path(), &["check", "g.talk", "--format", "json"]);
    let v = json(&r.stdout);
    let m = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "NL000")
        .unwrap_or_else(|| panic!("{}", r.stdout))["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(m.contains("did you mean `missing-author`?"), "{m}");
}

#[test]
fn human_output_names_severities_as_everywhere_else() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    // section-order is an info finding (layout findings, once info, are
    // hints now and not listed by the human format).
    write(
        d.path(),
        "order.talk",
        " Talk\nAnn Lee\n\nBio: b\n\nDescription: d\n\nAbstract: a\n",
    );
    let v = json(&run(d.path(), &["check", "--format", "json"]).stdout);
    assert!(
        v["summary"]["info"].as_u64().unwrap() > 0,
        "the fixture has an info finding"
    );
    for color in ["never", "always"] {
        let r = run(d.path(), &["check", "--color", color]);
        assert!(r.stdout.contains("info[NL"), "{}", r.stdout);
        assert!(!r.stdout.contains("note[NL"), "{}", r.stdout);
        assert!(!r.stdout.contains("help[NL"), "{}", r.stdout);
    }
    // docs/cli.md: "the human format says `info[NL005]`, and `hint[NL030]`
    // for a hint it shows" (it said so when no hint was ever shown).
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/cli.md")).unwrap();
    assert!(doc.contains("`info[NL005]`, and `hint[NL030]`"));
    for color in ["never", "always"] {
        let r = run(
            d.path(),
            &["check", "--color", color, "--select", "NL005,NL030"],
        );
        assert!(r.stdout.contains("info[NL005]"), "{}", r.stdout);
        assert!(r.stdout.contains("hint[NL030]"), "{}", r.stdout);
    }
}

#[test]
fn conflicting_flags_are_usage_errors() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    for args in [
        &["check", "--stdin-filename", "a.talk", "f.talk"][..],
        &["check", "--stdin-filename", "a.talk", "-", "f.talk"][..],
        &["check", "--watch", "-"][..],
        &["check", "--unsafe-fixes"][..],
        &["check", "--unsafe-fixes", "f.talk"][..],
    ] {
        let r = run_stdin(d.path(), args, FINDINGS.as_bytes());
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.starts_with("error: "), "{args:?}: {r:?}");
        assert!(
            r.stderr.contains("Usage: notelint check"),
            "{args:?}: {r:?}"
        );
        assert!(r.stdout.is_empty(), "{args:?}: {r:?}");
    }
    // The combinations that make sense still work.
    let r = run_stdin(
        d.path(),
        &["check", "-", "--stdin-filename", "a.talk"],
        FINDINGS.as_bytes(),
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        run(d.path(), &["check", "--diff", "--unsafe-fixes"]).code,
        1
    );
}

#[test]
fn outline_and_speakers_help_describe_their_arguments() {
    let d = tmp();
    let r = run(d.path(), &["outline", "--help"]);
    assert!(r.stdout.contains("<FILE>  The note file"), "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.contains("--format <FORMAT>") && l.contains("  `text`")),
        "{}",
        r.stdout
    );
    let r = run(d.path(), &["speakers", "--help"]);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.contains("--format <FORMAT>") && l.contains("  `text`")),
        "{}",
        r.stdout
    );
}

#[test]
fn gitlab_report_lists_files_that_could_not_be_checked() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    write(d.path(), "bad.talk", b"\xff\xfe not utf-8");
    let r = run(d.path(), &["check", "--format", "gitlab"]);
    assert_eq!(r.code, 2, "{r:?}");
    let v = json(&r.stdout);
    let bad = v
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["location"]["path"] == "bad.talk")
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert_eq!(bad["severity"], "major");
    assert!(
        bad["description"].as_str().unwrap().contains("UTF-8"),
        "{bad}"
    );
    assert_eq!(bad["location"]["lines"]["begin"], 1);
}
