//! Right answers from the real server (issue 27): links with non-ASCII
//! targets, completion that replaces the word it completes, semantic tokens
//! by range and by delta, a rename that keeps the roster in step, and a bad
//! nested `notelint.toml` handled as `check` handles it.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, lsp_range, temp_dir, LspClient};
use serde_json::{json, Value};

fn find(text: &str, needle: &str) -> std::ops::Range<usize> {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    i..i + needle.len()
}

/// A bare URL with an emoji is a link with a valid, percent-encoded target
/// and its range in UTF-16 units (the emoji is two), as is a bracketed one.
#[test]
fn non_ascii_urls_are_clickable_links() {
    let note = " Talk\nby Ada Lee\n\nNotes\n\t* 🎉 see https://example.com/😀, and [ü](https://ex.org/über) too\n";
    let dir = temp_dir("answers-links");
    let path = dir.join("a.talk");
    std::fs::write(&path, note).unwrap();
    let uri = file_uri(&path);
    let mut c = LspClient::spawn();
    c.initialize(json!({}), Some(&file_uri(&dir)));
    c.open(&uri, note, 1);
    let links = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": uri}}),
    );
    let got: Vec<(Value, Value)> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["range"].clone(), l["target"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                lsp_range(note, find(note, "https://example.com/😀"), true),
                json!("https://example.com/%F0%9F%98%80")
            ),
            (
                lsp_range(note, find(note, "[ü](https://ex.org/über)"), true),
                json!("https://ex.org/%C3%BCber")
            ),
        ]
    );
}

/// Completing mid-word (`Core, Adv|nced`) replaces the rest of the word:
/// with an `InsertReplaceEdit` when the client takes one (insert up to the
/// cursor, replace the whole word), else a plain edit over the whole word.
#[test]
fn completing_mid_word_replaces_the_whole_word() {
    let note = "___\n\nTitle 🎉\n\nAda Lovelace\n\nCore, Advnced\n\nDescription: x\n";
    let at = find(note, "Advnced").start + 3;
    let word = find(note, "Advnced");
    for insert_replace in [false, true] {
        let dir = temp_dir("answers-complete");
        let path = dir.join("a.talk");
        std::fs::write(&path, note).unwrap();
        let uri = file_uri(&path);
        let mut c = LspClient::spawn();
        c.initialize(
            json!({"textDocument": {"completion": {"completionItem": {"insertReplaceSupport": insert_replace}}}}),
            Some(&file_uri(&dir)),
        );
        c.open(&uri, note, 1);
        let r = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": lsp_client::lsp_pos(note, at, true)}),
        );
        let item = r["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == "Advanced")
            .unwrap_or_else(|| panic!("no Advanced in {r}"))
            .clone();
        let e = &item["textEdit"];
        assert_eq!(e["newText"], "Advanced");
        if insert_replace {
            assert_eq!(e["insert"], lsp_range(note, word.start..at, true), "{e}");
            assert_eq!(e["replace"], lsp_range(note, word.clone(), true), "{e}");
        } else {
            assert_eq!(e["range"], lsp_range(note, word.clone(), true), "{e}");
        }
    }
}

use lsp_client::apply_edits as apply;

