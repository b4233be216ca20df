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
    let want = "notelint: notelint.toml: unknown key `frobnicate`";
    assert!(r.stderr.contains(want), "want {want:?} in {r:?}");
    assert!(
        r.stderr.contains("(line 2, column 1, key `frobnicate`)"),
        "{r:?}"
    );
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
        assert!(
            r.stderr.contains("notelint: notelint.toml: "),
            "{toml}: {r:?}"
        );
        assert!(
            r.stderr.contains(&format!("(line {line}, column ")),
            "{toml}: {r:?}"
        );
        assert!(r.stderr.contains(&format!("key `{key}`")), "{toml}: {r:?}");
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
