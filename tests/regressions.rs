//! Every input that ever crashed a fuzz target or broke an invariant, replayed
//! through the same checks the fuzzer makes (`fuzz/src/invariants.rs`).
//! Inputs are literal strings/bytes so the test needs no files.

#[path = "../fuzz/src/invariants.rs"]
mod invariants;

use invariants::{check_document, check_positions, check_tree};
use notelint::syntax::SourceText;
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

/// Fuzz target `lint` (crash-d75e5c1f…): a similar-speaker (NL020) related
/// range in the same file fell inside a character. The harness had linted
/// an edited text against the index of the text before the edit, which
/// neither the CLI nor the server does (the server rebuilds a file's entry
/// before any lint whose findings cite it); the harness now builds the index
/// from the text it lints. This pins the input with a consistent index.
#[test]
fn similar_speaker_related_ranges_on_char_boundaries() {
    use notelint::analysis::{index_entry, lint_text};
    use notelint::index::Index;
    use notelint::lint::config::Limits;
    use notelint::lint::LintConfig;
    let bytes: &[u8] = b"\x6c\xbb\xbf\x20\x54\x69\x74\x6c\x5b\x65\x20\x6f\x77\x6f\x0d\x0a\x41\x75\x74\x68\x6f\x72\x3a\x20\x58\xf1\xf5\xf2\xf5\xbb\x9a\x8c\x9c\x72\x66\x66\x66\x66\x66\x66\x43\x72\x66\x66\x66\x6f\x6e\x14\x65\x20\x63\x72\x0d\x20\x61\xa8\x73\x65\x70\xc2\x85\x6e\x65\x66\x66\x66\x66\x66\x6f\x6e\x65\x20\x63\x72\x0d\xe2\x80\xa8\x25\x65\x70\x63\x72\x0d\xe2\x80\xa8\x25\x09\x6c\xbb\xbf\x20\x54\x69\x74\x6c\x65\x20\x6f\x77\x6f\x0d\x0a\x41\x75\x74\x68\x6f\x72\x3a\x20\x58\xf1\xf5\xf2\xf5\xbb\x9a\x8c\x9c\x72\x66\x66\x66\x66\x66\x66\x43\x72\x66\x66\x66\x6f\x6e\x65\x20\x63\x72\x0d\x62\x80\xa8\x73\x65\x70\xc2\x85\x6e\x65\x66\x66\x66\x66\x66\x6f\x6e\x65\x20\x63\x72\x0d\xe2\x80\xa8\x25\x65\x70\x63\x72\x0d\xe2\x80\xa8\x25\x65\x70\xc2\x85\x6e\x65\x70\xc2\x85\x6e\x65\x6c\x0a";
    let text = String::from_utf8_lossy(bytes).into_owned();
    let cfg = LintConfig {
        limits: Limits {
            description: Some(5),
            abstract_: Some(3),
            bio: Some(1),
            title: Some(4),
        },
        required_sections: ["Description", "Abstract", "Bio", "Author"]
            .map(String::from)
            .to_vec(),
        speaker_distance: 2,
        ..LintConfig::default()
    };
    let mut index = Index::default();
    index.set_speaker_distance(cfg.speaker_distance);
    for (name, t) in [("a.talk", text.as_str()), ("b.talk", "")] {
        let tree = notelint::syntax::parse(t, &cfg.parse);
        let st = SourceText::new(&tree.segments, t);
        index.set_file(name, index_entry(st));
    }
    for d in lint_text("a.talk", &text, &cfg, &index) {
        for r in std::iter::once(&d.range).chain(
            d.related
                .iter()
                .filter(|r| r.file.is_none())
                .map(|r| &r.range),
        ) {
            assert!(
                r.start <= r.end
                    && r.end <= text.len()
                    && text.is_char_boundary(r.start)
                    && text.is_char_boundary(r.end),
                "{} range {r:?} in a text of {} bytes: {d:?}",
                d.code,
                text.len()
            );
        }
    }
}

/// fuzz `lint` (2026-11-29): `fmt` was not idempotent. Removing the trailing
/// space of `12) ` turned an empty bullet into a text line, which made the
/// first segment a talk, which the second pass formatted differently. A
/// marker ending its line is now an empty bullet with or without the space
/// (spec S1.7), so trailing whitespace never changes a line's kind — nor
/// the tree, so the trailing-whitespace fix is safe there too.
#[test]
fn fmt_is_idempotent_when_a_bullet_marker_ends_its_line() {
    use notelint::analysis::format;
    let bytes: &[u8] = b"\x3e\x00\xbf\x20\x74\x65\x72\x20\x69\x74\x65\x74\x0a\x31\x2e\x20\x6f\x6e\x65\x0a\x31\x32\x29\x20\x0a\x2f\x2f\x20\x6e\x6f\x74\x65\x6c\x69\x6e\x74\x3a\x20\x64\x69\x73\x61\x62\x6c\x65\x3d\x73\x74\x72\x61\x79\x25\xa9\x69\x6e\x65\x0a\x00\x00\x72\x61\x74\x65\x72\x20\x69\x74\x65\x74\x0a\x31\x2e\x20\x6f\x6e\x65\x0a\x31\x32\x29\x20\x0a\x2f\x2f\x20\x6e\x6f\x74\x65\x6c\x69\x6e\x74\x3a\x20\x64\x69\x73\x61\x62\x6c\x65\x3d\x73\x74\x72\x79\x20\x67\x20\x61\x20\x50\xfb\x6d\x0a\x20\x20\xe2\x80\xa2\x20\x64\x6f\x74\x0a\x31\x2e\x20\x6f\x6e\x65\x0a\x55\x55\x55\x20\x09\x6d\x69\xf8\x65\x51\x0d\x0a\x20\x66\x66\x6e\x75\x6c\x0d\x40\x00\x00\x00\x65\x70\xc2\x85\x7b\x00\x00\x00";
    let text = String::from_utf8_lossy(bytes).into_owned();
    let opts = ParseOptions::default();
    let once = format(&text, &opts);
    assert_eq!(format(&once, &opts), once);
    // The same tree with or without the trailing spaces.
    let kinds = |t: &str| -> Vec<(bool, usize, usize)> {
        parse(t, &opts)
            .segments
            .iter()
            .map(|p| (p.seg.is_talk(), p.seg.sections.len(), p.seg.stray().len()))
            .collect()
    };
    assert_eq!(kinds(&text), kinds(&text.replace(") \n", ")\n")));
    parse_all_ways(bytes);
}
