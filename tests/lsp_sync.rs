//! Text sync: incremental edits in order, position encodings, stale
//! versions, several changes in one didChange, and pushed/pulled
//! diagnostics that match the linter on the same text.

#[path = "common/lsp_client.rs"]
mod lsp_client;
#[path = "common/outline_model.rs"]
mod outline_model;
use lsp_client::{lsp_pos, lsp_range, LspClient};
use outline_model::outline_model;
use serde_json::{json, Value};
use std::ops::Range;

const URI: &str = "file:///tmp/notelint-sync-test.talk";

/// What the server's documentSymbol must say for `text`: computed from the
/// library on the same text, converted with the test's own position code.
fn expected_symbols(text: &str, utf16: bool) -> Value {
    let conv = |name: &str, range: &Range<usize>, selection: &Range<usize>| {
        json!({"name": name, "range": lsp_range(text, range.clone(), utf16),
               "selectionRange": lsp_range(text, selection.clone(), utf16)})
    };
    Value::Array(
        outline_model(text)
            .iter()
            .map(|(name, range, selection, sections)| {
                let mut v = conv(name, range, selection);
                v["children"] =
                    Value::Array(sections.iter().map(|(n, r, s)| conv(n, r, s)).collect());
                v
            })
            .collect(),
    )
}

fn actual_symbols(c: &mut LspClient) -> Value {
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let strip = |s: &Value| json!({"name": s["name"], "range": s["range"], "selectionRange": s["selectionRange"]});
    Value::Array(
        r.as_array()
            .expect("symbols")
            .iter()
            .map(|t| {
                let mut v = strip(t);
                v["children"] = Value::Array(
                    t["children"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(strip)
                        .collect(),
                );
                v
            })
            .collect(),
    )
}

/// Apply an edit to the test's model of the text and send it.
fn edit(
    c: &mut LspClient,
    text: &mut String,
    version: i64,
    r: std::ops::Range<usize>,
    new: &str,
    utf16: bool,
) {
    let range = lsp_range(text, r.clone(), utf16);
    text.replace_range(r, new);
    c.change(URI, version, json!([{"range": range, "text": new}]));
}

const START: &str = "___\r\n\r\nEmoji 😀 Talk\r\n\r\nAda Lovelace\r\n\r\nCore, Beginner\r\n\r\nDescription:\tSee 𝄞 notes.\r\n\r\nBio: Ada.\r\n";

fn run_edits(utf16: bool) {
    let mut c = LspClient::spawn();
    let caps = if utf16 {
        json!({})
    } else {
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
    };
    let init = c.initialize(caps, None);
    assert_eq!(
        init["capabilities"]["positionEncoding"],
        if utf16 { "utf-16" } else { "utf-8" }
    );
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"],
        json!(2),
        "incremental sync"
    );
    let mut text = START.to_string();
    c.open(URI, &text, 1);
    // Edits right after astral characters and tabs, where UTF-8 and UTF-16 columns differ.
    let after_emoji = text.find("😀").unwrap() + "😀".len();
    edit(&mut c, &mut text, 2, after_emoji..after_emoji, "🎉", utf16);
    let after_clef = text.find("𝄞").unwrap() + "𝄞".len();
    edit(&mut c, &mut text, 3, after_clef..after_clef + 1, "_", utf16);
    let tab = text.find('\t').unwrap();
    edit(&mut c, &mut text, 4, tab..tab + 1, " ", utf16);
    // A new talk typed at the end, then the first title renamed.
    let end = text.len();
    edit(
        &mut c,
        &mut text,
        5,
        end..end,
        "___\r\n\r\nSecond 𝄞 Talk\r\n\r\nAbstract: x\r\n",
        utf16,
    );
    let t = text.find("Emoji").unwrap();
    edit(&mut c, &mut text, 6, t..t + 5, "Émoji", utf16);
    assert_eq!(actual_symbols(&mut c), expected_symbols(&text, utf16));
    assert!(text.contains("Émoji 😀🎉 Talk"));
    c.shutdown_exit();
}

#[test]
fn utf16_edits_with_astral_chars_crlf_and_tabs() {
    run_edits(true);
}

#[test]
fn utf8_is_negotiated_when_offered() {
    run_edits(false);
}

