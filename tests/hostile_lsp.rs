//! Hostile sessions against the real `notelint lsp` binary over stdio.
//!
//! Each test does one hostile thing, then checks three things: the server
//! still answers a normal request correctly (documentSymbol on a small known
//! document gives its two talks), its resident memory stays under a generous
//! bound relative to what was sent (read from /proc/<pid>/status), and
//! `shutdown` + `exit` end it with code 0 within a bounded wait.
//!
//! The client is local to this file (rather than tests/common/lsp_client.rs)
//! because the big-input cases need waits longer than that client's fixed 30 s
//! in a debug build, and raw access to the byte stream.

use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A normal wait; the big documents get [`LONG`] (debug builds are slow).
const WAIT: Duration = Duration::from_secs(60);
const LONG: Duration = Duration::from_secs(600);
const MB: usize = 1024 * 1024;

struct Client {
    child: Child,
    stdin: Arc<Mutex<Option<ChildStdin>>>,
    rx: Receiver<Value>,
    backlog: VecDeque<Value>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = Some(
                v.trim()
                    .parse::<usize>()
                    .expect("the server's Content-Length is a number"),
            );
        }
    }
    let mut body = vec![0; len.expect("the server's frame has a Content-Length")];
    r.read_exact(&mut body).ok()?;
    if body.len() > 64 * MB {
        return Some(lean(&body));
    }
    Some(serde_json::from_slice(&body).expect("the server's body is JSON"))
}

/// A huge `publishDiagnostics` (the 50 MB document's 1.4 million findings,
/// 420 MB of JSON) as a `Value` whose diagnostics are read and counted but
/// kept as `null`: as `Value`s they would take some 5 GB per message, and
/// the test process, not the server, would be what runs out of memory.
fn lean(body: &[u8]) -> Value {
    #[derive(serde::Deserialize)]
    struct Note {
        method: String,
        params: Params,
    }
    #[derive(serde::Deserialize)]
    struct Params {
        uri: String,
        version: Option<i64>,
        diagnostics: Vec<serde::de::IgnoredAny>,
    }
    let n: Note = serde_json::from_slice(body).expect("a body over 64 MB is publishDiagnostics");
    assert_eq!(n.method, "textDocument/publishDiagnostics");
    json!({"jsonrpc": "2.0", "method": n.method, "params": {
        "uri": n.params.uri, "version": n.params.version,
        "diagnostics": vec![Value::Null; n.params.diagnostics.len()]}})
}

