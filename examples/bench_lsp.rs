//! LSP latency benchmark: drives `notelint lsp` over stdio like an editor.
//!
//! For documents of 100 KB, 1 MB and 10 MB (built by repeating a proposal
//! in the style of the seed notes, each talk with its own title): time from
//! didOpen to the first diagnostics; 200 one-character edits each at the
//! start, middle and end, each timed until the publishDiagnostics for its
//! version; documentSymbol, completion and speaker-completion latency, each
//! right after a keystroke; server memory (RSS).
//! Latencies run from sending to the arrival of the answer's last byte (the
//! client parses after that, so its own JSON parsing is not counted).
//!
//! Then, when the seed notes are beside the repository (`../shared/seeds`),
//! the same sizes made by repeating the seeds, which carry many findings as
//! real notes do: keystroke → diagnostics p50 / p99 with pushed diagnostics
//! and with pulled ones (`textDocument/diagnostic` right after each change,
//! as VS Code does), and the server's peak RSS.
//!
//!     cargo build --release && cargo run --release --example bench_lsp
//!
//! `NOTELINT_BIN` overrides the server binary (default: the release build
//! next to this example); `NOTELINT_BENCH=seeds` runs only the seed-derived
//! table, `NOTELINT_BENCH=synthetic` only the first. For the seed table,
//! `NOTELINT_BENCH_KEYS` sets the keystrokes per size (default 200),
//! `NOTELINT_BENCH_SIZES` the sizes in bytes (comma-separated, default
//! `100000,1000000,10000000`), and `NOTELINT_BENCH_CONFIG` a `notelint.toml`
//! the server uses (`initializationOptions.configPath`), e.g. one with
//! `[rules] blank-lines = "off"` for the finding counts issue 17 measured.

#[path = "common/frames.rs"]
mod frames;
use frames::read_frame;
use serde_json::{json, Value};
use std::io::{BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<(Instant, Value, usize)>,
    next_id: i64,
    /// The size in bytes of the last message waited for.
    last_len: usize,
}

impl Server {
    fn start(bin: &str) -> Server {
        Server::start_with(bin, json!({}))
    }

    fn start_with(bin: &str, capabilities: Value) -> Server {
        Server::start_opts(bin, capabilities, Value::Null)
    }

