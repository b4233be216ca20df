//! The language server's message decoder and dispatcher on arbitrary byte
//! streams: the real framing and service (`notelint::lsp::serve`), run
//! in-process. A stream is a list of pieces: honestly framed JSON-RPC
//! messages (typed params for every method, or arbitrary JSON values),
//! honestly framed arbitrary bodies, header garbage, and (in one mode) frames
//! whose Content-Length lies. Checks: no panic anywhere (libFuzzer aborts on
//! any panic, even one the server would catch), no hang, and — whenever the
//! framing was honest — the server still answers a well-formed request
//! correctly afterwards (documentSymbol on a known two-talk document).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use notelint_fuzz::{render, Piece};
use serde_json::{json, Map, Value};
use std::io::Read;
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::io::AsyncReadExt;

const METHODS: &[&str] = &[
    "initialize", "initialized", "shutdown", "exit", "textDocument/didOpen", "textDocument/didChange",
    "textDocument/didClose", "textDocument/didSave", "textDocument/documentSymbol", "textDocument/foldingRange",
    "textDocument/completion", "textDocument/hover", "textDocument/definition", "textDocument/references",
    "textDocument/rename", "textDocument/prepareRename", "textDocument/codeAction", "textDocument/formatting",
    "textDocument/rangeFormatting", "textDocument/inlayHint", "textDocument/semanticTokens/full",
    "textDocument/semanticTokens/range", "textDocument/diagnostic", "workspace/symbol",
    "workspace/didChangeWatchedFiles", "workspace/didChangeConfiguration", "workspace/executeCommand",
    "$/cancelRequest", "$/setTrace", "notelint/invalidMessage", "notelint/testPanic", "unknown/method", "",
];
const KEYS: &[&str] = &[
    "textDocument", "uri", "position", "line", "character", "range", "start", "end", "text", "version",
    "contentChanges", "context", "diagnostics", "only", "query", "newName", "options", "tabSize",
    "insertSpaces", "includeDeclaration", "capabilities", "rootUri", "processId", "id", "languageId",
    "changes", "settings", "workspaceFolders", "general", "positionEncodings", "jsonrpc", "method", "params",
];
const URIS: &[&str] = &["file:///fz/a.talk", "file:///fz/b.talk", "untitled:Untitled-1", "", "not a uri", "file:///fz/%E2%82%AC.talk"];

#[derive(Debug, Arbitrary)]
enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Vec<Piece>),
    Arr(Vec<Val>),
    Obj(Vec<(u8, Val)>),
}

fn val(v: &Val) -> Value {
    match v {
        Val::Null => Value::Null,
        Val::Bool(b) => json!(b),
        Val::Int(i) => json!(i),
        Val::Float(f) => json!(f),
        Val::Str(p) => json!(render(p)),
        Val::Arr(a) => Value::Array(a.iter().take(8).map(val).collect()),
        Val::Obj(o) => Value::Object(
            o.iter().take(8).map(|(k, v)| (KEYS[*k as usize % KEYS.len()].to_string(), val(v))).collect::<Map<_, _>>(),
        ),
    }
}

#[derive(Debug, Arbitrary)]
enum Id {
    None,
    Num(i32),
    Str(u8),
    Weird(Val),
}

#[derive(Debug, Arbitrary)]
struct Pos(u16, u16, bool);

fn pos(p: &Pos) -> Value {
    // Mostly small (inside a document), sometimes huge (past the end).
    let big = |x: u16| if p.2 { x as u64 * 65_537 } else { x as u64 % 40 };
    json!({"line": big(p.0), "character": big(p.1)})
}

#[derive(Debug, Arbitrary)]
enum Params {
    Typed { uri: u8, a: Pos, b: Pos, text: Vec<Piece>, version: i32, full: bool, utf8: bool },
    Any(Val),
    Missing,
}