/// Renaming a roster person renames their roster entry too (its layout
/// kept) and leaves alias spellings alone; once applied, the renamed
/// speakers are known to the roster (no unknown-speaker).
#[test]
fn a_rename_keeps_the_roster_in_step() {
    let a = " Opening 🎉 Keynote\nAnn Lee\n\nIntro\n\tx\n";
    let b = " Closing Keynote\nA. Lee, Bob Ray\n\nIntro\n\ty\n";
    let roster = "# who is who\n[[person]]\nname = \"Ann Lee\"   # keynote\naliases = [\"A. Lee\"]\n\n[[person]]\nname = \"Bob Ray\"\n";
    let dir = temp_dir("answers-rename");
    std::fs::write(dir.join("a.talk"), a).unwrap();
    std::fs::write(dir.join("b.talk"), b).unwrap();
    std::fs::write(dir.join("people.toml"), roster).unwrap();
    std::fs::write(dir.join("notelint.toml"), "roster = \"people.toml\"\n").unwrap();
    let mut c = LspClient::spawn();
    c.initialize(
        json!({"window": {"workDoneProgress": true}}),
        Some(&file_uri(&dir)),
    );
    c.wait_for("index end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let (ua, ub, ur) = (
        file_uri(&dir.join("a.talk")),
        file_uri(&dir.join("b.talk")),
        file_uri(&dir.join("people.toml")),
    );
    c.open(&ua, a, 1);
    let codes = |d: &[Value]| -> Vec<String> {
        d.iter()
            .map(|x| x["code"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(codes(&c.diagnostics_for(&ua, 1)).is_empty());
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": ua}, "position": {"line": 1, "character": 2}, "newName": "Ann Smith"}),
    );
    let changes = r["changes"].as_object().unwrap_or_else(|| panic!("{r}"));
    assert!(!changes.contains_key(&ub), "the alias `A. Lee` stays: {r}");
    let new_roster = apply(roster, changes[&ur].as_array().unwrap());
    assert_eq!(new_roster, roster.replace("\"Ann Lee\"", "\"Ann Smith\""));
    let new_a = apply(a, changes[&ua].as_array().unwrap());
    assert_eq!(new_a, a.replace("Ann Lee", "Ann Smith"));
    // The client applies the edit: the note in the editor, the roster on disk.
    std::fs::write(dir.join("people.toml"), &new_roster).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ur, "type": 2}]}),
    );
    c.change(&ua, 2, json!([{"text": new_a}]));
    c.wait_for("a.talk v2 with the roster's new name known", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == ua
            && m["params"]["version"] == 2
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.is_empty())
    });
    c.shutdown_exit();
}

/// A `notelint.toml` in a subfolder that cannot be used: as with `check`,
/// the notes it governs are not checked, and the server says so — a window
/// message and a diagnostic on the config — while the other notes are
/// checked as usual.
#[test]
fn a_bad_nested_config_is_reported_and_its_notes_are_not_checked() {
    let findings = " Talk\n\nIntro\n\tx\n";
    let dir = temp_dir("answers-badcfg");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("notelint.toml"), "[rules]\n").unwrap();
    std::fs::write(
        dir.join("sub/notelint.toml"),
        "[rules]\nnonsense-rule = \"off\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.talk"), findings).unwrap();
    std::fs::write(dir.join("sub/b.talk"), findings).unwrap();
    let mut c = LspClient::spawn();
    c.initialize(
        json!({"window": {"workDoneProgress": true}}),
        Some(&file_uri(&dir)),
    );
    let msg = c.wait_for("a message about sub/notelint.toml", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("sub/notelint.toml"))
    });
    assert_eq!(msg["params"]["type"], 1, "an error: {msg}");
    let text = msg["params"]["message"].as_str().unwrap();
    assert!(text.contains("not checked"), "{text}");
    let cfg = file_uri(&dir.join("sub/notelint.toml"));
    let d = c.wait_for("a diagnostic on sub/notelint.toml", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == cfg
    });
    let diags = d["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{d}");
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(diags[0]["range"]["start"]["line"], 1, "{d}");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("nonsense-rule"),
        "{d}"
    );
    let (ua, ub) = (
        file_uri(&dir.join("a.talk")),
        file_uri(&dir.join("sub/b.talk")),
    );
    c.open(&ub, findings, 1);
    assert_eq!(c.diagnostics_for(&ub, 1), Vec::<Value>::new());
    c.open(&ua, findings, 1);
    assert!(!c.diagnostics_for(&ua, 1).is_empty());
    // Fixed: the config's diagnostic is cleared and its notes are checked.
    std::fs::write(dir.join("sub/notelint.toml"), "[rules]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": cfg, "type": 2}]}),
    );
    c.wait_for("the config's diagnostic cleared", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == cfg
            && m["params"]["diagnostics"] == json!([])
    });
    c.wait_for("b.talk checked", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == ub
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| !d.is_empty())
    });
    c.shutdown_exit();
}

/// A config error's column is in the client's encoding: the config parser
/// counts characters (the CLI prints `1:14`), and the two emoji before the
/// error are two UTF-16 code units each, four UTF-8 bytes each.
#[test]
fn a_config_diagnostic_counts_columns_in_the_negotiated_encoding() {
    let text = "title = \"\u{1F600}\u{1F600}\" ; bad\n";
    let before = &text[..text.find(';').unwrap()];
    let want_utf16: usize = before.chars().map(char::len_utf16).sum();
    assert_ne!(before.chars().count(), want_utf16);
    for (enc, want) in [("utf-16", want_utf16), ("utf-8", before.len())] {
        let dir = temp_dir(&format!("answers-cfgcol-{enc}"));
        std::fs::write(dir.join("notelint.toml"), text).unwrap();
        std::fs::write(dir.join("a.talk"), "T\nA B\n").unwrap();
        let mut c = LspClient::spawn();
        c.initialize(
            json!({"general": {"positionEncodings": [enc]}}),
            Some(&file_uri(&dir)),
        );
        let cfg = file_uri(&dir.join("notelint.toml"));
        let d = c.wait_for("a diagnostic on notelint.toml", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == cfg
        });
        let start = &d["params"]["diagnostics"][0]["range"]["start"];
        assert_eq!(start["line"], 0, "{d}");
        assert_eq!(start["character"], want, "{enc}: {d}");
        c.shutdown_exit();
    }
}

