//! not-talk-notes (NL037): reported once, at the top, on notes that are not
//! talk-note markup (our own samples under `tests/fixtures/not-talk-notes/`:
//! blog posts, schedule exports, a flat list), and never on real talk notes
//! (every seed, example, test fixture and `talk` block of the docs). While
//! it fires the speaker rules are quiet and the file adds nothing to the
//! speakers index.

use notelint::analysis::{index_entry, lint_text};
use notelint::index::Index;
use notelint::lint::rules::not_talk_notes::Shape;
use notelint::lint::{Diagnostic, LintConfig};
use notelint::syntax::parse;
use std::path::Path;

#[path = "common/real_notes.rs"]
mod real_notes;
use notelint::syntax::SourceText;
use real_notes::{files_in, real_notes};

const SAMPLES: &str = "tests/fixtures/not-talk-notes";
const SPEAKER_RULES: [&str; 3] = ["NL001", "NL020", "NL021"];

fn shape(text: &str) -> Shape {
    let tree = parse(text, &LintConfig::default().parse);
    let st = SourceText::new(&tree.segments, text);
    Shape::of(st)
}

fn lint(name: &str, text: &str, config: &LintConfig) -> Vec<Diagnostic> {
    let tree = parse(text, &config.parse);
    let st = SourceText::new(&tree.segments, text);
    let mut index = Index::default();
    index.set_file(name, index_entry(st));
    lint_text(name, text, config, &index)
}

fn samples() -> Vec<(String, String)> {
    let v: Vec<_> = files_in(SAMPLES)
        .into_iter()
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p.display().to_string(), t)
        })
        .collect();
    assert!(v.len() >= 5, "the samples are missing");
    v
}

#[test]
fn every_sample_is_reported_once_on_its_first_line() {
    let config = LintConfig::default();
    for (name, text) in samples() {
        let diags = lint(&name, &text, &config);
        let found: Vec<_> = diags.iter().filter(|d| d.code == "NL037").collect();
        assert_eq!(found.len(), 1, "{name}: {diags:#?}");
        let d = found[0];
        assert_eq!(d.name, "not-talk-notes");
        // The first non-blank line, exactly.
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap().trim();
        let start = text.find(first).unwrap();
        assert_eq!(d.range, start..start + first.len(), "{name}");
        // What was seen, what the format expects, where it is described.
        assert!(d.message.contains("reads as "), "{name}: {}", d.message);
        assert!(d.message.contains("lines"), "{name}: {}", d.message);
        assert!(d.message.contains("docs/spec.md"), "{name}: {}", d.message);
    }
}

/// The counts in the message are the document's: a schedule of 20 lines
/// under a heading is no talk with 21 lines outside; a post with front
/// matter is two talks (each `---` opens one) of stray lines.
#[test]
fn message_says_what_was_seen() {
    let text = std::fs::read_to_string(format!("{SAMPLES}/schedule-times.txt")).unwrap();
    let d = lint("s.txt", &text, &LintConfig::default());
    let d = d.iter().find(|d| d.code == "NL037").unwrap();
    assert!(
        d.message
            .contains("reads as no talk at all: 21 lines of text outside any talk"),
        "{}",
        d.message
    );
    // One giant talk: a front-matter blog post opens with a separator.
    let mut post = String::from("---\ntitle: My PyCon\n---\n");
    for i in 0..20 {
        post.push_str(&format!(
            "Paragraph {i} of the post, about the conference.\n"
        ));
    }
    let d = lint("p.md", &post, &LintConfig::default());
    let d = d.iter().find(|d| d.code == "NL037").expect("reported");
    assert!(
        d.message.contains(
            "reads as 2 talks with 0 sections, and 19 lines that fit no talk (against 2 that do)"
        ),
        "{}",
        d.message
    );
    assert_eq!(d.range, 0..3, "the first line, the opening `---`");
    // One talk: a CSV export whose last row ends in a level (`All`) reads
    // as a talk made of that row alone.
    let csv = std::fs::read_to_string(format!("{SAMPLES}/schedule-export.csv")).unwrap();
    let d = lint("s.csv", &csv, &LintConfig::default());
    let d = d.iter().find(|d| d.code == "NL037").unwrap();
    assert!(
        d.message
            .contains("reads as 1 talk with 0 sections and 17 lines that fit no talk"),
        "{}",
        d.message
    );
}