impl Client {
    fn spawn() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_notelint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start notelint lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let stdout = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reply = Arc::clone(&stdin);
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 16, stdout);
            while let Some(m) = read_frame(&mut r) {
                // Answer the server's own requests so it never waits on us.
                if m.get("method").is_some() && m.get("id").is_some() {
                    let body = json!({"jsonrpc": "2.0", "id": m["id"], "result": null}).to_string();
                    if let Some(w) = reply.lock().unwrap().as_mut() {
                        let _ = w.write_all(&frame(body.as_bytes())).and_then(|_| w.flush());
                    }
                }
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut s = String::new();
            let mut r = BufReader::new(err);
            while r.read_line(&mut s).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&s);
                s.clear();
            }
        });
        Client {
            child,
            stdin,
            rx,
            backlog: VecDeque::new(),
            next_id: 1,
            stderr,
        }
    }

    /// Started and initialized (UTF-16, no workspace folder).
    fn start() -> Client {
        let mut c = Client::spawn();
        let r = c.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        assert!(r["capabilities"].is_object(), "{r}");
        c.notify("initialized", json!({}));
        c
    }

    fn raw(&mut self, bytes: &[u8]) {
        let mut g = self.stdin.lock().unwrap();
        let w = g.as_mut().expect("stdin open");
        w.write_all(bytes).expect("write to the server");
        w.flush().expect("flush");
    }

    fn send(&mut self, v: &Value) {
        self.raw(&frame(v.to_string().as_bytes()));
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    fn response_within(&mut self, id: &Value, limit: Duration) -> Value {
        let id = id.clone();
        let r = self.wait_for(&format!("the response to {id}"), limit, |m| {
            m.get("method").is_none() && m.get("id") == Some(&id)
        });
        well_formed(&r);
        r
    }

    fn response(&mut self, id: i64) -> Value {
        self.response_within(&json!(id), WAIT)
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        let r = self.response(id);
        assert!(
            r.get("error").is_none(),
            "{method} failed: {r}\n{}",
            self.stderr()
        );
        r["result"].clone()
    }

    fn wait_for(&mut self, what: &str, limit: Duration, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = Instant::now() + limit;
        loop {
            match self
                .rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(m) if pred(&m) => return m,
                Ok(m) => {
                    // Keep what a test may still ask for; drop the rest so a
                    // long session does not pile up messages.
                    if m.get("method").is_none() || m["method"] == "textDocument/publishDiagnostics"
                    {
                        self.backlog.push_back(m);
                        if self.backlog.len() > 20_000 {
                            self.backlog.pop_front();
                        }
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "timed out after {limit:?} waiting for {what}\n{}",
                    self.stderr()
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "the server closed its output while waiting for {what}\n{}",
                        self.stderr()
                    )
                }
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "talknote", "version": version, "text": text}}),
        );
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64, limit: Duration) -> Vec<Value> {
        let m = self.wait_for(&format!("diagnostics for {uri} v{version}"), limit, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn stderr(&self) -> String {
        let s = self.stderr.lock().unwrap();
        format!(
            "server stderr (last 4 KB):\n{}",
            &s[s.len().saturating_sub(4096)..]
        )
    }

    /// Resident memory of the server now, in bytes.
    fn rss(&self) -> usize {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/<pid>/status");
        let kb: usize = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("VmRSS in /proc/<pid>/status");
        kb * 1024
    }

    fn exit_status(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(s)) = self.child.try_wait() {
                return Some(s);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A JSON-RPC 2.0 response: an id and exactly one of `result` / `error`
/// (an error with an integer code and a message).
fn well_formed(r: &Value) {
    assert_eq!(r["jsonrpc"], "2.0", "{r}");
    assert!(r.get("id").is_some(), "{r}");
    assert!(
        r.get("result").is_some() != r.get("error").is_some(),
        "exactly one of result/error: {r}"
    );
    if let Some(e) = r.get("error") {
        assert!(e["code"].is_i64() && e["message"].is_string(), "{r}");
    }
}

const KNOWN_URI: &str = "file:///hostile/known.talk";
const KNOWN: &str = " First Talk\nby Ann Lee\nWeb, Beginner\n\nDescription: One.\n\n Second Talk\nby Bob Ray\n\nBio: Two.\n";

/// The after-each checks: a normal request answered correctly, memory under
/// `base + per_byte × sent` (generous: the server keeps the text, a rope and
/// a tree, and the allocator keeps freed pages), and a clean exit.
fn after(c: Client, sent: usize) {
    after_within(c, sent, 16, WAIT)
}

/// `after`, with the memory bound `200 MB + per_byte × sent` and `wait` for
/// the normal request's answer.
fn after_within(mut c: Client, sent: usize, per_byte: usize, wait: Duration) {
    c.open(KNOWN_URI, KNOWN, 1);
    let id = c.request_async(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": KNOWN_URI}}),
    );
    let r = c.response_within(&json!(id), wait);
    assert!(r.get("error").is_none(), "documentSymbol failed: {r}");
    let r = r["result"].clone();
    let names: Vec<&str> = r
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["First Talk", "Second Talk"], "{r}");
    let rss = c.rss();
    let bound = 200 * MB + per_byte * sent;
    println!(
        "server RSS {} MB after {} MB sent (bound {} MB)",
        rss / MB,
        sent / MB,
        bound / MB
    );
    assert!(
        rss < bound,
        "server RSS {rss} bytes over the bound {bound} after sending {sent} bytes"
    );
    let r = c.request("shutdown", Value::Null);
    assert!(r.is_null(), "{r}");
    c.notify("exit", Value::Null);
    let status = c
        .exit_status(WAIT)
        .expect("the server exits after shutdown + exit");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn malformed_json_and_framing() {
    let mut c = Client::start();
    let bodies: [&[u8]; 8] = [
        br#"{"jsonrpc":"2.0","id":1,"method":"#,
        b"\xff\xfe{\"jsonrpc\":\"2.0\"}",
        b"[1,2,3]",
        b"",
        b"null",
        br#"{"jsonrpc":"2.0","id":{"nested":true},"method":"textDocument/hover"}"#,
        // Ids JSON-RPC allows but tower-lsp cannot hold (found by the lsp
        // fuzz target: the stand-in kept the id, and tower-lsp then ended
        // the session on it).
        br#"{"jsonrpc":"2.0","id":0.0,"method":"textDocument/prepareRename"}"#,
        br#"{"jsonrpc":"2.0","id":1e400,"method":"textDocument/hover"}"#,
    ];
    for b in bodies {
        c.raw(&frame(b));
    }
    // Headers without a usable Content-Length, then garbage lines.
    c.raw(b"Content-Length: -5\r\n\r\n");
    c.raw(b"Content-Length: lots\r\n\r\n");
    c.raw(b"Content-Type: application/json\r\n\r\n");
    c.raw(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    let errors: Vec<Value> = (0..12)
        .map(|i| {
            c.wait_for(
                &format!("error {i} for the malformed messages"),
                WAIT,
                |m| m.get("error").is_some(),
            )
        })
        .collect();
    for e in &errors {
        well_formed(e);
        let code = e["error"]["code"].as_i64().unwrap();
        assert!(code == -32700 || code == -32600, "{e}");
    }
    after(c, 0);
}

#[test]
fn wrong_parameter_types() {
    let mut c = Client::start();
    c.open("file:///hostile/w.talk", KNOWN, 1);
    let td = json!({"uri": "file:///hostile/w.talk"});
    for (m, p) in [
        (
            "textDocument/hover",
            json!({"textDocument": 5, "position": "x"}),
        ),
        ("textDocument/documentSymbol", json!([])),
        (
            "textDocument/completion",
            json!({"textDocument": td, "position": {"line": -1, "character": 1.5}}),
        ),
        (
            "textDocument/rename",
            json!({"textDocument": td, "position": {"line": 0, "character": 2}, "newName": 7}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": td, "range": "everything", "context": {}}),
        ),
        ("workspace/symbol", json!({"query": null})),
        ("textDocument/formatting", json!("please")),
    ] {
        let id = c.request_async(m, p);
        let r = c.response(id);
        assert_eq!(r["error"]["code"], -32602, "{m}: {r}");
    }
    // Notifications with bad params have no answer; the server just goes on.
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "file:///hostile/x.talk", "text": 42}}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": td, "contentChanges": "x"}),
    );
    c.notify("textDocument/didClose", json!(17));
    after(c, 0);
}

#[test]
fn unknown_methods() {
    let mut c = Client::start();
    for m in ["foo/bar", "$/unknownThing", "textDocument/teleport", ""] {
        let id = c.request_async(m, json!({}));
        assert_eq!(c.response(id)["error"]["code"], -32601, "{m}");
        c.notify(m, json!({}));
    }
    after(c, 0);
}

#[test]
fn notifications_sent_with_ids() {
    let mut c = Client::start();
    // A notification method sent as a request (with an id): whatever the
    // server does with it, any answer is well formed and it keeps serving.
    // (`exit` is left out: with or without an id it ends the process.)
    let methods = [
        "initialized",
        "textDocument/didOpen",
        "$/cancelRequest",
        "textDocument/didClose",
    ];
    for (i, m) in methods.iter().enumerate() {
        let id = 9000 + i as i64;
        let params = match *m {
            "textDocument/didOpen" => {
                json!({"textDocument": {"uri": "file:///hostile/n.talk", "languageId": "talknote", "version": 1, "text": KNOWN}})
            }
            "textDocument/didClose" => json!({"textDocument": {"uri": "file:///hostile/n.talk"}}),
            "$/cancelRequest" => json!({"id": 1}),
            _ => json!({}),
        };
        c.send(&json!({"jsonrpc": "2.0", "id": id, "method": m, "params": params}));
    }
    // A request that proves the ones before it were read and handled.
    let r = c.request("workspace/symbol", json!({"query": ""}));
    assert!(r.is_array() || r.is_null(), "{r}");
    // Whatever came back for them is well formed.
    while let Ok(m) = c.rx.try_recv() {
        c.backlog.push_back(m);
    }
    for m in c.backlog.iter().filter(|m| m.get("method").is_none()) {
        well_formed(m);
    }
    after(c, 0);
}

#[test]
fn requests_before_initialize() {
    let mut c = Client::spawn();
    let td = json!({"uri": KNOWN_URI});
    for (m, p) in [
        ("textDocument/documentSymbol", json!({"textDocument": td})),
        (
            "textDocument/hover",
            json!({"textDocument": td, "position": {"line": 0, "character": 0}}),
        ),
        ("workspace/symbol", json!({"query": "x"})),
    ] {
        let id = c.request_async(m, p);
        assert_eq!(
            c.response(id)["error"]["code"],
            -32002,
            "{m} before initialize"
        );
    }
    c.open(KNOWN_URI, KNOWN, 1);
    // Now initialize for real; the session then works.
    let r = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert!(r["capabilities"].is_object());
    c.notify("initialized", json!({}));
    // A second initialize is refused, not crashed on.
    let id = c.request_async(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert!(c.response(id).get("error").is_some());
    after(c, 0);
}

const EMOJI_URI: &str = "file:///hostile/emoji.talk";
const EMOJI: &str = " Emoji 😀 Talk\nby Ada Lovelace\n\nDescription: 👩‍💻 x\n";

#[test]
fn positions_past_the_end_and_inside_a_surrogate_pair() {
    let mut c = Client::start();
    c.open(EMOJI_URI, EMOJI, 1);
    let td = json!({"uri": EMOJI_URI});
    // Character 8 is between the two UTF-16 units of 😀.
    let positions = [
        json!({"line": 0, "character": 8}),
        json!({"line": 0, "character": 4_000_000_000u64}),
        json!({"line": 4_000_000_000u64, "character": 0}),
        json!({"line": 3, "character": 15}),
        json!({"line": 99, "character": 99}),
    ];
    for p in &positions {
        for (m, params) in [
            (
                "textDocument/hover",
                json!({"textDocument": td, "position": p}),
            ),
            (
                "textDocument/completion",
                json!({"textDocument": td, "position": p}),
            ),
            (
                "textDocument/definition",
                json!({"textDocument": td, "position": p}),
            ),
            (
                "textDocument/references",
                json!({"textDocument": td, "position": p, "context": {"includeDeclaration": true}}),
            ),
            (
                "textDocument/rename",
                json!({"textDocument": td, "position": p, "newName": "Z"}),
            ),
            (
                "textDocument/codeAction",
                json!({"textDocument": td, "range": {"start": positions[0], "end": p}, "context": {"diagnostics": []}}),
            ),
            (
                "textDocument/inlayHint",
                json!({"textDocument": td, "range": {"start": p, "end": positions[0]}}),
            ),
            (
                "textDocument/semanticTokens/range",
                json!({"textDocument": td, "range": {"start": positions[0], "end": p}}),
            ),
            (
                "textDocument/rangeFormatting",
                json!({"textDocument": td, "range": {"start": p, "end": p}, "options": {"tabSize": 4, "insertSpaces": true}}),
            ),
            (
                "textDocument/documentHighlight",
                json!({"textDocument": td, "position": p}),
            ),
            (
                "textDocument/selectionRange",
                json!({"textDocument": td, "positions": [p, positions[0]]}),
            ),
            ("textDocument/documentLink", json!({"textDocument": td})),
        ] {
            let id = c.request_async(m, params);
            let r = c.response(id);
            if matches!(
                m,
                "textDocument/documentHighlight"
                    | "textDocument/selectionRange"
                    | "textDocument/documentLink"
            ) {
                assert!(r.get("error").is_none(), "{m} at {p}: {r}");
            }
        }
    }
    // Edits at those positions: inside the pair snaps to the emoji's start,
    // past the end clamps to the end.
    let change =
        |s: &Value, e: &Value, t: &str| json!({"range": {"start": s, "end": e}, "text": t});
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": EMOJI_URI, "version": 2}, "contentChanges": [
            change(&positions[0], &positions[0], "X"),
            change(&positions[4], &positions[2], "\nTail"),
        ]}),
    );
    c.diagnostics(EMOJI_URI, 2, WAIT);
    let r = c.request("textDocument/documentSymbol", json!({"textDocument": td}));
    assert_eq!(r[0]["name"], "Emoji X😀 Talk", "{r}");
    let r = c.request("textDocument/foldingRange", json!({"textDocument": td}));
    assert!(r.is_array());
    after(c, 0);
}

