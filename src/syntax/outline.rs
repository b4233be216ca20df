//! The outline: talk (detail: speakers) → sections, with 1-based lines. Shared
//! by `notelint outline` and the language server's document symbols.

use super::labels::ParseOptions;
use super::pos::LineIndex;
use super::tree::{Section, SectionKind, Tree};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutlineTalk {
    pub title: String,
    /// 1-based line of the title.
    pub line: usize,
    pub speakers: Vec<String>,
    pub meta: Option<String>,
    pub sections: Vec<OutlineSection>,
    /// Byte range of the talk in the document.
    pub range: [usize; 2],
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutlineSection {
    pub name: String,
    /// `field` or `heading`.
    pub kind: &'static str,
    pub line: usize,
    pub range: [usize; 2],
}

/// The outline name of a section: a heading's text, or a field's role —
/// every speaker label (`Authors`, `Speaker`, …) is "Author", other built-in
/// labels their canonical spelling, configured labels as configured.
pub fn section_name<'a>(s: &Section, seg_text: &'a str, opts: &'a ParseOptions) -> &'a str {
    match s.label() {
        None => s.name.text(seg_text),
        Some(l) if l.is_speaker() => "Author",
        Some(l) => opts.label_name(l),
    }
}

pub fn outline(
    text: &str,
    tree: &Tree,
    index: &LineIndex,
    opts: &ParseOptions,
) -> Vec<OutlineTalk> {
    let mut out = Vec::new();
    for p in tree.talks() {
        let seg_text = &text[p.range()];
        let seg = &p.seg;
        let Some(title) = seg.head.title else {
            continue;
        };
        out.push(OutlineTalk {
            title: title.text(seg_text).to_string(),
            line: index.line_of(p.start + title.start as usize) + 1,
            speakers: seg
                .speakers
                .iter()
                .map(|s| s.name.text(seg_text).to_string())
                .collect(),
            meta: seg
                .head
                .meta
                .as_ref()
                .map(|m| m.line.text(seg_text).to_string()),
            sections: seg
                .sections
                .iter()
                .map(|s| OutlineSection {
                    name: section_name(s, seg_text, opts).to_string(),
                    kind: match s.kind {
                        SectionKind::Field { .. } => "field",
                        SectionKind::Heading => "heading",
                    },
                    line: index.line_of(p.start + s.line.start as usize) + 1,
                    range: [
                        p.start + s.span.start as usize,
                        p.start + s.span.end as usize,
                    ],
                })
                .collect(),
            range: [p.start, p.end()],
        });
    }
    out
}
