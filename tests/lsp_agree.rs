//! The server and the CLI compute formatting and fixes one way (issue 27:
//! where they computed them two ways, they disagreed). Over generated notes
//! (tabs, CRLF, emoji, many talks, suppression comments), through the real
//! server:
//! - formatting equals `notelint fmt`;
//! - fix-all equals `check --fix`, and a second fix-all offers nothing;
//! - range formatting edits only inside the range, and each of its edits is
//!   one whole-document formatting makes;
//! - every code action applies cleanly and re-lints to what it promised
//!   (its finding is gone, no unknown-rule finding appears).

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, line_starts, lsp_range, temp_dir, LspClient};
use notelint::index::Index;
use notelint::lint::LintConfig;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

/// The byte offset of an LSP position (UTF-16) in `text`; a character past
/// the line's end is its end.
fn offset(text: &str, p: &Value) -> usize {
    lsp_client::offset_in(text, &line_starts(text), p)
}

/// Apply LSP edits, checking they lie in the text and do not overlap.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut es: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"]),
                offset(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    es.sort_by_key(|e| (e.0, e.1));
    for w in es.windows(2) {
        assert!(w[0].1 <= w[1].0, "overlapping edits {w:?} in {text:?}");
    }
    let mut s = text.to_string();
    for (a, b, t) in es.into_iter().rev() {
        assert!(a <= b, "backwards edit");
        s.replace_range(a..b, &t);
    }
    s
}

const LINES: &[&str] = &[
    "",
    "",
    "   ",
    "\t",
    "___",
    " Title here",
    " 🎤 Emoji talk 🎉  ",
    "Author",
    "Jane Doe",
    "Ada Lovelace and Van Lindberg",
    "Web, Beginner",
    "Description: words  ",
    "Bio:\t",
    "Notes",
    "\titem",
    "\t\t- deeper 😀",
    "    * four",
    "  - two  ",
    " \t mixed",
    "* star",
    "+ plus",
    "- 𝄞 clef",
    "// notelint: disable=NL030",
    "// notelint: disable-next-line=bullet-style",
    "Café ☕ crème",
];

/// A note: lines from [`LINES`] (or a few letters), ended by `\n` or
/// `\r\n` (one kind per note, or mixed), the last maybe without one.
fn note() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => proptest::sample::select(LINES).prop_map(str::to_string),
        1 => "[a-zé ]{0,8}",
    ];
    (
        prop::collection::vec(line, 0..150),
        prop_oneof![Just(0u8), Just(1), Just(2)],
        prop::collection::vec(any::<bool>(), 150),
        any::<bool>(),
    )
        .prop_map(|(ls, kind, coin, last)| {
            let mut s = String::new();
            for (i, l) in ls.iter().enumerate() {
                s.push_str(l);
                let crlf = match kind {
                    0 => false,
                    1 => true,
                    _ => coin[i],
                };
                if i + 1 < ls.len() || last {
                    s.push_str(if crlf { "\r\n" } else { "\n" });
                }
            }
            s
        })
}

/// A byte offset of `text` at a character boundary, not inside `\r\n`.
fn snap(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at)
        || (at > 0 && text[..at].ends_with('\r') && text[at..].starts_with('\n'))
    {
        at -= 1;
    }
    at
}

fn formatting(c: &mut LspClient, uri: &str) -> Vec<Value> {
    let r = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": false}}),
    );
    r.as_array().cloned().unwrap_or_default()
}

fn fix_all(c: &mut LspClient, uri: &str) -> Vec<Value> {
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let acts = r.as_array().cloned().unwrap_or_default();
    assert!(acts.len() <= 1, "{acts:?}");
    acts.first()
        .map(|a| a["edit"]["changes"][uri].as_array().cloned().unwrap())
        .unwrap_or_default()
}

/// How many findings with each code a lint of `text` has.
fn counts(text: &str) -> std::collections::BTreeMap<&'static str, usize> {
    let mut m = std::collections::BTreeMap::new();
    for d in
        notelint::analysis::lint_text("n.talk", text, &LintConfig::default(), &Index::default())
    {
        *m.entry(d.code).or_insert(0) += 1;
    }
    m
}

