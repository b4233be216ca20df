//! One fixture per rule. A fixture is note text in which each expected
//! finding's range is wrapped in a pair of `$0` markers (rust-analyzer
//! style); the test strips the markers, lints, and compares the ranges of
//! that rule's findings with the marked ones. Fix tests apply the fixes and
//! compare with the expected text.

use notelint::analysis::{index_entry, lint_text};
use notelint::index::Index;
use notelint::lint::config::{Person, RuleSetting};
use notelint::lint::{Diagnostic, FixSafety, LintConfig};
use notelint::syntax::parse;
use notelint::syntax::SourceText;
use std::ops::Range;

/// Strip `$0` markers: the text, and the ranges between consecutive pairs.
fn marks(src: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut at = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("$0") {
        text.push_str(&rest[..i]);
        at.push(text.len());
        rest = &rest[i + 2..];
    }
    text.push_str(rest);
    assert!(at.len() % 2 == 0, "unpaired $0 marker");
    (text, at.chunks(2).map(|c| c[0]..c[1]).collect())
}

fn lint_with(text: &str, config: &LintConfig) -> Vec<Diagnostic> {
    lint_text("test.talk", text, config, &Index::default())
}

/// Lint the fixture and assert the findings of `name` are exactly the marked ranges.
fn check_with(name: &str, fixture: &str, config: &LintConfig) -> (String, Vec<Diagnostic>) {
    let (text, want) = marks(fixture);
    let got: Vec<Diagnostic> = lint_with(&text, config)
        .into_iter()
        .filter(|d| d.name == name)
        .collect();
    let ranges: Vec<Range<usize>> = got.iter().map(|d| d.range.clone()).collect();
    assert_eq!(
        ranges,
        want,
        "{name}: got {:?}",
        got.iter()
            .map(|d| (&text[d.range.clone()], &d.message))
            .collect::<Vec<_>>()
    );
    (text, got)
}

fn check(name: &str, fixture: &str) -> (String, Vec<Diagnostic>) {
    check_with(name, fixture, &LintConfig::default())
}

/// Apply every fix of `diags` (non-overlapping) to `text`.
fn apply(text: &str, diags: &[Diagnostic]) -> String {
    let mut edits: Vec<_> = diags
        .iter()
        .filter_map(|d| d.fix.as_deref())
        .flat_map(|f| f.edits.iter())
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range.clone(), &e.replacement);
    }
    out
}

fn safety(diags: &[Diagnostic]) -> Vec<FixSafety> {
    diags
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| f.safety))
        .collect()
}

#[test]
fn missing_author() {
    let (_, d) = check(
        "missing-author",
        " $0Lightning Talks$0\n\nVagrant\n\tDev boxes\n",
    );
    assert_eq!(d[0].code, "NL001");
    assert!(d[0].message.contains("`Lightning Talks`"));
    check("missing-author", " Talk\nJane Doe\n\nIntro\n\tx\n");
    check(
        "missing-author",
        " Talk\n\nAuthor\n\nTalk by Jesse Noller\n\n\tPSF Member\n",
    );
}

#[test]
fn incomplete_proposal() {
    let (_, d) = check(
        "incomplete-proposal",
        "___\n$0Magic$0\n\nFundamentals, Intermediate\n\nDescription: d\n\nAbstract: a\n",
    );
    assert!(d[0].message.ends_with("has no Bio"), "{}", d[0].message);
    let (_, d) = check(
        "incomplete-proposal",
        "___\n$0Tower$0\nAlex Martelli\n\nDescription: d\n",
    );
    assert!(d[0].message.ends_with("has no Abstract or Bio"));
    check(
        "incomplete-proposal",
        "___\nT\nJane Doe\n\nDescription: d\nAbstract: a\nBio: b\n",
    );
    // Notes without proposal fields are not proposals.
    check("incomplete-proposal", " T\nJane Doe\n\nIntro\n\tx\n");
    // Configured required sections apply to every talk.
    let config = LintConfig {
        required_sections: vec!["Author".into()],
        ..LintConfig::default()
    };
    let (_, d) = check_with("incomplete-proposal", " $0T$0\n\nIntro\n\tx\n", &config);
    assert!(d[0].message.ends_with("has no Author"));
}

#[test]
fn duplicate_section() {
    let (text, d) = check(
        "duplicate-section",
        "___\nT\nJane Doe\n\nBio: one\n$0Bio$0: two\n",
    );
    assert_eq!(&text[d[0].related[0].range.clone()], "Bio");
    assert!(d[0].related[0].range.start < d[0].range.start);
    // Speaker labels are one field.
    check(
        "duplicate-section",
        " T\n\nAuthor: A Person\n\n$0Speakers$0: B Person\n",
    );
    // Repeated headings in free notes are fine.
    check(
        "duplicate-section",
        " T\nJane Doe\n\nIntro\n\tx\n\nIntro\n\ty\n",
    );
}

