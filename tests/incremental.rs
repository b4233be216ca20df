//! Property: after any sequence of edits, the incremental tree equals a fresh
//! parse of the final text. 2,000 cases by default (CI); set
//! `NOTELINT_PROPTEST_CASES=100000` to run more locally.

use notelint::syntax::{parse, Document, ParseOptions, Tree};
use proptest::prelude::*;

/// Fragments chosen to hit every line kind and every boundary case: separators
/// and title lines (which split and merge talks), labels, bullets, CR/LF
/// variants, tabs, multi-byte, astral and combining characters, U+2028/U+0085
/// (which must NOT break lines), NBSP (blank), NUL.
const FRAGS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  ",
    "____\n",
    "---",
    "===\r\n",
    " Title one\n",
    " ",
    "Author\n",
    "Authors",
    "Bio: about me\n",
    "Description: text",
    "Abstract:",
    "Track, Beginner\n",
    "Fundamentals, Intermediat",
    "Wesley Chun\n",
    "by Ann Lee (@ann)",
    "Talk by Bo",
    "* ",
    "- ",
    "  • ",
    "1. ",
    "2) ",
    "\tItem\n",
    "    deep\n",
    "Heading\n",
    "// notelint: disable=missing-author\n",
    "// c",
    ",",
    "é",
    "😀",
    "e\u{301}",
    "\u{2028}",
    "\u{85}",
    "\u{a0}",
    "\0",
    "x",
    "Lorem ipsum",
    "TODO",
    "http://x.y/ z",
    "[a]()",
    ":",
];

fn text_strategy(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGS), 0..max).prop_map(|v| v.concat())
}

#[derive(Debug, Clone)]
struct Edit {
    at: f64,
    del: usize,
    insert: String,
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    (
        0.0f64..=1.0,
        prop_oneof![Just(0usize), 0usize..4, 0usize..40],
        text_strategy(4),
    )
        .prop_map(|(at, del, insert)| Edit { at, del, insert })
}

/// `n` short talks, each a segment of its own.
fn talk_run(n: usize) -> String {
    (0..n)
        .map(|i| format!(" Talk {i}\n\nAnn Lee\n\nBio: b\n\n____\n"))
        .collect()
}

/// Small edits, and cuts and pastes of whole runs of talks.
fn long_edit_strategy() -> impl Strategy<Value = Edit> {
    (
        0.0f64..=1.0,
        prop_oneof![Just(0usize), 0usize..4, 0usize..20_000],
        prop_oneof![text_strategy(4), (0usize..400).prop_map(talk_run)],
    )
        .prop_map(|(at, del, insert)| Edit { at, del, insert })
}

/// Apply `e` to the document and to its shadow string alike (the place
/// snapped to characters); returns the byte range replaced.
fn apply(doc: &mut Document, shadow: &mut String, e: &Edit) -> (usize, usize) {
    let len = shadow.len();
    let mut a = ((len as f64) * e.at) as usize;
    while !shadow.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (a + e.del).min(len);
    while !shadow.is_char_boundary(b) {
        b += 1;
    }
    shadow.replace_range(a..b, &e.insert);
    doc.edit(a..b, &e.insert);
    (a, b)
}

/// Structural invariants every tree must satisfy.
fn check_invariants(text: &str, tree: &Tree) {
    let mut pos = 0;
    for p in &tree.segments {
        assert_eq!(p.start, pos, "segments must be contiguous");
        assert!(p.seg.len > 0, "no empty segments");
        pos = p.end();
        let seg_text = &text[p.range()];
        for s in &p.seg.sections {
            assert!(s.span.end as usize <= seg_text.len());
            assert!(seg_text.is_char_boundary(s.span.start as usize));
            assert!(seg_text.is_char_boundary(s.span.end as usize));
        }
        if let Some(t) = p.seg.head.title {
            assert!(!t.text(seg_text).is_empty(), "titles are never empty");
        }
    }
    assert_eq!(pos, text.len(), "segments must cover the whole text");
}

fn cases() -> u32 {
    std::env::var("NOTELINT_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_fresh(initial in text_strategy(60), edits in prop::collection::vec(edit_strategy(), 1..25)) {
        let opts = ParseOptions::default();
        let mut doc = Document::new(&initial, opts.clone());
        let mut shadow = initial.clone();
        for e in &edits {
            let (a, b) = apply(&mut doc, &mut shadow, e);
            prop_assert_eq!(doc.text(), shadow.clone());
            let fresh = parse(&shadow, &opts);
            check_invariants(&shadow, doc.tree());
            prop_assert_eq!(doc.tree(), &fresh, "after edit {:?} at {}..{} on {:?}", e, a, b, shadow);
        }
    }

    #[test]
    fn every_input_parses(s in any::<String>()) {
        let tree = parse(&s, &ParseOptions::default());
        check_invariants(&s, &tree);
    }
}

proptest! {
    // Each case re-parses a document of up to ~30 KB after every edit: a
    // tenth of the cases keeps this test as quick as the one above.
    #![proptest_config(ProptestConfig { cases: cases() / 10, ..ProptestConfig::default() })]

    /// The same property on documents of hundreds of talks, so that edits
    /// land in, across and between the blocks the segment list is kept in
    /// (128 segments each), and large cuts and pastes merge and split them.
    #[test]
    fn incremental_equals_fresh_in_long_documents(
        talks in 130usize..700,
        edits in prop::collection::vec(long_edit_strategy(), 1..12),
    ) {
        let opts = ParseOptions::default();
        let initial = talk_run(talks);
        let mut doc = Document::new(&initial, opts.clone());
        let mut shadow = initial;
        for e in &edits {
            let (a, b) = apply(&mut doc, &mut shadow, e);
            let fresh = parse(&shadow, &opts);
            check_invariants(&shadow, doc.tree());
            prop_assert_eq!(doc.tree(), &fresh, "after edit at {}..{} inserting {} bytes", a, b, e.insert.len());
        }
    }
}

#[test]
fn splice_reports_what_changed() {
    let text = " A\nAuthor\nAnn Lee\n B\nAuthor\nBo Day\n C\n";
    let mut doc = Document::new(text, ParseOptions::default());
    assert_eq!(doc.tree().segments.len(), 3);
    let c_start = doc.tree().segments.at(2).start;
    let c_seg = doc.tree().segments.at(2).seg.clone();
    // Edit inside talk B: talk C is only shifted, keeping its Arc.
    let at = text.find("Bo").unwrap();
    let splice = doc.edit(at..at, "X");
    assert!(splice.index + splice.removed <= 2, "{splice:?}");
    assert!(std::sync::Arc::ptr_eq(
        doc.tree().segments.at(2).seg,
        &c_seg
    ));
    assert_eq!(doc.tree().segments.at(2).start, c_start + 1);
    // Typing a title line splits a talk.
    let at = doc.text().find("Author\nXBo").unwrap();
    doc.edit(at..at, " New\n");
    assert_eq!(doc.tree().talks().count(), 4);
    // Deleting it merges them again.
    let t = doc.text();
    let at = t.find(" New\n").unwrap();
    doc.edit(at..at + 5, "");
    assert_eq!(doc.tree().talks().count(), 3);
    assert_eq!(doc.tree(), &parse(&doc.text(), &ParseOptions::default()));
}
