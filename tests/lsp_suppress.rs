//! Suppression comments through the real binary: the "Disable … for this
//! line" quick fix, applied in a later talk, silences that finding and
//! nothing else once the server re-lints.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::LspClient;
use serde_json::{json, Value};

use lsp_client::apply_edits as apply;

fn talks(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push_str("___\n");
        }
        s.push_str(&format!(
            " Talk {i}\nJane Doe\n\nAbstract: A.\n\nIntro\n\tline a{i}  \n\tline b{i}  \n"
        ));
    }
    s
}

fn lines_of(diags: &[Value], code: &str) -> Vec<u64> {
    let mut v: Vec<u64> = diags
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn disable_for_this_line_works_in_a_later_talk() {
    let text = talks(4);
    let mut c = LspClient::start();
    let uri = "file:///tmp/notelint-suppress-later.talk";
    c.open(uri, &text, 1);
    let before = c.diagnostics_for(uri, 1);
    let tw = lines_of(&before, "NL030");
    assert_eq!(tw.len(), 8, "{before:?}");
    // The first trailing-whitespace finding of the third talk.
    let target_line = text.lines().position(|l| l == "\tline a2  ").unwrap() as u64;
    let target = before
        .iter()
        .find(|d| d["code"] == "NL030" && d["range"]["start"]["line"] == target_line)
        .expect("finding in the third talk")
        .clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": target["range"], "context": {"diagnostics": [target]}}),
    );
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Disable trailing-whitespace for this line")
        .expect("the disable action is offered")
        .clone();
    let fixed = apply(&text, action["edit"]["changes"][uri].as_array().unwrap());
    assert_ne!(fixed, text);
    c.change(uri, 2, json!([{"text": fixed}]));
    let after = c.diagnostics_for(uri, 2);
    // The comment is one line above the target: lines from there on move by one.
    let want: Vec<u64> = tw
        .iter()
        .filter(|&&l| l != target_line)
        .map(|&l| if l >= target_line { l + 1 } else { l })
        .collect();
    assert_eq!(lines_of(&after, "NL030"), want, "{after:?}");
    // Nothing else changed: the same number of findings of every other rule.
    let others = |d: &[Value]| d.iter().filter(|d| d["code"] != "NL030").count();
    assert_eq!(others(&after), others(&before), "{after:?}");
    c.shutdown_exit();
}
