//! Every input that ever crashed a fuzz target or broke an invariant, replayed
//! through the same checks the fuzzer makes (`fuzz/src/invariants.rs`).
//! Inputs are literal strings/bytes so the test needs no files.

#[path = "../fuzz/src/invariants.rs"]
mod invariants;

use invariants::{check_document, check_positions, check_tree};
use notelint::syntax::{parse, Document, ParseOptions};

fn parse_all_ways(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for opts in [ParseOptions::default(), {
        let mut o = ParseOptions::default();
        o.extra_labels = vec!["Slides".into(), "Room".into(), "é".into()];
        o
    }] {
        let tree = parse(&text, &opts);
        check_tree(&text, &tree);
        check_document(&Document::new(&text, opts));
    }
    check_positions(&text, &[(0, 0), (1, 1), (7, 3), (u16::MAX as u32, u16::MAX as u32)]);
}

/// The committed seed excerpts satisfy the invariants (guards the checks
/// themselves against being wrong on ordinary notes).
#[test]
fn corpus_seed_excerpts_hold_the_invariants() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus-seed");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).expect("fuzz/corpus-seed exists") {
        let bytes = std::fs::read(e.unwrap().path()).unwrap();
        parse_all_ways(&bytes);
        n += 1;
    }
    assert!(n >= 5, "expected the committed seed excerpts, found {n}");
}