fn roster_config() -> LintConfig {
    LintConfig {
        roster: Some(vec![notelint::lint::config::Person {
            name: "Nobody Known".into(),
            aliases: Vec::new(),
            handle: None,
            affiliation: None,
        }]),
        ..LintConfig::default()
    }
}

/// The speaker rules fire on these files when not-talk-notes is off (the
/// lines where speakers would be are read as speakers), and never while it
/// is on.
#[test]
fn speaker_rules_are_quiet_while_it_fires() {
    let mut config = roster_config();
    let mut loud = 0;
    for (name, text) in samples() {
        let on = lint(&name, &text, &config);
        let quiet: Vec<_> = on
            .iter()
            .filter(|d| SPEAKER_RULES.contains(&d.code))
            .collect();
        assert!(quiet.is_empty(), "{name}: {quiet:#?}");
        assert!(on.iter().any(|d| d.code == "NL037"));
        config.rules.insert(
            "not-talk-notes".into(),
            notelint::lint::config::RuleSetting::Off,
        );
        let off = lint(&name, &text, &config);
        config.rules.remove("not-talk-notes");
        assert!(!off.iter().any(|d| d.code == "NL037"));
        loud += off
            .iter()
            .filter(|d| SPEAKER_RULES.contains(&d.code))
            .count();
    }
    assert!(
        loud > 0,
        "no sample would have had speaker findings: the test shows nothing"
    );
}

/// A file that is not talk notes adds no titles or speakers to the index
/// (so none to `notelint speakers` or to other files' speaker checks).
#[test]
fn not_talk_notes_add_nothing_to_the_index() {
    let mut with_names = 0;
    for (name, text) in samples() {
        let tree = parse(&text, &LintConfig::default().parse);
        with_names += tree.talks().filter(|p| !p.seg.speakers.is_empty()).count();
        let st = SourceText::new(&tree.segments, &text);
        let e = index_entry(st);
        assert!(
            e.talks().is_empty() && e.speakers().next().is_none(),
            "{name}: {e:?}"
        );
        // The file's summary still has its talks (the editor's catalog
        // reads it).
        let titled = tree.talks().filter(|p| p.seg.head.title.is_some()).count();
        assert_eq!(e.summary().talks.len(), titled, "{name}");
    }
    assert!(
        with_names > 0,
        "no sample reads as having speakers: the test shows nothing"
    );
    // A real note keeps its entry.
    let text = std::fs::read_to_string("examples/pycon-notes.talk").unwrap();
    let tree = parse(&text, &LintConfig::default().parse);
    let st = SourceText::new(&tree.segments, &text);
    assert!(index_entry(st).speakers().next().is_some());
}

#[test]
fn never_fires_on_real_talk_notes() {
    let config = LintConfig::default();
    let notes = real_notes();
    assert!(notes.len() > 40, "found only {} notes", notes.len());
    let mut spec = 0;
    for (name, text) in &notes {
        spec += usize::from(name.contains("tests/spec"));
        let s = shape(text);
        println!("{name}: {s:?}");
        assert!(!s.is_not_talk_notes(), "{name}: {s:?}");
        let diags = lint(name, text, &config);
        assert!(!diags.iter().any(|d| d.code == "NL037"), "{name}");
    }
    assert!(spec >= 26, "spec inputs not found");
    assert!(
        notes
            .iter()
            .any(|(n, _)| n.contains("examples/pycon-notes.talk")),
        "examples not found"
    );
}

/// The language server adds the shape up from each segment's share (kept
/// in its lint cache): the sum is the shape read whole, for every sample,
/// example and seed.
#[test]
fn the_shape_added_up_by_segment_is_the_shape_read_whole() {
    let mut files = files_in(SAMPLES);
    files.extend(
        files_in("examples")
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "talk")),
    );
    if Path::new("../shared/seeds").is_dir() {
        files.extend(files_in("../shared/seeds"));
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let tree = parse(&text, &LintConfig::default().parse);
        let mut sum = Shape::default();
        for p in tree.segments.iter() {
            sum.add(&Shape::part(p.seg, &text[p.range()]), p.start);
        }
        // What the file looks like is read once the counts are added up.
        let st = SourceText::new(&tree.segments, &text);
        let sum = sum.look(st);
        assert_eq!(sum, shape(&text), "{}", f.display());
    }
}

