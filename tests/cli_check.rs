//! `notelint check`: exit codes, selection, discovery and the output formats,
//! against the real binary.

mod cli_support;
use cli_support::*;

#[test]
fn clean_and_findings_exit_codes() {
    let d = tmp();
    write(d.path(), "clean.talk", CLEAN);
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("No problems found in 1 file"), "{r:?}");

    write(d.path(), "findings.talk", FINDINGS);
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("warning[NL001]"), "{}", r.stdout);
    assert!(r.stdout.contains("[missing-author]"), "{}", r.stdout);
    assert!(r.stdout.contains("findings.talk:1:2"), "{}", r.stdout);
    // The trailing whitespace is a layout hint: counted, not listed.
    assert!(!r.stdout.contains("NL030"), "{}", r.stdout);
    assert!(r.stdout.contains("Found 1 problem "), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("1 hint not shown (layout: `notelint fmt`"),
        "{}",
        r.stdout
    );
    // Set to info, it is listed with its fix.
    write(
        d.path(),
        "notelint.toml",
        "[rules]\ntrailing-whitespace = \"info\"\n",
    );
    let r = run(d.path(), &["check"]);
    assert!(
        r.stdout.contains("fix: Remove trailing whitespace"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Found 2 problems"), "{}", r.stdout);

    // Only a warning and an info: failing on errors only passes.
    assert_eq!(run(d.path(), &["check", "--fail-on", "error"]).code, 0);
    assert_eq!(run(d.path(), &["check", "--fail-on", "never"]).code, 0);
    assert_eq!(run(d.path(), &["check", "--fail-on", "info"]).code, 1);
}

#[test]
fn select_and_ignore() {
    let d = tmp();
    write(d.path(), "findings.talk", FINDINGS);
    let r = run(
        d.path(),
        &["check", "--select", "NL030", "--format", "json"],
    );
    let v = json(&r.stdout);
    let codes: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["NL030"]);
    // NL030 is info: below the default --fail-on warning.
    assert_eq!(r.code, 0);

    let r = run(d.path(), &["check", "--ignore", "missing-author,NL030"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("No problems"), "{r:?}");
    let r = run(
        d.path(),
        &[
            "check",
            "--ignore",
            "missing-author",
            "--ignore",
            "trailing-whitespace",
        ],
    );
    assert!(r.stdout.contains("No problems"), "{r:?}");

    let r = run(d.path(), &["check", "--select", "NL999"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("notelint: unknown rule `NL999`"), "{r:?}");
}

#[test]
fn discovery_gitignore_include_exclude() {
    let d = tmp();
    write(d.path(), "a.talk", CLEAN);
    write(d.path(), "ignored.talk", FINDINGS);
    write(d.path(), ".gitignore", "ignored.talk\n");
    write(d.path(), "notes/extra.txt", FINDINGS);
    write(d.path(), "notes/other.md", FINDINGS);
    write(d.path(), "drafts/x.talk", FINDINGS);
    let r = run(d.path(), &["check", "--format", "json"]);
    let v = json(&r.stdout);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.talk", "drafts/x.talk"]);

    write(
        d.path(),
        "notelint.toml",
        "include = [\"notes/*.txt\"]\nexclude = [\"drafts\"]\n",
    );
    let v = json(&run(d.path(), &["check", "--format", "json"]).stdout);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.talk", "notes/extra.txt"]);

    // A file named explicitly is read whatever its name.
    let v = json(&run(d.path(), &["check", "--format", "json", "notes/other.md"]).stdout);
    assert_eq!(v["files"][0]["path"], "notes/other.md");
    assert!(!v["files"][0]["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn stdin_with_filename() {
    let d = tmp();
    let r = run_stdin(
        d.path(),
        &["check", "-", "--stdin-filename", "talks/x.talk"],
        FINDINGS.as_bytes(),
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("talks/x.talk:1:2"), "{}", r.stdout);
    let r = run_stdin(
        d.path(),
        &["check", "-", "--format", "json"],
        CLEAN.as_bytes(),
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(json(&r.stdout)["files"][0]["path"], "<stdin>");
}

#[test]
fn json_format_is_versioned_with_positions() {
    let d = tmp();
    // CR-only line ends and a multi-byte character before the finding.
    write(d.path(), "cr.talk", " Café\r\rIntro  \r\titem\r");
    write(d.path(), "bad.talk", b"\xff\xfe".as_slice());
    let r = run(
        d.path(),
        &["check", "--format", "json", "--select", "NL030"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    let v = json(&r.stdout);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "notelint");
    let f = &v["files"][0];
    assert_eq!(f["path"], "cr.talk");
    let diag = &f["diagnostics"][0];
    assert_eq!(diag["code"], "NL030");
    assert_eq!(diag["name"], "trailing-whitespace");
    assert_eq!(diag["severity"], "hint");
    assert_eq!(diag["range"]["start"]["line"], 3);
    assert_eq!(diag["range"]["start"]["column"], 6);
    assert_eq!(diag["range"]["start"]["offset"], " Café\r\rIntro".len());
    assert_eq!(diag["range"]["end"]["column"], 8);
    assert_eq!(diag["fix"]["safety"], "safe");
    assert!(diag["url"]
        .as_str()
        .unwrap()
        .ends_with("rules.md#trailing-whitespace"));
    assert_eq!(v["errors"][0]["path"], "bad.talk");
    assert_eq!(v["errors"][0]["message"], "invalid UTF-8 at byte offset 0");
    assert_eq!(v["summary"]["diagnostics"], 1);
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn human_output_counts_cr_lines() {
    let d = tmp();
    write(d.path(), "cr.talk", " Café\r\rIntro  \r\titem\r");
    // A hint is not listed; as info it is.
    write(
        d.path(),
        "notelint.toml",
        "[rules]\ntrailing-whitespace = \"info\"\n",
    );
    let r = run(d.path(), &["check", "--select", "NL030"]);
    assert!(r.stdout.contains("cr.talk:3:6"), "{}", r.stdout);
    assert!(r.stdout.contains("3 │ Intro"), "{}", r.stdout);
}

#[test]
fn github_sarif_gitlab_junit() {
    let d = tmp();
    write(d.path(), "findings.talk", FINDINGS);
    write(d.path(), "clean.talk", CLEAN);

    let r = run(d.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.lines().any(|l| l.starts_with(
            "::warning file=findings.talk,line=1,col=2,endLine=1,endColumn=17,title=NL001 missing-author::"
        )),
        "{}",
        r.stdout
    );
    // A review surface: the layout hints are left out unless selected
    // (seed 000 gave 1,370 layout notices among 1,375 annotations).
    assert!(!r.stdout.contains("::notice"), "{}", r.stdout);
    let r = run(
        d.path(),
        &["check", "--format", "github", "--select", "NL001,NL030"],
    );
    assert!(
        r.stdout
            .contains("::notice file=findings.talk,line=3,col=6"),
        "{}",
        r.stdout
    );

    let v = json(&run(d.path(), &["check", "--format", "sarif"]).stdout);
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 20);
    assert!(rules
        .iter()
        .all(|r| r["helpUri"].as_str().unwrap().contains("docs/rules.md#")));
    let res = &run0["results"][0];
    assert_eq!(res["ruleId"], "NL001");
    assert_eq!(
        rules[res["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "NL001"
    );
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "findings.talk");
    assert_eq!(loc["region"]["startLine"], 1);
    assert_eq!(loc["region"]["startColumn"], 2);

    let v = json(&run(d.path(), &["check", "--format", "gitlab"]).stdout);
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    let gl = ["check", "--format", "gitlab", "--select", "NL001,NL030"];
    let v = json(&run(d.path(), &gl).stdout);
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["location"]["path"], "findings.talk");
    assert_eq!(issues[0]["location"]["positions"]["begin"]["line"], 1);
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
    assert_eq!(issues[0]["fingerprint"].as_str().unwrap().len(), 32);

    let r = run(d.path(), &["check", "--format", "junit"]);
    assert!(r.stdout.starts_with("<?xml"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("<testsuites name=\"notelint\" tests=\"2\" failures=\"1\" errors=\"0\">"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "<failure message=\"talk `Lightning Talks` has no speaker\" type=\"warning\">"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn fingerprints_survive_edits_above() {
    let d = tmp();
    write(d.path(), "f.talk", FINDINGS);
    let a = json(&run(d.path(), &["check", "--format", "gitlab"]).stdout);
    write(d.path(), "f.talk", format!("top of page\n\n{FINDINGS}"));
    let b = json(&run(d.path(), &["check", "--format", "gitlab"]).stdout);
    let fa: Vec<_> = a
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].clone())
        .collect();
    let fb: Vec<_> = b
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].clone())
        .collect();
    assert_eq!(fa, fb);
}

#[test]
fn colour_always_never_and_no_color() {
    let d = tmp();
    write(d.path(), "findings.talk", FINDINGS);
    assert!(run(d.path(), &["check", "--color", "always"])
        .stdout
        .contains("\x1b["));
    assert!(!run(d.path(), &["check", "--color", "never"])
        .stdout
        .contains("\x1b["));
    let mut c = command(d.path(), &["check", "--color", "always"]);
    c.env("NO_COLOR", "1");
    assert!(
        run_cmd(c, None).stdout.contains("\x1b["),
        "--color always wins over NO_COLOR"
    );

    // `auto` on a terminal: run under a pseudo-terminal with script(1).
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok();
    if !has_script {
        println!("skipped the terminal sub-case: script(1) is not installed");
        return;
    }
    let pty = |no_color: bool| {
        let mut c = std::process::Command::new("script");
        c.args(["-qec", &format!("{} check", bin()), "/dev/null"])
            .current_dir(d.path());
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        c.env("TERM", "xterm");
        String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned()
    };
    assert!(pty(false).contains("\x1b["), "auto colours a terminal");
    let plain = pty(true);
    assert!(
        plain.contains("NL001") && !plain.contains("\x1b[3"),
        "NO_COLOR turns colour off: {plain:?}"
    );
}

#[test]
fn workspace_rule_across_files() {
    let d = tmp();
    let talk =
        |t: &str, s: &str| format!(" {t}\nby {s}\n\nDescription: d.\n\nAbstract: a.\n\nBio: b.\n");
    write(
        d.path(),
        "a.talk",
        format!(
            "{}{}",
            talk("One", "Alex Martelli"),
            talk("Two", "Alex Martelli")
        ),
    );
    write(d.path(), "b.talk", talk("Three", "Alex Martell"));
    let r = run(
        d.path(),
        &["check", "--format", "json", "--select", "similar-speaker"],
    );
    let v = json(&r.stdout);
    let b = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "b.talk")
        .unwrap();
    let diag = &b["diagnostics"][0];
    assert_eq!(diag["code"], "NL020", "{}", r.stdout);
    assert!(
        diag["related"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["path"] == "a.talk"),
        "{}",
        r.stdout
    );
}

#[test]
fn help_and_completions() {
    let d = tmp();
    let r = run(d.path(), &["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Examples:") && r.stdout.contains("notelint check --diff"));
    let r = run(d.path(), &["completions", "bash"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("_notelint()") && r.stdout.contains("--fail-on"));
    let r = run(d.path(), &["check", "--no-such-flag"]);
    assert_eq!(r.code, 2);
}
