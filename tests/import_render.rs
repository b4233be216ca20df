//! The import renderer on arbitrary models (hazardous text included: lines
//! that would read as fields, separators, comments, bullets, titles, meta
//! or speaker lines; CRLF inside text; emoji): parsing the output gives the
//! model's talks back, `fmt` leaves it unchanged, no structure finding the
//! importer could have avoided, and every word kept.

use notelint::analysis::{format, lint_text};
use notelint::import::model::{Block, Notes, Section, SectionKind, Speaker, Talk};
use notelint::import::render::render;
use notelint::import::words::{check_kept, model_text};
use notelint::index::Index;
use notelint::lint::LintConfig;
use notelint::syntax::outline::outline;
use notelint::syntax::pos::LineIndex;
use notelint::syntax::{parse, ParseOptions};
use proptest::prelude::*;

/// The structure rules an importer can always avoid, and not-talk-notes.
const STRUCTURE: [&str; 3] = ["stray-line", "field-outside-talk", "bad-meta"];

const HAZARDS: &[&str] = &[
    "Bio: not a field",
    "Abstract",
    "Description",
    "Speakers",
    "Level",
    "Track: x",
    "---",
    "___",
    "===",
    " leading space",
    "  two spaces",
    "\tTab first",
    "// a comment",
    "// notelint: disable=missing-bio",
    "- dash bullet",
    "* star",
    "• dot",
    "12) twelve",
    "3.",
    "Web, Beginner",
    "Testing, Intermediat",
    "Ada Lovelace",
    "by Grace Hopper",
    "line one\r\nline two",
    "cr\ronly",
    "lf\nbreak",
    "😀 emoji 👩‍💻",
    "café naïve",
    "\u{a0}",
    "",
    "   ",
    "(@handle)",
    "https://example.org/x",
    "Notes",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(HAZARDS).prop_map(str::to_string),
        3 => "[A-Za-z][a-z]{0,8}( [A-Za-z0-9][a-z]{0,6}){0,4}",
        2 => "\\PC{0,24}",
        1 => (prop::sample::select(HAZARDS), "\\PC{0,8}").prop_map(|(a, b)| format!("{a}{b}")),
    ]
}

/// Names the speaker line can carry as they are: no separators or
/// parentheses, not starting with `by`.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8}){0,2}",
        "[A-Z][a-z]{1,6} [0-9]{1,3}",
        "[\\p{L}]{1,6}( [\\p{L}\\p{N}.:]{1,6}){0,3}",
    ]
    .prop_filter("no separators", |n| {
        !n.contains([',', '&', '(', ')'])
            && !n.contains(" and ")
            && !n.to_lowercase().starts_with("by ")
            && !n.to_lowercase().starts_with("talk by ")
    })
}

fn speaker() -> impl Strategy<Value = Speaker> {
    (
        name(),
        prop::option::of(prop_oneof!["@[a-z]{1,8}", "https://ex\\.org/[a-z]{1,5}"]),
    )
        .prop_map(|(name, handle)| Speaker { name, handle })
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        text().prop_map(Block::Para),
        (0u8..3, text()).prop_map(|(depth, text)| Block::Item { depth, text }),
    ]
}

fn section() -> impl Strategy<Value = Section> {
    let kind = prop_oneof![
        prop::sample::select(vec![
            "Description",
            "Abstract",
            "Bio",
            "bio",
            "Slides",
            "Track"
        ])
        .prop_map(|s| SectionKind::Field(s.to_string())),
        text().prop_map(SectionKind::Heading),
        Just(SectionKind::Notes),
    ];
    (kind, prop::collection::vec(block(), 0..4)).prop_map(|(kind, blocks)| Section { kind, blocks })
}

fn talk() -> impl Strategy<Value = Talk> {
    (
        text(),
        prop::collection::vec(speaker(), 0..3),
        prop::option::of(prop::sample::select(vec!["by", "Talk by"])),
        prop::option::of(prop_oneof![text(), Just("Web".to_string())]),
        prop::option::of(prop_oneof![
            Just("Beginner".to_string()),
            Just("all".to_string()),
            Just("Expert".to_string()),
            Just("Intermediat".to_string()),
            text()
        ]),
        prop::collection::vec(section(), 0..4),
        prop::collection::vec(
            prop::sample::select(vec![", ", " and ", " & ", ", and ", ""]),
            0..3,
        ),
    )
        .prop_map(
            |(title, speakers, prefix, track, level, sections, joiners)| Talk {
                title,
                speaker_prefix: prefix.filter(|_| !speakers.is_empty()).map(str::to_string),
                // One joiner per gap (the reader's say), or none (the renderer's).
                speaker_joiners: if joiners.len() + 1 == speakers.len() {
                    joiners.into_iter().map(str::to_string).collect()
                } else {
                    Vec::new()
                },
                speakers,
                track,
                level,
                sections,
            },
        )
}

fn notes() -> impl Strategy<Value = Notes> {
    (
        prop::collection::vec(block(), 0..3),
        prop::collection::vec(talk(), 0..4),
    )
        .prop_map(|(preamble, talks)| Notes { preamble, talks })
}

fn flat(s: &str) -> String {
    s.replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
        .trim_matches(char::is_whitespace)
        .to_string()
}

