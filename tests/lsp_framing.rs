//! Framing under hostile input, through the real `notelint lsp` over stdio:
//! a `Content-Length` no body should have (the server allocated what it
//! said and died), and a message without one (the server swallowed the
//! next valid request). Each is answered with an error, and the request
//! sent right after it is answered.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::LspClient;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/notelint-framing.talk";
const TEXT: &str = " Framed Talk\nby Ann Lee\n\nDescription: x\n";

/// The next framing error, with its code.
fn framing_error(c: &mut LspClient, what: &str) -> Value {
    let e = c.wait_for(what, |m| m.get("error").is_some() && m["id"].is_null());
    assert!(e["error"]["message"].is_string(), "{e}");
    e["error"].clone()
}

/// The server still answers correctly.
fn still_serving(c: &mut LspClient) {
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(r[0]["name"], "Framed Talk", "{r}");
}

#[test]
fn an_oversized_content_length_is_refused_and_the_next_request_answered() {
    let mut c = LspClient::start();
    c.open(URI, TEXT, 1);
    // Lengths that would each have the server allocate what they say (or
    // overflow): no body follows; the valid request right after each is
    // where the client is back in step.
    for claimed in [
        "99999999999999",
        "18446744073709551615",
        "99999999999999999999999",
    ] {
        c.send_raw(format!("Content-Length: {claimed}\r\n\r\n").as_bytes());
        let id = c.request_async("workspace/symbol", json!({"query": "Framed"}));
        let e = framing_error(&mut c, &format!("the error for Content-Length {claimed}"));
        assert_eq!(e["code"], -32600, "{e}");
        let msg = e["message"].as_str().unwrap();
        assert!(msg.contains("over the limit of 512 MiB"), "{msg}");
        let r = c.response(id);
        let names: Vec<&str> = r["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .filter_map(|s| s["name"].as_str())
            .collect();
        assert_eq!(names, ["Framed Talk"], "{r}");
    }
    still_serving(&mut c);
    assert_eq!(c.shutdown_exit().code(), Some(0));
}

/// A real body over the cap (a 513 MiB `didOpen`) is skipped as it
/// streams in, without the server holding it; the request after it is
/// answered.
#[test]
fn a_real_body_over_the_cap_is_skipped() {
    let mut c = LspClient::start();
    c.open(URI, TEXT, 1);
    let uri = "file:///tmp/notelint-framing-huge.talk";
    let head = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"talknote","version":1,"text":""#
    );
    let tail = r#""}}}"#;
    // Text with escaped line breaks and a quoted header: nothing in it may
    // pass for the next message.
    let chunk = " Talk\\nby A B\\nContent-Length: 5\\n\\n".repeat(1 << 15);
    let target = (513usize << 20) - head.len() - tail.len();
    let n = target / chunk.len();
    let pad = target - n * chunk.len();
    let len = head.len() + n * chunk.len() + pad + tail.len();
    assert!(len > 512 << 20);
    c.send_raw(format!("Content-Length: {len}\r\n\r\n{head}").as_bytes());
    for _ in 0..n {
        c.send_raw(chunk.as_bytes());
    }
    c.send_raw(" ".repeat(pad).as_bytes());
    c.send_raw(tail.as_bytes());
    let id = c.request_async("workspace/symbol", json!({"query": ""}));
    let e = framing_error(&mut c, "the error for the 513 MiB message");
    assert_eq!(e["code"], -32600, "{e}");
    let r = c.response(id);
    assert!(r.get("error").is_none(), "{r}");
    // The huge document was not opened.
    let opened = r["result"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|s| s["location"]["uri"] == uri);
    assert!(!opened, "{r}");
    let status = std::fs::read_to_string(format!("/proc/{}/status", c.pid())).unwrap();
    let rss_kb: usize = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap();
    println!("server RSS after skipping 513 MiB: {} MiB", rss_kb >> 10);
    assert!(rss_kb < 256 << 10, "the skipped body was held: {rss_kb} kB");
    still_serving(&mut c);
    assert_eq!(c.shutdown_exit().code(), Some(0));
}

#[test]
fn a_message_without_content_length_does_not_swallow_the_next_request() {
    let mut c = LspClient::start();
    c.open(URI, TEXT, 1);
    let body = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "workspace/symbol", "params": {"query": ""}})
            .to_string()
    };
    for (i, bad) in [
        // A body sent with no headers at all.
        body(1001),
        // Headers without a length, then the body.
        format!(
            "Content-Type: application/vscode-jsonrpc\r\n\r\n{}",
            body(1002)
        ),
        // A length that is not a number.
        format!("Content-Length: lots\r\n\r\n{}", body(1003)),
        // A body ending in a line break.
        format!("{}\r\n", body(1004)),
    ]
    .into_iter()
    .enumerate()
    {
        c.send_raw(bad.as_bytes());
        let id = c.request_async("workspace/symbol", json!({"query": "Framed"}));
        let e = framing_error(&mut c, &format!("the parse error for bad message {i}"));
        assert_eq!(e["code"], -32700, "{e}");
        assert!(
            e["message"].as_str().unwrap().contains("Content-Length"),
            "{e}"
        );
        let r = c.response(id);
        assert_eq!(r["result"][0]["name"], "Framed Talk", "{r}");
    }
    still_serving(&mut c);
    assert_eq!(c.shutdown_exit().code(), Some(0));
}

/// What a message is follows JSON-RPC 2.0, whatever the LSP library's
/// decoder would make of it: no `method` and no `result`/`error` is
/// neither a request nor a response, and a `method` with a `result` is not
/// a request; both are answered -32600 (Invalid Request) under their id,
/// and the session goes on.
#[test]
fn messages_that_are_neither_request_nor_response_are_invalid_requests() {
    let mut c = LspClient::start();
    c.open(URI, TEXT, 1);
    c.send(&json!({"jsonrpc": "2.0", "id": 41}));
    let r = c.response(41);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.send(
        &json!({"jsonrpc": "2.0", "id": 42, "method": "workspace/symbol",
        "params": {"query": ""}, "result": null}),
    );
    let r = c.response(42);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert!(r.get("result").is_none(), "{r}");
    // A notification with an unknown method is not answered; a request is.
    c.send(&json!({"jsonrpc": "2.0", "method": "notelint/nothing", "params": null}));
    still_serving(&mut c);
}
