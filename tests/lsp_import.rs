//! Import through the language server: the "Convert to talk-note markup"
//! code action on `not-talk-notes` (a versioned whole-document edit,
//! annotated `needsConfirmation` for clients that support annotations)
//! and the `notelint.import` command. Both give what `notelint import`
//! gives.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, temp_dir, LspClient};
use notelint::import::{convert, Options, Shape};
use serde_json::{json, Value};

const JSON_EXPORT: &str = include_str!("fixtures/import/structured/schedule.json");

fn client(edit_caps: Value) -> (LspClient, Value) {
    let mut c = LspClient::spawn();
    let init = c.initialize(json!({"workspace": {"workspaceEdit": edit_caps}}), None);
    (c, init)
}

fn convert_actions(c: &mut LspClient, uri: &str, version: i64) -> Vec<Value> {
    let diags = c.diagnostics_for(uri, version);
    let d = diags
        .iter()
        .find(|d| d["code"] == "NL037")
        .unwrap_or_else(|| panic!("no not-talk-notes finding: {diags:?}"))
        .clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["title"] == "Convert to talk-note markup")
        .cloned()
        .collect()
}

#[test]
fn convert_action_is_versioned_and_annotated() {
    let (mut c, init) = client(json!({"documentChanges": true, "changeAnnotationSupport": {}}));
    let cmds = &init["capabilities"]["executeCommandProvider"]["commands"];
    assert_eq!(cmds, &json!(["notelint.import"]));
    let uri = "file:///tmp/notelint-import/schedule.json";
    c.open(uri, JSON_EXPORT, 3);
    let actions = convert_actions(&mut c, uri, 3);
    assert_eq!(actions.len(), 1, "{actions:?}");
    let a = &actions[0];
    assert_eq!(a["kind"], "quickfix");
    let dc = &a["edit"]["documentChanges"][0];
    assert_eq!(dc["textDocument"], json!({"uri": uri, "version": 3}));
    let e = &dc["edits"][0];
    assert_eq!(e["annotationId"], "notelint.import");
    assert_eq!(
        a["edit"]["changeAnnotations"]["notelint.import"]["needsConfirmation"],
        true
    );
    // The whole document, replaced by what `notelint import` writes.
    assert_eq!(e["range"]["start"], json!({"line": 0, "character": 0}));
    let lines = JSON_EXPORT.lines().count();
    assert_eq!(e["range"]["end"]["line"], json!(lines));
    let want = convert(JSON_EXPORT, Some(Shape::FrabJson), &Options::default()).unwrap();
    assert_eq!(e["newText"], json!(want.text));
    // The command answers the same text.
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "notelint.import", "arguments": [uri]}),
    );
    assert_eq!(r["text"], json!(want.text));
    assert_eq!(r["shape"], "frab-json");
    assert_eq!(r["talks"], 2);
    c.shutdown_exit();
}

#[test]
fn without_annotations_plain_edit_and_without_versions_no_action() {
    let (mut c, _) = client(json!({"documentChanges": true}));
    let uri = "file:///tmp/notelint-import/plain.json";
    c.open(uri, JSON_EXPORT, 1);
    let actions = convert_actions(&mut c, uri, 1);
    assert_eq!(actions.len(), 1);
    assert!(actions[0]["edit"].get("changeAnnotations").is_none());
    assert!(actions[0]["edit"]["documentChanges"][0]["edits"][0]
        .get("annotationId")
        .is_none());
    c.shutdown_exit();
    // A client that cannot take a versioned edit is not offered one.
    let (mut c, _) = client(json!({}));
    c.open(uri, JSON_EXPORT, 1);
    assert!(convert_actions(&mut c, uri, 1).is_empty());
    c.shutdown_exit();
}

