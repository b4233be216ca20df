//! `notelint.toml`: discovery, strict errors (file, line, key; exit 2),
//! `notelint config`, and the committed JSON Schema.

mod cli_support;
use cli_support::*;

#[test]
fn unknown_key_names_file_line_and_key() {
    let d = tmp();
    write(d.path(), "a.talk", CLEAN);
    write(
        d.path(),
        "notelint.toml",
        "tracks = [\"Web\"]\nfrobnicate = true\n",
    );
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 2, "{r:?}");
    let want = "notelint: notelint.toml:2:1: unknown key `frobnicate`; the keys here are `extend`, `rules`";
    assert!(r.stderr.contains(want), "want {want:?} in {r:?}");
}

#[test]
fn bad_values_are_errors_never_defaults() {
    let d = tmp();
    write(d.path(), "a.talk", CLEAN);
    for (toml, line, key) in [
        ("[rules]\nNL001 = \"loud\"\n", 2, "rules.NL001"),
        (
            "[rules]\nmissing-autor = \"off\"\n",
            2,
            "rules.missing-autor",
        ),
        ("\n[limits]\nbio = \"long\"\n", 3, "limits.bio"),
        ("max-file-size = 0\n", 1, "max-file-size"),
        ("levels = [\"Beginner\", 3]\n", 1, "levels"),
        ("required-sections = [\"Slides\"]\n", 1, "required-sections"),
        ("roster = \"nobody.toml\"\n", 1, "roster"),
    ] {
        write(d.path(), "notelint.toml", toml);
        let r = run(d.path(), &["check"]);
        assert_eq!(r.code, 2, "{toml}: {r:?}");
        // path:line:col: what, as ripgrep and ruff say it; the key is
        // named (in full unless the message names it already).
        assert!(
            r.stderr
                .contains(&format!("notelint: notelint.toml:{line}:")),
            "{toml}: {r:?}"
        );
        let last = key.rsplit('.').next().unwrap();
        assert!(
            r.stderr.contains(&format!("`{key}`: ")) || r.stderr.contains(&format!("`{last}`")),
            "{toml}: {r:?}"
        );
        assert!(
            r.stdout.contains("in 0 files"),
            "{toml}: nothing linted with a broken config: {r:?}"
        );
    }
}

#[test]
fn found_from_the_files_folder_upward_and_explicit() {
    let d = tmp();
    write(
        d.path(),
        "notelint.toml",
        "[rules]\nmissing-author = \"off\"\n",
    );
    write(d.path(), "deep/er/f.talk", FINDINGS);
    let r = run(&d.path().join("deep/er"), &["check", "--format", "json"]);
    let v = json(&r.stdout);
    let codes: Vec<_> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert_eq!(codes, ["NL030"], "NL001 turned off by the parent config");

    // --config wins over discovery.
    write(d.path(), "strict.toml", "[rules]\nNL001 = \"error\"\n");
    let r = run(
        d.path(),
        &[
            "--config",
            "strict.toml",
            "check",
            "--format",
            "json",
            "deep",
        ],
    );
    let v = json(&r.stdout);
    assert_eq!(v["files"][0]["diagnostics"][0]["severity"], "error");
    assert_eq!(r.code, 1);
    let r = run(d.path(), &["--config", "missing.toml", "check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("notelint: missing.toml: no such file or directory"),
        "{r:?}"
    );
}

#[test]
fn config_command_shows_values_and_origins() {
    let d = tmp();
    write(
        d.path(),
        "notelint.toml",
        "tracks = [\"Web\"]\n\n[limits]\nbio = 500\n\n[rules]\nNL030 = \"off\"\n",
    );
    let r = run(d.path(), &["config"]);
    assert_eq!(r.code, 0, "{r:?}");
    let toml = d.path().join("notelint.toml");
    let line = |key: &str| {
        r.stdout
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key} in {}", r.stdout))
            .to_string()
    };
    assert!(
        line("tracks = [\"Web\"]").ends_with(&format!("# {}:1", toml.display())),
        "{}",
        r.stdout
    );
    assert!(
        line("bio = 500").ends_with(&format!("# {}:4", toml.display())),
        "{}",
        r.stdout
    );
    assert!(
        line("description = 400").ends_with("# default"),
        "{}",
        r.stdout
    );
    assert!(line("NL030 = \"off\"  # trailing-whitespace")
        .ends_with(&format!("; {}:7", toml.display())));
    assert!(line("NL001 = \"warning\"  # missing-author").ends_with("; default"));
    assert!(line("max-file-size = 10485760").ends_with("# default"));
}