#[test]
fn changes_to_unopened_documents_and_requests_after_close() {
    let mut c = Client::start();
    let ghost = "file:///hostile/never-opened.talk";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": ghost, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": ghost, "version": 3}, "contentChanges": [{"text": KNOWN}]}),
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": ghost}}),
    );
    let closed = "file:///hostile/closed.talk";
    c.open(closed, KNOWN, 1);
    c.diagnostics(closed, 1, WAIT);
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": closed}}),
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": closed}}),
    );
    for uri in [ghost, closed] {
        let td = json!({"uri": uri});
        let p = json!({"line": 0, "character": 1});
        for (m, params) in [
            ("textDocument/documentSymbol", json!({"textDocument": td})),
            (
                "textDocument/hover",
                json!({"textDocument": td, "position": p}),
            ),
            (
                "textDocument/completion",
                json!({"textDocument": td, "position": p}),
            ),
            (
                "textDocument/formatting",
                json!({"textDocument": td, "options": {"tabSize": 4, "insertSpaces": true}}),
            ),
            ("textDocument/diagnostic", json!({"textDocument": td})),
            (
                "textDocument/semanticTokens/full",
                json!({"textDocument": td}),
            ),
        ] {
            let id = c.request_async(m, params);
            let r = c.response(id);
            // A closed or unknown document has no talks to show.
            if m == "textDocument/documentSymbol" {
                let empty =
                    r.get("error").is_some() || r["result"].is_null() || r["result"] == json!([]);
                assert!(empty, "{uri}: {r}");
            }
        }
    }
    // The change to the unopened document did not open it.
    let r = c.request("workspace/symbol", json!({"query": "First"}));
    let in_ghost = r
        .as_array()
        .into_iter()
        .flatten()
        .any(|s| s["location"]["uri"] == ghost);
    assert!(!in_ghost, "{r}");
    after(c, 0);
}