    fn start_opts(bin: &str, capabilities: Value, options: Value) -> Server {
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start notelint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 20, stdout);
            // One receive buffer for every message, its pages touched
            // before the first: a fresh 14 MB buffer's page faults are the
            // client's cost, not the server's latency.
            let mut body = vec![1u8; 32 << 20];
            body.clear();
            while let Some((at, m)) = read_frame(&mut r, &mut body) {
                if tx.send((at, m, body.len())).is_err() {
                    break;
                }
            }
        });
        let mut s = Server {
            child,
            stdin,
            rx,
            next_id: 1,
            last_len: 0,
        };
        s.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                "initializationOptions": options}),
        );
        s.notify("initialized", json!({}));
        s
    }

    fn send(&mut self, v: &Value) {
        let body = serde_json::to_vec(v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> (Instant, Value) {
        loop {
            let (at, m, len) = self
                .rx
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"));
            if pred(&m) {
                self.last_len = len;
                return (at, m);
            }
        }
    }

    /// Send a request; its answer's result and the time from sending to
    /// the answer's arrival.
    fn request(&mut self, method: &str, params: Value) -> (Duration, Value) {
        let id = self.next_id;
        self.next_id += 1;
        let t = Instant::now();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let (at, mut r) = self.wait(method, |m| {
            m.get("method").is_none() && m["id"] == json!(id)
        });
        (at.duration_since(t), r["result"].take())
    }

    /// The number of diagnostics published for `version`, and when they arrived.
    fn diagnostics(&mut self, version: i64) -> (Instant, usize) {
        let (at, m) = self.wait("diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["version"] == json!(version)
        });
        (
            at,
            m["params"]["diagnostics"].as_array().map_or(0, |d| d.len()),
        )
    }

    /// (current, peak) resident set size in bytes, from /proc.
    fn rss(&self) -> (u64, u64) {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            s.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
                * 1024
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// A proposal in the style of seed 004, numbered so titles stay unique.
fn talk(i: usize) -> String {
    format!(
        "___________________________________________________________________________________________\n\n\
         Talk Number {i}: Memory Model & Best Practices\n\n\
         Wesley Chun\n\n\
         Language Internals, Intermediate\n\n\
         Description: There's a growing crowd of Python users who don't consider themselves beginners anymore. \
         However some users at this stage discover odd behavior that's hard to explain.\n\n\
         Abstract: In \"Python 101,\" you learned basic Python syntax. In \"Python 102\" you went further, exploring \
         Python more deeply -- creating/using classes, decorators, files, other standard library modules.\n\n\
         Notes\n\
         \t* Ref counts and the garbage collector\n\
         \t* Objects, references and the memory model\n\n\
         Bio: Wesley J Chun is the author of the bestselling Core Python titles and the Python Fundamentals Live Lessons.\n\n"
    )
}

fn document(size: usize) -> String {
    let mut s = String::with_capacity(size + 2048);
    let mut i = 0;
    while s.len() < size {
        s.push_str(&talk(i));
        i += 1;
    }
    s
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The k-th of alternating edits at (line, col): type an `x`, delete it.
fn keystroke(line: usize, col: usize, k: usize) -> Value {
    if k % 2 == 0 {
        json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": "x"})
    } else {
        json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, "text": ""})
    }
}

fn utf16_pos_of_line(text: &str, line_of: usize) -> (usize, usize) {
    // Line number and length of the line containing byte `line_of`.
    let line = text[..line_of].matches('\n').count();
    let start = text[..line_of].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (line, text[start..end].encode_utf16().count())
}

fn main() {
    if let Some(len) = std::env::var("NOTELINT_BENCH_PIPE_WRITER")
        .ok()
        .and_then(|l| l.parse().ok())
    {
        return pipe_writer(len);
    }
    let bin = std::env::var("NOTELINT_BIN").unwrap_or_else(|_| {
        let exe = std::env::current_exe().unwrap();
        exe.parent()
            .and_then(|p| p.parent())
            .unwrap()
            .join("notelint")
            .display()
            .to_string()
    });
    println!("server: {bin}");
    let only = std::env::var("NOTELINT_BENCH").unwrap_or_default();
    if only != "seeds" {
        synthetic(&bin);
    }
    if only != "synthetic" {
        seeded(&bin);
    }
}

fn synthetic(bin: &str) {
    println!(
        "{:>7} | {:>9} | {:>21} | {:>21} | {:>21} | {:>15} | {:>15} | {:>15} | {:>16}",
        "size",
        "open→diag",
        "edit@start p50/p99",
        "edit@mid p50/p99",
        "edit@end p50/p99",
        "symbols p50/p99",
        "complete p50/99",
        "speakers p50/99",
        "RSS (peak) / text"
    );
    for (label, size) in [
        ("100 KB", 100_000),
        ("1 MB", 1_000_000),
        ("10 MB", 10_000_000),
    ] {
        let text = document(size);
        let uri = "file:///bench/big.talk";
        let mut s = Server::start(bin);
        let (base_rss, _) = s.rss();
        let t = Instant::now();
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "talknote", "version": 1, "text": text}}),
        );
        let (at, n_diags) = s.diagnostics(1);
        let open = at.duration_since(t);
        let mut version = 1;
        let mut cols = Vec::new();
        for (name, at) in [
            ("start", text.find("Description:").unwrap()),
            (
                "middle",
                text[text.len() / 2..].find("Description:").unwrap() + text.len() / 2,
            ),
            ("end", text.rfind("Description:").unwrap()),
        ] {
            let (line, len) = utf16_pos_of_line(&text, at);
            let mut times = Vec::new();
            for k in 0..200 {
                version += 1;
                // Type a character at the end of the Description line, then delete it.
                let change = keystroke(line, len, k);
                let t = Instant::now();
                s.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
                );
                let (at, _) = s.diagnostics(version);
                times.push(ms(at.duration_since(t)));
            }
            let _ = name;
            cols.push((pct(&mut times.clone(), 0.5), pct(&mut times, 0.99)));
        }
        let mut sym = Vec::new();
        let mut comp = Vec::new();
        let (cline, _) = utf16_pos_of_line(&text, text.len() / 2);
        // A speaker line in the middle: completing "Wes" lists the speakers
        // of the whole workspace.
        let sat = text.len() / 2 + text[text.len() / 2..].find("\nWesley Chun\n").unwrap() + 1;
        let (sline, _) = utf16_pos_of_line(&text, sat);
        let mut spk = Vec::new();
        // Each round follows a keystroke in the middle (as in an editor,
        // which asks for the outline and completions after edits).
        let (mline, mlen) = utf16_pos_of_line(
            &text,
            text[text.len() / 2..].find("Description:").unwrap() + text.len() / 2,
        );
        for k in 0..20 {
            version += 1;
            let change = keystroke(mline, mlen, k);
            s.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
            );
            s.diagnostics(version);
            let (took, _) = s.request(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uri}}),
            );
            sym.push(ms(took));
            let (took, _) = s.request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": {"line": cline, "character": 0}}),
            );
            comp.push(ms(took));
            let (took, r) = s.request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": {"line": sline, "character": 3}}),
            );
            let items = r
                .get("items")
                .or(Some(&r))
                .and_then(|v| v.as_array())
                .map_or(0, |a| a.len());
            assert!(items > 0, "speaker completion offered nothing: {r}");
            spk.push(ms(took));
        }
        let (rss, peak) = s.rss();
        println!(
            "{:>7} | {:>7.1}ms | {:>8.2} / {:>6.2} ms | {:>8.2} / {:>6.2} ms | {:>8.2} / {:>6.2} ms | {:>6.2}/{:>6.2} ms | {:>6.2}/{:>6.2} ms | {:>6.2}/{:>6.2} ms | {:.0} MB ({:.0} MB) = {:.1}x ({:.1}x over idle {:.0} MB)",
            label,
            ms(open),
            cols[0].0, cols[0].1, cols[1].0, cols[1].1, cols[2].0, cols[2].1,
            pct(&mut sym.clone(), 0.5), pct(&mut sym, 0.99),
            pct(&mut comp.clone(), 0.5), pct(&mut comp, 0.99),
            pct(&mut spk.clone(), 0.5), pct(&mut spk, 0.99),
            rss as f64 / 1e6,
            peak as f64 / 1e6,
            rss as f64 / text.len() as f64,
            (rss.saturating_sub(base_rss)) as f64 / text.len() as f64,
            base_rss as f64 / 1e6,
        );
        eprintln!(
            "  ({label}: {} talks, {n_diags} diagnostics on open)",
            text.matches("Talk Number").count()
        );
        s.stop();
    }
}