#[test]
fn config_settings_take_effect() {
    let d = tmp();
    write(
        d.path(),
        "notelint.toml",
        "tracks = [\"Web\"]\nlevels = [\"Novice\", \"Expert\"]\nroster = \"people.toml\"\nrequired-sections = [\"Bio\"]\n",
    );
    write(
        d.path(),
        "people.toml",
        "[[person]]\nname = \"Ann Lee\"\naliases = [\"A. Lee\"]\n",
    );
    write(d.path(), "a.talk", "___\nTalk One\nAnn Lee\nWeb, Novice\n\nBio: b.\n___\nTalk Two\nBob Roe\nCore, Expert\n\nBio: b.\n");
    let r = run(d.path(), &["check", "--format", "json"]);
    let v = json(&r.stdout);
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(
        codes.contains(&"NL021"),
        "Bob Roe is not in the roster: {codes:?}"
    );
    assert!(
        codes.contains(&"NL008"),
        "track Core is not configured: {codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == "NL021").count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == "NL008").count(),
        1,
        "{codes:?}"
    );
}

#[test]
fn committed_schema_is_current() {
    let d = tmp();
    let r = run(d.path(), &["schema"]);
    assert_eq!(r.code, 0);
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/notelint.schema.json"))
            .unwrap();
    assert!(
        r.stdout == committed,
        "notelint.schema.json is stale: run `cargo run -- schema > notelint.schema.json`"
    );
    let v = json(&r.stdout);
    assert_eq!(v["additionalProperties"], false);
    assert!(v["properties"]["rules"]["properties"]["missing-author"].is_object());
    assert!(v["properties"]["rules"]["properties"]["NL001"].is_object());
    assert!(v["properties"]["max-file-size"].is_object());
}

#[test]
fn config_output_is_a_valid_config_giving_the_same_settings() {
    let d = tmp();
    write(
        d.path(),
        "notelint.toml",
        "tracks = [\"Web \\\"Core\\\"\"]\nrequired-sections = [\"Bio\"]\n[limits]\nbio = 500\n[rules]\ntrailing-whitespace = \"off\"\n",
    );
    let first = run(d.path(), &["config"]);
    assert_eq!(first.code, 0, "{first:?}");
    let parsed: Result<toml::Table, _> = first.stdout.parse();
    assert!(parsed.is_ok(), "not TOML ({parsed:?}):\n{}", first.stdout);
    // Used as the config, the output gives the same values.
    let e = tmp();
    write(e.path(), "notelint.toml", &first.stdout);
    let second = run(e.path(), &["config"]);
    assert_eq!(second.code, 0, "{second:?}");
    let values = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split("  #").next().unwrap().trim_end().to_string())
            .collect()
    };
    assert_eq!(values(&first.stdout), values(&second.stdout));
    assert!(first.stdout.contains("NL030 = \"off\""), "{}", first.stdout);

    // A path that does not exist is an error, not a configuration.
    let r = run(d.path(), &["config", "nope/"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stdout.is_empty(), "{r:?}");
    assert!(r.stderr.contains("nope"), "{r:?}");
}

