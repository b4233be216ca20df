//! Syntax benchmark: full-parse throughput and the cost of one-character
//! edits at the start, middle and end of 100 KB, 1 MB, 10 MB and 100 MB
//! documents built by repeating our own fixtures.
//!
//! Run: `cargo bench --bench syntax` (add `-- --quick` to skip 100 MB).
//! Prints a table; nothing here asserts a time.

use notelint::syntax::{parse, Document, ParseOptions};
use std::hint::black_box;
use std::time::{Duration, Instant};

const FIXTURES: &[&str] = &[
    include_str!("../examples/pycon-notes.talk"),
    include_str!("../examples/proposals.talk"),
];

fn build(size: usize) -> String {
    let mut s = String::with_capacity(size + 64 * 1024);
    let mut i = 0;
    while s.len() < size {
        s.push_str(FIXTURES[i % FIXTURES.len()]);
        s.push_str("\n____\n\n");
        i += 1;
    }
    s
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let opts = ParseOptions::default();
    let sizes: &[(usize, &str)] = if quick {
        &[
            (100 << 10, "100 KB"),
            (1 << 20, "1 MB"),
            (10 << 20, "10 MB"),
        ]
    } else {
        &[
            (100 << 10, "100 KB"),
            (1 << 20, "1 MB"),
            (10 << 20, "10 MB"),
            (100 << 20, "100 MB"),
        ]
    };
    println!("| size | full parse MB/s | edit start median / p99 | edit middle median / p99 | edit end median / p99 |");
    println!("|---|---|---|---|---|");
    for &(size, name) in sizes {
        let text = build(size);
        // Full parse: best of a few runs (the machine is shared).
        let runs = if size >= 100 << 20 { 3 } else { 10 };
        let mut best = Duration::MAX;
        for _ in 0..runs {
            let t = Instant::now();
            black_box(parse(black_box(&text), &opts));
            best = best.min(t.elapsed());
        }
        let mbs = text.len() as f64 / (1 << 20) as f64 / best.as_secs_f64();

        let mut doc = Document::new(&text, opts.clone());
        let mut cols = Vec::new();
        for frac in [0.0, 0.5, 1.0] {
            let mut times = Vec::with_capacity(400);
            for k in 0..400 {
                // Type a character, then delete it again: the document stays
                // the same size and every edit is a real reparse.
                let len = doc.len();
                let mut at = ((len as f64) * frac) as usize;
                // Land inside a line of prose, not on a boundary line.
                at = at.min(len.saturating_sub(1));
                let t = Instant::now();
                if k % 2 == 0 {
                    doc.edit(at..at, "x");
                } else {
                    doc.edit(at..at + 1, "");
                }
                times.push(t.elapsed());
            }
            times.sort();
            cols.push(format!(
                "{:.1} µs / {:.1} µs",
                percentile(&times, 0.5).as_secs_f64() * 1e6,
                percentile(&times, 0.99).as_secs_f64() * 1e6
            ));
        }
        println!(
            "| {name} | {mbs:.0} | {} | {} | {} |",
            cols[0], cols[1], cols[2]
        );
    }
}