#[test]
fn several_changes_in_one_did_change_apply_in_order() {
    let mut c = LspClient::start();
    let text = " First\nby Ada\n";
    c.open(URI, text, 1);
    // Eglot replaces a line as a delete followed by an insert at the same spot.
    c.change(
        URI,
        2,
        json!([
            {"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 6}}, "text": ""},
            {"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 1}}, "text": "Renamed"},
            {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": " Third\n"}
        ]),
    );
    let want = " Renamed\nby Ada\n Third\n";
    assert_eq!(actual_symbols(&mut c), expected_symbols(want, true));
    c.shutdown_exit();
}

#[test]
fn stale_versions_and_unknown_documents_are_ignored() {
    let mut c = LspClient::start();
    c.open(URI, " One\n", 5);
    c.change(
        URI,
        6,
        json!([{"range": lsp_range(" One\n", 1..4, true), "text": "Two"}]),
    );
    // Version 6 again and then 3: both stale, neither applied.
    c.change(
        URI,
        6,
        json!([{"range": lsp_range(" Two\n", 1..4, true), "text": "Bad"}]),
    );
    c.change(
        URI,
        3,
        json!([{"range": lsp_range(" Two\n", 1..4, true), "text": "Old"}]),
    );
    c.change("file:///never/opened.talk", 9, json!([{"text": "x"}]));
    assert_eq!(actual_symbols(&mut c), expected_symbols(" Two\n", true));
    // Requests for an unknown document get a well-formed empty answer.
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///never/opened.talk"}}),
    );
    assert!(r.is_null() || r == json!([]), "{r}");
    // The server logged why it ignored the stale changes. The log is sent
    // beside the answers, not in order with them: wait for it.
    c.wait_for("a log message about the stale changes", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("stale")
    });
    c.shutdown_exit();
}

#[test]
fn full_text_change_replaces_the_document() {
    let mut c = LspClient::start();
    c.open(URI, " One\n", 1);
    c.change(URI, 2, json!([{"text": " Alpha\n Beta\n"}]));
    assert_eq!(
        actual_symbols(&mut c),
        expected_symbols(" Alpha\n Beta\n", true)
    );
    c.shutdown_exit();
}

/// The server's diagnostics in a comparable form.
fn comparable(diags: &[Value]) -> Vec<(String, Value, String)> {
    let mut v: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["range"].clone(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    v
}

/// What the linter says about `text`, in the same form.
pub fn expected_diagnostics(uri: &str, text: &str) -> Vec<(String, Value, String)> {
    let diags = notelint::analysis::lint_text(uri, text, &Default::default(), &Default::default());
    let mut v: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d.code.to_string(),
                lsp_range(text, d.range.clone(), true),
                d.message.to_string(),
            )
        })
        .collect();
    v.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    v
}

const SEED_LIKE: &str = "___\n\nMagic Considered Harmful?\n\nFundamentals, Intermediat\n\nDescription: We talk about magic.   \n\nAbstract: TODO\n\n___\n\nMagic Considered Harmful?\n\nAlex Martelli\n\nDescription: Again.\n\nAbstract: Yes.\n\nBio: Alex.\n";

#[test]
fn pushed_and_pulled_diagnostics_match_the_linter() {
    let mut c = LspClient::start();
    let mut text = SEED_LIKE.to_string();
    c.open(URI, &text, 1);
    let pushed = c.diagnostics_for(URI, 1);
    let want = expected_diagnostics(URI, &text);
    let codes: Vec<&str> = want.iter().map(|w| w.0.as_str()).collect();
    for code in ["NL008", "NL009", "NL030", "NL034"] {
        assert!(
            codes.contains(&code),
            "the fixture should trigger {code}: {codes:?}"
        );
    }
    assert_eq!(comparable(&pushed), want);
    // duplicate-title points at the first title.
    let dup = pushed.iter().find(|d| d["code"] == "NL009").unwrap();
    let rel = &dup["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], URI);
    assert_eq!(
        rel["location"]["range"]["start"],
        json!({"line": 2, "character": 0})
    );
    for d in &pushed {
        let name = d["codeDescription"]["href"]
            .as_str()
            .expect("codeDescription");
        assert!(
            name.starts_with("https://github.com/notelint/notelint/blob/main/docs/rules.md#"),
            "{name}"
        );
        assert_eq!(d["source"], "notelint");
    }
    // An edit: the next publication carries the new version and new findings.
    let at = text.find("   \n").unwrap();
    let r = lsp_range(&text, at..at + 3, true);
    text.replace_range(at..at + 3, "");
    c.change(URI, 2, json!([{"range": r, "text": ""}]));
    let pushed = c.diagnostics_for(URI, 2);
    assert_eq!(comparable(&pushed), expected_diagnostics(URI, &text));
    // Pull diagnostics say the same; asking again with the result id says unchanged.
    let pulled = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(pulled["kind"], "full");
    assert_eq!(
        comparable(pulled["items"].as_array().unwrap()),
        expected_diagnostics(URI, &text)
    );
    let id = pulled["resultId"].clone();
    let again = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}, "previousResultId": id}),
    );
    assert_eq!(again["kind"], "unchanged");
    // Closing clears them.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let cleared = c.wait_for("cleared diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == URI
            && m["params"]["diagnostics"] == json!([])
            && m["params"]["version"].is_null()
    });
    assert!(cleared["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());
    let _ = lsp_pos;
    c.shutdown_exit();
}