/// A `disable-next-line` comment above a file that is not talk notes
/// silences the finding: it lands on the first line of text, not on the
/// comment (it landed on the comment, which then could not reach it).
#[test]
fn a_comment_above_the_first_line_reaches_the_finding() {
    let config = LintConfig::default();
    for f in files_in(SAMPLES) {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.display().to_string();
        let found = lint(&name, &text, &config);
        assert!(found.iter().any(|d| d.code == "NL037"), "{name}");
        let quiet = format!("// notelint: disable-next-line=not-talk-notes\n{text}");
        let found = lint(&name, &quiet, &config);
        assert!(
            !found.iter().any(|d| d.code == "NL037"),
            "{name}: {found:?}"
        );
    }
}

/// The finding names the shape the file looks like and the command that
/// converts it, with the file's path.
#[test]
fn the_finding_names_the_shape_and_the_command() {
    let config = LintConfig::default();
    for (file, shape) in [
        ("short-blog.txt", "blog-style talk notes"),
        ("short-schedule.txt", "a schedule page saved as text"),
        ("short-prose.txt", "a prose report of talks"),
        ("short-markdown.md", "Markdown notes"),
        ("schedule-times.txt", "a schedule page saved as text"),
        ("schedule-export.csv", "a CSV table of talks"),
        ("talks-i-saw.md", "Markdown notes"),
    ] {
        let name = format!("{SAMPLES}/{file}");
        let text = std::fs::read_to_string(&name).unwrap();
        let d = lint(&name, &text, &config);
        let d = d.iter().find(|d| d.code == "NL037").expect(file);
        assert!(
            d.message
                .starts_with(&format!("this looks like {shape}, not talk-note markup")),
            "{file}: {}",
            d.message
        );
        assert!(
            d.message.contains(&format!("`notelint import {name}`")),
            "{file}: {}",
            d.message
        );
    }
    // A name a shell would split is quoted; a URI gives its last part.
    let text = std::fs::read_to_string(format!("{SAMPLES}/short-blog.txt")).unwrap();
    let d = lint("my notes.txt", &text, &config);
    assert!(
        d[0].message.contains("`notelint import 'my notes.txt'`"),
        "{}",
        d[0].message
    );
    let d = lint("file:///home/a/notes.txt", &text, &config);
    assert!(
        d[0].message.contains("`notelint import notes.txt`"),
        "{}",
        d[0].message
    );
}

/// While it fires, the structure and speaker rules are quiet: one finding,
/// not a page of them. With it off the same files have findings of those
/// rules (so the test shows something). Layout and text rules still speak
/// (their fixes are `fmt`'s).
#[test]
fn structure_rules_are_quiet_while_it_fires() {
    const STRUCTURE: [&str; 13] = [
        "NL001", "NL002", "NL003", "NL004", "NL005", "NL006", "NL007", "NL008", "NL009", "NL010",
        "NL011", "NL020", "NL021",
    ];
    let mut config = LintConfig::default();
    let mut loud = 0;
    for (name, text) in samples() {
        let on = lint(&name, &text, &config);
        let quiet: Vec<_> = on.iter().filter(|d| STRUCTURE.contains(&d.code)).collect();
        assert!(quiet.is_empty(), "{name}: {quiet:#?}");
        config.rules.insert(
            "not-talk-notes".into(),
            notelint::lint::config::RuleSetting::Off,
        );
        loud += lint(&name, &text, &config)
            .iter()
            .filter(|d| STRUCTURE.contains(&d.code))
            .count();
        config.rules.remove("not-talk-notes");
    }
    assert!(
        loud > 5,
        "the samples would have few structure findings: the test shows nothing"
    );
    // A layout finding still speaks: trailing whitespace has `fmt`'s fix.
    let text = std::fs::read_to_string(format!("{SAMPLES}/short-blog.txt")).unwrap();
    let d = lint("b.txt", &text.replacen('\n', "  \n", 1), &config);
    let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["NL037", "NL030"], "{d:#?}");
}
