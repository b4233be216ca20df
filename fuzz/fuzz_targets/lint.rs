//! Lint every rule on arbitrary documents, under several configurations and
//! with a second file in the index (workspace rules). Checks: no panic; every
//! range (diagnostic, related, fix edit) inside the text and on char
//! boundaries; the LSP path (rope + talk cache, also after an edit) gives the
//! same findings as the CLI path; fixes apply and the result lints again;
//! formatting is idempotent; the editor features run at arbitrary offsets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use notelint::analysis::ide::{
    code_actions, completions, folding_ranges, hover, inlay_hints, seg_text, semantic_tokens, Catalog,
};
use notelint::analysis::{format, index_entry, lint_document, lint_text, TalkCache};
use notelint::index::Index;
use notelint::lint::config::{Limits, Person};
use notelint::lint::{registry, Diagnostic, LintConfig};
use notelint::syntax::{parse, Document, SourceText};

fn config(mode: u8) -> LintConfig {
    let mut c = LintConfig::default();
    if mode & 1 != 0 {
        c.limits = Limits {
            description: Some(5),
            abstract_: Some(3),
            bio: Some(1),
            title: Some(4),
        };
        c.required_sections = ["Description", "Abstract", "Bio", "Author"].map(String::from).to_vec();
    }
    if mode & 2 != 0 {
        c.tracks = Some(vec!["Web".into(), "Data".into()]);
        c.roster = Some(vec![Person {
            name: "Ada Lovelace".into(),
            aliases: vec!["A. Lovelace".into(), "".into()],
            handle: Some("@ada".into()),
            affiliation: None,
        }]);
        c.parse.extra_labels = vec!["Slides".into()];
    }
    c.speaker_distance = (mode >> 2) as usize % 4;
    c
}

fn check_ranges(text: &str, diags: &[Diagnostic]) {
    let ok = |r: &std::ops::Range<usize>, what: &str, d: &Diagnostic| {
        assert!(
            r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{} {what} range {r:?} bad for a text of {} bytes",
            d.code,
            text.len()
        );
    };
    for d in diags {
        assert!(registry::find(d.code).is_some(), "unknown code {}", d.code);
        assert!(!d.message.is_empty());
        ok(&d.range, "range", d);
        for r in d.related.iter().filter(|r| r.file.is_none()) {
            ok(&r.range, "related", d);
        }
        if let Some(f) = &d.fix {
            for e in &f.edits {
                ok(&e.range, "fix edit", d);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    // A 0xFF byte (never in UTF-8) splits this file from a second one.
    let (a, b) = match rest.iter().position(|&x| x == 0xFF) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let text = String::from_utf8_lossy(a).into_owned();
    let other = String::from_utf8_lossy(b).into_owned();
    let cfg = config(mode);

    // The index as the CLI and the server build it: from the very text being
    // linted (the server rebuilds a file's entry before any lint whose
    // findings cite positions in it), plus the second file.
    let index_for = |t: &str| {
        let mut index = Index::default();
        index.set_speaker_distance(cfg.speaker_distance);
        for (name, t) in [("a.talk", t), ("b.talk", other.as_str())] {
            let tree = parse(t, &cfg.parse);
            index.set_file(name, index_entry(SourceText::new(&tree.segments, t)));
        }
        index
    };
    let index = index_for(&text);

    let diags = lint_text("a.talk", &text, &cfg, &index);
    check_ranges(&text, &diags);

    // The LSP path: a rope document and a warm cache, before and after an edit.
    let mut doc = Document::new(&text, cfg.parse.clone());
    let mut cache = TalkCache::new();
    let via_doc = |doc: &Document, cache: &mut TalkCache| {
        lint_document("a.talk", SourceText::document(doc), &cfg, &index, Some(cache))
    };
    assert_eq!(via_doc(&doc, &mut cache), diags, "rope path differs from lint_text");
    let at = (mode as usize * 7919) % (text.len() + 1);
    doc.edit(at..at + (mode as usize % 5), if mode & 16 != 0 { "\n ab\n" } else { "" });
    let edited = doc.text();
    let index_edited = index_for(&edited);
    let st = SourceText::document(&doc);
    let after = lint_document("a.talk", st, &cfg, &index_edited, Some(&mut cache));
    check_ranges(&edited, &after);
    assert_eq!(after, lint_text("a.talk", &edited, &cfg, &index_edited), "cached lint after an edit differs");

    // Fixes apply (safe and unsafe), and the fixed text lints again.
    let (fixed, _) = notelint::cli::fix::apply(&text, &diags, mode & 32 != 0);
    check_ranges(&fixed, &lint_text("a.talk", &fixed, &cfg, &index_for(&fixed)));

    // Formatting is idempotent.
    let f1 = format(&text, &cfg.parse);
    let f2 = format(&f1, &cfg.parse);
    assert_eq!(f1, f2, "format is not idempotent");

    // Editor features at arbitrary offsets.
    let mut ws = Catalog::default();
    ws.roster = cfg.roster.clone().unwrap_or_default();
    for p in doc.tree().talks() {
        let _ = notelint::syntax::outline::talk(p.seg, &seg_text(&doc, p), doc.options());
    }
    let _ = folding_ranges(&doc);
    let _ = semantic_tokens(&doc);
    let _ = inlay_hints(&doc, &cfg, 0..usize::MAX);
    for off in [0, at, at.wrapping_mul(3) % (doc.len() + 2), doc.len(), doc.len() + 5] {
        let _ = hover(&doc, &ws, off, &|_, _| None);
        let _ = completions(&doc, &ws, &cfg, off);
        let _ = code_actions(&doc, &after, off..off + 3);
    }
});
