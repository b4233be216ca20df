//! The canonical layout (`notelint fmt`, LSP formatting) is what the
//! layout rules ask for — the rules whose fix is *safe* (it never changes
//! words): trailing-whitespace, mixed-indentation, unindented-bullet,
//! bullet-style and blank-lines. Formatting applies their fixes until none
//! is left, so `fmt` and `check --fix` cannot disagree: the output of `fmt`
//! has no safe-fixable finding, and the output of `--fix` (with those rules
//! on, as they are by default) is already formatted. `fmt` runs them whatever
//! `notelint.toml` turns off, but honours `// notelint: disable=…` comments.
//!
//! In practice: no trailing spaces or tabs; at most one blank line in a
//! row, none at the start of the file; a line end at the end; each talk
//! indented in one style (tabs, or the spaces most of its lines use); a
//! column-0 bullet under an indented item indented under it; one marker per
//! list. Line ends are kept; an added one copies the line before.
//!
//! The result parses to the same talks, speakers and sections (tested).
//!
//! The fixing itself is `analysis::fix`'s, the one `check --fix` and
//! fix-all use. LSP formatting asks for edits, not a new text:
//! [`format_edits`] gives the smallest ones, so the editor keeps cursors
//! and marks elsewhere; range formatting formats only the talks the range
//! touches.

pub use super::fix::apply_fixes;
use super::fix::fix_safe;
use crate::lint::{LintConfig, TextEdit};
use crate::syntax::{Document, ParseOptions};
use std::ops::Range;

/// The configuration the formatter lints with: the layout rules at their
/// defaults, with the file's parse options ([`fix_safe`] turns the other
/// rules off).
fn layout_config(opts: &ParseOptions) -> LintConfig {
    LintConfig {
        parse: opts.clone(),
        ..LintConfig::default()
    }
}

/// Format `text` in the canonical layout.
pub fn format(text: &str, opts: &ParseOptions) -> String {
    fix_safe(text, &layout_config(opts)).text
}

/// Formatting as the smallest edits (LSP formatting): the edits turning
/// the document into its canonical layout, diffed talk by talk.
///
/// With `range`, only the talks the range touches are formatted (with the
/// file's first talk and the talk before them, which can reach into them:
/// the start of the file, file-wide and next-line suppression comments),
/// and only the edits lying wholly inside the range are returned: an edit
/// that would reach outside it is left out (a range that ends inside a run
/// of blank lines keeps them; a line whose trailing spaces lie outside the
/// range keeps them). Each edit returned is one whole-document formatting
/// would make.
pub fn format_edits(doc: &Document, range: Option<Range<usize>>) -> Vec<TextEdit> {
    let config = layout_config(doc.options());
    let Some(r) = range else {
        let text = doc.text();
        return fix_safe(&text, &config).edits(&text);
    };
    let segs = &doc.tree().segments;
    let (Some(first), false) = (segs.first(), segs.is_empty()) else {
        return Vec::new();
    };
    let a = segs
        .partition_point(|p| p.start <= r.start)
        .saturating_sub(1);
    let b = segs.partition_point(|p| p.start <= r.end).max(a + 1);
    let end = segs.at(b - 1).end();
    // The window: the first talk, then from the talk before the range's.
    let (head, from) = match a {
        0 | 1 => (first.range().start..first.range().start, 0),
        _ => (first.range(), segs.at(a - 1).start),
    };
    let mut window = doc.slice(head.clone()).into_owned();
    let seam = window.len();
    window.push_str(&doc.slice(from..end));
    let at = |w: usize| {
        if w < seam {
            head.start + w
        } else {
            from + w - seam
        }
    };
    fix_safe(&window, &config)
        .edits(&window)
        .into_iter()
        .map(|e| TextEdit {
            range: at(e.range.start)..at(e.range.end),
            replacement: e.replacement,
        })
        .filter(|e| r.start <= e.range.start && e.range.end <= r.end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::line::{classify, lines, LineKind};
    use crate::syntax::outline::outline;
    use crate::syntax::parse;
    use crate::syntax::pos::LineIndex;
    use proptest::prelude::*;

    /// The parts of a document the formatter must not change.
    type Shape = (String, Vec<String>, Option<String>, Vec<String>);

    fn shape(text: &str) -> Vec<Shape> {
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

    /// The words, without separators and bullet markers (bullet-style
    /// makes a list's markers one).
    fn words(text: &str, sep: &str) -> Vec<String> {
        text.split_whitespace()
            .filter(|w| *w != sep && !matches!(*w, "*" | "-" | "+" | "•"))
            .map(str::to_string)
            .collect()
    }

    fn check(text: &str) {
        let o = ParseOptions::default();
        let f = format(text, &o);
        assert_eq!(format(&f, &o), f, "not idempotent for {text:?}");
        assert_eq!(shape(&f), shape(text), "shape changed for {text:?} → {f:?}");
        let sep = lines(&f)
            .map(|l| &f[l.start..l.content_end])
            .find(|s| classify(s, &o) == LineKind::Separator)
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        assert_eq!(
            words(&f, &sep),
            words(text, &sep),
            "words changed for {text:?}"
        );
    }

    #[test]
    fn canonical_layout() {
        let src = " First\n\nAuthor  \nJane Doe\n\n\n\nIntro\n    * point\n        deeper\n \n Second\nby Bob\n\nNotes\n\titem\n  two\n\tthree\n\t- a\n* b\n+ c\n";
        // A talk indented with spaces throughout keeps them; one mostly
        // indented with tabs gets tabs; column-0 bullets under an item go
        // under it, in the list's marker. No separator is added: a title
        // line already opens a talk.
        let want = " First\n\nAuthor\nJane Doe\n\nIntro\n    * point\n        deeper\n\n Second\nby Bob\n\nNotes\n\titem\n\ttwo\n\tthree\n\t- a\n\t\t* b\n\t\t* c\n";
        assert_eq!(format(src, &ParseOptions::default()), want);
        check(src);
    }

    #[test]
    fn keeps_line_ends_and_existing_separators() {
        let src = "___\r\nTalk\r\nAnn Lee\r\n\r\nDescription: x  \r\n___\r\nOther\r\nBo\r\nBio: y";
        let f = format(src, &ParseOptions::default());
        assert_eq!(
            f,
            "___\r\nTalk\r\nAnn Lee\r\n\r\nDescription: x\r\n___\r\nOther\r\nBo\r\nBio: y\r\n"
        );
        check(src);
        check("a\rb\r\r\r c\r\td\r");
        check("");
        check("   \n\t\n");
    }

    #[test]
    fn seeds_keep_their_shape() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("skipped: {} is absent", dir.display());
            return;
        };
        let mut n = 0;
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(e.path()).unwrap();
                check(&text);
                n += 1;
            }
        }
        assert!(n >= 2);
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("  ".to_string()),
            Just("____".to_string()),
            Just(" Title here".to_string()),
            Just("Author".to_string()),
            Just("Jane Doe".to_string()),
            Just("Web, Beginner".to_string()),
            Just("Description: words  ".to_string()),
            Just("Bio:".to_string()),
            Just("Heading".to_string()),
            Just("\titem".to_string()),
            Just("    * four".to_string()),
            Just("  - two".to_string()),
            Just(" \t mixed".to_string()),
            Just("* star".to_string()),
            Just("// notelint: disable=NL030".to_string()),
            "[a-z ]{0,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn format_is_safe(ls in prop::collection::vec(line(), 0..24),
                          ends in prop::collection::vec(prop_oneof![Just("\n"), Just("\r\n"), Just("\r")], 24)) {
            let mut text = String::new();
            for (i, l) in ls.iter().enumerate() {
                text.push_str(l);
                text.push_str(ends[i]);
            }
            check(&text);
        }
    }
}