#[test]
fn empty_section() {
    check(
        "empty-section",
        "___\nT\nJane Doe\n\n$0Bio$0:\n\nDescription: d\n",
    );
    check(
        "empty-section",
        "___\nT\nJane Doe\n\nBio:\n\tJane writes code.\n",
    );
}

#[test]
fn section_order() {
    let (text, d) = check(
        "section-order",
        "___\nT\nJane Doe\n\nBio: b\n$0Description$0: d\nAbstract: a\n",
    );
    assert_eq!(&text[d[0].related[0].range.clone()], "Bio");
    check(
        "section-order",
        "___\nT\nJane Doe\n\nDescription: d\nAbstract: a\nBio: b\n",
    );
}

#[test]
fn stray_line() {
    let (_, d) = check(
        "stray-line",
        "___\nT\nJane Doe\nFundamentals, Intermediate\n$0Room B, after lunch.$0\n\nDescription: d\n",
    );
    assert!(d[0].message.contains("after the head"));
    // A run of indented lines after the title (a table of contents) is one finding.
    let (_, d) = check(
        "stray-line",
        " Day One\n\n$0\tKeynote$0\n\n\tWeb\n\tOpen Web\n\nIntro\n\tx\n",
    );
    assert!(d[0].message.starts_with("3 lines"), "{}", d[0].message);
    // Content after a separator that never becomes a talk: once.
    let (_, d) = check(
        "stray-line",
        " T\nJane Doe\n\nIntro\n\tx\n___\n\n$0Please reload$0\n\n  • Meetup\n  • Twitter\nbottom of page\n",
    );
    assert!(
        d[0].message.starts_with("4 lines after this separator"),
        "{}",
        d[0].message
    );
    // The preamble is allowed.
    check(
        "stray-line",
        "top of page\n\nMy notes\n\n Talk\nJane Doe\n\nIntro\n\tx\n",
    );
}

#[test]
fn field_outside_talk() {
    check(
        "field-outside-talk",
        "$0Bio$0: an orphan bio\n\n Talk\nJane Doe\n\nIntro\n\tx\n",
    );
    check(
        "field-outside-talk",
        " T\nJane Doe\n\nIntro\n\tx\n___\n\n$0Abstract$0: lost\n",
    );
    check("field-outside-talk", " T\nJane Doe\n\nBio: fine\n");
    // A header line with only a Track field is the document's header.
    let header =
        "Call for proposals export\n$0Track$0: Tooling\n\n___\nT\nJane Doe\n\nIntro\n\tx\n";
    check("field-outside-talk", header);
    check("missing-author", &header.replace("$0", ""));
}

#[test]
fn bad_meta() {
    let (text, d) = check(
        "bad-meta",
        "___\nT\nJane Doe\nTesting, $0Intermediat$0\n\nBio: b\n",
    );
    assert!(d[0].message.contains("did you mean `Intermediate`"));
    assert_eq!(safety(&d), [FixSafety::Unsafe]);
    assert_eq!(
        apply(&text, &d),
        "___\nT\nJane Doe\nTesting, Intermediate\n\nBio: b\n"
    );
    // Unknown level after a speaker line: reported, no fix.
    let (_, d) = check("bad-meta", "___\nT\nJane Doe\nTesting, $0Expert level$0\n");
    assert!(d[0].fix.is_none());
    // Tracks, when configured.
    let config = LintConfig {
        tracks: Some(vec!["Testing".into(), "Fundamentals".into()]),
        ..LintConfig::default()
    };
    let (text, d) = check_with(
        "bad-meta",
        "___\nT\nJane Doe\n$0Tsting$0, Beginner\n",
        &config,
    );
    assert_eq!(apply(&text, &d), "___\nT\nJane Doe\nTesting, Beginner\n");
    check_with("bad-meta", "___\nT\nJane Doe\ntesting, Beginner\n", &config);
    check("bad-meta", "___\nT\nJane Doe\nLevel: $0Guru$0\n");
}

#[test]
fn duplicate_title_in_a_file() {
    let (text, d) = check(
        "duplicate-title",
        " Lightning Talks\n\nA\n\tx\n ___\n $0lightning  talks$0\n\nB\n\ty\n",
    );
    assert_eq!(&text[d[0].related[0].range.clone()], "Lightning Talks");
    assert_eq!(d[0].related[0].file, None);
}