#[test]
fn command_reads_files_that_are_not_open_and_refuses_clearly() {
    let (mut c, _) = client(json!({}));
    let dir = temp_dir("import-cmd");
    let csv = dir.join("talks.csv");
    std::fs::write(&csv, "Title,Speaker\nOne Talk,Ada Quist\n").unwrap();
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "notelint.import", "arguments": [file_uri(&csv), "csv"]}),
    );
    assert_eq!(r["text"], " One Talk\nAda Quist\n");
    // Talk-note markup: an error saying so.
    let uri = "file:///tmp/notelint-import/a.talk";
    c.open(uri, " A Talk\nAda Quist\n\nNotes\n\tpoint\n", 1);
    let id = c.request_async(
        "workspace/executeCommand",
        json!({"command": "notelint.import", "arguments": [uri]}),
    );
    let r = c.response(id);
    assert_eq!(r["error"]["code"], -32803, "{r}");
    assert!(r["error"]["message"]
        .as_str()
        .unwrap()
        .contains("already talk-note markup"));
    // Bad XML: the position in the message.
    let bad = dir.join("bad.xml");
    std::fs::write(&bad, "<schedule>\n<day>\n</schedule>\n").unwrap();
    let id = c.request_async(
        "workspace/executeCommand",
        json!({"command": "notelint.import", "arguments": [file_uri(&bad)]}),
    );
    let r = c.response(id);
    assert!(
        r["error"]["message"].as_str().unwrap().starts_with("3:"),
        "{r}"
    );
    // Bad arguments.
    for args in [json!([]), json!([42]), json!(["file:///x.csv", "nope"])] {
        let id = c.request_async(
            "workspace/executeCommand",
            json!({"command": "notelint.import", "arguments": args}),
        );
        assert_eq!(c.response(id)["error"]["code"], -32602);
    }
    c.shutdown_exit();
}

/// Editors send only talk-note files to the server; the file to import is
/// usually not one, so the client sends its buffer's text, unsaved edits
/// and all. That text wins over the file on disk.
#[test]
fn command_imports_the_text_the_client_sends() {
    let (mut c, _) = client(json!({}));
    let dir = temp_dir("import-text");
    let csv = dir.join("talks.csv");
    std::fs::write(&csv, "Title,Speaker\nOn Disk,Ada Quist\n").unwrap();
    let uri = file_uri(&csv);
    let buffer = "Title,Speaker\nIn The Buffer,Bo Lind\n";
    let want = convert(buffer, Some(Shape::Csv), &Options::default()).unwrap();
    for args in [
        json!([uri, "csv", buffer]),
        json!([{"uri": uri, "shape": "csv", "text": buffer}]),
    ] {
        let r = c.request(
            "workspace/executeCommand",
            json!({"command": "notelint.import", "arguments": args}),
        );
        assert_eq!(r["text"], json!(want.text), "{args}");
        assert_eq!(r["shape"], "csv", "{args}");
        assert_eq!(r["talks"], 1, "{args}");
    }
    // The object form without a text still reads the file.
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "notelint.import", "arguments": [{"uri": uri, "shape": "csv"}]}),
    );
    assert_eq!(r["text"], " On Disk\nAda Quist\n");
    // No shape (null, or absent from the object): guessed from the text
    // sent, not from the file's name or contents. A file that does not
    // exist is not read either.
    let export = convert(JSON_EXPORT, Some(Shape::FrabJson), &Options::default()).unwrap();
    let gone = dir.join("never-saved.csv");
    for args in [
        json!([uri, null, JSON_EXPORT]),
        json!([{"uri": file_uri(&gone), "text": JSON_EXPORT}]),
        json!([file_uri(&gone), "auto", JSON_EXPORT]),
    ] {
        let r = c.request(
            "workspace/executeCommand",
            json!({"command": "notelint.import", "arguments": args}),
        );
        assert_eq!(r["text"], json!(export.text), "{args}");
        assert_eq!(r["shape"], "frab-json", "{args}");
    }
    // Bad texts and shapes are bad arguments.
    for args in [
        json!([uri, "csv", 7]),
        json!([uri, 3, buffer]),
        json!([{"uri": 1, "text": buffer}]),
        json!([{"text": buffer}]),
    ] {
        let id = c.request_async(
            "workspace/executeCommand",
            json!({"command": "notelint.import", "arguments": args}),
        );
        assert_eq!(c.response(id)["error"]["code"], -32602, "{args}");
    }
    c.shutdown_exit();
}
