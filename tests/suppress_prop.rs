//! Property: a `// notelint: disable-next-line=CODE` comment put right above
//! the line of a finding silences exactly that rule on that line — the
//! finding and any other of the same rule starting on that line — and
//! nothing else, in any talk of any document. Checked through the CLI's
//! entry (`lint_text`) and the server's (a `Document` edited in place and
//! linted with its `TalkCache`, as `State::lint` does).

use notelint::analysis::{lint_document, lint_text, TalkCache};
use notelint::index::Index;
use notelint::lint::{Diagnostic, LintConfig};
use notelint::syntax::Document;
use notelint::syntax::SourceText;
use proptest::prelude::*;

/// Lines a talk's body is made of: clean ones and ones with findings
/// (trailing whitespace, placeholders, stray text, bad meta, bullets,
/// mixed indentation, fields out of place, empty sections).
const BODY: &[&str] = &[
    "Jane Doe",
    "Jane Doe  ",
    "Jane Do",
    "Core, Beginner",
    "Core, Beginer",
    "",
    "Description: One.",
    "Description: TBD",
    "Abstract: Two.  ",
    "Bio: Three.",
    "Intro",
    "\tan item",
    "\tan item  ",
    "  \tmixed",
    "* a bullet",
    "- another",
    "stray text",
    "Notes",
    "\thttps://example.org/x",
    "Track: Core",
    "Level: Expert",
];

const TITLES: &[&str] = &[" Talk One", " Talk Two", " Same", " Same", " TBD"];

fn doc() -> impl Strategy<Value = String> {
    let talk = (
        0..TITLES.len(),
        prop::collection::vec(0..BODY.len(), 0..10),
        any::<bool>(),
    );
    (
        prop::collection::vec(0..BODY.len(), 0..3),
        prop::collection::vec(talk, 1..6),
    )
        .prop_map(|(pre, talks)| {
            let mut s = String::new();
            for l in pre {
                s.push_str(BODY[l]);
                s.push('\n');
            }
            for (t, body, sep) in talks {
                if sep {
                    s.push_str("___\n");
                }
                s.push_str(TITLES[t]);
                s.push('\n');
                for l in body {
                    s.push_str(BODY[l]);
                    s.push('\n');
                }
            }
            s
        })
}

/// What a test compares: code and range, made comparable across the
/// inserted comment by `shift`.
fn key(d: &Diagnostic, at: usize, by: usize) -> (&'static str, usize, usize) {
    let s = |x: usize| if x >= at { x + by } else { x };
    (d.code, s(d.range.start), s(d.range.end))
}

fn server_lint(before: &str, at: usize, insert: &str, config: &LintConfig) -> Vec<Diagnostic> {
    let index = Index::default();
    let mut doc = Document::new(before, config.parse.clone());
    let mut cache = TalkCache::new();
    {
        let st = SourceText::document(&doc);
        lint_document("t.talk", st, config, &index, Some(&mut cache));
    }
    doc.edit(at..at, insert);
    let st = SourceText::document(&doc);
    lint_document("t.talk", st, config, &index, Some(&mut cache))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_next_line_comment_silences_exactly_its_target(text in doc(), pick in any::<prop::sample::Index>()) {
        let config = LintConfig::default();
        let base = lint_text("t.talk", &text, &config, &Index::default());
        // Findings a comment can target: on a line that is neither blank
        // nor a comment (the comment skips those), and not NL000.
        let targets: Vec<&Diagnostic> = base
            .iter()
            .filter(|d| d.code != "NL000")
            .filter(|d| {
                let ls = text[..d.range.start].rfind('\n').map_or(0, |i| i + 1);
                let le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
                let line = &text[ls..le];
                !line.trim().is_empty() && !line.trim_start().starts_with("//")
            })
            .collect();
        prop_assume!(!targets.is_empty());
        let target = targets[pick.index(targets.len())];
        let ls = text[..target.range.start].rfind('\n').map_or(0, |i| i + 1);
        let le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
        let comment = format!("// notelint: disable-next-line={}\n", target.code);
        let mut after = text.clone();
        after.insert_str(ls, &comment);

        let mut want: Vec<_> = base
            .iter()
            .filter(|d| !(d.code == target.code && (ls..=le).contains(&d.range.start)))
            .map(|d| key(d, ls, comment.len()))
            .collect();
        want.sort();
        let cli = lint_text("t.talk", &after, &config, &Index::default());
        let mut got: Vec<_> = cli.iter().map(|d| key(d, usize::MAX, 0)).collect();
        got.sort();
        prop_assert_eq!(&got, &want, "CLI, comment at {} in {:?}", ls, after);

        let server = server_lint(&text, ls, &comment, &config);
        prop_assert_eq!(&server, &cli, "server and CLI differ on {:?}", after);
    }
}