fn workspace(files: &[(&str, &str)], config: &LintConfig) -> Index {
    let mut index = Index::default();
    for (f, t) in files {
        let tree = parse(t, &config.parse);
        let st = SourceText::new(&tree.segments, t);
        index.set_file(f, index_entry(st));
    }
    index
}

#[test]
fn duplicate_title_across_files() {
    let a = " Advanced Celery\nAsk Solem\n\nChords\n\tx\n";
    let (b, want) = marks(" $0Advanced Celery$0\nAsk Solem\n\nRouting\n\ty\n");
    let config = LintConfig::default();
    let index = workspace(&[("a.talk", a), ("b.talk", &b)], &config);
    let d: Vec<_> = lint_text("b.talk", &b, &config, &index)
        .into_iter()
        .filter(|d| d.name == "duplicate-title")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].range, want[0]);
    assert_eq!(d[0].related[0].file.as_deref(), Some("a.talk"));
    assert_eq!(&a[d[0].related[0].range.clone()], "Advanced Celery");
}

#[test]
fn description_too_long_counts_characters() {
    let body: String = "é".repeat(400);
    check(
        "description-too-long",
        &format!("___\nT\nJane Doe\n\nDescription: {body}\n"),
    );
    let (_, d) = check(
        "description-too-long",
        &format!("___\nT\nJane Doe\n\nDescription: {body}$0éé$0\n"),
    );
    assert!(d[0].message.contains("402 characters"), "{}", d[0].message);
    let config = LintConfig {
        limits: notelint::lint::config::Limits {
            description: Some(10),
            ..Default::default()
        },
        ..LintConfig::default()
    };
    check_with(
        "description-too-long",
        "___\nT\nJane Doe\n\nDescription: 0123456789$0ab$0\n",
        &config,
    );
}

#[test]
fn too_long_only_when_configured() {
    check(
        "too-long",
        "___\nA rather long title indeed\nJane Doe\n\nAbstract: long long long\n",
    );
    let config = LintConfig {
        limits: notelint::lint::config::Limits {
            title: Some(6),
            abstract_: Some(4),
            ..Default::default()
        },
        ..LintConfig::default()
    };
    check_with(
        "too-long",
        "___\nA rath$0er long title$0\nJane Doe\n\nAbstract: long$0 long$0\n",
        &config,
    );
}

#[test]
fn similar_speaker_across_files() {
    let a = " Graph Processing\nVan Lindberg\n\nGraphs\n\tx\n ___\n Python-Dev\nVan Lindberg\n\nDev\n\ty\n";
    let (b, _) = marks(" PSF Update\n$0Van Lindbergh$0\n\nNews\n\tz\n");
    let config = LintConfig::default();
    let index = workspace(&[("a.talk", a), ("b.talk", &b)], &config);
    let d: Vec<_> = lint_text("b.talk", &b, &config, &index)
        .into_iter()
        .filter(|d| d.name == "similar-speaker")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(&b[d[0].range.clone()], "Van Lindbergh");
    assert!(
        d[0].message.contains("`Van Lindberg` (used 2 times)"),
        "{}",
        d[0].message
    );
    assert_eq!(safety(&d), [FixSafety::Unsafe]);
    assert_eq!(apply(&b, &d), " PSF Update\nVan Lindberg\n\nNews\n\tz\n");
    assert_eq!(d[0].related[0].file.as_deref(), Some("a.talk"));
    // The more used spelling is not reported.
    assert!(lint_text("a.talk", a, &config, &index)
        .iter()
        .all(|d| d.name != "similar-speaker"));
}

#[test]
fn similar_speaker_initials_and_case_in_one_file() {
    let text = " One\nAlex Martelli\n\nA\n\tx\n ___\n Two\nAlex Martelli\n\nB\n\ty\n ___\n Three\nA. Martelli\n\nC\n\tz\n";
    let config = LintConfig::default();
    let index = workspace(&[("a.talk", text)], &config);
    let d: Vec<_> = lint_text("a.talk", text, &config, &index)
        .into_iter()
        .filter(|d| d.name == "similar-speaker")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(&text[d[0].range.clone()], "A. Martelli");
    assert_eq!(d[0].related[0].file, None);
}

