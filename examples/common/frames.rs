//! One LSP frame read from a server's output, for the benchmarks that
//! time a server (`bench_lsp`, `bench_format`): the clock stops at the
//! frame's last byte, before the JSON is parsed.

use serde_json::Value;
use std::io::{BufRead, Read};
use std::time::Instant;

/// A message and when its last byte arrived (before it is parsed: the
/// client's JSON parsing is not the server's latency).
pub fn read_frame(r: &mut impl BufRead, body: &mut Vec<u8>) -> Option<(Instant, Value)> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let t = line.trim_end();
        if t.is_empty() {
            break;
        }
        if let Some(v) = t.strip_prefix("Content-Length:") {
            len = v.trim().parse().ok();
        }
    }
    let len: usize = len?;
    body.clear();
    if r.take(len as u64).read_to_end(body).ok()? != len {
        return None;
    }
    let at = Instant::now();
    serde_json::from_slice(body).ok().map(|v| (at, v))
}
