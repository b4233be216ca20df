//! The linter on the real notes in `../shared/seeds`: the findings issue 3
//! requires, and none of the false ones we removed. Run with `--nocapture`
//! to print every finding.

#[path = "common/shared.rs"]
mod shared;

use notelint::analysis::{index_entry, lint_text};
use notelint::index::Index;
use notelint::lint::{Diagnostic, LintConfig};
use notelint::syntax::SourceText;
use notelint::syntax::{parse, pos::LineIndex};

const SEED_000: &str = "../shared/seeds/000_9746c2ba82a6b68e.txt";
const SEED_004: &str = "../shared/seeds/004_9640a869c6464b48.txt";

struct Linted {
    file: &'static str,
    text: String,
    diags: Vec<Diagnostic>,
}

fn lint_seeds() -> Option<Vec<Linted>> {
    shared::shared_dir("seeds")?;
    let config = LintConfig::default();
    let files: Vec<(&'static str, String)> = [SEED_000, SEED_004]
        .into_iter()
        .map(|f| (f, std::fs::read_to_string(f).expect("seed readable")))
        .collect();
    let mut index = Index::default();
    for (f, t) in &files {
        let tree = parse(t, &config.parse);
        let st = SourceText::new(&tree.segments, t);
        index.set_file(f, index_entry(st));
    }
    Some(
        files
            .into_iter()
            .map(|(file, text)| {
                let diags = lint_text(file, &text, &config, &index);
                Linted { file, text, diags }
            })
            .collect(),
    )
}

/// Titles (the text under the range) of the findings of one rule.
fn flagged<'a>(l: &'a Linted, name: &str) -> Vec<&'a str> {
    l.diags
        .iter()
        .filter(|d| d.name == name)
        .map(|d| &l.text[d.range.clone()])
        .collect()
}

#[test]
fn seeds_have_the_required_findings_and_no_false_ones() {
    let Some(all) = lint_seeds() else { return };
    for l in &all {
        let li = LineIndex::new(&l.text);
        for d in &l.diags {
            println!(
                "{}:{}: {} {}: {}",
                l.file,
                li.line_of(d.range.start) + 1,
                d.code,
                d.name,
                d.message
            );
        }
    }
    let (s000, s004) = (&all[0], &all[1]);

    assert_eq!(
        flagged(s000, "missing-author"),
        ["Lightning Talks", "PyCon 2012", "Lightning Talks"]
    );
    assert_eq!(
        flagged(s004, "missing-author"),
        ["Magic Considered Harmful?"]
    );
    assert_eq!(
        flagged(s004, "incomplete-proposal"),
        ["Magic Considered Harmful?", "The Tower of Abstraction"]
    );
    let ip: Vec<&str> = s004
        .diags
        .iter()
        .filter(|d| d.name == "incomplete-proposal")
        .map(|d| &*d.message)
        .collect();
    assert!(ip[0].ends_with("has no Bio"), "{}", ip[0]);
    assert!(ip[1].ends_with("has no Abstract or Bio"), "{}", ip[1]);
    assert!(flagged(s004, "description-too-long").is_empty());

    // The "(WIP)" in the Pykid abstract describes the subject: not a placeholder.
    assert!(flagged(s004, "placeholder-text").is_empty());
    // `(https://github.com/bbangert/moz_mq ?)` and `(https://a, http://b)`
    // are not broken links.
    assert!(flagged(s000, "broken-link").is_empty());
    assert!(flagged(s004, "broken-link").is_empty());
    // Nobody's name is spelt two ways in the seeds.
    assert!(flagged(s000, "similar-speaker").is_empty());
    assert!(flagged(s004, "similar-speaker").is_empty());
    // The preamble ("top of page", …) is allowed.
    assert!(
        s004.diags.iter().all(|d| d.range.start > 100),
        "finding in the 004 preamble"
    );

    // The web-page debris after the last separator of 004: one finding.
    let stray: Vec<_> = s004
        .diags
        .iter()
        .filter(|d| d.name == "stray-line")
        .collect();
    assert_eq!(stray.len(), 1);
    assert_eq!(&s004.text[stray[0].range.clone()], "Please reload");
    // The table of contents under `PyCon 2012`: one finding, not fifty.
    let stray: Vec<_> = s000
        .diags
        .iter()
        .filter(|d| d.name == "stray-line")
        .collect();
    assert_eq!(stray.len(), 1);
    assert!(stray[0].message.contains("`PyCon 2012`"));

    // The second `Lightning Talks` points back at the first.
    let dup: Vec<_> = s000
        .diags
        .iter()
        .filter(|d| d.name == "duplicate-title")
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(
        &s000.text[dup[0].related[0].range.clone()],
        "Lightning Talks"
    );
    assert!(dup[0].related[0].range.start < dup[0].range.start);
}

#[test]
fn crlf_seeds_give_the_same_findings() {
    let Some(all) = lint_seeds() else { return };
    for l in &all {
        let crlf = l.text.replace('\n', "\r\n");
        let d = lint_text(l.file, &crlf, &LintConfig::default(), &Index::default());
        let names = |v: &[Diagnostic]| {
            let mut n: Vec<(&str, String)> = v
                .iter()
                .filter(|d| {
                    d.name != "duplicate-title" || d.related.iter().all(|r| r.file.is_none())
                })
                .map(|d| (d.name, d.message.to_string()))
                .collect();
            n.sort();
            n
        };
        assert_eq!(names(&d), names(&l.diags), "{}", l.file);
        for x in &d {
            assert!(
                !crlf[x.range.clone()].contains('\r'),
                "{}: range covers a CR: {x:?}",
                l.file
            );
        }
    }
}
