//! Unit tests of `config`.

use super::*;
use crate::lint::config::RuleSetting;
use crate::lint::Severity;

fn err(text: &str) -> ConfigError {
    Settings::from_text(Path::new("dir/notelint.toml"), text).unwrap_err()
}

#[test]
fn unknown_key_names_line_and_key() {
    let e = err("tracks = [\"Web\"]\n\nfrobnicate = 1\n");
    assert_eq!(e.position, Some((3, 1)));
    assert_eq!(e.key.as_deref(), Some("frobnicate"));
    assert!(e.message.contains("unknown key `frobnicate`"), "{e}");
    assert!(e.to_string().starts_with("dir/notelint.toml:3:1: "), "{e}");
}

#[test]
fn unknown_nested_key_and_bad_type() {
    let e = err("[limits]\nbio = 10\nbiography = 3\n");
    assert_eq!(e.position, Some((3, 1)));
    assert!(e.message.contains("biography"), "{e}");
    let e = err("[limits]\nbio = \"long\"\n");
    assert_eq!(e.position.map(|p| p.0), Some(2));
    assert_eq!(e.key.as_deref(), Some("limits.bio"), "{e}");
    let e = err("max-file-size = -3\n");
    assert_eq!(e.key.as_deref(), Some("max-file-size"), "{e}");
}

#[test]
fn messages_in_toml_terms() {
    for (text, want) in [
        (
            "max-file-size = -3\n",
            "expected a whole number (1 or more), found -3",
        ),
        (
            "speaker-distance = \"far\"\n",
            "expected a whole number (0 or more), found \"far\"",
        ),
        (
            "tracks = \"Web\"\n",
            "expected a list (`[...]`), found \"Web\"",
        ),
        ("limits = 3\n", "expected a table, found 3"),
        ("levels = [3]\n", "expected a string in quotes, found 3"),
        (
            "[rules]\nNL001 = \"loud\"\n",
            "`loud` is not allowed here; use `off`, `hint`",
        ),
    ] {
        let e = err(text);
        assert!(e.message.contains(want), "{text}: {e}");
        for rust in ["u64", "usize", "struct", "sequence", "variant"] {
            assert!(!e.message.contains(rust), "{text}: {e}");
        }
    }
}

#[test]
fn syntax_error_has_position() {
    let e = err("tracks = [\"Web\"\n");
    assert!(e.position.is_some(), "{e}");
}

#[test]
fn values_and_origins() {
    let s = Settings::from_text(
        Path::new("n/notelint.toml"),
        "tracks = [\"Web\", \"Core\"]\nlabels = [\"Slides\"]\n[limits]\nbio = 500\n",
    )
    .unwrap();
    assert_eq!(s.lint.tracks, Some(vec!["Web".into(), "Core".into()]));
    assert_eq!(s.lint.parse.extra_labels, vec!["Slides".to_string()]);
    assert_eq!(s.lint.limits.bio, Some(500));
    assert_eq!(s.lint.limits.description, Some(400));
    assert_eq!(
        s.origin("limits.bio"),
        Origin::File {
            path: "n/notelint.toml".into(),
            line: 4
        }
    );
    assert_eq!(s.origin("levels"), Origin::Default);
    assert_eq!(s.base_dir, Path::new("n"));
}

#[test]
fn rules_by_code_or_name() {
    let s = Settings::from_text(
        Path::new("notelint.toml"),
        "[rules]\nmissing-author = \"error\"\nNL030 = \"off\"\n",
    )
    .unwrap();
    assert_eq!(
        s.lint.rules.get("NL001"),
        Some(&RuleSetting::Severity(Severity::Error))
    );
    assert_eq!(s.lint.rules.get("NL030"), Some(&RuleSetting::Off));
    assert_eq!(
        s.origin("rules.NL001"),
        Origin::File {
            path: "notelint.toml".into(),
            line: 2
        }
    );
    let e = err("[rules]\nNL001 = \"off\"\nmissing-author = \"error\"\n");
    assert!(e.message.contains("set twice"), "{e}");
    let e = err("[rules]\nNL001 = \"loud\"\n");
    assert_eq!(e.key.as_deref(), Some("rules.NL001"), "{e}");
    assert_eq!(e.position, Some((2, 9)), "{e}");
}

#[test]
fn bad_values_are_errors() {
    assert_eq!(err("labels = [\"Bio\"]\n").key.as_deref(), Some("labels"));
    let letter = |i: u8| char::from(b'a' + i % 26);
    let many: Vec<String> = (0..257u16)
        .map(|i| format!("\"X{}{}\"", letter((i / 26) as u8), letter((i % 26) as u8)))
        .collect();
    let e = err(&format!("labels = [{}]\n", many.join(", ")));
    assert!(e.message.contains("at most 256"), "{e}");
    assert_eq!(err("levels = []\n").key.as_deref(), Some("levels"));
    assert_eq!(
        err("[limits]\ntitle = 0\n").key.as_deref(),
        Some("limits.title")
    );
    assert_eq!(err("exclude = [\"a[\"]\n").key.as_deref(), Some("exclude"));
    let e = err("required-sections = [\"Bio\", \"Slides\"]\n");
    assert_eq!(e.position.map(|p| p.0), Some(1), "{e}");
    let e = err("roster = \"people.toml\"\n");
    assert!(e.message.contains("people.toml"), "{e}");
    assert_eq!(e.key.as_deref(), Some("roster"));
}
