//! Formatting and fix-all speed (issue 26, item 8): the seed notes repeated
//! to 100 KB, 1 MB and 10 MB, and a note of 1,000,000 lines.
//!
//! In the library: `lint_text` (what `check` lints), `format` (`fmt`),
//! `fix_text` (`check --fix`), whole-document formatting edits and a
//! 50-line range format in the middle. Through the server (`notelint lsp`,
//! the binary named by `NOTELINT_BIN`, default `target/release/notelint`):
//! formatting, a 50-line range formatting, fix-all, and a hover sent right
//! after a formatting request (answered before it, or not). Prints numbers;
//! asserts nothing.
//! `cargo run --release --example bench_format [SEED_DIR]`

#[path = "common/frames.rs"]
mod frames;
use frames::read_frame;
use notelint::analysis::format::format_edits;
use notelint::analysis::{format, lint_text};
use notelint::cli::fix::fix_text;
use notelint::index::Index;
use notelint::lint::LintConfig;
use notelint::syntax::Document;
use serde_json::{json, Value};
use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn seeds(dir: &str) -> String {
    let mut s = String::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(&p) {
                s.push_str(&t);
                if !s.ends_with('\n') {
                    s.push('\n');
                }
            }
        }
    }
    if s.is_empty() {
        s = " Talk  \nJane Doe\n\n\n\nNotes\n    * a\n\t- b\n".repeat(20);
    }
    s
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// The fastest of `n` runs.
fn best<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    /// Each message and when its last byte arrived (before it is parsed:
    /// parsing a 1 MB answer into a `Value` is the client's time, not the
    /// server's).
    rx: mpsc::Receiver<(Instant, Value)>,
    next: i64,
}

impl Server {
    fn start(bin: &str) -> Server {
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start notelint lsp (set NOTELINT_BIN)");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 20, stdout);
            let mut body = Vec::new();
            while let Some(m) = read_frame(&mut r, &mut body) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let mut s = Server {
            child,
            stdin,
            rx,
            next: 1,
        };
        let id = s.send_request("initialize", json!({"processId": null, "capabilities": {}}));
        s.answer(id);
        s.notify("initialized", json!({}));
        s
    }

