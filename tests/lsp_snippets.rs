//! The new-talk completion: a snippet only for clients that say they expand
//! snippets, plain text otherwise; its levels and tracks come from
//! `notelint.toml`.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, temp_dir, utf16_pos, LspClient};
use serde_json::{json, Value};

fn new_talk_item(caps: Value, config: Option<&str>) -> Value {
    let dir = temp_dir("snippets");
    if let Some(c) = config {
        std::fs::write(dir.join("notelint.toml"), c).unwrap();
    }
    let mut c = LspClient::spawn();
    c.initialize(caps, Some(&file_uri(&dir)));
    let uri = file_uri(&dir.join("a.talk"));
    let text = " T\nAda Lovelace\n\nAbstract: x\n\nTa";
    c.open(&uri, text, 1);
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": utf16_pos(text, text.len())}),
    );
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "new talk")
        .expect("new talk item")
        .clone();
    c.shutdown_exit();
    item
}

#[test]
fn without_snippet_support_the_new_talk_is_plain_text() {
    // Eglot without yasnippet sends no snippetSupport: `${1:Title}` would be
    // inserted literally.
    let item = new_talk_item(json!({}), None);
    assert_eq!(item["insertTextFormat"], 1, "{item}");
    let text = item["textEdit"]["newText"].as_str().unwrap();
    assert!(!text.contains('$'), "{text}");
    assert!(
        text.contains("\nTitle\n") && text.contains("Description: "),
        "{text}"
    );
    let off =
        json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": false}}}});
    let item = new_talk_item(off, None);
    assert_eq!(item["insertTextFormat"], 1, "{item}");
}

#[test]
fn the_snippet_offers_the_configured_levels_and_tracks() {
    let caps =
        json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}});
    let item = new_talk_item(
        caps.clone(),
        Some("levels = [\"Novice\", \"Expert\"]\ntracks = [\"Web\", \"Core\"]\n"),
    );
    assert_eq!(item["insertTextFormat"], 2, "{item}");
    let text = item["textEdit"]["newText"].as_str().unwrap();
    assert!(
        text.contains("${3|Web,Core|}, ${4|Novice,Expert|}"),
        "{text}"
    );
    assert!(!text.contains("Beginner"), "{text}");
    // Without configuration: the built-in levels, a free track.
    let item = new_talk_item(caps, None);
    let text = item["textEdit"]["newText"].as_str().unwrap();
    assert!(text.contains("${3:Track}, ${4|Beginner,"), "{text}");
}