/// The seed notes joined and repeated up to `size` bytes, cut at a line end.
fn seed_document(seeds: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + seeds.len());
    while s.len() < size {
        s.push_str(seeds);
    }
    let cut = s[..size].rfind('\n').map_or(size, |i| i + 1);
    s.truncate(cut);
    s
}

/// Seed-derived notes: keystroke → diagnostics, pushed and pulled, and the
/// server's peak memory, with the number of findings the note carries.
fn seeded(bin: &str) {
    let mut paths: Vec<_> = std::fs::read_dir("../shared/seeds")
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let seeds: String = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t + "\n")
        .collect();
    if seeds.is_empty() {
        println!("(no ../shared/seeds: seed-derived table skipped)");
        return;
    }
    let env_num = |name: &str, default: &str| -> Vec<usize> {
        std::env::var(name)
            .unwrap_or_else(|_| default.to_string())
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect()
    };
    let keys = env_num("NOTELINT_BENCH_KEYS", "200")
        .first()
        .copied()
        .unwrap_or(200)
        .max(1);
    let sizes = env_num("NOTELINT_BENCH_SIZES", "100000,1000000,10000000");
    let options = match std::env::var("NOTELINT_BENCH_CONFIG") {
        Ok(p) => {
            let p = std::fs::canonicalize(&p).expect("NOTELINT_BENCH_CONFIG names a file");
            println!("config: {}", p.display());
            json!({"configPath": p})
        }
        Err(_) => Value::Null,
    };
    println!();
    println!("seed-derived notes ({keys} keystrokes in the middle of the note):");
    println!(
        "{:>7} | {:>8} | {:>21} | {:>21} | {:>20}",
        "size", "findings", "push p50/p99", "pull p50/p99", "peak RSS push/pull"
    );
    let mut floors = Vec::new();
    for size in sizes {
        let label = match size {
            s if s >= 1_000_000 => format!("{} MB", s / 1_000_000),
            s => format!("{} KB", s / 1_000),
        };
        let text = seed_document(&seeds, size);
        // The middle line that has text: type at its end, then delete.
        let mid = text.len() / 2;
        let at = mid + text[mid..].find("\n\t").map_or(0, |i| i + 1);
        let (line, len) = utf16_pos_of_line(&text, at);
        let uri = "file:///bench/seeded.talk";
        let open = |s: &mut Server| {
            s.notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": uri, "languageId": "talknote", "version": 1, "text": text}}),
            );
        };
        // Keystroke `k` (version k + 2), and when it was sent.
        let type_key = |s: &mut Server, k: usize| {
            let version = k as i64 + 2;
            let t = Instant::now();
            s.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [keystroke(line, len, k)]}),
            );
            (t, version)
        };
        // Pushed: each change timed to the publishDiagnostics of its version.
        let mut s = Server::start_opts(bin, json!({}), options.clone());
        open(&mut s);
        let (_, findings) = s.diagnostics(1);
        let frame_len = s.last_len;
        let mut push = Vec::new();
        for k in 0..keys {
            let (t, version) = type_key(&mut s, k);
            let (at, _) = s.diagnostics(version);
            push.push(ms(at.duration_since(t)));
        }
        let (_, push_peak) = s.rss();
        s.stop();
        // Pulled: a client that can pull gets no pushes; each change is
        // followed by a pull naming the previous result, timed from the change.
        let mut s = Server::start_opts(
            bin,
            json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
            options.clone(),
        );
        open(&mut s);
        let (_, r) = s.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        let mut prev = r["resultId"].clone();
        let mut pull = Vec::new();
        for k in 0..keys {
            let (t, _) = type_key(&mut s, k);
            let sent = Instant::now();
            let (took, r) = s.request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri}, "previousResultId": prev}),
            );
            pull.push(ms(sent.duration_since(t) + took));
            assert_eq!(r["kind"], "full", "a changed note must get a full report");
            prev = r["resultId"].clone();
        }
        let (_, pull_peak) = s.rss();
        s.stop();
        floors.push((label.clone(), frame_len, pipe_floor(frame_len, 50)));
        if std::env::var_os("NOTELINT_BENCH_TRACE").is_some() {
            // Each keystroke's time in order, to see where a tail comes from.
            let row = |v: &[f64]| {
                v.iter()
                    .map(|t| format!("{t:.1}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            println!("{label} push: {}", row(&push));
            println!("{label} pull: {}", row(&pull));
        }
        println!(
            "{:>7} | {:>8} | {:>8.2} / {:>6.2} ms | {:>8.2} / {:>6.2} ms | {:>5.1} / {:>5.1} MB ({:.2}x text)",
            label,
            findings,
            pct(&mut push.clone(), 0.5),
            pct(&mut push, 0.99),
            pct(&mut pull.clone(), 0.5),
            pct(&mut pull, 0.99),
            push_peak as f64 / 1e6,
            pull_peak as f64 / 1e6,
            push_peak.max(pull_peak) as f64 / text.len() as f64,
        );
    }
    // What no server can beat: a frame as big as the publication moved
    // through a pipe into this client's reader, nothing to compute.
    println!();
    println!("pipe floor (a frame of the publication's size, written 64 KiB at a time into a 1 MiB pipe, 50 times):");
    for (label, len, mut t) in floors {
        println!(
            "{:>7} | {:>6.1} MB | p50 {:>6.2} ms | p99 {:>6.2} ms",
            label,
            len as f64 / 1e6,
            pct(&mut t.clone(), 0.5),
            pct(&mut t, 0.99)
        );
    }
}

/// The time from a one-byte request to the last byte read of a frame of
/// `len` bytes (a JSON string) that a child process (this program, see
/// [`pipe_writer`]) writes 64 KiB at a time into its stdout, read by
/// [`read_frame`] on a thread of its own: a server's keystroke with
/// nothing to compute; `rounds` times.
fn pipe_floor(len: usize, rounds: usize) -> Vec<f64> {
    let exe = std::env::current_exe().expect("this program");
    let mut child = Command::new(exe)
        .env("NOTELINT_BENCH_PIPE_WRITER", len.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the pipe writer");
    let mut ask = child.stdin.take().unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::with_capacity(1 << 20, out);
        let mut body = vec![1u8; len + 1];
        body.clear();
        while let Some((at, _)) = read_frame(&mut r, &mut body) {
            if tx.send(at).is_err() {
                break;
            }
        }
    });
    let times = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            ask.write_all(b"x").and_then(|_| ask.flush()).expect("ask");
            let at = rx.recv().expect("the frame read");
            ms(at.duration_since(t))
        })
        .collect();
    drop(ask);
    let _ = child.wait();
    times
}

/// [`pipe_floor`]'s child: a frame of `len` bytes for each byte read, into
/// a 1 MiB pipe as the server's.
fn pipe_writer(len: usize) {
    let len = len.max(2);
    let mut frame = format!("Content-Length: {len}\r\n\r\n").into_bytes();
    frame.push(b'"');
    frame.resize(frame.len() + len - 2, b'a');
    frame.push(b'"');
    // The pipe the server asks for (`lsp::sys::bigger_stdout_pipe`).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `fcntl` on fd 1 only resizes its pipe buffer.
    unsafe {
        libc::fcntl(1, libc::F_SETPIPE_SZ, 1 << 20);
    }
    let mut out = std::io::stdout().lock();
    let mut one = [0u8; 1];
    while std::io::stdin().read_exact(&mut one).is_ok() {
        for c in frame.chunks(64 << 10) {
            if out.write_all(c).is_err() {
                return;
            }
        }
        let _ = out.flush();
    }
}
