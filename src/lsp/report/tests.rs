//! The kept report against the findings converted afresh, and what an
//! edit remakes.

use super::*;
use crate::analysis::diagnostics::lint_parts;
use crate::analysis::TalkCache;
use crate::index::Index;
use crate::lint::LintConfig;
use std::str::FromStr;

/// The report as JSON, and the same findings converted one by one by
/// `wire::diagnostic` and serialised by `ls_types` + serde.
fn both(
    doc: &Document,
    cache: &mut TalkCache,
    rc: &mut ReportCache,
    enc: Encoding,
) -> (serde_json::Value, serde_json::Value) {
    let config = LintConfig::default();
    let index = Index::default();
    let uri = lsp::Uri::from_str("file:///notes/a.talk").unwrap();
    let src = crate::syntax::SourceText::document(doc);
    let parts = lint_parts("file:///notes/a.talk", src, &config, &index, cache);
    let related = |_: &str, _: &std::ops::Range<usize>| None;
    let cx = Context {
        doc,
        uri: &uri,
        enc,
        related: &related,
    };
    let mut report = rc.update(&parts, &cx);
    let mut json = b"[".to_vec();
    while report.fill(&mut json, usize::MAX) {}
    json.push(b']');
    assert_eq!(
        json.len(),
        report.len() + 2,
        "the stated length is the written one"
    );
    let mut conv = convert::Conv::new(doc.rope(), enc);
    let want: Vec<lsp::Diagnostic> = parts
        .all()
        .iter()
        .map(|d| wire::diagnostic::diagnostic(&mut conv, &uri, d, &related))
        .collect();
    (
        serde_json::from_slice(&json).unwrap(),
        serde_json::to_value(want).unwrap(),
    )
}

/// Edits above, inside and below talks, with tabs, CRLF, emoji,
/// combining marks, duplicate titles (related places in another
/// talk), suppression comments: after each, the kept report reads
/// exactly as the findings converted afresh, in UTF-16 and UTF-8.
#[test]
fn the_kept_report_is_the_findings_converted_afresh() {
    let talk =
        |t: &str| format!(" {t}\r\nAnn Lée 😀\n\nIntro  \n\t* é\u{301} point \n\n\n\nBio: b\n");
    let text: String = ["Alpha", "Beta", "Alpha", "Gamma", "Beta"]
        .iter()
        .map(|t| talk(t))
        .collect();
    let edits: &[(&str, &str)] = &[
        // A line more before the places duplicate titles point at,
        // bytes the same.
        ("Intro  \n", "Intro \n\n"),
        ("Gamma", "Gamma\n\n\n"),
        (" Alpha", "// notelint: disable-next-line=all\n Alpha"),
        ("Intro", "😀\tIntro"),
        ("Bio: b\n Beta", "Bio: b\n\n\n Delta"),
        ("Ann", "\r\n\r\n"),
        ("point", ""),
        // A talk more, then one less: the list is rebuilt.
        (" Delta", " Omega\nBob Ray\n\nIntro \n\n Delta"),
        (" Omega\nBob Ray\n\nIntro \n\n", ""),
    ];
    for enc in [Encoding::Utf16, Encoding::Utf8] {
        let mut doc = Document::new(&text, LintConfig::default().parse);
        let mut cache = TalkCache::lean();
        let mut rc = ReportCache::default();
        let (got, want) = both(&doc, &mut cache, &mut rc, enc);
        assert!(want.as_array().unwrap().len() > 10);
        assert_eq!(got, want);
        for (find, put) in edits {
            let now = doc.text();
            let at = now.find(find).unwrap();
            doc.edit(at..at + find.len(), put);
            let (got, want) = both(&doc, &mut cache, &mut rc, enc);
            assert_eq!(got, want, "after replacing {find:?} with {put:?} ({enc:?})");
        }
    }
}

/// An edit remakes only the part it touched, in place or when the
/// list of talks changes, also when every finding has a message of its
/// own and the table of texts holds more than its floor (it started
/// afresh, remaking every part, on each keystroke past 65,536 texts).
#[test]
fn an_edit_remakes_only_the_talk_it_touched() {
    // No speaker: "talk `Talk N` has no speaker", a message per talk.
    let text: String = (0..40)
        .map(|i| format!(" Talk {i}\n\nIntro\n\tpoint\n\n"))
        .collect();
    let mut doc = Document::new(&text, LintConfig::default().parse);
    let mut cache = TalkCache::lean();
    let mut rc = ReportCache {
        min_texts: 8,
        ..ReportCache::default()
    };
    let (got, want) = both(&doc, &mut cache, &mut rc, Encoding::Utf16);
    assert_eq!(got, want);
    assert!(
        rc.texts.list.len() > rc.min_texts,
        "{}",
        rc.texts.list.len()
    );
    assert_eq!(rc.rendered, 40);
    for (find, put) in [
        ("point", "pointy"),
        (
            "Intro\n\tpoint\n\n Talk 20",
            "Intro\n\tpoint\n\n Talk x\n\n Talk 20",
        ),
    ] {
        let at = doc.text().find(find).unwrap();
        doc.edit(at..at + find.len(), put);
        let (got, want) = both(&doc, &mut cache, &mut rc, Encoding::Utf16);
        assert_eq!(got, want);
        // The talks the reparse made anew (the edited one, a new one,
        // a neighbour), not the forty.
        assert!(rc.rendered <= 4, "{find:?}: {} parts remade", rc.rendered);
    }
}
