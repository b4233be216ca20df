//! Starting and ending the server the way real clients do, over the real
//! byte stream with stdin left open.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{LspClient, WAIT};
use serde_json::{json, Value};

#[test]
fn eglot_null_params_shutdown_and_exit_end_with_zero() {
    let mut c = LspClient::start();
    // Eglot 1.9 sends `"params": null` on both.
    let id = 900;
    c.send(&json!({"jsonrpc": "2.0", "id": id, "method": "shutdown", "params": null}));
    let r = c.response(id);
    assert!(r.get("error").is_none(), "shutdown with null params was rejected: {r}");
    assert_eq!(r["result"], Value::Null);
    c.send(&json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    // stdin stays open: the server must end on its own.
    let status = c.wait_exit(WAIT).expect("server still running after exit with stdin open");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn shutdown_without_params_then_exit() {
    let mut c = LspClient::start();
    let status = c.shutdown_exit();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_code_one() {
    let mut c = LspClient::start();
    c.notify("exit", Value::Null);
    let status = c.wait_exit(WAIT).expect("server did not exit");
    assert_eq!(status.code(), Some(1), "LSP: exit without shutdown ends with 1");
}

#[test]
fn closing_stdin_ends_with_zero() {
    let mut c = LspClient::start();
    c.close_stdin();
    let status = c.wait_exit(WAIT).expect("server did not exit when stdin closed");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn requests_after_shutdown_are_refused_but_answered() {
    let mut c = LspClient::start();
    c.request("shutdown", Value::Null);
    let id = c.request_async("textDocument/documentSymbol", json!({"textDocument": {"uri": "file:///x.talk"}}));
    let r = c.response(id);
    assert_eq!(r["error"]["code"], json!(-32600), "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(WAIT).map(|s| s.code()), Some(Some(0)));
}
