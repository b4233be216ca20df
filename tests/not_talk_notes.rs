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
use std::borrow::Cow;
use std::path::{Path, PathBuf};

const SAMPLES: &str = "tests/fixtures/not-talk-notes";
const SPEAKER_RULES: [&str; 3] = ["NL001", "NL020", "NL021"];

fn files_in(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn shape(text: &str) -> Shape {
    let tree = parse(text, &LintConfig::default().parse);
    let st = |i: usize| Cow::Borrowed(&text[tree.segments.at(i).range()]);
    Shape::of(&tree.segments, &st)
}

fn lint(name: &str, text: &str, config: &LintConfig) -> Vec<Diagnostic> {
    let tree = parse(text, &config.parse);
    let st = |i: usize| Cow::Borrowed(&text[tree.segments.at(i).range()]);
    let mut index = Index::default();
    index.set_file(name, index_entry(&tree.segments, &st));
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
        let st = |i: usize| Cow::Borrowed(&text[tree.segments.at(i).range()]);
        let e = index_entry(&tree.segments, &st);
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
    let st = |i: usize| Cow::Borrowed(&text[tree.segments.at(i).range()]);
    assert!(index_entry(&tree.segments, &st).speakers().next().is_some());
}

/// The input blocks of the spec fixtures (`--- input` up to the next `---`).
fn spec_inputs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.split_inclusive('\n') {
        if line.starts_with("--- ") {
            out.extend(cur.take());
            if line.trim_end() == "--- input" {
                cur = Some(String::new());
            }
            continue;
        }
        if let Some(c) = &mut cur {
            c.push_str(line);
        }
    }
    out.extend(cur);
    out
}

/// ```talk blocks of a Markdown file.
fn talk_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        match &mut cur {
            None if line.trim_start().starts_with("```talk") => cur = Some(String::new()),
            Some(_) if line.trim_start().starts_with("```") => out.extend(cur.take()),
            Some(c) => {
                c.push_str(line);
                c.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Every real talk note this project has: seeds (when `../shared` is
/// there), examples, test fixtures other than the samples, spec inputs,
/// docs' talk blocks.
fn real_notes() -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut add_file = |p: &Path| {
        let t = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        v.push((p.display().to_string(), t));
    };
    if Path::new("../shared/seeds").is_dir() {
        for p in files_in("../shared/seeds") {
            add_file(&p);
        }
    } else {
        println!("skipping the seeds: ../shared/seeds is absent");
    }
    for p in files_in("examples") {
        if p.extension().is_some_and(|e| e == "talk") {
            add_file(&p);
        }
    }
    for dir in files_in_dirs("tests/fixtures") {
        if dir.ends_with("not-talk-notes") {
            continue;
        }
        // Import's inputs are other shapes on purpose (exports, CSV); its
        // expected outputs (`*.talk`) are talk notes.
        let import_input = |p: &Path| {
            p.starts_with("tests/fixtures/import") && p.extension().is_none_or(|e| e != "talk")
        };
        for p in files_in(dir.to_str().unwrap()) {
            if !import_input(&p) {
                add_file(&p);
            }
        }
    }
    for p in files_in("tests/spec") {
        let t = std::fs::read_to_string(&p).unwrap();
        for (k, input) in spec_inputs(&t).into_iter().enumerate() {
            v.push((format!("{} input {k}", p.display()), input));
        }
    }
    for p in files_in("docs")
        .into_iter()
        .chain([PathBuf::from("README.md")])
    {
        if p.extension().is_some_and(|e| e == "md") {
            let t = std::fs::read_to_string(&p).unwrap();
            for (k, b) in talk_blocks(&t).into_iter().enumerate() {
                v.push((format!("{} block {k}", p.display()), b));
            }
        }
    }
    v
}

/// `dir` and every directory under it.
fn files_in_dirs(dir: &str) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from(dir)];
    let mut i = 0;
    while i < out.len() {
        let mut sub: Vec<PathBuf> = std::fs::read_dir(&out[i])
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        sub.sort();
        out.extend(sub);
        i += 1;
    }
    out
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
