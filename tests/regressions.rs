//! Every input that ever crashed a fuzz target or broke an invariant, replayed
//! through the same checks the fuzzer makes (`fuzz/src/invariants.rs`).
//! Inputs are literal strings/bytes so the test needs no files.

#[path = "../fuzz/src/invariants.rs"]
mod invariants;

use invariants::{check_document, check_positions, check_tree};
use notelint::syntax::{parse, Document, ParseOptions};

fn parse_all_ways(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for opts in [
        ParseOptions::default(),
        ParseOptions {
            extra_labels: vec!["Slides".into(), "Room".into(), "é".into()],
            ..Default::default()
        },
    ] {
        let tree = parse(&text, &opts);
        check_tree(&text, &tree);
        check_document(&Document::new(&text, opts));
    }
    check_positions(
        &text,
        &[(0, 0), (1, 1), (7, 3), (u16::MAX as u32, u16::MAX as u32)],
    );
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

/// Fuzz target `lint` (crash-def980fb…): the code actions' line-ending probe
/// sliced the rope at byte 4096 exactly, which panics when a multi-byte
/// character straddles it (any note over 4 KB with non-ASCII text there).
#[test]
fn line_ending_probe_on_a_char_straddling_byte_4096() {
    use notelint::analysis::ide::actions::{disable_line, disable_talk};
    for pad in 4093..=4096 {
        let text = format!(" Talk\r\nby Ann\r\n{}é😀 tail\r\n", "x".repeat(pad - 15));
        let doc = Document::new(&text, ParseOptions::default());
        let e = disable_line(&doc, text.len() - 3, "stray-line");
        assert!(
            e.replacement.ends_with("disable-next-line=stray-line\r\n"),
            "{e:?}"
        );
        let (e, _) = disable_talk(&doc, 1, "stray-line");
        assert!(e.replacement.contains("disable=stray-line"), "{e:?}");
    }
}