#[test]
fn unknown_speaker_with_roster() {
    let config = LintConfig {
        roster: Some(vec![Person {
            name: "Alex Martelli".into(),
            aliases: vec!["Alessandro Martelli".into()],
            ..Person::default()
        }]),
        ..LintConfig::default()
    };
    let (text, d) = check_with(
        "unknown-speaker",
        " A\nAlex Martelli\n\nX\n\tx\n ___\n B\nalessandro martelli\n\nX\n\tx\n ___\n C\n$0Alex Martell$0\n\nX\n\tx\n ___\n D\n$0Jane Doe$0\n\nX\n\tx\n",
        &config,
    );
    assert!(d[0].message.contains("did you mean `Alex Martelli`"));
    assert!(d[1].fix.is_none());
    assert!(apply(&text, &d[..1]).contains(" C\nAlex Martelli\n"));
    // No roster, no findings.
    check("unknown-speaker", " D\nJane Doe\n\nX\n\tx\n");
}

#[test]
fn trailing_whitespace() {
    let (text, d) = check(
        "trailing-whitespace",
        " T\nJane Doe$0  $0\n\nIntro\n$0\t$0\n\tx$0\t$0\n",
    );
    assert_eq!(safety(&d), [FixSafety::Safe; 3]);
    assert_eq!(apply(&text, &d), " T\nJane Doe\n\nIntro\n\n\tx\n");
    assert_eq!(&*d[1].message, "blank line contains whitespace");
}

#[test]
fn mixed_indentation() {
    let (text, d) = check(
        "mixed-indentation",
        " T\nJane Doe\n\nIntro\n\tAimed\n$0\t  $0Kids\n",
    );
    assert_eq!(safety(&d), [FixSafety::Safe]);
    assert_eq!(
        apply(&text, &d),
        " T\nJane Doe\n\nIntro\n\tAimed\n\t\tKids\n"
    );
    // Tabs on some lines, spaces on others (regression: only the
    // indentation within one line was looked at): the minority is reported,
    // and keeps its depth (four spaces are this talk's unit: one level).
    let (text, d) = check(
        "mixed-indentation",
        " T\nJane Doe\n\nIntro\n\tAimed\n\t\tKids\n$0    $0Deep\n\tMore\nOutro\n\tEnd\n",
    );
    assert_eq!(safety(&d), [FixSafety::Safe]);
    assert_eq!(
        apply(&text, &d),
        " T\nJane Doe\n\nIntro\n\tAimed\n\t\tKids\n\tDeep\n\tMore\nOutro\n\tEnd\n"
    );
    // Mostly spaces: the tab lines are the odd ones, rewritten in the
    // talk's unit.
    let (text, d) = check(
        "mixed-indentation",
        " T\nJane Doe\n\nIntro\n  Aimed\n    Kids\n$0\t$0Odd\n  More\n",
    );
    assert_eq!(
        apply(&text, &d),
        " T\nJane Doe\n\nIntro\n  Aimed\n    Kids\n  Odd\n  More\n"
    );
    // One style throughout, whichever it is, is fine.
    check(
        "mixed-indentation",
        " T\nJane Doe\n\nIntro\n  Aimed\n    Kids\n U\nBo\n\nX\n\tY\n",
    );
}

#[test]
fn unindented_bullet() {
    let (text, d) = check(
        "unindented-bullet",
        " T\nJane Doe\n\nInterest\n\tKeep things safe\n$0*$0 Ref counts\n$0*$0 Thread safety\n",
    );
    assert_eq!(safety(&d), [FixSafety::Safe; 2]);
    assert_eq!(
        apply(&text, &d),
        " T\nJane Doe\n\nInterest\n\tKeep things safe\n\t\t* Ref counts\n\t\t* Thread safety\n"
    );
    // Spaces when the section indents with spaces.
    let (text, d) = check(
        "unindented-bullet",
        " T\nJane Doe\n\nInterest\n  Keep\n$0-$0 Ref\n",
    );
    assert_eq!(
        apply(&text, &d),
        " T\nJane Doe\n\nInterest\n  Keep\n    - Ref\n"
    );
    // A column-0 bullet list after a paragraph is fine.
    check(
        "unindented-bullet",
        "___\nT\nJane Doe\n\nAbstract: a\n\nTopics:\n- one\n- two\n",
    );
}

#[test]
fn bullet_style() {
    let (text, d) = check(
        "bullet-style",
        " T\nJane Doe\n\nTopics\n\t* Bytecode\n\t$0-$0 Imports\n\t\t+ nested list is its own\n\t$0•$0 Lexer\n",
    );
    assert_eq!(safety(&d), [FixSafety::Safe; 2]);
    assert!(apply(&text, &d).contains("\t* Imports\n\t\t+ nested list is its own\n\t* Lexer\n"));
    // A paragraph ends a list.
    check(
        "bullet-style",
        "___\nT\nJane Doe\n\nAbstract: a\n- one\n\nMore text.\n* two\n",
    );
}