/// A nested `notelint.toml` stands alone unless it says `extend`: then the
/// parent's settings apply and its own keys win, key by key; `config` says
/// which file each value came from; `check` and `config` agree.
#[test]
fn extend_inherits_the_parents_settings() {
    let d = tmp();
    write(
        d.path(),
        "notelint.toml",
        "tracks = [\"Web\"]\nexclude = [\"sub/drafts/**\"]\n[rules]\nNL001 = \"error\"\nNL009 = \"off\"\n[limits]\nbio = 300\n",
    );
    write(
        d.path(),
        "sub/notelint.toml",
        "extend = \"../notelint.toml\"\n[rules]\nNL009 = \"warning\"\n",
    );
    write(d.path(), "sub/a.talk", FINDINGS);
    write(d.path(), "sub/b.talk", FINDINGS);
    // Excluded by the parent's path glob, relative to the parent's folder.
    write(d.path(), "sub/drafts/c.talk", FINDINGS);
    let r = run(d.path(), &["check", "sub", "--format", "json"]);
    let v = json(&r.stdout);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{v}");
    let diags = files[0]["diagnostics"].as_array().unwrap();
    // NL001 "error" comes from the parent, NL009 back on from the child.
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "NL001" && d["severity"] == "error"),
        "{v}"
    );
    assert!(diags.iter().any(|d| d["code"] == "NL009"), "{v}");
    let r = run(d.path(), &["config", "sub"]);
    assert_eq!(r.code, 0, "{r:?}");
    let parent = d.path().join("notelint.toml");
    let child = d.path().join("sub/notelint.toml");
    let line = |key: &str| {
        r.stdout
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key} in {}", r.stdout))
            .to_string()
    };
    assert!(
        r.stdout
            .contains(&format!("# extends: {}", parent.display())),
        "{}",
        r.stdout
    );
    assert!(line("tracks = [\"Web\"]").ends_with(&format!("{}:1", parent.display())));
    assert!(line("bio = 300").ends_with(&format!("{}:7", parent.display())));
    assert!(line("NL001 = \"error\"").ends_with(&format!("{}:4", parent.display())));
    assert!(line("NL009 = \"warning\"").ends_with(&format!("{}:3", child.display())));
    // Without `extend`, the nested file stands alone (as before).
    write(
        d.path(),
        "sub/notelint.toml",
        "[rules]\nNL009 = \"warning\"\n",
    );
    let r = run(d.path(), &["config", "sub"]);
    assert!(
        line_has(&r.stdout, "NL001 = \"warning\"", "default"),
        "{}",
        r.stdout
    );
}

fn line_has(out: &str, start: &str, end: &str) -> bool {
    out.lines()
        .any(|l| l.starts_with(start) && l.ends_with(end))
}

/// Config errors in one style (`path:line:col: what`, and how to fix), the
/// same from `check` and `config`: an unclosed list says what was
/// expected, a misspelt key gets a "did you mean", a positive number says
/// "1 or more" for -5 as for 0.
#[test]
fn config_errors_say_where_what_and_how() {
    let d = tmp();
    write(d.path(), "a.talk", CLEAN);
    for (toml, want) in [
        (
            "tracks = [\"Web\"\n",
            "notelint.toml:2:1: invalid array: expected `]`",
        ),
        (
            "trakcs = [\"Web\"]\n",
            "notelint.toml:1:1: unknown key `trakcs`; did you mean `tracks`?",
        ),
        (
            "[limits]\nbiografy = 3\n",
            "notelint.toml:2:1: unknown key `biografy`; did you mean `bio`?",
        ),
        (
            "max-file-size = -5\n",
            "notelint.toml:1:17: `max-file-size`: expected a whole number (1 or more), found -5",
        ),
        (
            "max-file-size = 0\n",
            "notelint.toml:1:17: `max-file-size`: expected a whole number (1 or more), found 0",
        ),
        (
            "[limits]\nbio = 0\n",
            "notelint.toml:2:7: `limits.bio`: expected a whole number (1 or more), found 0; to turn the check off, set `too-long = \"off\"`",
        ),
    ] {
        write(d.path(), "notelint.toml", toml);
        for cmd in ["check", "config"] {
            let r = run(d.path(), &[cmd]);
            assert_eq!(r.code, 2, "{toml}: {r:?}");
            assert!(
                r.stderr.starts_with(&format!("notelint: {want}")),
                "{cmd} {toml}: want {want:?} in {r:?}"
            );
        }
    }
}

/// A cycle of `extend`s is an error naming the files; so is a file that
/// cannot be read.
#[test]
fn extend_cycles_and_missing_files_are_errors() {
    let d = tmp();
    write(d.path(), "a/n.talk", CLEAN);
    write(d.path(), "notelint.toml", "extend = \"a/notelint.toml\"\n");
    write(
        d.path(),
        "a/notelint.toml",
        "extend = \"../notelint.toml\"\n",
    );
    for args in [&["check", "a"][..], &["config", "a"][..]] {
        let r = run(d.path(), args);
        assert_eq!(r.code, 2, "{r:?}");
        assert!(r.stderr.contains("`extend` makes a cycle: "), "{r:?}");
        assert!(
            r.stderr.contains("a/notelint.toml → ") && r.stderr.contains("/notelint.toml → "),
            "{r:?}"
        );
    }
    write(d.path(), "a/notelint.toml", "\nextend = \"missing.toml\"\n");
    let r = run(d.path(), &["check", "a"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("cannot extend `"), "{r:?}");
    assert!(r.stderr.contains("missing.toml`: no such file"), "{r:?}");
    assert!(r.stderr.contains("notelint.toml:2:10"), "{r:?}");
}