#[test]
fn out_of_order_versions() {
    let mut c = Client::start();
    let uri = "file:///hostile/versions.talk";
    c.open(uri, " Alpha\nby A B\n", 5);
    c.diagnostics(uri, 5, WAIT);
    let full = |c: &mut Client, v: i64, t: &str| {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": t}]}),
        )
    };
    full(&mut c, 3, " Stale Three\n");
    full(&mut c, 7, " Gamma\nby C D\n");
    full(&mut c, 6, " Stale Six\n");
    full(&mut c, 7, " Stale Seven Again\n");
    c.diagnostics(uri, 7, WAIT);
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Gamma"], "stale versions must not be applied: {r}");
    after(c, 0);
}

/// `n` talks, each a few lines with a speaker, meta and sections.
fn many_talks(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 256);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!(
            " Talk number {i}\nby Speaker {} and Ann Lee\nWeb, Intermediate\n\nDescription: A talk.\n\nNotes\n\t* point\n\t\t- deeper\n\n",
            i % 97
        ));
        i += 1;
    }
    s
}

#[test]
fn a_50_mb_document() {
    let mut c = Client::start();
    let uri = "file:///hostile/big.talk";
    let text = many_talks(50 * MB);
    c.open(uri, &text, 1);
    c.diagnostics(uri, 1, LONG);
    // An edit at the end is applied and published too.
    let end = text.lines().count();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": end, "character": 0}, "end": {"line": end, "character": 0}}, "text": " Last Talk\n"}]}),
    );
    c.diagnostics(uri, 2, LONG);
    let id = c.request_async(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri}}),
    );
    let r = c.response_within(&json!(id), LONG);
    assert!(
        r["result"].as_array().is_some_and(|a| a.len() > 100_000),
        "folding ranges for every talk"
    );
    // Every talk of this document has three findings (1.4 million in all):
    // the server holds the tree, the per-talk findings and the index, and
    // writes 420 MB of diagnostics JSON. Measured in a release build: 28x
    // the text after the session (1.4 GB), 1.8 GB at the peak. Opening the
    // small document changes the index, so the big one is linted again
    // first (one state lock): its answer may take as long as that lint.
    after_within(c, text.len(), 40, LONG);
}

