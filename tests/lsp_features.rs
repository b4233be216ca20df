//! One scenario per capability, through the real binary on a real
//! workspace folder.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, temp_dir, utf16_pos, LspClient};
use serde_json::{json, Value};
use std::path::PathBuf;

const A: &str = "___\n\nAnalytical Engines\n\nAda Lovelace\n\nCore, Beginner\n\nDescription: Notes on the engine.\n\nAbstract: More.\n\nBio: Ada wrote the first program.\n\n___\n\nTwo Speakers\n\nAda Lovelace and Van Lindberg\n\nCore, Advanced\n\nDescription: Shared.\n\nAbstract: Both.\n\nBio: Two people.\n";
const B: &str = "___\n\nThe Sequel\n\nADA LOVELACE\n\nHistory, All\n\nDescription: Again.\n\nAbstract: More.\n\nBio: Still Ada.\n";
const IGNORED: &str = " Hidden Talk\nby Secret Speaker\n";

struct Ws {
    dir: PathBuf,
    a: String,
    b: String,
}

fn workspace() -> Ws {
    let dir = temp_dir("features");
    std::fs::write(dir.join("a.talk"), A).unwrap();
    std::fs::write(dir.join("b.talk"), B).unwrap();
    std::fs::create_dir_all(dir.join("build")).unwrap();
    std::fs::write(dir.join("build/hidden.talk"), IGNORED).unwrap();
    std::fs::write(dir.join(".gitignore"), "build/\n").unwrap();
    Ws {
        a: file_uri(&dir.join("a.talk")),
        b: file_uri(&dir.join("b.talk")),
        dir,
    }
}

const CAPS: &str = r#"{"window": {"workDoneProgress": true},
  "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
  "textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}}"#;

/// Start with the workspace and wait until the index is built (`$/progress` end).
fn start(ws: &Ws) -> LspClient {
    let mut c = LspClient::spawn();
    c.initialize(
        serde_json::from_str(CAPS).unwrap(),
        Some(&file_uri(&ws.dir)),
    );
    c.wait_for("indexing progress end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    c
}

fn at(text: &str, needle: &str, plus: usize) -> Value {
    utf16_pos(
        text,
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in text"))
            + plus,
    )
}

/// The markdown of a hover at `position` in `uri`.
fn hover_md(c: &mut LspClient, uri: &str, position: Value) -> String {
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": td(uri), "position": position}),
    );
    hover["contents"]["value"].as_str().unwrap().to_string()
}

fn td(uri: &str) -> Value {
    json!({"uri": uri})
}

#[test]
fn indexing_reports_progress_registers_watcher_and_respects_gitignore() {
    let ws = workspace();
    let mut c = LspClient::spawn();
    c.initialize(
        serde_json::from_str(CAPS).unwrap(),
        Some(&file_uri(&ws.dir)),
    );
    let reg = c.wait_for("client/registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let reg = &reg["params"]["registrations"][0];
    assert_eq!(reg["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = reg["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert!(globs.contains(&"**/notelint.toml"), "{globs:?}");
    c.wait_for("progress begin", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    });
    let end = c.wait_for("progress end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    assert_eq!(end["params"]["value"]["message"], "2 files indexed");
    let syms = c.request("workspace/symbol", json!({"query": ""}));
    let names: Vec<&str> = syms
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for want in [
        "Analytical Engines",
        "Two Speakers",
        "The Sequel",
        "Ada Lovelace",
        "Van Lindberg",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert!(
        !names.contains(&"Hidden Talk"),
        "a .gitignored file was indexed: {names:?}"
    );
    let seq = syms
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "The Sequel")
        .unwrap();
    assert_eq!(seq["location"]["uri"], ws.b.as_str());
    assert_eq!(
        seq["location"]["range"]["start"],
        json!({"line": 2, "character": 0})
    );
    c.shutdown_exit();
}

#[test]
fn outline_folding_tokens_and_inlay_hints() {
    let ws = workspace();
    let mut c = start(&ws);
    c.open(&ws.a, A, 1);
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": td(&ws.a)}),
    );
    let t0 = &syms[0];
    assert_eq!(t0["name"], "Analytical Engines");
    assert_eq!(t0["detail"], "Ada Lovelace");
    let kids: Vec<&str> = t0["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(kids, ["Description", "Abstract", "Bio"]);
    assert_eq!(syms[1]["detail"], "Ada Lovelace, Van Lindberg");

    let folds = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": td(&ws.a)}),
    );
    let folds: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    // The first talk runs from its separator (line 0) to its Bio (line 12).
    assert!(folds.contains(&(0, 12)), "{folds:?}");

    let hints = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": td(&ws.a), "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}}),
    );
    let first = &hints[0];
    assert_eq!(first["label"], "20/400", "{hints}");
    assert_eq!(first["position"], at(A, "engine.", 7));

    let toks = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": td(&ws.a)}),
    );
    let data: Vec<u64> = toks["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(data.len() % 5, 0);
    // title "Analytical Engines" at line 2, col 0, length 18, type 0 (title); then the speaker.
    assert_eq!(&data[..5], &[2, 0, 18, 0, 0]);
    assert_eq!(&data[5..10], &[2, 0, 12, 1, 0]);
    c.shutdown_exit();
}

