//! The incremental path the language server takes: after an edit, a file's
//! index entry is rebuilt only when `TalkCache::summary_changed` (titles or
//! speakers changed) or findings cite index positions in it; otherwise it is
//! left stale and `lint_document` reuses the last document/workspace
//! findings, re-anchored. Whatever the edits — titles, speaker names,
//! separators, suppressions, in either of two files sharing one index — the
//! result must equal `lint_text` against a freshly built index.

use notelint::analysis::{index_entry, lint_document, lint_text, TalkCache};
use notelint::index::Index;
use notelint::lint::LintConfig;
use notelint::syntax::SourceText;
use notelint::syntax::{parse, Document};
use proptest::prelude::*;
use std::collections::BTreeSet;

const A: &str = " Python 103\nWesley Chun\nLanguage Internals, Intermediate\n\nAbstract: a\n\nBio: b\n___\n Magic\nVan Lindbergh\n\nDescription: d\n___\n Lightning Talks\nAlex Martelli\n___\n Lightning Talks\nVan Lindberg\n";
const B: &str = " Magic\nWesly Chun\n\nAbstract: x\n___\n Packaging\nAlex Martelli\n\nBio: y\n___\n Testing\nVan Lindberg\n";

const SNIPPETS: &[&str] = &[
    "\n",
    " Magic\n",
    " Lightning Talks\n",
    "___\n",
    "Bio: x\n",
    "x",
    "  ",
    "é",
    "Van Lindberg",
    "Wesley Chun\n",
    "Alex",
    "// notelint: disable-next-line=all\n",
    "// notelint: disable=NL020\n",
    "\t",
    // Enough lines outside any talk to make a file not talk notes
    // (not-talk-notes fires, speaker rules go quiet, the index entry empties).
    "09:00 Hall A Keynote\n09:45 Break\n10:00 Room 1 Async\n10:00 Room 2 Data\n10:30 Break\n\
     11:00 Room 1 Web\n11:00 Room 2 Core\n12:00 Lunch\n13:00 Room 1 Typing\n13:00 Room 2 Rust\n\
     14:00 Break\n15:00 Hall A Lightning\n16:00 Hall A Closing\n",
];

fn edits() -> impl Strategy<Value = Vec<(bool, usize, usize, usize)>> {
    prop::collection::vec(
        (
            any::<bool>(),
            0usize..200,
            0usize..8,
            0usize..SNIPPETS.len(),
        ),
        1..30,
    )
}

const KEYS: [&str; 2] = ["a.talk", "b.talk"];

fn entry(doc: &Document) -> notelint::index::FileEntry {
    let st = SourceText::document(doc);
    index_entry(st)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn incremental_lint_equals_fresh_index_lint(edits in edits()) {
        let config = LintConfig::default();
        let mut docs = [
            Document::new(A, config.parse.clone()),
            Document::new(B, config.parse.clone()),
        ];
        let mut caches = [TalkCache::new(), TalkCache::new()];
        let mut index = Index::default();
        for (k, d) in KEYS.iter().zip(&docs) {
            index.set_file(k, entry(d));
        }
        let mut stale: BTreeSet<usize> = BTreeSet::new();
        for (which, pos, del, ins) in edits {
            let w = which as usize;
            let len = docs[w].len();
            let a = pos.min(len);
            let b = (a + del).min(len);
            docs[w].edit(a..b, SNIPPETS[ins]);

            // The server's policy (src/lsp/state.rs, State::index_needs_update).
            let needs = {
                let st = SourceText::document(&docs[w]);
                caches[1 - w].cites_index(Some(KEYS[w]))
                    || caches[w].cites_index(None)
                    || caches[w].summary_changed(st, &config)
            };
            stale.insert(w);
            if needs {
                for i in std::mem::take(&mut stale) {
                    index.set_file(KEYS[i], entry(&docs[i]));
                }
            }

            let mut fresh_index = Index::default();
            for (k, d) in KEYS.iter().zip(&docs) {
                fresh_index.set_file(k, entry(d));
            }
            for i in 0..2 {
                let segs = docs[i].segments();
                let st = SourceText::document(&docs[i]);
                let inc = lint_document(KEYS[i], st, &config, &index, Some(&mut caches[i]));
                let text = docs[i].text();
                let fresh = lint_text(KEYS[i], &text, &config, &fresh_index);
                prop_assert_eq!(&inc, &fresh, "file {} after editing {}", KEYS[i], KEYS[w]);
                // The tree agrees with a parse of the text (the premise).
                prop_assert_eq!(parse(&text, &config.parse).segments.len(), segs.len());
            }
        }
    }
}

/// The reuse path is exercised: a one-character edit inside an Abstract of a
/// file with workspace findings (duplicate title and similar speaker across
/// files) keeps the summary and the index entry, reuses the findings, and
/// the result still equals a fresh lint.
#[test]
fn body_edit_reuses_workspace_findings() {
    let config = LintConfig::default();
    let mut doc = Document::new(B, config.parse.clone());
    let other = Document::new(A, config.parse.clone());
    let mut index = Index::default();
    index.set_file("b.talk", entry(&doc));
    index.set_file("a.talk", entry(&other));
    let mut cache = TalkCache::new();
    let st = SourceText::document(&doc);
    let first = lint_document("b.talk", st, &config, &index, Some(&mut cache));
    assert!(first.iter().any(|d| d.code == "NL009"), "{first:?}");
    assert!(first.iter().any(|d| d.code == "NL020"), "{first:?}");
    let at = B.find("Abstract: x").unwrap() + "Abstract: ".len();
    doc.edit(at..at, "more ");
    let st = SourceText::document(&doc);
    // The server's policy says: keep the index entry, reuse the findings.
    assert!(!cache.summary_changed(st, &config));
    assert!(!cache.cites_index(None));
    assert!(cache.late_current(&config, &index));
    let inc = lint_document("b.talk", st, &config, &index, Some(&mut cache));
    let mut fresh_index = Index::default();
    fresh_index.set_file("b.talk", entry(&doc));
    fresh_index.set_file("a.talk", entry(&other));
    let fresh = lint_text("b.talk", &doc.text(), &config, &fresh_index);
    assert_eq!(inc, fresh);
    // The findings after the edit moved with the text.
    assert_ne!(inc, first);
}