fn agree(c: &mut LspClient, n: usize, text: &str, cuts: (usize, usize), picks: &[usize]) {
    let uri = format!("file:///tmp/notelint-agree-{n}.talk");
    c.open(&uri, text, 1);
    let config = LintConfig::default();

    // Formatting equals `notelint fmt`.
    let whole = formatting(c, &uri);
    let formatted = notelint::analysis::format(text, &config.parse);
    assert_eq!(apply(text, &whole), formatted, "formatting of {text:?}");

    // Range formatting: inside the range, and what whole formatting does.
    let (a, b) = (
        snap(text, cuts.0.min(cuts.1)),
        snap(text, cuts.0.max(cuts.1)),
    );
    let range = lsp_range(text, a..b, true);
    let r = c.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri}, "range": range, "options": {"tabSize": 4, "insertSpaces": false}}),
    );
    for e in r.as_array().unwrap() {
        let (s, t) = (
            offset(text, &e["range"]["start"]),
            offset(text, &e["range"]["end"]),
        );
        assert!(a <= s && t <= b, "edit {e} outside {a}..{b} of {text:?}");
        assert!(
            whole.contains(e),
            "range edit {e} is not whole formatting's {whole:?} for {text:?}"
        );
    }
    // A range over everything is whole formatting.
    let all = lsp_range(text, 0..text.len(), true);
    let r = c.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri}, "range": all, "options": {"tabSize": 4, "insertSpaces": false}}),
    );
    assert_eq!(r.as_array().unwrap(), &whole, "range over all of {text:?}");

    // Every code action of a few findings applies and does what it says.
    let diags = c.diagnostics_for(&uri, 1);
    let before = counts(text);
    for &p in picks {
        let Some(d) = diags.get(p % diags.len().max(1)) else {
            break;
        };
        let acts = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
        );
        for act in acts.as_array().unwrap() {
            let Some(edits) = act["edit"]["changes"][&uri].as_array() else {
                continue;
            };
            // The finding the action answers (the range may hold others).
            let code = act["diagnostics"][0]["code"].as_str().unwrap();
            let after = counts(&apply(text, edits));
            let n = |m: &std::collections::BTreeMap<&str, usize>, k: &str| {
                m.get(k).copied().unwrap_or(0)
            };
            assert!(
                n(&after, code) < n(&before, code),
                "{} left {code} ({} → {}) in {text:?}",
                act["title"],
                n(&before, code),
                n(&after, code)
            );
            assert_eq!(
                n(&after, "NL000"),
                n(&before, "NL000"),
                "{} in {text:?}",
                act["title"]
            );
        }
    }

    // Fix-all equals `check --fix`; once applied, there is nothing left.
    let fixed = apply(text, &fix_all(c, &uri));
    let (want, _) = notelint::cli::fix::fix_text("n.talk", text, &config, &Index::default(), false);
    assert_eq!(fixed, want, "fix-all of {text:?}");
    c.change(&uri, 2, json!([{"text": fixed}]));
    assert_eq!(
        fix_all(c, &uri),
        Vec::<Value>::new(),
        "second fix-all of {fixed:?}"
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
}

#[test]
fn server_formats_and_fixes_as_the_cli_does() {
    let n = std::cell::Cell::new(0);
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let input = (
        note(),
        any::<(usize, usize)>(),
        prop::collection::vec(any::<usize>(), 3),
    );
    runner
        .run(&input, |(text, (x, y), picks)| {
            n.set(n.get() + 1);
            let len = text.len() + 1;
            // A server per note: the findings are compared with a lint of
            // the note alone (another note's title would be a duplicate).
            let mut c = LspClient::start();
            agree(&mut c, n.get(), &text, (x % len, y % len), &picks);
            c.shutdown_exit();
            Ok(())
        })
        .unwrap();
}

/// The seeds: the numbers (a second fix-all offered 127 edits on
/// seed 000; range formatting of lines 0–40 edited line 40).
#[test]
fn seeds_fix_all_once_and_range_formatting_stays_inside() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        println!("skipped: {} is absent", dir.display());
        return;
    };
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for (i, p) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let mut c = LspClient::start();
        let line40 = line_starts(&text).get(40).copied().unwrap_or(0);
        agree(&mut c, 10_000 + i, &text, (0, line40), &[0, 7, 99]);
        c.shutdown_exit();
    }
}

/// Fix-all follows the note's configuration, as `check --fix` does;
/// formatting is `fmt`'s whatever the configuration turns off.
#[test]
fn fix_all_follows_the_configuration() {
    let dir = temp_dir("agree-config");
    std::fs::write(
        dir.join("notelint.toml"),
        "[rules]\ntrailing-whitespace = \"off\"\n",
    )
    .unwrap();
    let note = dir.join("a.talk");
    let text = " One  \nAda\n\n\n\nNotes\n\titem  \n";
    std::fs::write(&note, text).unwrap();
    let uri = file_uri(&note);
    let mut c = LspClient::spawn();
    c.initialize(json!({}), Some(&file_uri(&dir)));
    c.open(&uri, text, 1);
    c.diagnostics_for(&uri, 1);
    assert_eq!(
        apply(text, &fix_all(&mut c, &uri)),
        " One  \nAda\n\nNotes\n\titem  \n"
    );
    assert_eq!(
        apply(text, &formatting(&mut c, &uri)),
        " One\nAda\n\nNotes\n\titem\n"
    );
    c.shutdown_exit();
}