#[test]
fn speaker_completion_hover_definition_references_rename() {
    let ws = workspace();
    let mut c = start(&ws);
    let text = format!("{A}\n___\n\nNew One\n\nby A");
    c.open(&ws.a, &text, 1);
    let end = utf16_pos(&text, text.len());
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": td(&ws.a), "position": end}),
    );
    let items = list["items"].as_array().unwrap();
    let first = &items[0];
    assert_eq!(first["label"], "Ada Lovelace", "{list}");
    assert_eq!(first["detail"], "3 talks");
    assert_eq!(
        first["textEdit"]["range"]["start"],
        utf16_pos(&text, text.len() - 1)
    );
    // Initials: "by VL" finds Van Lindberg.
    let text2 = format!("{A}\n___\n\nNew One\n\nby vl");
    c.change(&ws.a, 2, json!([{"text": text2}]));
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": td(&ws.a), "position": utf16_pos(&text2, text2.len())}),
    );
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Van Lindberg"]);
    c.change(&ws.a, 3, json!([{"text": A}]));

    let on_ada = at(A, "Ada Lovelace", 2);
    let md = hover_md(&mut c, &ws.a, on_ada.clone());
    assert!(md.contains("3 talks"), "{md}");
    // Each talk's place is a link that opens the file at the title's line.
    assert!(
        md.contains(&format!("The Sequel — [b.talk:3]({}#L3)", ws.b)),
        "{md}"
    );
    assert!(md.contains("Ada wrote the first program."), "{md}");
    let md = hover_md(&mut c, &ws.a, at(A, "Bio:", 1));
    assert!(md.contains("About the speaker"), "{md}");

    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": td(&ws.a), "position": on_ada}),
    );
    let def = def.as_array().unwrap();
    assert_eq!(def[0]["uri"], ws.a.as_str());
    assert_eq!(def[0]["range"]["start"], at(A, "Bio: Ada wrote", 0));

    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": td(&ws.a), "position": on_ada, "context": {"includeDeclaration": true}}),
    );
    let refs = refs.as_array().unwrap();
    assert_eq!(refs.len(), 3, "{refs:?}");
    assert!(refs
        .iter()
        .any(|r| r["uri"] == ws.b.as_str() && r["range"]["start"] == at(B, "ADA", 0)));

    let prep = c.request(
        "textDocument/prepareRename",
        json!({"textDocument": td(&ws.a), "position": on_ada}),
    );
    assert_eq!(prep["placeholder"], "Ada Lovelace");
    let edit = c.request(
        "textDocument/rename",
        json!({"textDocument": td(&ws.a), "position": on_ada, "newName": "Augusta Ada King"}),
    );
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes[&ws.a].as_array().unwrap().len(), 2);
    let in_b = changes[&ws.b].as_array().unwrap();
    assert_eq!(in_b.len(), 1);
    assert_eq!(in_b[0]["range"]["start"], at(B, "ADA LOVELACE", 0));
    assert_eq!(in_b[0]["range"]["end"], at(B, "ADA LOVELACE", 12));
    assert_eq!(in_b[0]["newText"], "Augusta Ada King");
    c.shutdown_exit();
}

#[test]
fn hover_reads_the_bio_excerpt_of_a_file_that_is_not_open() {
    let ws = workspace();
    let mut c = start(&ws);
    // Only b.talk is open: Ada's talk alone, with her Bio, is in a.talk,
    // which the server summarised from the disk and keeps no text of.
    c.open(&ws.b, B, 1);
    let md = hover_md(&mut c, &ws.b, at(B, "ADA LOVELACE", 2));
    assert!(md.contains("3 talks"), "{md}");
    assert!(md.contains("> Ada wrote the first program."), "{md}");
    // The file changed on disk without the server being told: its summary
    // no longer matches, so not a wrong excerpt from it, but the next talk's
    // (read from the open b.talk).
    std::fs::write(ws.dir.join("a.talk"), A.replace("Analytical", "Steam")).unwrap();
    let md = hover_md(&mut c, &ws.b, at(B, "ADA LOVELACE", 2));
    assert!(md.contains("3 talks"), "{md}");
    assert!(md.ends_with("\n\n> Still Ada."), "{md}");
    c.shutdown_exit();
}

