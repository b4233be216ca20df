//! The structured readers convert exactly: our own sample exports under
//! `tests/fixtures/import/structured/` against the expected talk-note
//! markup beside them (`NAME.expected.talk`; `UPDATE_EXPECT=1` rewrites
//! them, to be read before committing). Every expected file is in the
//! canonical layout, has no structure finding, and outlines to the talks
//! of the export.

use notelint::analysis::{format, lint_text};
use notelint::import::{convert, Options, Shape};
use notelint::index::Index;
use notelint::lint::LintConfig;
use notelint::syntax::outline::outline;
use notelint::syntax::pos::LineIndex;
use notelint::syntax::{parse, ParseOptions};
use std::path::Path;

const DIR: &str = "tests/fixtures/import/structured";

fn map(pairs: &[(&str, &str)]) -> Options {
    Options {
        csv_map: pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    }
}

fn converts(file: &str, shape: Shape, opts: &Options) -> String {
    let src = std::fs::read_to_string(Path::new(DIR).join(file)).unwrap();
    let out = convert(&src, Some(shape), opts).unwrap_or_else(|e| panic!("{file}: {e}"));
    let expected_path = Path::new(DIR).join(format!("{file}.expected.talk"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &out.text).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert_eq!(out.text, expected, "{file}");
    let o = ParseOptions::default();
    assert_eq!(format(&out.text, &o), out.text, "{file}: not canonical");
    for d in lint_text(file, &out.text, &LintConfig::default(), &Index::default()) {
        assert!(
            ![
                "stray-line",
                "field-outside-talk",
                "bad-meta",
                "not-talk-notes"
            ]
            .contains(&d.name),
            "{file}: {} {}",
            d.name,
            d.message
        );
    }
    out.text
}

type Talk = (String, Vec<String>, Option<String>, Vec<String>);

fn talks(text: &str) -> Vec<Talk> {
    let o = ParseOptions::default();
    outline(text, &parse(text, &o), &LineIndex::new(text), &o)
        .into_iter()
        .map(|t| {
            (
                t.title,
                t.speakers,
                t.meta,
                t.sections.into_iter().map(|s| s.name).collect(),
            )
        })
        .collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn frab_xml() {
    let out = converts("schedule.xml", Shape::FrabXml, &Options::default());
    let t = talks(&out);
    assert_eq!(t.len(), 3);
    assert_eq!(t[0].0, "Writing Parsers That Never Fail");
    assert_eq!(t[0].1, s(&["Grace Okafor", "Mateo Álvarez"]));
    assert_eq!(t[0].3, s(&["Track", "Description", "Abstract", "Schedule"]));
    // A break: a talk without speakers.
    assert_eq!((t[1].0.as_str(), t[1].1.len()), ("Coffee Break", 0));
    // A title that would be a separator line is kept, words and all.
    assert_eq!(t[2].0, "Untitled: ---");
    assert_eq!(t[2].1, s(&["sam"]));
    // The description's `Bio:` line stays text of the description.
    assert!(out.contains("\tBio: this line is part of the description, not a field."));
    assert!(out.contains("\t- Link: Slides https://example.org/slides/101"));
    // `&amp;` is read as `&`.
    assert!(out.contains("all day & a parser"));
}

#[test]
fn frab_json() {
    let out = converts("schedule.json", Shape::FrabJson, &Options::default());
    let t = talks(&out);
    // Rooms in the order `conference.rooms` lists them, not by key.
    assert_eq!(t[0].0, "Writing Parsers That Never Fail");
    assert_eq!(t[0].1, s(&["Grace Okafor", "Ada Quist"]));
    assert_eq!(
        t[0].3,
        s(&["Track", "Description", "Abstract", "Bio", "Schedule"])
    );
    assert_eq!(t[1].0, "Speaking Clearly About Time Zones");
    assert_eq!(t[1].1, s(&["Mateo Álvarez"]));
    // Each biography says whose it is when there are several speakers.
    assert!(out.contains("Bio: Grace Okafor: Compiler engineer."));
}

#[test]
fn csv_with_synonyms() {
    let out = converts("talks.csv", Shape::Csv, &Options::default());
    let t = talks(&out);
    assert_eq!(t.len(), 3);
    assert_eq!(t[0].1, s(&["Grace Okafor", "Mateo Álvarez"]));
    assert_eq!(t[0].2.as_deref(), Some("Tooling, Intermediate"));
    assert!(out.contains("Grace Okafor (@gokafor), Mateo Álvarez (@mateo)"));
    // An unknown level is kept without a bad-meta line.
    assert_eq!(t[1].2, None);
    assert_eq!(t[1].3, s(&["Track", "Level", "Description", "Notes"]));
    assert!(out.contains("\t- Expert"));
    // Unknown columns are labelled notes; a title with a comma stays one.
    assert!(out.contains("\t- Room: Hall A\n\t- Slot: 10:00"));
    assert_eq!(t[2].0, "Lunch, and a Walk");
}

#[test]
fn csv_with_map() {
    let opts = map(&[
        ("Session name", "title"),
        ("who", "speakers"),
        ("Blurb", "description"),
    ]);
    let out = converts("mapped.csv", Shape::Csv, &opts);
    let t = talks(&out);
    assert_eq!(t[0].2.as_deref(), None, "no track: the level is a field");
    assert_eq!(t[1].1, s(&["Ada Quist", "Sam Lee"]));
    assert!(out.contains("Level: Advanced"));
}

#[test]
fn errors_name_line_and_column() {
    let e = convert(
        "<schedule>\n<day>\n<room>\n</day>",
        Some(Shape::FrabXml),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
    let e = convert(
        "{\"schedule\": {\n\"conference\": {\"days\": [1,]}}}",
        Some(Shape::FrabJson),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(27)), "{e}");
    // A CSV without a title column says which columns it has.
    let e = convert("Name,Who\nx,y\n", Some(Shape::Csv), &Options::default()).unwrap_err();
    assert!(
        e.message.contains("Name, Who") && e.message.contains("--map"),
        "{e}"
    );
    assert_eq!(e.line, Some(1));
}
