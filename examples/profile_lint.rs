//! Profiling aid: lint a large generated text N times (CLI path).
//! `cargo run --release --example profile_lint -- 10000000 5`
use notelint::analysis::lint_text;
use notelint::index::Index;
use notelint::lint::LintConfig;

fn main() {
    let mut a = std::env::args().skip(1);
    let size: usize = a.next().and_then(|s| s.parse().ok()).unwrap_or(10_000_000);
    let reps: usize = a.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let mut unit = String::new();
    for f in [
        "../shared/seeds/000_9746c2ba82a6b68e.txt",
        "../shared/seeds/004_9640a869c6464b48.txt",
    ] {
        unit.push_str(&std::fs::read_to_string(f).unwrap_or_default());
        unit.push_str("\n___\n");
    }
    let mut text = String::new();
    while text.len() < size {
        text.push_str(&unit);
    }
    let config = LintConfig::default();
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        n += lint_text("big", &text, &config, &Index::default()).len();
    }
    println!(
        "{n} findings, {:.1} ms per lint",
        t.elapsed().as_secs_f64() * 1e3 / reps as f64
    );
    let v = lint_text("big", &text, &config, &Index::default());
    let t = std::time::Instant::now();
    let c = v.clone();
    println!(
        "clone of {} findings: {:.2} ms",
        c.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    per_rule(&text);
}

/// Time per rule over every segment (talk scope), printed after the main timing.
#[allow(dead_code)]
pub fn per_rule(text: &str) {
    use notelint::lint::registry::{all, TalkCtx};
    let config = LintConfig::default();
    let tree = notelint::syntax::parse(text, &config.parse);
    for r in all() {
        let t = std::time::Instant::now();
        let mut out = Vec::new();
        for (i, p) in tree.segments.iter().enumerate() {
            let cx = TalkCtx {
                text: &text[p.range()],
                seg: p.seg,
                config: &config,
                first: i == 0,
            };
            r.check_talk(&cx, &mut out);
        }
        println!(
            "{:>24} {:>8.2} ms {:>6}",
            r.meta().name,
            t.elapsed().as_secs_f64() * 1e3,
            out.len()
        );
    }
    let t = std::time::Instant::now();
    let _ = notelint::syntax::parse(text, &config.parse);
    println!(
        "{:>24} {:>8.2} ms",
        "parse",
        t.elapsed().as_secs_f64() * 1e3
    );
}
