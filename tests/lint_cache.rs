//! The talk cache: linting after any edits through the cache gives exactly
//! what a fresh lint of the final text gives; and the linter never panics.

use notelint::analysis::diagnostics::lint_parts;
use notelint::analysis::{index_entry, lint_document, lint_text, TalkCache};
use notelint::index::Index;
use notelint::lint::Diagnostic;
use notelint::lint::LintConfig;
use notelint::syntax::Document;
use notelint::syntax::SourceText;
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

const BASE: &str = "My notes\n\n Python 103\nWesley Chun\nLanguage Internals, Intermediate\n\nDescription: d\n\nAbstract: a  \n\nBio: b\n___\nMagic\n\nFundamentals, Intermediat\n\nDescription: TBD\n___\n Lightning Talks\n\nVagrant\n\tDev boxes\n* sub point\n\t- x\n\t* y\n ___\n Lightning Talks\nVan Lindbergh\n\n[slides]()\n___\n\nPlease reload\n\n  • Meetup\n";

const SNIPPETS: &[&str] = &[
    "\n",
    " Title\n",
    "___\n",
    "Bio: x\n",
    "Description: ",
    "\t* a\n",
    "* b\n",
    "  ",
    "é",
    "😀",
    "\r\n",
    "// notelint: disable=NL001\n",
    "// notelint: disable-next-line=all\n",
    "// notelint: disable=nope\n",
    "Jane Doe\n",
    "Van Lindberg\n",
    "Testing, Intermediat\n",
    "TBD",
    "[x]()",
    "Author\n",
    "\t",
    "x",
];

fn edits() -> impl Strategy<Value = Vec<(usize, usize, usize)>> {
    prop::collection::vec((0usize..400, 0usize..12, 0usize..SNIPPETS.len()), 1..25)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn cached_lint_equals_fresh_lint(edits in edits()) {
        let config = LintConfig::default();
        let mut doc = Document::new(BASE, config.parse.clone());
        let mut cache = TalkCache::new();
        let mut lean = TalkCache::lean();
        // Each segment's part as last seen: the segment (held, so its
        // address is not reused), its key, its findings made relative.
        let mut seen: HashMap<usize, (Arc<notelint::syntax::Segment>, notelint::analysis::diagnostics::PartKey, Vec<Diagnostic>)> = HashMap::new();
        let mut index = Index::default();
        for (pos, del, ins) in edits {
            let len = doc.len();
            let a = pos.min(len);
            let b = (a + del).min(len);
            doc.edit(a..b, SNIPPETS[ins]);
            let segs = doc.segments();
            let st = SourceText::document(&doc);
            // Half the time the index holds this file's current entry.
            if pos % 2 == 0 {
                index.set_file("f.talk", index_entry(st));
            }
            let cached = lint_document("f.talk", st, &config, &index, Some(&mut cache));
            let text = doc.text();
            let fresh = lint_text("f.talk", &text, &config, &index);
            prop_assert_eq!(&cached, &fresh);
            // Segments that are gone are evicted.
            prop_assert_eq!(cache.len(), segs.len());
            // A lean cache (no findings kept) gives the same, and by
            // segment: equal keys only for equal findings.
            let parts = lint_parts("f.talk", st, &config, &index, &mut lean);
            prop_assert_eq!(&parts.all(), &fresh);
            let keys: Vec<_> = parts.keys().collect();
            prop_assert_eq!(keys.len(), segs.len());
            for (i, k) in keys.iter().enumerate() {
                prop_assert_eq!(k, &parts.key(i));
            }
            let mut now = HashMap::new();
            for (i, p) in segs.iter().enumerate() {
                let key = parts.key(i);
                let found: Vec<Diagnostic> = parts
                    .findings(i)
                    .into_iter()
                    .map(|d| relative(d, segs, i))
                    .collect();
                let addr = Arc::as_ptr(p.seg) as usize;
                if let Some((_, k, f)) = seen.get(&addr) {
                    if *k == key {
                        prop_assert_eq!(f, &found, "segment {} kept its key", i);
                    }
                }
                now.insert(addr, (Arc::clone(p.seg), key, found));
            }
            seen = now;
        }
    }

    #[test]
    fn lint_never_panics_on_any_string(s in any::<String>()) {
        let d = lint_text("f.talk", &s, &LintConfig::default(), &Index::default());
        for x in d {
            prop_assert!(x.range.start <= x.range.end && x.range.end <= s.len());
            prop_assert!(s.is_char_boundary(x.range.start) && s.is_char_boundary(x.range.end));
        }
    }

    #[test]
    fn lint_never_panics_on_note_like_text(parts in prop::collection::vec(0usize..SNIPPETS.len(), 0..60)) {
        let s: String = parts.iter().map(|&i| SNIPPETS[i]).collect();
        let d = lint_text("f.talk", &s, &LintConfig::default(), &Index::default());
        for x in d {
            prop_assert!(s.is_char_boundary(x.range.start) && s.is_char_boundary(x.range.end));
            if let Some(f) = &x.fix {
                for e in &f.edits {
                    prop_assert!(s.is_char_boundary(e.range.start) && s.is_char_boundary(e.range.end));
                }
            }
        }
    }
}

/// A finding with every place that starts in segment `i` counted from the
/// segment's start (places elsewhere stay absolute). A workspace rule's
/// place in this file comes from the index and stays as the index says.
fn relative(mut d: Diagnostic, segs: &notelint::syntax::Segments, i: usize) -> Diagnostic {
    let start = segs.at(i).start;
    let rel = |r: &mut std::ops::Range<usize>| {
        // The segment a place is in, as the lint has it.
        if segs
            .partition_point(|p| p.start <= r.start)
            .saturating_sub(1)
            == i
        {
            *r = r.start - start..r.end - start;
        }
    };
    rel(&mut d.range);
    let from_index = notelint::lint::registry::find(d.code)
        .is_some_and(|r| r.meta().scope == notelint::lint::Scope::Workspace);
    for r in &mut d.related {
        if r.file.is_none() && !from_index {
            rel(&mut r.range);
        }
    }
    if let Some(f) = &mut d.fix {
        for e in &mut f.edits {
            rel(&mut e.range);
        }
    }
    d
}

#[test]
fn unchanged_talks_are_not_relinted() {
    let config = LintConfig::default();
    let big: String = (0..200)
        .map(|i| format!(" Talk {i}\nJane Doe\n\nIntro\n\tx  \n"))
        .collect();
    let mut doc = Document::new(&big, config.parse.clone());
    let mut cache = TalkCache::new();
    let index = Index::default();
    let run = |doc: &Document, cache: &mut TalkCache| {
        let st = SourceText::document(doc);
        lint_document("f", st, &config, &index, Some(cache))
    };
    let first = run(&doc, &mut cache);
    assert_eq!(cache.last_misses(), 200);
    assert_eq!(
        first
            .iter()
            .filter(|d| d.name == "trailing-whitespace")
            .count(),
        200
    );
    let at = big.find(" Talk 100").unwrap() + 3;
    doc.edit(at..at, "x");
    run(&doc, &mut cache);
    assert!(cache.last_misses() <= 3, "{}", cache.last_misses());
    // A config change empties the cache.
    let mut other = config.clone();
    other.limits.description = Some(10);
    let st = SourceText::document(&doc);
    lint_document("f", st, &other, &index, Some(&mut cache));
    assert_eq!(cache.last_misses(), 200);
}
