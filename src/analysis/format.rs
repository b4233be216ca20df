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
//! LSP formatting asks for edits, not a new text: [`format_edits`] diffs
//! the canonical text against the document line by line, one edit per run
//! of changed lines, so the editor keeps cursors and marks elsewhere.

use crate::index::Index;
use crate::lint::config::RuleSetting;
use crate::lint::registry::all;
use crate::lint::{Fix, FixAvailability, FixSafety, LintConfig, TextEdit};
use crate::syntax::{Document, ParseOptions};
use std::ops::Range;

/// Fix passes before giving up (each pass re-lints the result; fixes that
/// overlap wait for the next pass). Real notes need two or three.
const MAX_PASSES: usize = 16;

/// The configuration the formatter lints with: the layout rules only, at
/// their defaults, with the file's parse options.
fn layout_config(opts: &ParseOptions) -> LintConfig {
    let mut config = LintConfig {
        parse: opts.clone(),
        ..LintConfig::default()
    };
    for r in all() {
        if r.meta().fix != FixAvailability::Safe {
            config
                .rules
                .insert(r.meta().code.to_string(), RuleSetting::Off);
        }
    }
    config
}

/// Format `text` in the canonical layout.
pub fn format(text: &str, opts: &ParseOptions) -> String {
    let config = layout_config(opts);
    let index = Index::default();
    let mut current = text.to_string();
    for _ in 0..MAX_PASSES {
        let diags = super::lint_text("", &current, &config, &index);
        let fixes = diags
            .iter()
            .filter_map(|d| d.fix.as_deref())
            .filter(|f| f.safety == FixSafety::Safe);
        let (next, n) = apply_fixes(&current, fixes);
        if n == 0 {
            break;
        }
        current = next;
    }
    current
}

/// Apply each fix whose edits are valid in `text` and overlap no fix taken
/// before it (fixes are taken in order of their first edit). Returns the new
/// text and the number of fixes applied. An edit is applied only where its
/// range lies inside `text` on character boundaries.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.range.start).min().unwrap_or(0));
    let mut taken: Vec<&TextEdit> = Vec::new();
    let mut count = 0;
    for f in fixes {
        let mut edits: Vec<&TextEdit> = f.edits.iter().collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let valid = edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        let self_overlap = edits.windows(2).any(|w| w[0].range.end > w[1].range.start);
        let clash = edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.range.start < t.range.end && t.range.start < e.range.end
                    // Two insertions at one point are ambiguous too.
                    || (e.range.is_empty() && t.range.is_empty() && e.range.start == t.range.start)
            })
        });
        if valid && !self_overlap && !clash {
            taken.extend(edits);
            count += 1;
        }
    }
    if count == 0 {
        return (text.to_string(), 0);
    }
    taken.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in taken {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    (out, count)
}

/// Formatting as the smallest edits (LSP formatting): the edits turning
/// the document into its canonical layout, one per run of changed lines.
/// With `range`, only the edits on the lines of the range (an insertion
/// right at its first line's start counts as inside), so range formatting
/// leaves the rest of the document alone.
pub fn format_edits(doc: &Document, range: Option<Range<usize>>) -> Vec<TextEdit> {
    let text = doc.text();
    let new = format(&text, doc.options());
    if new == text {
        return Vec::new();
    }
    let edits = line_diff(&text, &new);
    match range {
        None => edits,
        Some(r) => {
            let lo = line_floor(&text, r.start);
            let hi = r.end + line_len_after(&text, r.end);
            edits
                .into_iter()
                .filter(|e| e.range.start >= lo && e.range.end <= hi.max(lo))
                .collect()
        }
    }
}

fn line_floor(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_len_after(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[at..].find('\n').map_or(text.len() - at, |i| i + 1)
}

/// One edit per changed run of lines (a line diff).
fn line_diff(old: &str, new: &str) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(old, new);
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let mut line_off = Vec::with_capacity(old_lines.len() + 1);
    let mut acc = 0;
    for l in &old_lines {
        line_off.push(acc);
        acc += l.len();
    }
    line_off.push(acc);
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = Vec::new();
    for op in diff.ops() {
        if let similar::DiffOp::Equal { .. } = op {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        out.push(TextEdit {
            range: line_off[o.start]..line_off[o.end],
            replacement: new_lines[n.start..n.end].concat(),
        });
    }
    out
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

    #[test]
    fn diff_is_minimal_and_applies() {
        let old = "a\nb  \nc\nd\n";
        let new = "a\nb\nc\nd\n";
        let e = line_diff(old, new);
        assert_eq!(
            e,
            vec![TextEdit {
                range: 2..6,
                replacement: "b\n".into()
            }]
        );
        let old = "a\n\n\n\nb\n";
        let new = "a\n\nb\n";
        let e = line_diff(old, new);
        let mut s = old.to_string();
        s.replace_range(e[0].range.clone(), &e[0].replacement);
        assert_eq!(s, new);
    }
}
