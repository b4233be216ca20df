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
