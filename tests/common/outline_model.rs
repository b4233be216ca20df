//! The outline model (`syntax::outline::talk`) of a text in document
//! coordinates, for tests that compare the server's outline with it.
#![allow(dead_code)]

use notelint::analysis::ide::non_empty;
use notelint::syntax::{outline, Document, ParseOptions};
use std::ops::Range;

/// The outline model (`syntax::outline::talk`) of `text`: per talk its
/// LSP name, range and selection in the document, and its sections'.
#[allow(clippy::type_complexity)]
pub fn outline_model(
    text: &str,
) -> Vec<(
    String,
    Range<usize>,
    Range<usize>,
    Vec<(String, Range<usize>, Range<usize>)>,
)> {
    let doc = Document::new(text, ParseOptions::default());
    let abs = |start: usize, r: &Range<usize>| start + r.start..start + r.end;
    doc.tree()
        .talks()
        .filter_map(|p| {
            let seg_text = &text[p.range()];
            let t = outline::talk(p.seg, seg_text, doc.options())?;
            let sections = t
                .sections
                .iter()
                .map(|s| {
                    (
                        non_empty(s.name).to_string(),
                        abs(p.start, &s.range),
                        abs(p.start, &s.name_span),
                    )
                })
                .collect();
            Some((
                non_empty(t.title).to_string(),
                abs(p.start, &t.range),
                abs(p.start, &t.title_span),
                sections,
            ))
        })
        .collect()
}
