//! Workspace indexing under a huge tree, through the real `notelint lsp`:
//! indexing stops at `maxIndexFiles` / `maxIndexBytes` and says so, requests
//! are answered from what is indexed so far, and the server ends promptly
//! at the end of its input or at `exit` whatever is still being indexed.
//!
//! "Still being indexed" without timing: a folder whose `.gitignore` is a
//! FIFO. The walk reads every `.gitignore` it meets, and opening a FIFO
//! waits for a writer that never comes, so indexing never finishes: the
//! stand-in for a workspace at `/`, deterministic. The waits for the
//! process to end are hang detectors (60 s), not timing asserts.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, temp_dir, LspClient};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Long enough for a debug build on a busy machine; only a hang exceeds it.
const HANG: Duration = Duration::from_secs(60);

fn note(i: usize) -> String {
    format!(" Talk {i:04}\nby Ann Lee\n\nDescription: x\n")
}

/// `n` notes named in order (`n0000.talk`, …) under `dir`.
fn notes(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("n{i:04}.talk")), note(i)).unwrap();
    }
}

/// Start the server on `root` with the given `initializationOptions`; the
/// client shows progress and watches files itself (so the server indexes
/// at once, without starting its own watcher).
fn start(root: &Path, options: Value) -> LspClient {
    let mut c = LspClient::spawn();
    let uri = file_uri(root);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri,
            "capabilities": {"window": {"workDoneProgress": true},
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
            "workspaceFolders": [{"uri": uri, "name": "ws"}],
            "initializationOptions": options}),
    );
    c.notify("initialized", json!({}));
    c
}

/// The files `workspace/symbol` knows talks in.
fn indexed_files(c: &mut LspClient) -> BTreeSet<String> {
    let r = c.request("workspace/symbol", json!({"query": "Talk"}));
    r.as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .filter_map(|s| s["location"]["uri"].as_str().map(String::from))
        .collect()
}

/// Wait for indexing to begin (`$/progress` begin).
fn progress_begin(c: &mut LspClient) {
    c.wait_for("indexing to begin ($/progress begin)", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    });
}

/// The `message` of the next `$/progress` end.
fn progress_end(c: &mut LspClient) -> String {
    let m = c.wait_for("indexing to end ($/progress end)", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    m["params"]["value"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn indexing_stops_at_the_configured_bounds_and_says_so() {
    let root = temp_dir("index-bounds");
    notes(&root, 40);
    let mut c = start(&root, json!({"maxIndexFiles": 15}));
    let end = progress_end(&mut c);
    assert!(end.contains("maxIndexFiles"), "{end}");
    let shown = c.wait_for("the message that indexing stopped", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("maxIndexFiles"))
    });
    assert_eq!(shown["params"]["type"], 2, "a warning: {shown}");
    let files = indexed_files(&mut c);
    // Folders are walked in name order: the first 15 notes.
    let want: BTreeSet<String> = (0..15)
        .map(|i| file_uri(&root.join(format!("n{i:04}.talk"))))
        .collect();
    assert_eq!(files, want);

    // The byte bound, from the client's settings: five notes' worth and a
    // half is five notes.
    let bytes = 5 * note(0).len() + note(0).len() / 2;
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"notelint": {"maxIndexBytes": bytes}}}),
    );
    let end = progress_end(&mut c);
    assert!(end.contains("maxIndexBytes"), "{end}");
    assert_eq!(indexed_files(&mut c).len(), 5);

    // Without a bound in the way, every note is indexed and nothing is said.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"notelint": {"maxIndexBytes": 1 << 20, "maxIndexFiles": 100}}}),
    );
    let end = progress_end(&mut c);
    assert!(!end.contains("max"), "{end}");
    assert_eq!(indexed_files(&mut c).len(), 40);
    assert_eq!(c.shutdown_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn bad_bound_values_are_reported_and_the_defaults_used() {
    let root = temp_dir("index-bad-bounds");
    notes(&root, 3);
    let mut c = start(&root, json!({"maxIndexFiles": "lots", "maxIndexBytes": -1}));
    for key in ["maxIndexFiles", "maxIndexBytes"] {
        c.wait_for(&format!("the message about {key}"), |m| {
            m["method"] == "window/showMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(key) && s.contains("positive"))
        });
    }
    progress_end(&mut c);
    assert_eq!(indexed_files(&mut c).len(), 3);
    assert_eq!(c.shutdown_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}

/// A tree of 2,000 notes whose last folder never finishes being walked.
fn endless_tree(name: &str) -> std::path::PathBuf {
    let root = temp_dir(name);
    for d in 0..20 {
        notes(&root.join(format!("d{d:02}")), 100);
    }
    let stuck = root.join("zz");
    std::fs::create_dir_all(&stuck).unwrap();
    let ok = Command::new("mkfifo")
        .arg(stuck.join(".gitignore"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo failed");
    root
}

#[test]
fn requests_are_answered_while_indexing_and_exit_is_prompt() {
    let root = endless_tree("index-endless-exit");
    let mut c = start(&root, Value::Null);
    progress_begin(&mut c);
    let uri = "file:///tmp/notelint-index-open.talk";
    c.open(uri, &note(9999), 1);
    // Answered from what is indexed so far (the open note at least).
    let files = indexed_files(&mut c);
    assert!(files.contains(uri), "{files:?}");
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r[0]["name"], "Talk 9999", "{r}");
    // A request in flight, then shutdown and exit: the process ends.
    c.request_async("workspace/symbol", json!({"query": ""}));
    assert_eq!(c.shutdown_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn the_end_of_input_while_indexing_ends_the_server() {
    let root = endless_tree("index-endless-eof");
    let mut c = start(&root, Value::Null);
    progress_begin(&mut c);
    c.request_async("workspace/symbol", json!({"query": ""}));
    c.close_stdin();
    let status = c
        .wait_exit(HANG)
        .expect("the server did not end after its input closed while indexing");
    assert_eq!(status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}
