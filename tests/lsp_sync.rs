//! Text sync: incremental edits in order, position encodings, stale
//! versions, several changes in one didChange, and pushed/pulled
//! diagnostics that match the linter on the same text.

#[path = "common/lsp_client.rs"]
mod lsp_client;
#[path = "common/outline_model.rs"]
mod outline_model;
use lsp_client::{lsp_range, LspClient};
use notelint::syntax::{outline, Document, ParseOptions};
use outline_model::outline_model;
use serde_json::{json, Value};
use std::ops::Range;
use std::str::FromStr;
use tower_lsp_server::ls_types as lsp;

const URI: &str = "file:///tmp/notelint-sync-test.talk";

/// An LSP range as ls-types has it, from the test's own position code.
fn ls_range(text: &str, r: Range<usize>, utf16: bool) -> lsp::Range {
    serde_json::from_value(lsp_range(text, r, utf16)).expect("a range")
}

/// What the server's documentSymbol must say for `text`, computed
/// independently of the server's incremental path and of its packed
/// outline writer: a fresh parse of the final text (`outline_model`),
/// positions from the test's own code, and the answer built as ls-types
/// `DocumentSymbol`s and serialised by serde_json.
fn expected_symbols(text: &str, utf16: bool) -> Value {
    let symbols: Vec<lsp::DocumentSymbol> = outline_model(text)
        .into_iter()
        .zip(speakers_per_talk(text))
        .map(|((name, range, selection, sections), speakers)| {
            #[allow(deprecated)]
            lsp::DocumentSymbol {
                name,
                detail: (!speakers.is_empty()).then(|| speakers.join(", ")),
                kind: lsp::SymbolKind::CLASS,
                tags: None,
                deprecated: None,
                range: ls_range(text, range, utf16),
                selection_range: ls_range(text, selection, utf16),
                children: Some(
                    sections
                        .into_iter()
                        .map(|(name, range, selection)| lsp::DocumentSymbol {
                            name,
                            detail: None,
                            kind: lsp::SymbolKind::FIELD,
                            tags: None,
                            deprecated: None,
                            range: ls_range(text, range, utf16),
                            selection_range: ls_range(text, selection, utf16),
                            children: None,
                        })
                        .collect(),
                ),
            }
        })
        .collect();
    serde_json::to_value(symbols).expect("symbols serialise")
}

/// Each talk's speaker names, from a fresh parse of `text`.
fn speakers_per_talk(text: &str) -> Vec<Vec<String>> {
    let doc = Document::new(text, ParseOptions::default());
    doc.tree()
        .talks()
        .filter_map(|p| {
            let t = outline::talk(p.seg, &text[p.range()], doc.options())?;
            Some(t.speakers.iter().map(|s| s.to_string()).collect())
        })
        .collect()
}

/// The server's whole documentSymbol answer, compared field for field.
fn actual_symbols(c: &mut LspClient) -> Value {
    c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
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

/// The server's diagnostics, whole, in a canonical order.
fn comparable(diags: &[Value]) -> Vec<Value> {
    let mut v = diags.to_vec();
    v.sort_by_key(|d| d.to_string());
    v
}

const RULES_URL: &str = "https://github.com/notelint/notelint/blob/main/docs/rules.md";

/// What the server must publish for `text`, computed independently of its
/// incremental path and its packed diagnostic writer: the linter run afresh
/// on the final text (`lint_text`, no cache), positions from the test's
/// own code, each finding built as an ls-types `Diagnostic` and serialised
/// by serde_json.
pub fn expected_diagnostics(uri: &str, text: &str) -> Vec<Value> {
    let diags = notelint::analysis::lint_text(uri, text, &Default::default(), &Default::default());
    let lsp_uri = lsp::Uri::from_str(uri).expect("a URI");
    let v: Vec<Value> = diags
        .iter()
        .map(|d| {
            let related: Vec<lsp::DiagnosticRelatedInformation> = d
                .related
                .iter()
                .map(|r| {
                    assert!(r.file.is_none(), "one file: every place is in it");
                    lsp::DiagnosticRelatedInformation {
                        location: lsp::Location {
                            uri: lsp_uri.clone(),
                            range: ls_range(text, r.range.clone(), true),
                        },
                        message: r.message.to_string(),
                    }
                })
                .collect();
            let severity = match d.severity {
                notelint::lint::Severity::Error => lsp::DiagnosticSeverity::ERROR,
                notelint::lint::Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                notelint::lint::Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
                notelint::lint::Severity::Hint => lsp::DiagnosticSeverity::HINT,
            };
            let d = lsp::Diagnostic {
                range: ls_range(text, d.range.clone(), true),
                severity: Some(severity),
                code: Some(lsp::NumberOrString::String(d.code.to_string())),
                code_description: Some(lsp::CodeDescription {
                    href: lsp::Uri::from_str(&format!("{RULES_URL}#{}", d.name)).unwrap(),
                }),
                source: Some("notelint".to_string()),
                message: d.message.to_string(),
                related_information: (!related.is_empty()).then_some(related),
                tags: None,
                data: None,
            };
            serde_json::to_value(d).expect("a diagnostic serialises")
        })
        .collect();
    comparable(&v)
}

const SEED_LIKE: &str = "___\n\nMagic Considered Harmful?\n\nFundamentals, Intermediat\n\nDescription: We talk about magic.   \n\nAbstract: TODO\n\n___\n\nMagic Considered Harmful?\n\nAlex Martelli\n\nDescription: Again.\n\nAbstract: Yes.\n\nBio: Alex.\n";

#[test]
fn pushed_and_pulled_diagnostics_match_the_linter() {
    let mut c = LspClient::start();
    let mut text = SEED_LIKE.to_string();
    c.open(URI, &text, 1);
    let pushed = c.diagnostics_for(URI, 1);
    let want = expected_diagnostics(URI, &text);
    let codes: Vec<&str> = want.iter().filter_map(|w| w["code"].as_str()).collect();
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
    c.shutdown_exit();
}
