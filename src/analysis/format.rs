//! The canonical layout (`notelint fmt`, LSP formatting). It only ever
//! changes whitespace and adds separator lines, so it never changes words:
//!
//! - items and bullets inside sections are indented with one tab per depth;
//! - a separator line stands between talks (the document's own separator
//!   style, else 40 underscores) — added before a talk opened by a title
//!   line when no separator precedes it;
//! - no trailing spaces or tabs; a line of only whitespace becomes empty;
//! - at most one blank line in a row, none at the start or end of the file;
//! - the file ends with a line end (each line keeps its own `\n`, `\r\n` or
//!   `\r`; added lines use the document's first one).
//!
//! The result parses to the same talks, speakers and sections (tested).

use crate::syntax::line::{classify, is_blank, lines, LineKind};
use crate::syntax::{parse, Opener, ParseOptions, Tree};
use std::collections::HashMap;

const DEFAULT_SEPARATOR: &str = "________________________________________";

/// Format `text` in the canonical layout.
pub fn format(text: &str, opts: &ParseOptions) -> String {
    let tree = parse(text, opts);
    // Line start (absolute) → (indentation bytes, depth) for section content.
    let mut reindent: HashMap<usize, (usize, u16)> = HashMap::new();
    for p in &tree.segments {
        for s in &p.seg.sections {
            for c in p.seg.content(s) {
                if c.depth == 0 {
                    continue;
                }
                let line = c.line.text(&text[p.range()]);
                let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
                if indent > 0 {
                    reindent.insert(p.start + c.line.start as usize, (indent, c.depth));
                }
            }
        }
    }
    let separator_before = separators_needed(text, &tree);
    let eol = lines(text)
        .find(|l| l.end > l.content_end)
        .map(|l| &text[l.content_end..l.end])
        .unwrap_or("\n");
    let separator = lines(text)
        .map(|l| &text[l.start..l.content_end])
        .find(|s| classify(s, opts) == LineKind::Separator)
        .map(|s| s.trim_matches(|c: char| c.is_whitespace()))
        .unwrap_or(DEFAULT_SEPARATOR);

    let mut out = String::with_capacity(text.len() + 64);
    // Blank lines seen since the last written line (written lazily, so runs
    // collapse and blanks at the end of the file vanish).
    let mut pending_blank = false;
    let mut wrote_any = false;
    // Lines written between two others repeat the previous line end, so a
    // `\r` is never followed by an added `\n` (which would merge into one
    // `\r\n` and lose a line).
    let mut last_term = eol;
    for l in lines(text) {
        let content = &text[l.start..l.content_end];
        let term = if l.end > l.content_end {
            &text[l.content_end..l.end]
        } else {
            last_term
        };
        if is_blank(content) {
            pending_blank = wrote_any;
            continue;
        }
        if separator_before.contains(&l.start) {
            if wrote_any {
                out.push_str(last_term);
            }
            out.push_str(separator);
            out.push_str(last_term);
            pending_blank = true;
        }
        if pending_blank {
            out.push_str(last_term);
            pending_blank = false;
        }
        let trimmed = content.trim_end_matches([' ', '\t']);
        match reindent.get(&l.start) {
            Some(&(indent, depth)) if indent <= trimmed.len() => {
                for _ in 0..depth {
                    out.push('\t');
                }
                out.push_str(&trimmed[indent..]);
            }
            _ => out.push_str(trimmed),
        }
        out.push_str(term);
        last_term = term;
        wrote_any = true;
    }
    out
}

/// Starts of title lines that open a talk after an earlier talk with no
/// separator in between.
fn separators_needed(text: &str, tree: &Tree) -> Vec<usize> {
    let mut out = Vec::new();
    let mut seen_talk = false;
    let mut separated = false;
    for p in &tree.segments {
        let seg = &p.seg;
        match seg.opener {
            Opener::Title if seen_talk && !separated => {
                out.push(p.start);
            }
            _ => {}
        }
        if seg.is_talk() {
            seen_talk = true;
            separated = false;
        } else if matches!(seg.opener, Opener::Separator(_)) {
            // A bare separator segment (only the separator and blank lines)
            // separates the talk that follows it.
            let body = &text[p.range()];
            separated = lines(body)
                .skip(1)
                .all(|l| is_blank(&body[l.start..l.content_end]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::outline::outline;
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

    fn words(text: &str, sep: &str) -> Vec<String> {
        text.split_whitespace()
            .filter(|w| *w != sep)
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
        let src = " First\n\nAuthor  \nJane Doe\n\n\n\nIntro\n    * point\n        deeper\n \n Second\nby Bob\n\nNotes\n  item\n";
        let want = " First\n\nAuthor\nJane Doe\n\nIntro\n\t* point\n\t\tdeeper\n\n________________________________________\n\n Second\nby Bob\n\nNotes\n\titem\n";
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