/// Semantic tokens as absolute (line, start, length, type) from LSP's
/// relative integers.
fn absolute(data: &[Value]) -> Vec<[u64; 4]> {
    let n: Vec<u64> = data.iter().map(|v| v.as_u64().unwrap()).collect();
    let (mut line, mut start) = (0, 0);
    n.chunks(5)
        .map(|t| {
            if t[0] > 0 {
                start = 0;
            }
            line += t[0];
            start += t[1];
            [line, start, t[2], t[3]]
        })
        .collect()
}

/// `range` answers the tokens of the lines asked for, as `full` has them;
/// `full/delta` answers an edit that turns the last answer into the new
/// tokens, and a full list when the id it names is not the last one.
#[test]
fn semantic_tokens_by_range_and_by_delta() {
    let talk = |n: usize| {
        format!(" Talk {n} 🎉\nby Ada Lee, Bob Ray\n\nNotes\n\t* see https://x.org/{n}\n\n")
    };
    let note: String = (0..40).map(talk).collect::<Vec<_>>().join("___\n");
    let dir = temp_dir("answers-tokens");
    let path = dir.join("a.talk");
    std::fs::write(&path, &note).unwrap();
    let uri = file_uri(&path);
    let mut c = LspClient::spawn();
    let init = c.initialize(json!({}), Some(&file_uri(&dir)));
    let prov = &init["capabilities"]["semanticTokensProvider"];
    assert_eq!(prov["range"], true, "{prov}");
    assert_eq!(prov["full"]["delta"], true, "{prov}");
    c.open(&uri, &note, 1);
    let td = json!({"uri": uri});
    let full = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": td}),
    );
    let all = absolute(full["data"].as_array().unwrap());
    assert!(all.len() > 200, "{}", all.len());
    // Lines 100 to 119: the tokens on them, numbered as in the document.
    let r = c.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": td, "range": {"start": {"line": 100, "character": 0}, "end": {"line": 120, "character": 0}}}),
    );
    let part = absolute(r["data"].as_array().unwrap());
    let want: Vec<[u64; 4]> = all
        .iter()
        .filter(|t| (100..120).contains(&t[0]))
        .copied()
        .collect();
    assert!(!want.is_empty());
    assert_eq!(part, want);
    // An edit in the middle: a new speaker line in talk 20.
    let line = note.lines().position(|l| l == " Talk 20 🎉").unwrap() + 1;
    c.change(
        &uri,
        2,
        json!([{"range": {"start": {"line": line, "character": 3}, "end": {"line": line, "character": 6}}, "text": "Zoe Quinn"}]),
    );
    let first_id = full["resultId"].as_str().unwrap().to_string();
    let delta = c.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": td, "previousResultId": first_id}),
    );
    let edits = delta["edits"]
        .as_array()
        .unwrap_or_else(|| panic!("{delta}"));
    assert_eq!(edits.len(), 1, "{delta}");
    let mut data: Vec<Value> = full["data"].as_array().unwrap().clone();
    let (at, del) = (
        edits[0]["start"].as_u64().unwrap() as usize,
        edits[0]["deleteCount"].as_u64().unwrap() as usize,
    );
    let ins = edits[0]["data"].as_array().cloned().unwrap_or_default();
    assert!(
        ins.len() < 50,
        "an edit of one talk sends that talk's tokens: {delta}"
    );
    data.splice(at..at + del, ins);
    let now = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": td}),
    );
    assert_eq!(data, *now["data"].as_array().unwrap());
    assert_ne!(now["resultId"], delta["resultId"]);
    // Naming an id that is not the last answer's: the whole list.
    let stale = c.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": td, "previousResultId": first_id}),
    );
    assert_eq!(stale["data"], now["data"], "{stale}");
    c.shutdown_exit();
}