#[test]
fn a_1_mb_line() {
    let mut c = Client::start();
    let uri = "file:///hostile/long-line.talk";
    let line: String = "word ".repeat(MB / 5);
    let text = format!(" Long\nby Ann Lee\n\nDescription: {line}\n");
    c.open(uri, &text, 1);
    let diags = c.diagnostics(uri, 1, LONG);
    assert!(
        diags.iter().any(|d| d["code"] == "NL010"),
        "a 1 MB description is too long: {:?}",
        diags.iter().map(|d| &d["code"]).collect::<Vec<_>>()
    );
    let td = json!({"uri": uri});
    let mid = json!({"line": 3, "character": 500_000});
    for (m, p) in [
        (
            "textDocument/hover",
            json!({"textDocument": td, "position": mid}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": td, "position": mid}),
        ),
        (
            "textDocument/inlayHint",
            json!({"textDocument": td, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}}),
        ),
    ] {
        let id = c.request_async(m, p);
        c.response_within(&json!(id), LONG);
    }
    after(c, text.len());
}

#[test]
fn ten_thousand_nested_bullets() {
    let mut c = Client::start();
    let uri = "file:///hostile/nested.talk";
    // Each bullet one level deeper than the one before: 10,000 levels.
    let mut text = String::from(" Deep\nby Ann Lee\n\nNotes\n");
    for depth in 1..=10_000 {
        text.push_str(&"\t".repeat(depth));
        text.push_str("* point\n");
    }
    c.open(uri, &text, 1);
    c.diagnostics(uri, 1, LONG);
    let td = json!({"uri": uri});
    for m in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
    ] {
        let id = c.request_async(m, json!({"textDocument": td}));
        let r = c.response_within(&json!(id), LONG);
        assert!(r.get("result").is_some(), "{m}: {r}");
    }
    let id = c.request_async(
        "textDocument/formatting",
        json!({"textDocument": td, "options": {"tabSize": 4, "insertSpaces": false}}),
    );
    c.response_within(&json!(id), LONG);
    after(c, text.len());
}

