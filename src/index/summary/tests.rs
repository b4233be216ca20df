//! Unit tests of the per-file summary: places in both encodings, each
//! part read back, line numbers of reused talks after edits.

use super::*;
use crate::syntax::pos::{Encoding, LineIndex};
use crate::syntax::ParseOptions;

/// Every place the catalog gives (titles, speaker names, bios, in a
/// second talk whose lines start with wide characters) has the line and
/// the columns, in bytes and in UTF-16, that the file's text gives, with
/// any of the line ends.
#[test]
fn places_have_the_columns_of_both_encodings() {
    let base = " Intro\nAnn Lee\n\n Ünïcode 😀 talk\nZoë Ünï, Åsa Lind\n\n\
                Bio: Zoë writes 😀.\n\tMore é.\n";
    for eol in ["\n", "\r\n", "\r"] {
        let text = &base.replace('\n', eol);
        let li = LineIndex::new(text);
        let ft = summary_of(text);
        let mut locs = Vec::new();
        for t in &ft.talks {
            locs.push(t.title_loc("f"));
            locs.extend(t.info.speakers().map(|s| t.speaker_loc("f", &s)));
            locs.extend(t.bio_loc("f"));
        }
        assert_eq!(locs.len(), 6, "{eol:?}: {locs:?}");
        for l in &locs {
            for (p, at) in [(l.start, l.bytes.start), (l.end, l.bytes.end)] {
                let narrow = li.to_line_col(text, at, Encoding::Utf8);
                let wide = li.to_line_col(text, at, Encoding::Utf16);
                assert_eq!((p.line, p.col), (narrow.line, narrow.col), "{l:?}");
                assert_eq!((p.line, p.col_utf16), (wide.line, wide.col), "{l:?}");
            }
        }
        let names: Vec<&str> = locs.iter().map(|l| &text[l.bytes.clone()]).collect();
        let bio = format!("Bio: Zoë writes 😀.{eol}\tMore é.");
        assert_eq!(
            names,
            [
                "Intro",
                "Ann Lee",
                "Ünïcode 😀 talk",
                "Zoë Ünï",
                "Åsa Lind",
                bio.as_str()
            ],
            "{eol:?}"
        );
    }
}

#[test]
fn a_talk_summary_reads_back_each_part() {
    use crate::syntax::Document;
    let text = " Ünïcode 😀 talk\nAnn Lee (@ann), Bo Li (https://bo.li)\nWeb, Beginner\n\n\
                Bio: Cy writes.\n\tMore é.\n";
    let doc = Document::new(text, Default::default());
    let segs = doc.segments();
    let p = segs.iter().find(|p| p.seg.is_talk()).unwrap();
    let t = talk_info(p.seg, &doc.slice(p.range()), None).unwrap();
    assert_eq!(t.title(), "Ünïcode 😀 talk");
    let sp: Vec<(&str, Option<&str>, Option<&str>)> =
        t.speakers().map(|s| (s.name, s.handle, s.link)).collect();
    assert_eq!(sp.len(), t.speaker_count());
    assert_eq!(
        sp,
        [
            ("Ann Lee", Some("@ann"), None),
            ("Bo Li", None, Some("https://bo.li"))
        ]
    );
    let seg_text = doc.slice(p.range());
    let bio = t.bio().map(|at| &seg_text[at.bytes.range()]);
    assert_eq!(bio, Some("Bio: Cy writes.\n\tMore é."));
    let excerpt = bio_excerpt(p.seg, &seg_text);
    assert_eq!(excerpt.as_deref(), Some("Cy writes. More é."));
    assert_eq!(t.track(), Some("Web"));
    assert_eq!(t.affiliation(), None);
    let single = " Solo\n\nAuthor: Cy Do\n\tACME 😀 Labs\n";
    let doc = Document::new(single, Default::default());
    let segs = doc.segments();
    let p = segs.iter().find(|p| p.seg.is_talk()).unwrap();
    let t = talk_info(p.seg, &doc.slice(p.range()), None).unwrap();
    assert_eq!(t.speakers().map(|s| s.name).collect::<Vec<_>>(), ["Cy Do"]);
    // The speaker's own affiliation lines (the lint index's view).
    let cy = t.speakers().next().unwrap();
    assert_eq!(cy.affiliation_lines().collect::<Vec<_>>(), ["ACME 😀 Labs"]);
    assert_eq!((cy.nth, cy.key), (0, "cy do"));
    assert_eq!(
        (t.affiliation(), t.track(), t.bio()),
        (Some("ACME 😀 Labs"), None, None)
    );
    // No speaker at all.
    let alone = Document::new(" Alone\n\nDescription: d\n", Default::default());
    let p0 = alone.segments().iter().find(|p| p.seg.is_talk()).unwrap();
    let none = talk_info(p0.seg, &alone.slice(p0.range()), None).unwrap();
    assert_eq!((none.speaker_count(), none.speakers().count()), (0, 0));
    assert_eq!((none.title(), none.track()), ("Alone", None));
    // Names given are shared, not copied.
    let text = doc.slice(p.range());
    let names = TalkNames::of(p.seg, &text).unwrap();
    let t = talk_info(p.seg, &text, Some(names.clone())).unwrap();
    assert!(t.names.ptr_eq(&names));
    assert_eq!((t.title(), t.speaker_count()), ("Solo", 1));
}

