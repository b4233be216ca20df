//! A small JSON-RPC client for `notelint lsp` over its real stdio byte
//! stream: Content-Length framing, requests matched to responses by id,
//! notifications collected, server-to-client requests answered with `null`,
//! and every wait bounded with a message saying what did not arrive.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
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
                        let _ = write_frame(
                            w,
                            &json!({"jsonrpc": "2.0", "id": msg["id"], "result": null}),
                        );
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
                    panic!(
                        "timed out after {WAIT:?} waiting for {what}\nserver stderr:\n{}",
                        self.stderr()
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "server closed its output while waiting for {what}\nserver stderr:\n{}",
                        self.stderr()
                    )
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
        let (take, keep): (Vec<Value>, Vec<Value>) = self
            .backlog
            .drain(..)
            .partition(|m| m["method"] == method && m.get("id").is_none());
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
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// `initialize` + `initialized` with the given client capabilities and
    /// workspace folder; returns the initialize result.
    pub fn initialize(&mut self, capabilities: Value, root: Option<&str>) -> Value {
        let folders = root
            .map(|r| json!([{"uri": r, "name": "root"}]))
            .unwrap_or(Value::Null);
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

/// Byte offsets where lines start: after `\n`, `\r\n` or a lone `\r` (as LSP says).
pub fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                i += 2;
                starts.push(i);
            }
            b'\r' | b'\n' => {
                i += 1;
                starts.push(i);
            }
            _ => i += 1,
        }
    }
    starts
}

/// LSP position of a byte offset (not inside a CRLF pair), in UTF-16 or UTF-8 units.
pub fn lsp_pos(text: &str, offset: usize, utf16: bool) -> Value {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let seg = &text[starts[line]..offset];
    let ch: usize = if utf16 {
        seg.chars().map(char::len_utf16).sum()
    } else {
        seg.len()
    };
    json!({"line": line, "character": ch})
}

pub fn utf16_pos(text: &str, offset: usize) -> Value {
    lsp_pos(text, offset, true)
}

pub fn utf8_pos(text: &str, offset: usize) -> Value {
    lsp_pos(text, offset, false)
}

pub fn lsp_range(text: &str, r: std::ops::Range<usize>, utf16: bool) -> Value {
    json!({"start": lsp_pos(text, r.start, utf16), "end": lsp_pos(text, r.end, utf16)})
}

/// A fresh empty directory under the system temp dir.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "notelint-lsp-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

pub fn file_uri(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}

/// Apply LSP text edits (UTF-16 positions) to `text`; a character past a
/// line's end means the line's end, as the specification says.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let starts = line_starts(text);
    let off = |p: &Value| offset_in(text, &starts, p);
    let mut es: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                off(&e["range"]["start"]),
                off(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    es.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut s = text.to_string();
    for (a, b, t) in es {
        s.replace_range(a..b, &t);
    }
    s
}

/// The byte offset of an LSP position (UTF-16) in `text`, whose line
/// starts are `starts`; a character past the line's end is its end.
pub fn offset_in(text: &str, starts: &[usize], p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap() as usize;
    let ch = p["character"].as_u64().unwrap() as usize;
    let Some(&s) = starts.get(line) else {
        return text.len();
    };
    let mut units = 0;
    for (i, c) in text[s..].char_indices() {
        if units >= ch || c == '\n' || c == '\r' {
            return s + i;
        }
        units += c.len_utf16();
    }
    text.len()
}
