//! `index_entry`: talks and speakers of one file, with absolute ranges.

use notelint::analysis::index_entry;
use notelint::syntax::SourceText;
use notelint::syntax::{parse, ParseOptions};

#[test]
fn speakers_with_handles_and_affiliations() {
    let text = "top of page\n\n The Future Is Bright\n\n\nAuthor\n\nTalk by Jesse Noller\n\n\tPSF Member\n\n\tPycon Chair\n\nIntro\n\tAimed at all.\n___\nEmbracing The GIL\nDavid Beazley (@dabeaz)\nFundamentals, Intermediate\n\nDescription: d\nAbstract: a\nBio: David is the author of the Python Essential Reference and a long-time Python user.\n";
    let tree = parse(text, &ParseOptions::default());
    let st = SourceText::new(&tree.segments, text);
    let e = index_entry(st);
    let titles: Vec<&str> = e.talks().iter().map(|t| t.title()).collect();
    assert_eq!(titles, ["The Future Is Bright", "Embracing The GIL"]);
    assert_eq!(&text[e.talks()[1].title_range()], "Embracing The GIL");
    let speakers: Vec<_> = e.speakers().collect();
    assert_eq!(speakers.len(), 2);
    let jesse = &speakers[0];
    assert_eq!(jesse.name(), "Jesse Noller");
    assert_eq!(&text[jesse.range.clone()], "Jesse Noller");
    assert_eq!(jesse.affiliation(), ["PSF Member", "Pycon Chair"]);
    assert_eq!((jesse.handle(), jesse.link()), (None, None));
    assert_eq!(e.talks()[jesse.talk].title(), "The Future Is Bright");
    let dave = &speakers[1];
    assert_eq!(dave.handle(), Some("@dabeaz"));
    assert_eq!(
        (dave.name(), dave.key()),
        ("David Beazley", "david beazley")
    );
    assert_eq!(dave.affiliation(), Vec::<&str>::new());
    // The second talk's one speaker.
    assert_eq!((dave.talk, dave.nth()), (1, 0));
    assert_eq!(e.talks()[1].info.speaker_count(), 1);
    assert_eq!(e.speaker(1, 0).as_ref(), Some(dave));
}

/// The entry's summary places each talk on the line the text gives, with
/// any of the line ends (the summary counts them per segment).
#[test]
fn talks_are_on_the_lines_the_text_gives() {
    let base = "top\n\n One\nAnn Lee\n\nIntro\n\tx\n\n\n Two\nBo Li\n\n Three\nCy Do\n";
    for eol in ["\n", "\r\n", "\r"] {
        let text = base.replace('\n', eol);
        let tree = parse(&text, &ParseOptions::default());
        let st = SourceText::new(&tree.segments, &text);
        let e = index_entry(st);
        let li = notelint::syntax::pos::LineIndex::new(&text);
        let got: Vec<(u32, usize)> = (e.summary().talks.iter())
            .map(|t| (t.line, li.line_of(t.start)))
            .collect();
        assert_eq!(got.len(), 3, "{eol:?}");
        assert!(
            got.iter().all(|(a, b)| *a as usize == *b),
            "{eol:?}: {got:?}"
        );
        assert_eq!(got[2].1, 12, "{eol:?}");
    }
}

/// The entry keeps of each talk's segment only what names it (the CLI's
/// index outlives the trees); what workspace rules see is the whole
/// summary's.
#[test]
fn the_entry_keeps_no_sections_and_sees_what_the_whole_summary_does() {
    let text =
        " One\nAnn Lee (@ann)\n\nIntro\n\tx\n\nBio: Ann writes.\n\n Two\n\nAuthor: Bo Li\n\tACME\n";
    let tree = parse(text, &ParseOptions::default());
    let st = SourceText::new(&tree.segments, text);
    let e = index_entry(st);
    let whole = notelint::analysis::summary_of(st);
    assert!(whole.talks.iter().any(|t| !t.seg.sections.is_empty()));
    let lean = &e.summary().talks;
    assert_eq!(lean.len(), 2);
    for (l, w) in lean.iter().zip(&whole.talks) {
        assert!(l.seg.sections.is_empty());
        assert_eq!(
            (l.range(), l.seg.title(&text[l.range()])),
            (w.range(), Some(w.title()))
        );
        assert_eq!(l.seg.speakers, w.seg.speakers);
    }
    let full = notelint::analysis::entry_of(std::sync::Arc::new(whole), st);
    assert_eq!(e, full);
}