/// An open document's summary, reusing `prev`'s unchanged talks (as the
/// server makes it).
fn doc_summary(doc: &crate::syntax::Document, prev: Option<FileSummary>) -> FileSummary {
    let rope = doc.rope();
    file_summary(
        SourceText::document(doc),
        &|o| rope.byte_to_line(o) as u32,
        prev,
        &|_| None,
    )
}

#[test]
fn line_numbers_of_reused_talks_follow_edits() {
    use crate::syntax::Document;
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!(" Talk {i}\nby Ann Lee\n\nDescription: d\n\n"));
    }
    let mut doc = Document::new(&text, ParseOptions::default());
    let mut ft = doc_summary(&doc, None);
    // Lines added and removed at the top, in the middle, at the end; a
    // talk split in two and joined again; a whole talk deleted.
    // (where, as a function of the length; bytes deleted; text inserted)
    type Edit = (fn(usize) -> usize, usize, &'static str);
    let edits: &[Edit] = &[
        (|_| 0, 0, "\n\n\n"),
        (|n| n / 2, 0, "more\nlines\n"),
        (|_| 0, 3, ""),
        (|n| n, 0, "\n Tail\nby Bo\n"),
        (|n| n / 3, 0, "\n Split\nby Cy\n\n"),
        (|n| n / 4, 40, ""),
    ];
    for (at, del, ins) in edits {
        let a = at(doc.len()).min(doc.len());
        let a = (0..=a)
            .rev()
            .find(|&x| doc.text().is_char_boundary(x))
            .unwrap();
        let b = (a + del).min(doc.len());
        doc.edit(a..b, ins);
        let inc = doc_summary(&doc, Some(ft.clone()));
        let reused = inc
            .talks
            .iter()
            .filter(|t| ft.talks.iter().any(|o| Arc::ptr_eq(&o.info, &t.info)))
            .count();
        assert!(reused + 3 >= inc.talks.len(), "unchanged talks are reused");
        let fresh = doc_summary(&doc, None);
        let key = |f: &FileSummary| -> Vec<(usize, u32, String)> {
            f.talks
                .iter()
                .map(|t| (t.start, t.line, t.info.title().to_string()))
                .collect()
        };
        assert_eq!(key(&inc), key(&fresh), "after inserting {ins:?} at {a}");
        ft = inc;
    }
}

/// Two edits of a note with stretches that are no talk (the case
/// `lsp/wire/prop.rs` found): every talk's line is the text's. A run of
/// reused talks once carried one shift across such a stretch, which can
/// gain or lose lines without either talk changing.
#[test]
fn talks_after_an_edited_stretch_that_is_no_talk_move() {
    use crate::syntax::Document;
    let text = "\n   \nAda Lovelace and Van Lindberg\n   \n// notelint: disable=NL030\nDescription: words  \n\n   \n Title here\n// notelint: disable=NL030\n   \n// notelint: disable=NL030\n___\né kz \né xj k \n   \nAuthor\n- 𝄞 clef\n- 𝄞 clef\nBo \"B\\\" Li\n\t\t- deeper 😀\n___\n Cafe\u{301} talk\nsyaé\nAuthor\n \"Quoted\" \\ talk\ni e  b\n  é\n ur l\n    * four\n \"Quoted\" \\ talk\n\titem\nAda Lovelace and Van Lindberg\nhobawé\n* star\nBo \"B\\\" Li\n\titem\nDescription: words  \n   \n* star\n   \n Cafe\u{301} talk\nAda Lovelace and Van Lindberg\nBo \"B\\\" Li\n    * four\nJane Doe\n \n___\n___\nDescription: words  \né\n___\n Cafe\u{301} talk\n  - two  \nCafé ☕ crème\n\t\t- deeper 😀\nbtwg\n- 𝄞 clef\nWeb, Beginner\n    * four\n \t mixed\néé nxiu";
    let mut doc = Document::new(text, ParseOptions::default());
    let mut ft = doc_summary(&doc, None);
    // (where, as a fraction of the length; bytes deleted; text inserted)
    for (at, del, put) in [
        (0.255095926479235, 13, " Title here\n"),
        (0.81566917892265, 7, ""),
    ] {
        let t = doc.text();
        let snap = |x: usize| {
            (0..=x.min(t.len()))
                .rev()
                .find(|&x| t.is_char_boundary(x))
                .unwrap()
        };
        let a = snap((t.len() as f64 * at) as usize);
        let b = snap(a + del).max(a);
        doc.edit(a..b, put);
        let inc = doc_summary(&doc, Some(ft));
        let rope = doc.rope();
        for t in &inc.talks {
            let want = rope.byte_to_line(t.start) as u32;
            assert_eq!(t.line, want, "{} after {put:?}", t.info.title());
        }
        ft = inc;
    }
}
