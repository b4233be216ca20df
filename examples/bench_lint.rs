//! Lint speed: full lint of generated documents (CLI path) and keystroke
//! re-lint through the talk cache (LSP path), with and without refreshing
//! the file's index entry. Prints numbers; asserts nothing.
//! `cargo run --release --example bench_lint [SEED_DIR]`

use notelint::analysis::{index_entry, lint_document, lint_text, TalkCache};
use notelint::index::Index;
use notelint::lint::LintConfig;
use notelint::syntax::Document;
use notelint::syntax::SourceText;
use std::time::{Duration, Instant};

fn corpus(dir: &str) -> String {
    let mut s = String::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(&p) {
                s.push_str(&t);
                s.push_str("\n___\n");
            }
        }
    }
    if s.is_empty() {
        s = " Talk\nJane Doe\nTesting, Intermediate\n\nDescription: d  \n\nAbstract: a\n\nBio: b\n___\n".repeat(20);
    }
    s
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p) as usize]
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/seeds".into());
    let unit = corpus(&dir);
    let config = LintConfig::default();
    for target in [100_000usize, 1_000_000, 10_000_000] {
        let mut text = String::with_capacity(target + unit.len());
        while text.len() < target {
            text.push_str(&unit);
        }
        let index = Index::default();
        let t = Instant::now();
        let n = lint_text("big.talk", &text, &config, &index).len();
        let full = t.elapsed();
        let mut doc = Document::new(&text, config.parse.clone());
        let mut cache = TalkCache::new();
        let mut index = Index::default();
        let t = Instant::now();
        {
            let st = SourceText::document(&doc);
            lint_document("big.talk", st, &config, &index, Some(&mut cache));
        }
        let cold = t.elapsed();
        let mut lint_only = Vec::new();
        let mut with_index = Vec::new();
        for k in 0..200 {
            let len = doc.len();
            let at = match k % 3 {
                0 => 10,
                1 => len / 2,
                _ => len.saturating_sub(10),
            };
            doc.edit(at..at, "x");
            let st = SourceText::document(&doc);
            let t = Instant::now();
            lint_document("big.talk", st, &config, &index, Some(&mut cache));
            lint_only.push(t.elapsed());
            let t = Instant::now();
            index.set_file("big.talk", index_entry(st));
            lint_document("big.talk", st, &config, &index, Some(&mut cache));
            with_index.push(t.elapsed());
        }
        println!(
            "{:>6.1} MB, {:>5} segments, {:>5} findings: full lint {:>7.1} ms ({:>6.1} MB/s); cold cached {:>7.1} ms; keystroke re-lint median {:>6.3} ms p99 {:>6.3} ms; with index refresh median {:>6.3} ms p99 {:>6.3} ms",
            text.len() as f64 / 1e6,
            doc.segments().len(),
            n,
            full.as_secs_f64() * 1e3,
            text.len() as f64 / 1e6 / full.as_secs_f64(),
            cold.as_secs_f64() * 1e3,
            pct(&mut lint_only, 0.5).as_secs_f64() * 1e3,
            pct(&mut lint_only, 0.99).as_secs_f64() * 1e3,
            pct(&mut with_index, 0.5).as_secs_f64() * 1e3,
            pct(&mut with_index, 0.99).as_secs_f64() * 1e3,
        );
    }
}
