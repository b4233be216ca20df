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

/// A note of `n` talks, each with trailing whitespace on its first content
/// line, so every talk has a finding a comment can target.
fn talks(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push_str(" ___\n");
        }
        s.push_str(&format!(
            " Talk {i}\nJane Doe\n\nIntro\n\tline a{i}  \n\tline b{i}  \n"
        ));
    }
    s
}

#[test]
fn next_line_works_in_a_later_talk() {
    // Defect: the engine subtracted the segment start from a finding range
    // that was already relative, so outside the first talk the comment
    // missed its line.
    let base = talks(3);
    let target = "\tline a2  \n";
    let at = base.find(target).unwrap();
    let text = format!(
        "{}// notelint: disable-next-line=trailing-whitespace\n{}",
        &base[..at],
        &base[at..]
    );
    let d = lint(&text);
    let tw: Vec<_> = d
        .iter()
        .filter(|d| d.name == "trailing-whitespace")
        .map(|d| d.range.start)
        .collect();
    // Six lines with trailing whitespace, one silenced.
    assert_eq!(tw.len(), 5, "{d:?}");
    let silenced = text.find(target).unwrap() + "\tline a2".len();
    assert!(!tw.contains(&silenced), "{d:?}");
}

#[test]
fn next_line_in_a_later_talk_silences_nothing_else() {
    // Defect: a `disable-next-line` at the end of a talk carried into the
    // next talk's title line and, with the double subtraction, silenced
    // every finding of that talk lying before its own start offset.
    let base = talks(3);
    let cut = base.rfind(" ___\n").unwrap();
    // No separator: the comment is the talk's last line, the next line is
    // the last talk's title (which has no trailing whitespace).
    let text = format!(
        "{}// notelint: disable-next-line=trailing-whitespace\n{}",
        &base[..cut],
        &base[cut + " ___\n".len()..]
    );
    let d = lint(&text);
    let tw = d.iter().filter(|d| d.name == "trailing-whitespace").count();
    assert_eq!(tw, 6, "{d:?}");
}

#[test]
fn a_comment_does_not_split_a_run_of_stray_lines() {
    // Found by the property in tests/suppress_prop.rs: a suppression
    // comment between two stray lines made one finding two.
    let plain = " T\n  \tone\n\ttwo\nIntro\n\tx\n";
    let commented = " T\n  \tone\n// notelint: disable-next-line=NL030\n\ttwo\nIntro\n\tx\n";
    let count = |t: &str| lint(t).iter().filter(|d| d.name == "stray-line").count();
    assert_eq!(count(plain), 1);
    assert_eq!(count(commented), 1);
}

#[test]
fn the_preambles_last_line_is_preamble_too() {
    // Found by the property in tests/suppress_prop.rs: trailing whitespace
    // on the preamble's last line was reported (the preamble's span is
    // trimmed), and a comment after it made the finding go away.
    let text = "My notes  \n Talk\nJane Doe\n\nIntro\n\tx\n";
    assert!(names(text).iter().all(|(c, _)| *c != "trailing-whitespace"));
}