fn params(method: &str, p: &Params) -> Option<Value> {
    match p {
        Params::Missing => None,
        Params::Any(v) => Some(val(v)),
        Params::Typed { uri, a, b, text, version, full, utf8 } => {
            let uri = URIS[*uri as usize % URIS.len()];
            let td = json!({"uri": uri});
            let range = json!({"start": pos(a), "end": pos(b)});
            let text = render(text);
            Some(match method {
                "initialize" => {
                    let enc = if *utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
                    json!({"processId": null, "rootUri": null, "capabilities": {"general": {"positionEncodings": enc}}})
                }
                "textDocument/didOpen" => {
                    json!({"textDocument": {"uri": uri, "languageId": "talknote", "version": version, "text": text}})
                }
                "textDocument/didChange" => {
                    let change = if *full { json!({"text": text}) } else { json!({"range": range, "text": text}) };
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
                }
                "textDocument/rename" => json!({"textDocument": td, "position": pos(a), "newName": text}),
                "textDocument/codeAction" => {
                    json!({"textDocument": td, "range": range, "context": {"diagnostics": [], "only": if *full { json!(["source.fixAll.notelint"]) } else { Value::Null }}})
                }
                "textDocument/formatting" => json!({"textDocument": td, "options": {"tabSize": 4, "insertSpaces": full}}),
                "textDocument/rangeFormatting" => {
                    json!({"textDocument": td, "range": range, "options": {"tabSize": 2, "insertSpaces": full}})
                }
                "textDocument/inlayHint" | "textDocument/semanticTokens/range" => json!({"textDocument": td, "range": range}),
                "textDocument/references" => {
                    json!({"textDocument": td, "position": pos(a), "context": {"includeDeclaration": full}})
                }
                "workspace/symbol" => json!({"query": text}),
                "workspace/didChangeWatchedFiles" => json!({"changes": [{"uri": uri, "type": (*version).rem_euclid(4)}]}),
                "workspace/didChangeConfiguration" => json!({"settings": {"notelint": {"x": text}}}),
                "$/cancelRequest" => json!({"id": version}),
                "textDocument/didClose" | "textDocument/didSave" | "textDocument/documentSymbol"
                | "textDocument/foldingRange" | "textDocument/semanticTokens/full" | "textDocument/diagnostic" => {
                    json!({"textDocument": td})
                }
                _ => json!({"textDocument": td, "position": pos(a)}),
            })
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Piece2 {
    Msg { method: u8, id: Id, params: Params },
    Body(Vec<u8>),
    Garbage(Vec<u8>),
    LyingLength { claimed: u16, body: Vec<u8> },
}

#[derive(Debug, Arbitrary)]
struct Session {
    pieces: Vec<Piece2>,
}

fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

/// The stream, and whether its framing is honest.
fn stream(s: &Session) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut honest = true;
    for p in s.pieces.iter().take(48) {
        match p {
            Piece2::Msg { method, id, params: ps } => {
                let m = METHODS[*method as usize % METHODS.len()];
                let mut msg = Map::new();
                msg.insert("jsonrpc".into(), json!("2.0"));
                msg.insert("method".into(), json!(m));
                match id {
                    Id::None => {}
                    Id::Num(n) => {
                        msg.insert("id".into(), json!(n));
                    }
                    Id::Str(n) => {
                        msg.insert("id".into(), json!(format!("s{n}")));
                    }
                    Id::Weird(v) => {
                        msg.insert("id".into(), val(v));
                    }
                }
                if let Some(v) = params(m, ps) {
                    msg.insert("params".into(), v);
                }
                frame(&mut out, Value::Object(msg).to_string().as_bytes());
            }
            Piece2::Body(b) => frame(&mut out, b),
            Piece2::Garbage(g) => {
                // Without ':' no garbage line can pass for a header, so the
                // framing stays honest; the blank line ends the bad block.
                out.extend(g.iter().map(|&c| if c == b':' { b';' } else { c }));
                out.extend_from_slice(b"\r\n\r\n");
            }
            Piece2::LyingLength { claimed, body } => {
                honest = false;
                out.extend_from_slice(format!("Content-Length: {claimed}\r\n\r\n").as_bytes());
                out.extend_from_slice(body);
            }
        }
    }
    (out, honest)
}

/// Blocking input fed chunk by chunk; ends when the sender is dropped.
struct ChanReader {
    rx: std_mpsc::Receiver<Vec<u8>>,
    buf: Vec<u8>,
    pos: usize,
}

impl Read for ChanReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.buf.len() {
            match self.rx.recv() {
                Ok(b) => {
                    self.buf = b;
                    self.pos = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

async fn read_frame(r: &mut (impl AsyncReadExt + Unpin), buf: &mut Vec<u8>) -> Option<Value> {
    loop {
        if let Some(h) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..h]).to_string();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length:"))
                .map(|v| v.trim().parse().expect("server sent a bad Content-Length"))
                .expect("server sent a frame without Content-Length");
            if buf.len() >= h + 4 + len {
                let body: Vec<u8> = buf.drain(..h + 4 + len).skip(h + 4).collect();
                return Some(serde_json::from_slice(&body).expect("server sent a body that is not JSON"));
            }
        }
        let mut chunk = [0u8; 1 << 16];
        let n = r.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

const KNOWN: &str = " First Talk\nby Ann Lee\n\nDescription: One.\n\n Second Talk\nby Bob Ray\n\nBio: Two.\n";

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap())
}

fuzz_target!(|s: Session| {
    let (bytes, honest) = stream(&s);
    if std::env::var_os("NOTELINT_FUZZ_DUMP").is_some() {
        eprintln!("honest={honest} stream={:?}", String::from_utf8_lossy(&bytes));
    }
    runtime().block_on(async move {
        let (tx, rx) = std_mpsc::channel::<Vec<u8>>();
        // Shared so that closing the input (taking the sender) is one act.
        let tx = Arc::new(Mutex::new(Some(tx)));
        let (server_out, mut client_in) = tokio::io::duplex(1 << 20);
        let mut server = tokio::spawn(notelint::lsp::serve(ChanReader { rx, buf: Vec::new(), pos: 0 }, server_out));
        let send_raw = {
            let tx = Arc::clone(&tx);
            move |b: Vec<u8>| {
                if let Some(t) = tx.lock().unwrap().as_ref() {
                    let _ = t.send(b);
                }
            }
        };
        send_raw(bytes);

        // Read everything the server says, answer its requests, and hand
        // responses on; the channel closes when the server's output ends.
        let (resp_tx, mut resp_rx) = tokio::sync::mpsc::unbounded_channel::<Value>();
        let reply = send_raw.clone();
        let reader = tokio::spawn(async move {
            let mut buf = Vec::new();
            while let Some(m) = read_frame(&mut client_in, &mut buf).await {
                assert_eq!(m["jsonrpc"], "2.0", "not JSON-RPC 2.0: {m}");
                if m.get("method").is_some() {
                    if let Some(id) = m.get("id") {
                        let mut f = Vec::new();
                        frame(&mut f, json!({"jsonrpc": "2.0", "id": id, "result": null}).to_string().as_bytes());
                        reply(f);
                    }
                    continue;
                }
                assert!(
                    m.get("result").is_some() != m.get("error").is_some(),
                    "a response needs exactly one of result/error: {m}"
                );
                let _ = resp_tx.send(m);
            }
        });
        // The response with `id`, or None once the server has ended.
        async fn wait(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Value>, id: &str) -> Option<Value> {
            while let Some(m) = rx.recv().await {
                if m["id"] == id {
                    return Some(m);
                }
            }
            None
        }
        let send = |m: Value| {
            let mut f = Vec::new();
            frame(&mut f, m.to_string().as_bytes());
            send_raw(f);
        };
        let limit = Duration::from_secs(20);
        // As a client must, wait for initialize's answer before going on (it
        // is an error when the stream already initialized the server).
        send(json!({"jsonrpc": "2.0", "id": "fz-init", "method": "initialize", "params": {"capabilities": {}}}));
        if !honest {
            // A lying frame may swallow anything after it: end the input so
            // the server sees its end; it must then stop, without panicking.
            tx.lock().unwrap().take();
        }
        let init = tokio::time::timeout(limit, wait(&mut resp_rx, "fz-init")).await.expect("server hung");
        let mut answer = None;
        if init.is_some() {
            send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
            send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
                {"uri": "file:///fz/final.talk", "languageId": "talknote", "version": 1, "text": KNOWN}}}));
            send(json!({"jsonrpc": "2.0", "id": "fz-final", "method": "textDocument/documentSymbol",
                   "params": {"textDocument": {"uri": "file:///fz/final.talk"}}}));
            answer = tokio::time::timeout(limit, wait(&mut resp_rx, "fz-final")).await.expect("server hung");
        }
        tx.lock().unwrap().take();
        let code = tokio::time::timeout(limit, &mut server).await.expect("server did not end").unwrap();
        reader.await.unwrap();
        match answer {
            Some(m) => {
                if let Some(r) = m.get("result") {
                    let talks = r.as_array().map(|a| a.len());
                    assert_eq!(talks, Some(2), "documentSymbol on the known document: {r}");
                }
            }
            // Only an `exit` (code 0 after shutdown, 1 without) or a lying
            // frame that swallowed the rest of the input may end the session.
            None => assert!(!honest || bytes_had_exit(&s), "session ended without answering (code {code})"),
        }
    });
});

fn bytes_had_exit(s: &Session) -> bool {
    // The honest stream ended early only if it told the server to exit: a
    // typed `exit` message, or a raw body the server read as one.
    s.pieces.iter().take(48).any(|p| match p {
        Piece2::Msg { method, .. } => METHODS[*method as usize % METHODS.len()] == "exit",
        Piece2::Body(b) => String::from_utf8_lossy(b).contains("exit") || b.contains(&b'\\'),
        _ => false,
    })
}
