//! Parse arbitrary bytes: lossily decoded (what a careless reader would do),
//! and strictly (invalid UTF-8 rejected, as the CLI and the LSP do). The tree
//! must satisfy every structural invariant and positions must convert.
#![no_main]

use libfuzzer_sys::{fuzz_target, Corpus};
use notelint::syntax::{outline::outline, parse, pos::LineIndex, ParseOptions};
use notelint_fuzz::invariants::{check_positions, check_tree};

fn run(text: &str, opts: &ParseOptions, probes: &[(u32, u32)]) {
    let tree = parse(text, opts);
    check_tree(text, &tree);
    let _ = outline(text, &tree, &LineIndex::new(text), opts);
    check_positions(text, probes);
}

fuzz_target!(|data: &[u8]| -> Corpus {
    // The first byte picks the mode and the grammar; the last 8 bytes are
    // position probes when there are enough of them.
    let Some((&mode, rest)) = data.split_first() else { return Corpus::Keep };
    let mut opts = ParseOptions::default();
    if mode & 2 != 0 {
        opts.extra_labels = vec!["Slides".into(), "Room".into(), "é".into()];
        opts.levels.push("Expert".into());
    }
    let probes: Vec<(u32, u32)> = rest
        .chunks_exact(4)
        .take(4)
        .map(|c| (u16::from_le_bytes([c[0], c[1]]) as u32, u16::from_le_bytes([c[2], c[3]]) as u32))
        .collect();
    if mode & 1 == 0 {
        let text = String::from_utf8_lossy(rest);
        run(&text, &opts, &probes);
        Corpus::Keep
    } else {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                run(text, &opts, &probes);
                Corpus::Keep
            }
            Err(_) => Corpus::Reject,
        }
    }
});