    fn send(&mut self, v: &Value) {
        let body = serde_json::to_vec(v).unwrap();
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len());
        let _ = self.stdin.write_all(&body);
        let _ = self.stdin.flush();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next;
        self.next += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Wait for the first diagnostics published for `uri`.
    fn wait_diagnostics(&mut self, uri: &str) {
        loop {
            let (_, m) = self.rx.recv().expect("server publishes");
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return;
            }
        }
    }

    /// Wait for the answer to `id`; returns it, which answers came
    /// before it and when it arrived.
    fn answer(&mut self, id: i64) -> (Value, Vec<i64>, Instant) {
        let mut before = Vec::new();
        loop {
            let (at, m) = self.rx.recv().expect("server answers");
            if m.get("method").is_some() {
                continue;
            }
            match m["id"].as_i64() {
                Some(i) if i == id => return (m, before, at),
                Some(i) => before.push(i),
                None => {}
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> (Duration, Value) {
        let t = Instant::now();
        let id = self.send_request(method, params);
        let (v, _, at) = self.answer(id);
        (at - t, v)
    }

    fn stop(mut self) {
        let id = self.send_request("shutdown", Value::Null);
        self.answer(id);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// The byte range of 50 lines from the middle of `text`, and the same as
/// an LSP range.
fn middle_lines(text: &str) -> (std::ops::Range<usize>, Value) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let first = starts.len() / 2;
    let last = (first + 50).min(starts.len() - 1);
    let range =
        json!({"start": {"line": first, "character": 0}, "end": {"line": last, "character": 0}});
    (starts[first]..starts[last], range)
}

fn library(name: &str, text: &str) {
    let config = LintConfig::default();
    let index = Index::default();
    let runs = if text.len() > 5_000_000 { 1 } else { 3 };
    let check = best(runs, || lint_text("n.talk", text, &config, &index).len());
    let fmt = best(runs, || format(text, &config.parse));
    let fix = best(runs, || fix_text("n.talk", text, &config, &index, false));
    let doc = Document::new(text, config.parse.clone());
    let whole = best(runs, || format_edits(&doc, None).len());
    let (r, _) = middle_lines(text);
    let range = best(runs, || format_edits(&doc, Some(r.clone())).len());
    println!(
        "| {name} | {} | {} ({:.1}x) | {} | {} | {} |",
        ms(check),
        ms(fmt),
        fmt.as_secs_f64() / check.as_secs_f64(),
        ms(fix),
        ms(whole),
        ms(range)
    );
}

fn server(bin: &str, name: &str, text: &str) {
    let mut s = Server::start(bin);
    let uri = "file:///tmp/notelint-bench-format.talk";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "talknote", "version": 1, "text": text}}),
    );
    let opts = json!({"tabSize": 4, "insertSpaces": false});
    // Timing starts once the note's diagnostics are out: the lint of the
    // open would otherwise share the two cores with the first request.
    s.wait_diagnostics(uri);
    // The fastest of 5 (1 above 5 MB): this machine is shared.
    let runs = if text.len() > 5_000_000 { 1 } else { 5 };
    let mut whole = Duration::MAX;
    let mut first = None;
    let mut edits = 0;
    for _ in 0..runs {
        let (d, v) = s.request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": opts}),
        );
        whole = whole.min(d);
        first.get_or_insert(d);
        edits = v["result"].as_array().map_or(0, Vec::len);
    }
    let first = first.unwrap_or_default();
    let (_, r) = middle_lines(text);
    let (range, _) = s.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri}, "range": r, "options": opts}),
    );
    let (fix_all, _) = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": r,
               "context": {"diagnostics": [], "only": ["source.fixAll.notelint"]}}),
    );
    // A hover sent right behind a formatting request.
    let t = Instant::now();
    let f = s.send_request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": opts}),
    );
    let h = s.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}),
    );
    let (_, before, at) = s.answer(h);
    let hover = at - t;
    let order = if before.contains(&f) {
        "after"
    } else {
        "before"
    };
    s.answer(f);
    println!(
        "| {name} | {} / {} ({edits} edits) | {} | {} | {} ({order} the formatting) |",
        ms(first),
        ms(whole),
        ms(range),
        ms(fix_all),
        ms(hover)
    );
    s.stop();
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/seeds".into());
    let unit = seeds(&dir);
    let mut notes: Vec<(String, String)> = Vec::new();
    for (name, size) in [
        ("100 KB", 100_000usize),
        ("1 MB", 1_000_000),
        ("10 MB", 10_000_000),
    ] {
        let mut t = String::with_capacity(size + unit.len());
        while t.len() < size {
            t.push_str(&unit);
        }
        notes.push((name.to_string(), t));
    }
    let mut lines = String::new();
    let mut n = 0;
    'fill: loop {
        for l in unit.split_inclusive('\n') {
            lines.push_str(l);
            n += 1;
            if n == 1_000_000 {
                break 'fill;
            }
        }
    }
    let mb = lines.len() as f64 / 1e6;
    notes.push((format!("1,000,000 lines ({mb:.1} MB)"), lines));

    println!("Library (fastest of 3 runs; 1 run above 5 MB):\n");
    println!("| note | lint (check) | format (fmt) | fix_text (check --fix) | formatting edits | 50-line range |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for (name, text) in &notes {
        library(name, text);
    }
    let bin = std::env::var("NOTELINT_BIN").unwrap_or_else(|_| "target/release/notelint".into());
    if !std::path::Path::new(&bin).exists() {
        println!("\nserver skipped: {bin} is absent (build it, or set NOTELINT_BIN)");
        return;
    }
    println!("\nServer ({bin}; from sending the request to the last byte of the answer; formatting: the first request / the fastest of 5, 1 above 5 MB):\n");
    println!("| note | formatting | 50-line range formatting | fix-all | hover sent behind a formatting |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, text) in &notes {
        server(&bin, name, text);
    }
}
