//! One canonical layout (issue 14): `notelint fmt` and `check --fix` agree.
//! For any note: `fmt` is idempotent, its output has no safe-fixable
//! finding, and the output of `--fix` is already formatted
//! (fmt(fix(x)) == fix(x)). Checked on generated notes, the seeds (when
//! `../shared` is present) and `examples/`.

#[path = "common/shared.rs"]
mod shared;

use notelint::analysis::{format, lint_text};
use notelint::cli::fix::fix_text;
use notelint::index::Index;
use notelint::lint::{FixSafety, LintConfig};
use proptest::prelude::*;

fn one_layout(name: &str, text: &str) {
    let config = LintConfig::default();
    let index = Index::default();
    let f = format(text, &config.parse);
    assert_eq!(
        format(&f, &config.parse),
        f,
        "{name}: fmt is not idempotent"
    );
    let left: Vec<_> = lint_text(name, &f, &config, &index)
        .into_iter()
        .filter(|d| d.fix.as_ref().is_some_and(|x| x.safety == FixSafety::Safe))
        .map(|d| (d.name, d.range, d.message))
        .collect();
    assert!(
        left.is_empty(),
        "{name}: safe-fixable findings after fmt: {left:?}"
    );
    let (fixed, _) = fix_text(name, text, &config, &index, false);
    assert_eq!(
        format(&fixed, &config.parse),
        fixed,
        "{name}: fmt would change the output of --fix"
    );
}

fn files_in(dir: &std::path::Path, ext: &[&str]) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| ext.iter().any(|e| x == *e)))
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    out.sort();
    out
}

#[test]
fn seeds_and_examples_have_one_layout() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = files_in(&root.join("examples"), &["talk"]);
    assert!(examples.len() >= 2);
    let seeds = shared::shared_dir("seeds")
        .map(|d| files_in(&d, &["txt"]))
        .unwrap_or_default();
    for (name, text) in examples.iter().chain(&seeds) {
        one_layout(name, text);
    }
}

/// The layout cases the rules and the formatter must agree on.
#[test]
fn small_cases() {
    for text in [
        "",
        "\n\n\n",
        "  \n\t\n",
        " T\nJane Doe\n\n\n\nIntro\n\tAimed\n* a\n- b\n  c  \n\n",
        " T\nJane Doe\n\nIntro\n  Aimed\n\tOdd\n    Deep\n  * x\n",
        "___\r\nT\r\nBo\r\n\r\n\r\nBio: y",
        "a\rb\r\r\r c\r\td\r",
        "// notelint: disable=trailing-whitespace\n T\nBo  \n\n\n\nX\n\tY\n",
    ] {
        one_layout(&format!("{text:?}"), text);
    }
}

const FRAGS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  ",
    "    ",
    "____\n",
    " Title one\n",
    "Author\n",
    "Bio: about me\n",
    "Description: text",
    "Track, Beginner\n",
    "Wesley Chun\n",
    "by Ann Lee (@ann)",
    "* ",
    "- ",
    "+ ",
    "  • ",
    "1. ",
    "\tItem\n",
    "\t\tdeeper\n",
    "  two\n",
    "    deep\n",
    "\t  mixed\n",
    "Heading\n",
    "// notelint: disable=blank-lines\n",
    "// c\n",
    "é",
    "\u{a0}",
    "x",
    "TODO",
];

fn cases() -> u32 {
    std::env::var("NOTELINT_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]
    #[test]
    fn fmt_and_fix_agree(parts in prop::collection::vec(prop::sample::select(FRAGS), 0..40)) {
        one_layout("generated", &parts.concat());
    }
}