/// The outline name the model's section must have in the output, when
/// the renderer keeps it as a section of its own (a known label: its role;
/// a heading reading as text: its text).
fn expected_name(s: &Section, opts: &ParseOptions) -> Option<String> {
    let has_text = s.blocks.iter().any(|b| match b {
        Block::Para(t) | Block::Item { text: t, .. } => !flat(t).is_empty(),
    });
    match &s.kind {
        SectionKind::Field(l) => match opts.lookup(l) {
            Some(notelint::syntax::Label::Track) => Some("Track".into()),
            Some(l) => Some(opts.label_name(l).to_string()),
            None => None,
        },
        SectionKind::Heading(h) => {
            let h = flat(h);
            let plain = notelint::syntax::line::classify(&h, opts)
                == notelint::syntax::line::LineKind::Text;
            (has_text && plain && !h.is_empty()).then_some(h)
        }
        SectionKind::Notes => has_text.then(|| "Notes".into()),
    }
}

fn check(notes: &Notes) -> Result<(), TestCaseError> {
    let out = render(notes);
    let opts = ParseOptions::default();
    // Canonical layout.
    prop_assert_eq!(&format(&out, &opts), &out, "fmt changes the output");
    // No avoidable structure finding.
    let diags = lint_text("x.talk", &out, &LintConfig::default(), &Index::default());
    for d in &diags {
        prop_assert!(
            // A model with no talk renders as a preamble alone: no talk
            // notes to recognise, so not-talk-notes may speak there.
            !STRUCTURE.contains(&d.name) && (d.name != "not-talk-notes" || notes.talks.is_empty()),
            "{} {}: {}\n{}",
            d.name,
            d.range.start,
            d.message,
            out
        );
    }
    // Every word.
    if let Err(l) = check_kept(&model_text(notes), &out) {
        return Err(TestCaseError::fail(format!("{l}\n{out}")));
    }
    // The talks.
    let tree = parse(&out, &opts);
    let talks = outline(&out, &tree, &LineIndex::new(&out), &opts);
    prop_assert_eq!(talks.len(), notes.talks.len(), "talk count\n{}", out);
    for (t, m) in talks.iter().zip(&notes.talks) {
        let want = flat(&m.title);
        prop_assert!(
            t.title == want
                || (want.is_empty() && t.title == "Untitled")
                || t.title == format!("Untitled: {want}"),
            "title {:?} for {:?}\n{}",
            t.title,
            m.title,
            out
        );
        let names: Vec<String> = m.speakers.iter().map(|s| flat(&s.name)).collect();
        prop_assert_eq!(&t.speakers, &names, "speakers\n{}", out);
        let lv = m.level.as_deref().map(flat);
        let tr = m.track.as_deref().map(flat);
        if let (Some(tr), Some(lv)) = (&tr, &lv) {
            // A meta line unless the speakers went to a field (then the
            // track and level follow them as fields, in order).
            let in_field = t.sections.first().is_some_and(|s| s.name == "Author");
            if opts.exact_level(lv).is_some()
                && !tr.is_empty()
                && tr.chars().all(|c| c.is_alphanumeric())
                && !in_field
            {
                prop_assert_eq!(t.meta.clone(), Some(format!("{tr}, {lv}")), "meta\n{}", out);
            }
        }
        // The model's sections, in order, among the output's.
        let got: Vec<&str> = t.sections.iter().map(|s| s.name.as_str()).collect();
        let mut it = got.iter();
        for s in &m.sections {
            if let Some(name) = expected_name(s, &opts) {
                prop_assert!(
                    it.any(|g| *g == name),
                    "section {:?} missing or out of order in {:?}\n{}",
                    name,
                    got,
                    out
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn render_parses_back(n in notes()) {
        check(&n)?;
    }
}

#[test]
fn a_plain_talk_renders_as_the_examples_do() {
    let notes = Notes {
        preamble: vec![Block::Para("My notes from PyCon".into())],
        talks: vec![Talk {
            title: "Writing Parsers That Never Fail".into(),
            speakers: vec![Speaker {
                name: "Grace Okafor".into(),
                handle: Some("@gokafor".into()),
            }],
            speaker_prefix: Some("Talk by".into()),
            speaker_joiners: Vec::new(),
            track: Some("Tooling".into()),
            level: Some("Intermediate".into()),
            sections: vec![
                Section {
                    kind: SectionKind::Field("Description".into()),
                    blocks: vec![
                        Block::Para("Parsers for editors.".into()),
                        Block::Para("Bio: not a field here.".into()),
                    ],
                },
                Section {
                    kind: SectionKind::Heading("Intro".into()),
                    blocks: vec![
                        Block::Item {
                            depth: 0,
                            text: "Users type broken documents".into(),
                        },
                        Block::Item {
                            depth: 1,
                            text: "all day long".into(),
                        },
                    ],
                },
            ],
        }],
    };
    let out = render(&notes);
    assert_eq!(
        out,
        "My notes from PyCon\n\n Writing Parsers That Never Fail\nTalk by Grace Okafor (@gokafor)\nTooling, Intermediate\n\nDescription: Parsers for editors.\n\n\tBio: not a field here.\n\nIntro\n\n\t- Users type broken documents\n\t\t- all day long\n"
    );
    check(&notes).unwrap();
}