#[test]
fn placeholder_text() {
    check(
        "placeholder-text",
        "___\nT\nJane Doe\n\nDescription: d\n\nAbstract: $0TBD$0\n\nBio: $0TODO:$0 ask Jane for a bio\n",
    );
    check(
        "placeholder-text",
        "___\n$0TBA$0\n$0TBD$0\n\nDescription: $0Lorem ipsum dolor sit amet.$0\n",
    );
    // Followed by punctuation, and after a label of the line's own
    // (regression: both were missed).
    check(
        "placeholder-text",
        "___\nT\nJane Doe\n\nDescription: d\n\nBio: $0TBA$0 – waiting on the speaker\n\nLinks\n\tSlides: $0TODO$0 - ask for the link\n\tVideo: $0TBD$0, after the event\n",
    );
    // Words in running prose are not placeholders.
    check(
        "placeholder-text",
        "___\nT\nJane Doe\n\nAbstract: The set up includes:\n- Downloadable Notebooks (WIP)\n- A todo list app, TBD-free.\n",
    );
}

#[test]
fn blank_lines() {
    let (text, d) = check(
        "blank-lines",
        "$0$0\n\n T\nJane Doe\n\n$0$0\n\n\nIntro\n\tx\n\n ___\n\nBio: y$0$0",
    );
    assert_eq!(safety(&d), [FixSafety::Safe; 3]);
    assert_eq!(
        apply(&text, &d),
        " T\nJane Doe\n\nIntro\n\tx\n\n ___\n\nBio: y\n"
    );
    assert!(d[1].message.starts_with("4 blank lines in a row"));
}

/// Blank lines at the start of the file are reported even when a preamble
/// (here a comment, then a field outside any talk) follows them: the
/// preamble filter hid them (found by tests/suppress_prop.rs).
#[test]
fn blank_lines_at_the_start_before_a_preamble() {
    let (text, d) = check(
        "blank-lines",
        "$0$0\n// notelint: disable-next-line=NL007\nAbstract: Two.\n Talk One\nAnn Lee\n",
    );
    assert_eq!(
        apply(&text, &d),
        "// notelint: disable-next-line=NL007\nAbstract: Two.\n Talk One\nAnn Lee\n"
    );
    check(
        "blank-lines",
        "\n\nMy notes from PyCon\n___\n T\nAnn Lee\n"
            .replacen("\n\n", "$0$0\n\n", 1)
            .as_str(),
    );
}

#[test]
fn broken_link() {
    check(
        "broken-link",
        " T\nJane Doe\n\nLinks\n\tslides $0[x]()$0 and [y]($0http://a.org/my talk.pdf$0)\n\tsee <$0https://a.org/b c$0>\n\tok (https://a.org, http://b.org/)\n",
    );
}

/// A flat list of takeaways: no talk, 13 lines outside any. One finding,
/// on the first line; a stub of a few such lines is left alone.
#[test]
fn not_talk_notes() {
    let list: String = (1..=12)
        .map(|i| format!("- takeaway number {i}\n"))
        .collect();
    let (_, d) = check(
        "not-talk-notes",
        &format!("\n$0EuroPython takeaways$0\n\n{list}"),
    );
    assert!(
        d[0].message.contains("reads as no talk at all: 13 lines"),
        "{}",
        d[0].message
    );
    let short: String = (1..=10)
        .map(|i| format!("- takeaway number {i}\n"))
        .collect();
    check("not-talk-notes", &format!("EuroPython takeaways\n{short}"));
}

#[test]
fn every_rule_has_a_fixture_here() {
    let src = include_str!("rules.rs");
    for r in notelint::lint::registry::all() {
        let name = r.meta().name;
        if name == "unknown-rule" {
            continue; // tested in tests/suppress.rs
        }
        assert!(
            src.contains(&format!("\"{name}\"")),
            "no fixture for {name}"
        );
    }
}

#[test]
fn off_rules_do_not_run_and_severity_overrides_apply() {
    let text = " Lightning Talks\n\nVagrant\n\tDev boxes\n";
    let mut config = LintConfig::default();
    config
        .rules
        .insert("missing-author".into(), RuleSetting::Off);
    assert!(lint_with(text, &config).iter().all(|d| d.code != "NL001"));
    config.rules.insert(
        "NL001".into(),
        RuleSetting::Severity(notelint::lint::Severity::Error),
    );
    config.rules.remove("missing-author");
    let d = lint_with(text, &config);
    assert_eq!(
        d.iter().find(|d| d.code == "NL001").map(|d| d.severity),
        Some(notelint::lint::Severity::Error)
    );
}
