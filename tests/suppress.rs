//! Suppression comments.

use notelint::analysis::lint_text;
use notelint::index::Index;
use notelint::lint::{Diagnostic, LintConfig};

fn lint(text: &str) -> Vec<Diagnostic> {
    lint_text("t.talk", text, &LintConfig::default(), &Index::default())
}

fn names(text: &str) -> Vec<(&'static str, String)> {
    lint(text)
        .into_iter()
        .map(|d| (d.name, text[d.range.clone()].to_string()))
        .collect()
}

const TWO_ANON: &str = " A\n\nX\n\tx\n ___\n B\n\nY\n\ty\n";

#[test]
fn without_comments_both_talks_are_reported() {
    let n = names(TWO_ANON);
    assert_eq!(n.iter().filter(|(c, _)| *c == "missing-author").count(), 2);
}

#[test]
fn before_any_talk_applies_to_the_whole_file() {
    let text = format!("// notelint: disable=missing-author\n{TWO_ANON}");
    assert!(names(&text).is_empty(), "{:?}", names(&text));
    // By code, and in a preamble.
    let text = format!("My notes\n// notelint: disable=NL001\n\n{TWO_ANON}");
    assert!(names(&text).is_empty());
}

#[test]
fn inside_a_talk_applies_to_that_talk() {
    let text = " A\n// notelint: disable=missing-author\n\nX\n\tx\n ___\n B\n\nY\n\ty\n";
    assert_eq!(names(text), [("missing-author", "B".to_string())]);
}

#[test]
fn all_disables_every_rule() {
    let text = " A\n// notelint: disable=all\n\nX  \n\tx\n ___\n B\n\nY\n\ty\n";
    assert_eq!(names(text), [("missing-author", "B".to_string())]);
}

#[test]
fn next_line_applies_to_the_next_non_blank_line_only() {
    let text =
        " A\nJane Doe\n\nX\n// notelint: disable-next-line=trailing-whitespace\n\n\tx  \n\ty  \n";
    let n = names(text);
    assert_eq!(n, [("trailing-whitespace", "  ".to_string())]);
    let d = lint(text);
    assert_eq!(d[0].range.start, text.rfind("y  ").unwrap() + 1);
}

#[test]
fn next_line_reaches_into_the_next_talk() {
    // The comment ends talk A; the line after it is B's title.
    let text = " Same\nJane Doe\n\nX\n\tx\n// notelint: disable-next-line=duplicate-title\n Same\nJane Doe\n\nY\n\ty\n";
    assert!(names(text).is_empty(), "{:?}", names(text));
    let text = " Same\nJane Doe\n\nX\n\tx\n Same\nJane Doe\n\nY\n\ty\n";
    assert_eq!(names(text), [("duplicate-title", "Same".to_string())]);
}

#[test]
fn unknown_rule_names_are_reported() {
    let text = "// notelint: disable=missing-autor, NL001\n A\n\nX\n\tx\n";
    let d = lint(text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "NL000");
    assert_eq!(&text[d[0].range.clone()], "missing-autor");
}

#[test]
fn document_and_workspace_findings_are_suppressed_too() {
    let text = " Same\nJane Doe\n\nX\n\tx\n ___\n Same\n// notelint: disable=duplicate-title\nJane Doe\n\nY\n\ty\n";
    assert!(
        names(text).iter().all(|(c, _)| *c != "duplicate-title"),
        "{:?}",
        names(text)
    );
}