#[test]
fn nul_bytes_and_control_characters() {
    let mut c = Client::start();
    let uri = "file:///hostile/controls.talk";
    let mut text = String::from(" Ctrl\u{0}Talk\u{1}\nby Ann\u{7f} Lee\u{1b}[31m\n\nDescription: \u{0}\u{0}\u{8}\u{c}\u{feff}\u{2028}\u{85}x\r\r\n");
    text.extend((0u8..32).map(|b| b as char));
    text.push('\n');
    c.open(uri, &text, 1);
    c.diagnostics(uri, 1, WAIT);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 5}, "end": {"line": 1, "character": 3}}, "text": "\u{0}\r\u{0}"}]}),
    );
    c.diagnostics(uri, 2, WAIT);
    let td = json!({"uri": uri});
    for m in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
    ] {
        let id = c.request_async(m, json!({"textDocument": td}));
        c.response(id);
    }
    // NUL inside a raw frame body (escaped in JSON and raw in a string).
    c.raw(&frame(b"{\"jsonrpc\":\"2.0\",\"id\":\"nul\",\"method\":\"workspace/symbol\",\"params\":{\"query\":\"\\u0000\"}}"));
    c.response_within(&json!("nul"), WAIT);
    // A raw NUL inside a JSON string is not JSON (control characters must be
    // escaped): a parse error, with a null id since none could be read.
    c.raw(&frame(b"{\"jsonrpc\":\"2.0\",\"id\":\"raw\",\"method\":\"workspace/symbol\",\"params\":{\"query\":\"\x00\"}}"));
    let r = c.wait_for("the parse error for a raw NUL", WAIT, |m| {
        m.get("error").is_some()
    });
    assert_eq!(r["error"]["code"], -32700, "{r}");
    assert!(r["id"].is_null(), "{r}");
    after(c, text.len());
}

