//! The server keeps serving: panics become errors, cancellation is
//! honoured, odd positions and unknown documents get well-formed answers.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{LspClient, WAIT};
use serde_json::{json, Value};
use std::time::Instant;

const URI: &str = "file:///tmp/notelint-robust.talk";
const TEXT: &str = " Emoji 😀 Talk\nby Ada Lovelace\nDescription: x\n";

fn symbols_ok(c: &mut LspClient) {
    let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert_eq!(r[0]["name"], "Emoji 😀 Talk", "{r}");
}

#[test]
fn a_panicking_handler_is_answered_as_an_error_and_logged() {
    let mut c = LspClient::start();
    c.open(URI, TEXT, 1);
    let id = c.request_async("notelint/testPanic", json!({}));
    let r = c.response(id);
    assert_eq!(r["error"]["code"], json!(-32603), "{r}");
    assert!(r["error"]["message"].as_str().unwrap().contains("test panic"));
    let log = c.wait_for("a log line about the panic", |m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|s| s.contains("panicked"))
    });
    assert_eq!(log["params"]["type"], 1);
    symbols_ok(&mut c);
    assert_eq!(c.shutdown_exit().code(), Some(0));
}

#[test]
fn cancel_request_ends_a_long_request_promptly() {
    let mut c = LspClient::start();
    c.open(URI, TEXT, 1);
    let t = Instant::now();
    let id = c.request_async("notelint/testSlow", json!({}));
    // A normal request still gets answered while the slow one runs.
    symbols_ok(&mut c);
    c.notify("$/cancelRequest", json!({"id": id}));
    let r = c.response(id);
    assert_eq!(r["error"]["code"], json!(-32800), "{r}");
    // The slow request would take 10 s if the cancellation were ignored.
    assert!(t.elapsed() < std::time::Duration::from_secs(9), "cancellation was not honoured");
    symbols_ok(&mut c);
    assert_eq!(c.shutdown_exit().code(), Some(0));
}

#[test]
fn odd_positions_get_well_formed_answers() {
    let mut c = LspClient::start();
    c.open(URI, TEXT, 1);
    let positions = [
        json!({"line": 0, "character": 8}),           // inside the surrogate pair of 😀
        json!({"line": 0, "character": 10_000}),      // past the line's end
        json!({"line": 10_000, "character": 0}),      // past the last line
        json!({"line": 4_294_967_295u64, "character": 4_294_967_295u64}),
    ];
    for p in &positions {
        for method in ["textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references", "textDocument/prepareRename"] {
            let id = c.request_async(
                method,
                if method == "textDocument/references" {
                    json!({"textDocument": {"uri": URI}, "position": p, "context": {"includeDeclaration": true}})
                } else {
                    json!({"textDocument": {"uri": URI}, "position": p})
                },
            );
            let r = c.response(id);
            assert!(r.get("error").is_none(), "{method} at {p}: {r}");
        }
        // An edit at such a position is clamped, not a crash.
    }
    c.change(URI, 2, json!([{"range": {"start": positions[0], "end": positions[1]}, "text": "🎉"}]));
    // The edit inside the pair snapped to the emoji's start: the emoji is replaced.
    let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert_eq!(r[0]["name"], "Emoji 🎉", "{r}");
    let range = json!({"start": positions[3], "end": positions[2]});
    let id = c.request_async("textDocument/inlayHint", json!({"textDocument": {"uri": URI}, "range": range}));
    assert!(c.response(id).get("error").is_none());
    assert_eq!(c.shutdown_exit().code(), Some(0));
}

#[test]
fn unknown_and_closed_documents() {
    let mut c = LspClient::start();
    c.open(URI, TEXT, 1);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    let td = json!({"uri": URI});
    let pos = json!({"line": 0, "character": 1});
    let reqs: Vec<(&str, Value)> = vec![
        ("textDocument/documentSymbol", json!({"textDocument": td})),
        ("textDocument/foldingRange", json!({"textDocument": td})),
        ("textDocument/semanticTokens/full", json!({"textDocument": td})),
        ("textDocument/formatting", json!({"textDocument": td, "options": {"tabSize": 4, "insertSpaces": true}})),
        ("textDocument/hover", json!({"textDocument": td, "position": pos})),
        ("textDocument/completion", json!({"textDocument": td, "position": pos})),
        ("textDocument/codeAction", json!({"textDocument": td, "range": {"start": pos, "end": pos}, "context": {"diagnostics": []}})),
    ];
    for (m, p) in reqs {
        let id = c.request_async(m, p);
        let r = c.response(id);
        assert!(r.get("error").is_none(), "{m}: {r}");
        assert!(r["result"].is_null() || r["result"] == json!([]), "{m}: {r}");
    }
    // Pull diagnostics for an unknown document: a clear error, not a crash.
    let id = c.request_async("textDocument/diagnostic", json!({"textDocument": td}));
    let r = c.response(id);
    assert_eq!(r["error"]["code"], json!(-32602), "{r}");
    // Reopen: everything works again.
    c.open(URI, TEXT, 3);
    symbols_ok(&mut c);
    assert_eq!(c.shutdown_exit().code(), Some(0));
}

#[test]
fn malformed_messages_do_not_stop_the_server() {
    let mut c = LspClient::start();
    c.open(URI, TEXT, 1);
    let junk = b"{not json";
    c.send_raw(format!("Content-Length: {}\r\n\r\n", junk.len()).as_bytes());
    c.send_raw(junk);
    let r = c.wait_for("the parse error", |m| m["error"]["code"] == json!(-32700));
    assert_eq!(r["id"], Value::Null);
    // Garbage without a header, then a valid-JSON non-message with an id.
    c.send_raw(b"hello there\r\n\r\n");
    c.wait_for("the parse error for a header-less message", |m| m["error"]["code"] == json!(-32700));
    c.send(&json!({"jsonrpc": "2.0", "id": 77, "method": 5}));
    let r = c.response(77);
    assert_eq!(r["error"]["code"], json!(-32600), "{r}");
    // Wrong parameter types.
    let id = c.request_async("textDocument/hover", json!({"textDocument": 5, "position": "x"}));
    assert_eq!(c.response(id)["error"]["code"], json!(-32602));
    let id = c.request_async("no/suchMethod", json!({}));
    assert_eq!(c.response(id)["error"]["code"], json!(-32601));
    symbols_ok(&mut c);
    let _ = WAIT;
    assert_eq!(c.shutdown_exit().code(), Some(0));
}
