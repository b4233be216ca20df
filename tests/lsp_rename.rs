//! Rename through the real binary: names that would change how a speaker
//! line reads are refused with a message, and a file changed on disk since
//! it was indexed gets edits made against its current text.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, temp_dir, LspClient};
use serde_json::{json, Value};

use lsp_client::apply_edits as apply;

const A: &str = " Opening Keynote\nAnn Lee\n\nIntro\n\tx\n";
const B: &str = " Closing Keynote\nAnn Lee, Bob Ray\n\nIntro\n\ty\n";

fn workspace(name: &str) -> (std::path::PathBuf, LspClient, String) {
    let dir = temp_dir(name);
    std::fs::write(dir.join("a.talk"), A).unwrap();
    std::fs::write(dir.join("b.talk"), B).unwrap();
    let mut c = LspClient::spawn();
    c.initialize(
        json!({"window": {"workDoneProgress": true}}),
        Some(&file_uri(&dir)),
    );
    c.wait_for("index end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let a = file_uri(&dir.join("a.talk"));
    c.open(&a, A, 1);
    c.diagnostics_for(&a, 1);
    (dir, c, a)
}

fn rename(c: &mut LspClient, uri: &str, new_name: &str) -> Value {
    let id = c.request_async(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}, "newName": new_name}),
    );
    c.response(id)
}

#[test]
fn names_that_would_change_the_speaker_line_are_refused() {
    let (_dir, mut c, a) = workspace("rename-refuse");
    for bad in [
        "Ann Lee 2",
        "Alex & Bob",
        "Alex and Anna",
        "Lee, Ann",
        "",
        "   ",
    ] {
        let r = rename(&mut c, &a, bad);
        let e = r
            .get("error")
            .unwrap_or_else(|| panic!("{bad:?} accepted: {r}"));
        assert_eq!(e["code"], -32602, "{bad:?}: {r}");
        assert!(
            e["message"].as_str().unwrap().contains("cannot rename"),
            "{bad:?}: {r}"
        );
    }
    // A plain name is accepted in both files.
    let r = rename(&mut c, &a, "Ann Smith");
    let changes = r["result"]["changes"].as_object().expect("changes");
    assert_eq!(changes.len(), 2, "{r}");
    c.shutdown_exit();
}

#[test]
fn a_file_changed_on_disk_since_indexing_gets_edits_against_its_new_text() {
    let (dir, mut c, a) = workspace("rename-stale");
    // Changed behind the server's back (no watcher, no notification): a
    // talk inserted above moves Ann's line down by five lines.
    let newer = format!(" Inserted Talk\nBob Ray\n\nIntro\n\tz\n{B}");
    std::fs::write(dir.join("b.talk"), &newer).unwrap();
    let r = rename(&mut c, &a, "Ann Smith");
    let b = file_uri(&dir.join("b.talk"));
    let edits = r["result"]["changes"][&b]
        .as_array()
        .unwrap_or_else(|| panic!("no edit for b.talk: {r}"));
    let got = apply(&newer, edits);
    assert_eq!(got, newer.replace("Ann Lee", "Ann Smith"));
    assert!(got.contains(" Inserted Talk\nBob Ray\n"), "{got}");
    c.shutdown_exit();
}