#[cfg(test)]
mod range_tests {
    use super::*;

    #[test]
    fn range_formatting_edits_inside_the_range_only() {
        let t = "___\n\nA Talk   \n\nAda Lovelace\n\nCore, Beginner\n\n\n\nDescription: One.  \nNotes\n    * deep\n";
        let doc = Document::new(t, ParseOptions::default());
        let whole = format_edits(&doc, None);
        let from = t.find("\n\n\n\n").unwrap() + 1;
        let to = t.find("One.").unwrap();
        let part = format_edits(&doc, Some(from..to));
        assert!(part
            .iter()
            .all(|e| from <= e.range.start && e.range.end <= to));
        assert!(part.iter().all(|e| whole.contains(e)));
        // The extra blank lines go; the trailing spaces after "One." lie
        // outside the range and stay.
        assert_eq!(part.len(), 1, "{part:?}");
        assert_eq!(part[0].replacement, "");
    }
}

#[cfg(test)]
mod long_talk_tests {
    use super::*;

    /// A talk longer than a diff piece: its edits apply, and a range
    /// format's edits are whole formatting's, wherever the range falls.
    #[test]
    fn a_long_talk_is_diffed_in_pieces() {
        let mut t = String::from(" Long talk\nAda Lovelace\n\nNotes\n");
        for i in 0..400 {
            t.push_str(match i % 7 {
                0 => "\tpoint  \n",
                1 | 2 => "\n",
                3 => "    * spaced\n",
                4 => "- dash\n",
                _ => "\t+ plus\t\n",
            });
        }
        let doc = Document::new(&t, ParseOptions::default());
        let whole = format_edits(&doc, None);
        let mut s = t.clone();
        for e in whole.iter().rev() {
            s.replace_range(e.range.clone(), &e.replacement);
        }
        assert_eq!(s, format(&t, &ParseOptions::default()));
        for (a, b) in [
            (0, t.len()),
            (300, 900),
            (1000, 1001),
            (t.len() / 2, t.len()),
        ] {
            let part = format_edits(&doc, Some(a..b));
            assert!(part.iter().all(|e| a <= e.range.start && e.range.end <= b));
            assert!(part.iter().all(|e| whole.contains(e)), "{a}..{b}");
        }
    }
}
