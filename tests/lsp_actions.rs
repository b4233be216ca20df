//! Code actions, formatting and configuration through the real binary.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, lsp_range, temp_dir, utf16_pos, LspClient};
use serde_json::json;

use lsp_client::apply_edits as apply;

const MESSY: &str = "___\n\nA Talk   \n\nAda Lovelace\n\nCore, Beginner\n\n\n\nDescription: One.  \nNotes\n    * deep\n";

#[test]
fn formatting_equals_notelint_fmt() {
    let mut c = LspClient::start();
    let uri = "file:///tmp/notelint-fmt.talk";
    c.open(uri, MESSY, 1);
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": false}}),
    );
    let got = apply(MESSY, edits.as_array().unwrap());
    let want = notelint::analysis::format(MESSY, &Default::default());
    assert_ne!(want, MESSY, "the fixture should need formatting");
    assert_eq!(got, want);
    // Range formatting edits only inside the range asked for.
    // From the blank lines before Description to its end.
    let from = MESSY.find("\n\n\n\n").unwrap() + 1;
    let to = MESSY.find("\nNotes").unwrap();
    let range = lsp_range(MESSY, from..to, true);
    let edits = c.request("textDocument/rangeFormatting", json!({"textDocument": {"uri": uri}, "range": range, "options": {"tabSize": 4, "insertSpaces": false}}));
    let got = apply(MESSY, edits.as_array().unwrap());
    assert!(got.contains("Description: One.\n"), "{got:?}");
    assert!(
        got.contains("A Talk   \n"),
        "outside the range must stay: {got:?}"
    );
    c.shutdown_exit();
}

#[test]
fn quick_fixes_and_fix_all_use_the_rule_fixes() {
    let mut c = LspClient::start();
    let uri = "file:///tmp/notelint-fix.talk";
    c.open(uri, MESSY, 1);
    let diags = c.diagnostics_for(uri, 1);
    let ws = diags
        .iter()
        .find(|d| d["code"] == "NL030")
        .expect("trailing-whitespace finding");
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": ws["range"], "context": {"diagnostics": [ws]}}),
    );
    let actions = actions.as_array().unwrap();
    let lint = notelint::analysis::lint_text(uri, MESSY, &Default::default(), &Default::default());
    let fix = lint
        .iter()
        .find(|d| d.code == "NL030")
        .and_then(|d| d.fix.clone())
        .expect("NL030 has a fix");
    let quick = actions
        .iter()
        .find(|a| a["title"] == fix.title.as_str())
        .expect("the rule's fix is offered");
    assert_eq!(quick["kind"], "quickfix");
    assert_eq!(quick["diagnostics"][0]["code"], "NL030");
    let edits = &quick["edit"]["changes"][uri];
    let fixed = apply(MESSY, edits.as_array().unwrap());
    assert_eq!(fixed.len(), MESSY.len() - (fix.edits[0].range.len()));
    // The suppression comment actions come with it.
    assert!(actions
        .iter()
        .any(|a| a["title"] == "Disable trailing-whitespace for this line"));
    // fixAll: every safe fix, no unsafe one, as `check --fix` makes them.
    let all = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll.notelint"]}}),
    );
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.notelint");
    let fixed = apply(MESSY, all[0]["edit"]["changes"][uri].as_array().unwrap());
    // What `check --fix` writes: every safe fix, again until none is left.
    let (want, _) =
        notelint::cli::fix::fix_text(uri, MESSY, &Default::default(), &Default::default(), false);
    assert_eq!(fixed, want);
    c.shutdown_exit();
}

#[test]
fn config_reload_roster_action_and_limits() {
    let dir = temp_dir("config");
    let note = dir.join("a.talk");
    let text = "___\n\nA Talk\n\nGrace Hopper\n\nCore, Beginner\n\nDescription: Short.\n\nAbstract: A.\n\nBio: B.\n";
    std::fs::write(&note, text).unwrap();
    let uri = file_uri(&note);
    let mut c = LspClient::spawn();
    c.initialize(
        json!({"window": {"workDoneProgress": true}}),
        Some(&file_uri(&dir)),
    );
    c.wait_for("index end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    c.open(&uri, text, 1);
    let d = c.diagnostics_for(&uri, 1);
    assert!(
        !d.iter().any(|x| x["code"] == "NL021"),
        "no roster yet: {d:?}"
    );
    let hints = |c: &mut LspClient| -> Vec<String> {
        let h = c.request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}}),
        );
        h.as_array()
            .unwrap()
            .iter()
            .map(|x| x["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(hints(&mut c), ["6/400"]);
    // A config with a roster and a Bio limit appears.
    std::fs::write(
        dir.join("roster.toml"),
        "[[person]]\nname = \"Ada Lovelace\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("notelint.toml"),
        "roster = \"roster.toml\"\n[limits]\nbio = 50\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join("notelint.toml")), "type": 1}]}),
    );
    let unknown = c.wait_for("unknown-speaker after the config reload", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|x| x["code"] == "NL021"))
    });
    let nl021 = unknown["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "NL021")
        .unwrap()
        .clone();
    assert_eq!(hints(&mut c), ["6/400", "2/50"]);
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": nl021["range"], "context": {"diagnostics": [nl021]}}),
    );
    let add = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Add Grace Hopper to the roster")
        .expect("add-to-roster action");
    let roster_uri = file_uri(&dir.join("roster.toml"));
    let edits = add["edit"]["changes"][&roster_uri].as_array().unwrap();
    let roster = std::fs::read_to_string(dir.join("roster.toml")).unwrap();
    let new_roster = apply(&roster, edits);
    assert_eq!(
        new_roster,
        "[[person]]\nname = \"Ada Lovelace\"\n\n[[person]]\nname = \"Grace Hopper\"\n"
    );
    // Once the roster has her, the finding goes away.
    std::fs::write(dir.join("roster.toml"), &new_roster).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": roster_uri, "type": 2}]}),
    );
    c.wait_for("unknown-speaker gone after the roster changed", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| !d.iter().any(|x| x["code"] == "NL021"))
            && m["params"]["version"] == json!(1)
    });
    // A broken config is reported to the user, naming the file.
    std::fs::write(dir.join("notelint.toml"), "nonsense-key = 1\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join("notelint.toml")), "type": 2}]}),
    );
    let shown = c.wait_for("showMessage for the bad config", |m| {
        m["method"] == "window/showMessage"
    });
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("notelint.toml"),
        "{shown}"
    );
    let _ = utf16_pos;
    c.shutdown_exit();
}