#[test]
fn label_level_and_snippet_completions() {
    let ws = workspace();
    let mut c = start(&ws);
    let text = "___\n\nT\n\nAda Lovelace\n\nCore, Adv\n\nAbs";
    c.open(&ws.a, text, 1);
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": td(&ws.a), "position": utf16_pos(text, text.len())}),
    );
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Abstract:"]);
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": td(&ws.a), "position": at(text, "Adv", 3)}),
    );
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Advanced"]);
    // On the meta line before the comma: tracks used in the workspace.
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": td(&ws.a), "position": at(text, "Core", 0)}),
    );
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels[0], "Core", "{labels:?}");
    assert!(labels.contains(&"History"));
    let text2 = format!("{text}tract: x\n\n");
    c.change(&ws.a, 2, json!([{"text": text2}]));
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": td(&ws.a), "position": utf16_pos(&text2, text2.len())}),
    );
    let snip = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "new talk")
        .expect("new talk snippet");
    assert_eq!(snip["insertTextFormat"], 2);
    assert!(snip["textEdit"]["newText"]
        .as_str()
        .unwrap()
        .contains("Description: "));
    c.shutdown_exit();
}

#[test]
fn watched_files_keep_the_index_current() {
    let ws = workspace();
    let mut c = start(&ws);
    let text = "___\n\nNew\n\nby Gr";
    c.open(&ws.a, text, 1);
    let ask = |c: &mut LspClient| -> Vec<String> {
        let list = c.request(
            "textDocument/completion",
            json!({"textDocument": td(&ws.a), "position": utf16_pos(text, text.len())}),
        );
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ask(&mut c).is_empty());
    let cpath = ws.dir.join("c.talk");
    std::fs::write(&cpath, " Compilers\nby Grace Hopper\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&cpath), "type": 1}]}),
    );
    assert_eq!(ask(&mut c), ["Grace Hopper"]);
    std::fs::remove_file(&cpath).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&cpath), "type": 3}]}),
    );
    assert!(ask(&mut c).is_empty());
    c.shutdown_exit();
}

#[test]
fn suppression_code_actions() {
    let ws = workspace();
    let mut c = start(&ws);
    let text = "___\n\nT\n\nAda Lovelace\n\nCore, Beginner\n\nDescription: x   \n";
    c.open(&ws.a, text, 1);
    let line = at(text, "x   ", 1);
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": td(&ws.a), "range": {"start": line, "end": line},
               "context": {"diagnostics": []}}),
    );
    let diags =
        notelint::analysis::lint_text(&ws.a, text, &Default::default(), &Default::default());
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let cursor = text.find("x   ").unwrap() + 1;
    let here: Vec<_> = diags
        .iter()
        .filter(|d| d.range.start <= cursor && cursor <= d.range.end)
        .collect();
    assert!(
        !here.is_empty(),
        "the fixture has trailing whitespace at the cursor"
    );
    for d in here {
        assert!(
            titles.contains(&format!("Disable {} for this line", d.name).as_str()),
            "{titles:?}"
        );
        assert!(
            titles.contains(&format!("Disable {} for this talk", d.name).as_str()),
            "{titles:?}"
        );
    }
    c.shutdown_exit();
}

#[test]
fn workspace_rules_update_across_open_files() {
    let ws = workspace();
    let mut c = start(&ws);
    c.open(&ws.a, A, 1);
    c.open(&ws.b, B, 1);
    let first = c.diagnostics_for(&ws.a, 1);
    assert!(!first.iter().any(|d| d["code"] == "NL009"), "{first:?}");
    // b.talk's title becomes a.talk's first title: a.talk must be relinted too.
    let t = B.find("The Sequel").unwrap();
    c.change(
        &ws.b,
        2,
        json!([{"range": lsp_client::lsp_range(B, t..t + 10, true), "text": "Analytical Engines"}]),
    );
    let again = c.wait_for("a.talk republished with duplicate-title", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == ws.a.as_str()
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|x| x["code"] == "NL009"))
    });
    assert_eq!(
        again["params"]["version"],
        json!(1),
        "a.talk itself did not change"
    );
    let dup = again["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "NL009")
        .unwrap()
        .clone();
    assert_eq!(dup["range"]["start"], at(A, "Analytical Engines", 0));
    c.shutdown_exit();
}
