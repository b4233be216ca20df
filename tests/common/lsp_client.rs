//! A small JSON-RPC client for `notelint lsp` over its real stdio byte
//! stream: Content-Length framing, requests matched to responses by id,
//! notifications collected, server-to-client requests answered with `null`,
//! and every wait bounded with a message saying what did not arrive.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(30);

pub struct LspClient {
    child: Child,
    stdin: Arc<Mutex<Option<ChildStdin>>>,
    rx: Receiver<Value>,
    /// Messages received but not yet asked for.
    backlog: VecDeque<Value>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
}

fn write_frame(w: &mut impl Write, v: &Value) -> std::io::Result<()> {
    let body = serde_json::to_vec(v).expect("serialise");
    write!(w, "Content-Length: {}\r\n\r\n", body.len())?;
    w.write_all(&body)?;
    w.flush()
}

/// Read one framed message; `None` at end of stream.
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
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl LspClient {
    pub fn spawn() -> LspClient {
        Self::spawn_in(None)
    }

    /// Start `notelint lsp`, optionally in a working directory.
    pub fn spawn_in(dir: Option<&std::path::Path>) -> LspClient {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_notelint"));
        cmd.arg("lsp")
            .env("NOTELINT_LSP_TEST_HOOKS", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(d) = dir {
            cmd.current_dir(d);
        }
        let mut child = cmd.spawn().expect("start notelint lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let stdout = child.stdout.take().expect("stdout");
        let stderr_pipe = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        let reply_to = Arc::clone(&stdin);
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_frame(&mut r) {
                // Server-to-client requests (registerCapability, progress
                // create, …) get an empty success so the server moves on.
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    if let Some(w) = reply_to.lock().unwrap().as_mut() {
                        let _ = write_frame(w, &json!({"jsonrpc": "2.0", "id": msg["id"], "result": null}));
                    }
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut r = BufReader::new(stderr_pipe);
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        LspClient {
            child,
            stdin,
            rx,
            backlog: VecDeque::new(),
            next_id: 1,
            stderr,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn send(&mut self, v: &Value) {
        let mut g = self.stdin.lock().unwrap();
        let w = g.as_mut().expect("stdin already closed");
        write_frame(w, v).expect("write to server");
    }

    /// Write raw bytes (for malformed-input tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let mut g = self.stdin.lock().unwrap();
        let w = g.as_mut().expect("stdin already closed");
        w.write_all(bytes).expect("write");
        w.flush().expect("flush");
    }

    pub fn close_stdin(&mut self) {
        self.stdin.lock().unwrap().take();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request; returns its id.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Wait for the response to `id` (the whole message: `result` or `error`).
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("the response to request {id}"), |m| {
            m.get("method").is_none() && m.get("id") == Some(&json!(id))
        })
    }

    /// Send a request and return its `result`, failing on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        let r = self.response(id);
        if let Some(e) = r.get("error") {
            panic!("{method} failed: {e}\nserver stderr:\n{}", self.stderr());
        }
        r["result"].clone()
    }

    /// The next message (kept or newly read) matching `pred`; others stay in
    /// the backlog. Fails the test after [`WAIT`].
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(m) => self.backlog.push_back(m),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out after {WAIT:?} waiting for {what}\nserver stderr:\n{}", self.stderr())
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed its output while waiting for {what}\nserver stderr:\n{}", self.stderr())
                }
            }
        }
    }

    /// Drop every collected message (used before waiting for fresh ones).
    pub fn drain(&mut self) {
        while let Ok(m) = self.rx.try_recv() {
            self.backlog.push_back(m);
        }
    }

    /// Notifications of `method` received so far (removed from the backlog).
    pub fn take_notifications(&mut self, method: &str) -> Vec<Value> {
        self.drain();
        let (take, keep): (Vec<Value>, Vec<Value>) =
            self.backlog.drain(..).partition(|m| m["method"] == method && m.get("id").is_none());
        self.backlog = keep.into();
        take.into_iter().map(|m| m["params"].clone()).collect()
    }

    /// Wait for `publishDiagnostics` for `uri` with exactly `version`.
    pub fn diagnostics_for(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(&format!("diagnostics for {uri} version {version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        });
        m["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// `initialize` + `initialized` with the given client capabilities and
    /// workspace folder; returns the initialize result.
    pub fn initialize(&mut self, capabilities: Value, root: Option<&str>) -> Value {
        let folders = root.map(|r| json!([{"uri": r, "name": "root"}])).unwrap_or(Value::Null);
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": capabilities, "workspaceFolders": folders}),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// The plain default: UTF-16, no workspace.
    pub fn start() -> LspClient {
        let mut c = LspClient::spawn();
        c.initialize(json!({}), None);
        c
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "talknote", "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// Wait for the process to end, at most `limit` (polls its status).
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
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

    /// `shutdown` then `exit`, with stdin left open; the exit status.
    pub fn shutdown_exit(&mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert!(r.is_null(), "shutdown result should be null, got {r}");
        self.notify("exit", Value::Null);
        self.wait_exit(WAIT)
            .unwrap_or_else(|| panic!("server did not exit within {WAIT:?} after shutdown+exit"))
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        // Never leave a server behind when a test fails half-way.
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stdin.lock().unwrap().take();
    }
}

/// UTF-16 line/character of a byte offset in `text` (what a VS Code client computes).
pub fn utf16_pos(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let ch: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": ch})
}

/// UTF-8 line/character of a byte offset.
pub fn utf8_pos(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": offset - line_start})
}
