//! Clients that pull diagnostics get them by pull only (pushing as well makes
//! VS Code and Neovim show every finding twice), and are told to pull again
//! with `workspace/diagnostic/refresh` when workspace rules may have changed
//! other documents. `initializationOptions.configPath` is honoured.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, temp_dir, LspClient};
use serde_json::{json, Value};

fn codes(report: &Value) -> Vec<String> {
    report["items"]
        .as_array()
        .expect("full report")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn pull(c: &mut LspClient, uri: &str) -> Value {
    c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    )
}

fn is_refresh(m: &Value) -> bool {
    m["method"] == "workspace/diagnostic/refresh" && m.get("id").is_some()
}

#[test]
fn pull_clients_get_no_pushes_and_a_refresh_on_workspace_changes() {
    let mut c = LspClient::spawn();
    c.initialize(
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}},
               "workspace": {"diagnostics": {"refreshSupport": true}}}),
        None,
    );
    let a = "file:///tmp/notelint-pull-a.talk";
    let b = "file:///tmp/notelint-pull-b.talk";
    c.open(a, " Same Title\nAuthor\nAnn Lee\n", 1);
    c.wait_for("refresh after the first file was indexed", is_refresh);
    assert!(!codes(&pull(&mut c, a)).contains(&"NL009".to_string()));
    // A second file with the same title: a workspace rule now fires in `a`.
    c.open(b, " Same Title\nAuthor\nBo Day\n", 1);
    // A pull answered right after the open, before the server's background
    // worker has run, must already see `b`: the answer reflects every
    // notification that came before the request.
    assert!(codes(&pull(&mut c, a)).contains(&"NL009".to_string()));
    c.wait_for("refresh after a cross-file change", is_refresh);
    assert!(codes(&pull(&mut c, a)).contains(&"NL009".to_string()));
    // Every lint run so far ended in a refresh, never in a push.
    assert_eq!(
        c.take_notifications("textDocument/publishDiagnostics"),
        Vec::<Value>::new()
    );
    c.shutdown_exit();
}

fn initialize_with(c: &mut LspClient, options: Value) {
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": options}),
    );
    c.notify("initialized", json!({}));
}

#[test]
fn config_path_from_initialization_options_is_used() {
    let dir = temp_dir("configpath");
    let cfg = dir.join("custom.toml");
    std::fs::write(&cfg, "[rules]\nmissing-author = \"off\"\n").unwrap();
    let text = "____\nNobody Speaks\n\nDescription: d\n";
    let uri = "file:///tmp/notelint-configpath.talk";

    let mut with = LspClient::spawn();
    initialize_with(&mut with, json!({"configPath": cfg.to_str().unwrap()}));
    with.open(uri, text, 1);
    let got = with.diagnostics_for(uri, 1);
    let got: Vec<&str> = got.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(!got.contains(&"NL001"), "{got:?}");
    assert!(got.contains(&"NL002"), "other rules still run: {got:?}");
    with.shutdown_exit();

    let mut without = LspClient::spawn();
    initialize_with(&mut without, json!({}));
    without.open(uri, text, 1);
    let got = without.diagnostics_for(uri, 1);
    assert!(got.iter().any(|d| d["code"] == "NL001"), "{got:?}");
    without.shutdown_exit();
}

#[test]
fn opening_a_file_relints_other_open_files_for_workspace_rules() {
    let mut c = LspClient::start();
    let a = "file:///tmp/notelint-push-a.talk";
    let b = "file:///tmp/notelint-push-b.talk";
    c.open(a, " Same Title\nAuthor\nAnn Lee\n", 1);
    let first = c.diagnostics_for(a, 1);
    assert!(!first.iter().any(|d| d["code"] == "NL009"), "{first:?}");
    // Opening `b` (no edit to `a`) must republish `a` with the duplicate title.
    c.open(b, " Same Title\nAuthor\nBo Day\n", 1);
    let again = c.wait_for("a republished with NL009", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == a
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "NL009"))
    });
    assert_eq!(again["params"]["version"], 1);
    c.shutdown_exit();
}

fn pull_with(c: &mut LspClient, uri: &str, previous: &str) -> Value {
    c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}, "previousResultId": previous}),
    )
}

fn pull_caps() -> Value {
    json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}},
           "workspace": {"diagnostics": {"refreshSupport": true}},
           "window": {"workDoneProgress": true}})
}

/// Regression (issue 13): the result id was the document version, so a
/// change in another file was answered `unchanged`.
#[test]
fn a_change_in_another_file_changes_the_result_id() {
    let mut c = LspClient::spawn();
    c.initialize(pull_caps(), None);
    let a = "file:///tmp/notelint-pull-id-a.talk";
    let b = "file:///tmp/notelint-pull-id-b.talk";
    c.open(a, " Same Title\nAuthor\nAnn Lee\n", 1);
    c.open(b, " Same Title\nAuthor\nBo Day\n", 1);
    let first = pull(&mut c, a);
    assert_eq!(first["kind"], "full");
    assert!(codes(&first).contains(&"NL009".to_string()));
    let id = first["resultId"].as_str().expect("a result id").to_string();
    // Nothing changed: the client keeps its copy.
    let same = pull_with(&mut c, a, &id);
    assert_eq!(same, json!({"kind": "unchanged", "resultId": id}));
    // Retitle b: a's text and version are the same, its findings are not.
    c.change(b, 2, json!([{"text": " Another Title\nAuthor\nBo Day\n"}]));
    let again = pull_with(&mut c, a, &id);
    assert_eq!(again["kind"], "full", "{again}");
    assert!(!codes(&again).contains(&"NL009".to_string()), "{again}");
    assert_ne!(again["resultId"], json!(id));
    c.wait_for("refresh after the retitle", is_refresh);
    c.shutdown_exit();
}

