//! Parse a file N times and print MB/s (a profiling aid:
//! `cargo run --release --example parse_file -- FILE [N]`).
use notelint::syntax::{parse, ParseOptions};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: parse_file FILE [N]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("parse_file: {path}: {e}");
            std::process::exit(2);
        }
    };
    let opts = ParseOptions::default();
    let mut best = f64::MAX;
    let mut segs = 0;
    for _ in 0..n {
        let t = Instant::now();
        let tree = parse(&text, &opts);
        best = best.min(t.elapsed().as_secs_f64());
        segs = tree.segments.len();
    }
    println!(
        "{} bytes, {segs} segments, best {:.1} ms, {:.0} MB/s",
        text.len(),
        best * 1e3,
        text.len() as f64 / 1048576.0 / best
    );
}