#[test]
fn a_storm_of_5000_requests_without_waiting() {
    let mut c = Client::start();
    let uri = "file:///hostile/storm.talk";
    let text = many_talks(1_000);
    c.open(uri, &text, 1);
    let td = json!({"uri": uri});
    let methods = [
        ("textDocument/documentSymbol", json!({"textDocument": td})),
        (
            "textDocument/hover",
            json!({"textDocument": td, "position": {"line": 1, "character": 5}}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": td, "position": {"line": 1, "character": 3}}),
        ),
        ("textDocument/foldingRange", json!({"textDocument": td})),
        (
            "textDocument/inlayHint",
            json!({"textDocument": td, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 50, "character": 0}}}),
        ),
    ];
    // One write of every request, so nothing waits on the server.
    let mut batch = Vec::new();
    let first = c.next_id;
    for i in 0..5000 {
        let (m, p) = &methods[i % methods.len()];
        let id = first + i as i64;
        batch.extend(frame(
            json!({"jsonrpc": "2.0", "id": id, "method": m, "params": p})
                .to_string()
                .as_bytes(),
        ));
    }
    c.next_id += 5000;
    c.raw(&batch);
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let deadline = Instant::now() + LONG;
    while seen.len() < 5000 {
        let left = deadline.saturating_duration_since(Instant::now());
        let r = c.wait_for("the storm's responses", left, |m| {
            m.get("method").is_none()
                && m["id"]
                    .as_i64()
                    .is_some_and(|id| id >= first && id < first + 5000)
        });
        well_formed(&r);
        assert!(r.get("result").is_some(), "{r}");
        *seen.entry(r["id"].as_i64().unwrap()).or_default() += 1;
    }
    assert!(
        seen.values().all(|&n| n == 1),
        "every request answered exactly once"
    );
    after(c, batch.len());
}

/// The safety guarantees of the workspace index: files over `max-file-size`
/// are not read, symlinks out of the workspace are not followed, a FIFO
/// named like a note does not block indexing.
#[test]
fn workspace_index_caps_file_size_and_stays_inside_the_workspace() {
    let base = std::env::temp_dir().join(format!("notelint-hostile-ws-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let ws = base.join("ws");
    let outside = base.join("outside");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        ws.join("inside.talk"),
        " Inside Talk\nby Ann Lee\n\nDescription: x\n",
    )
    .unwrap();
    // 12 MB, over the default 10 MB cap.
    let huge = format!(
        " Huge Talk\nby Bob Ray\n\nDescription: {}\n",
        "word ".repeat(12 * MB / 5)
    );
    std::fs::write(ws.join("huge.talk"), &huge).unwrap();
    std::fs::write(
        outside.join("secret.talk"),
        " Secret Outside Talk\nby Eve\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, ws.join("linked-dir")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.talk"), ws.join("linked.talk")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(ws.join("pipe.talk"))
        .status()
        .is_ok_and(|s| s.success());

    let mut c = Client::spawn();
    let root = format!("file://{}", ws.display());
    let caps = json!({"window": {"workDoneProgress": true}});
    let r = c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": caps,
        "workspaceFolders": [{"uri": root, "name": "ws"}]}),
    );
    assert!(r["capabilities"].is_object());
    c.notify("initialized", json!({}));
    c.wait_for("indexing to end", LONG, |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let r = c.request("workspace/symbol", json!({"query": ""}));
    let names: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.contains(&"Inside Talk"), "{names:?}");
    assert!(
        !names.contains(&"Huge Talk"),
        "a file over max-file-size was read: {names:?}"
    );
    assert!(
        !names.contains(&"Secret Outside Talk"),
        "a symlink out of the workspace was followed: {names:?}"
    );
    println!("indexed {names:?} (FIFO present: {fifo})");
    after(c, 0);
    let _ = std::fs::remove_dir_all(&base);
}