fn indexed(c: &mut LspClient) {
    c.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
}

fn workspace_pull(c: &mut LspClient, previous: Value) -> Vec<Value> {
    let r = c.request(
        "workspace/diagnostic",
        json!({"previousResultIds": previous}),
    );
    r["items"].as_array().expect("items").clone()
}

#[test]
fn a_changed_notelint_toml_changes_the_result_id() {
    let dir = temp_dir("pull-config");
    std::fs::write(dir.join("a.talk"), " Same Title\nAuthor\nAnn Lee\n").unwrap();
    std::fs::write(dir.join("b.talk"), " Same Title\nAuthor\nBo Day\n").unwrap();
    let mut c = LspClient::spawn();
    c.initialize(pull_caps(), Some(&file_uri(&dir)));
    indexed(&mut c);
    let a = file_uri(&dir.join("a.talk"));
    c.open(&a, " Same Title\nAuthor\nAnn Lee\n", 1);
    let first = pull(&mut c, &a);
    assert!(codes(&first).contains(&"NL009".to_string()), "{first}");
    let toml = dir.join("notelint.toml");
    std::fs::write(&toml, "[rules]\nduplicate-title = \"off\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&toml), "type": 1}]}),
    );
    let again = pull_with(&mut c, &a, first["resultId"].as_str().unwrap());
    assert_eq!(again["kind"], "full", "{again}");
    assert!(!codes(&again).contains(&"NL009".to_string()), "{again}");
    c.shutdown_exit();
}

#[test]
fn workspace_diagnostics_report_notes_never_opened() {
    let dir = temp_dir("pull-workspace");
    std::fs::write(
        dir.join("c.talk"),
        "____\nNobody Speaks\n\nDescription: d\n",
    )
    .unwrap();
    let mut c = LspClient::spawn();
    let init = c.initialize(pull_caps(), Some(&file_uri(&dir)));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        true
    );
    indexed(&mut c);
    let uri = file_uri(&dir.join("c.talk"));
    let items = workspace_pull(&mut c, json!([]));
    assert_eq!(items.len(), 1, "{items:?}");
    let item = &items[0];
    assert_eq!(item["uri"], uri.as_str());
    assert_eq!(item["kind"], "full");
    assert_eq!(item["version"], Value::Null, "not open: no version");
    assert!(codes(item).contains(&"NL001".to_string()), "{item}");
    let id = item["resultId"].as_str().expect("a result id");
    // Asked again with the id it holds: `unchanged`, nothing linted or sent.
    let again = workspace_pull(&mut c, json!([{"uri": uri, "value": id}]));
    assert_eq!(
        again,
        vec![json!({"kind": "unchanged", "uri": uri, "version": null, "resultId": id})]
    );
    // Opened, the document reports its version.
    c.open(&uri, "____\nNobody Speaks\n\nDescription: d\n", 7);
    let open = workspace_pull(&mut c, json!([{"uri": uri, "value": id}]));
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["version"], 7);
    assert!(codes(&open[0]).contains(&"NL001".to_string()));
    c.shutdown_exit();
}

/// An open note's entry in `workspace/diagnostic` is written from the
/// same kept report as `textDocument/diagnostic` (not converted afresh):
/// it must read the same, beside a note read from disk, with related
/// places, CRLF, emoji and combining marks, after an edit too.
#[test]
fn an_open_note_in_the_workspace_answer_reads_as_its_own_pull() {
    let dir = temp_dir("pull-workspace-open");
    std::fs::write(
        dir.join("c.talk"),
        "____\nNobody Speaks\n\nDescription: d\n",
    )
    .unwrap();
    let text = " Alpha\r\nAnn Lée 😀\n\nIntro  \n\t* e\u{301} point\n\n Beta\nBob\n\n Alpha\nZoe\n\nBio: x\n";
    std::fs::write(dir.join("a.talk"), text).unwrap();
    let mut c = LspClient::spawn();
    c.initialize(pull_caps(), Some(&file_uri(&dir)));
    indexed(&mut c);
    let a = file_uri(&dir.join("a.talk"));
    let disk = file_uri(&dir.join("c.talk"));
    c.open(&a, text, 3);
    for version in [3, 4] {
        if version == 4 {
            c.change(
                &a,
                4,
                json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "\n\n"}]),
            );
        }
        let own = pull(&mut c, &a);
        assert_eq!(own["kind"], "full");
        let items = workspace_pull(&mut c, json!([]));
        assert_eq!(items.len(), 2, "{items:?}");
        let open = items.iter().find(|i| i["uri"] == a.as_str()).expect("a");
        assert_eq!(open["kind"], "full");
        assert_eq!(open["version"], version);
        assert_eq!(open["items"], own["items"], "version {version}");
        assert!(
            open["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["relatedInformation"].is_array()),
            "{open}"
        );
        let other = items.iter().find(|i| i["uri"] == disk.as_str()).expect("c");
        assert!(codes(other).contains(&"NL001".to_string()), "{other}");
    }
    c.shutdown_exit();
}
