//! The outline of a document: per talk its title, speakers and meta line,
//! and its sections (fields by role, headings by text), in byte offsets.
//! [`talk`] is the one model of it: `notelint outline` writes it with
//! 1-based lines ([`outline`]), and the language server's document symbols
//! are packed from it (`lsp::outline`).

use super::labels::ParseOptions;
use super::pos::LineIndex;
use super::segments::Tree;
use super::tree::{Section, SectionKind, Segment};
use serde::Serialize;
use std::ops::Range;

/// One talk's outline, offsets relative to its segment's start.
#[derive(Debug, Clone, PartialEq)]
pub struct TalkOutline<'a> {
    pub title: &'a str,
    /// The title's span: what an editor selects.
    pub title_span: Range<usize>,
    /// The whole talk: from [`talk_start`] to the segment's end.
    pub range: Range<usize>,
    pub speakers: Vec<&'a str>,
    pub meta: Option<&'a str>,
    pub sections: Vec<SectionOutline<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionOutline<'a> {
    /// See [`section_name`].
    pub name: &'a str,
    pub kind: SectionKind,
    /// The label or heading text's span: what an editor selects.
    pub name_span: Range<usize>,
    /// The whole section.
    pub range: Range<usize>,
    /// Where its first line starts.
    pub line_start: usize,
}

/// The outline of the talk in segment `seg` (whose text is `text`); None
/// for a segment without a title, which the outline leaves out.
pub fn talk<'a>(seg: &Segment, text: &'a str, opts: &'a ParseOptions) -> Option<TalkOutline<'a>> {
    let title = seg.head.title?;
    Some(TalkOutline {
        title: title.text(text),
        title_span: title.start as usize..title.end as usize,
        range: talk_start(seg)..text.len(),
        speakers: seg.speakers.iter().map(|s| s.name.text(text)).collect(),
        meta: seg.head.meta.as_ref().map(|m| m.line.text(text)),
        sections: seg
            .sections
            .iter()
            .map(|s| SectionOutline {
                name: section_name(s, text, opts),
                kind: s.kind,
                name_span: s.name.start as usize..s.name.end as usize,
                range: s.span.start as usize..s.span.end as usize,
                line_start: s.line.start as usize,
            })
            .collect(),
    })
}

/// Where a talk begins inside its segment: after the preamble (the lines
/// before the head of a document's first segment), which is not part of
/// the talk; otherwise at the segment's start (its separator or title line).
pub fn talk_start(seg: &Segment) -> usize {
    match (seg.preamble, seg.title_line) {
        (Some(_), Some(t)) => t.start as usize,
        _ => 0,
    }
}

/// `notelint outline`'s form of a talk: owned, with 1-based lines.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutlineTalk {
    pub title: String,
    /// 1-based line of the title.
    pub line: usize,
    pub speakers: Vec<String>,
    pub meta: Option<String>,
    pub sections: Vec<OutlineSection>,
    /// Byte range of the talk's segment in the document.
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

/// The document's outline as `notelint outline` writes it.
pub fn outline(
    text: &str,
    tree: &Tree,
    index: &LineIndex,
    opts: &ParseOptions,
) -> Vec<OutlineTalk> {
    tree.talks()
        .filter_map(|p| {
            let t = talk(p.seg, &text[p.range()], opts)?;
            let line = |rel: usize| index.line_of(p.start + rel) + 1;
            Some(OutlineTalk {
                title: t.title.to_string(),
                line: line(t.title_span.start),
                speakers: t.speakers.iter().map(|s| s.to_string()).collect(),
                meta: t.meta.map(str::to_string),
                sections: t
                    .sections
                    .iter()
                    .map(|s| OutlineSection {
                        name: s.name.to_string(),
                        kind: match s.kind {
                            SectionKind::Field { .. } => "field",
                            SectionKind::Heading => "heading",
                        },
                        line: line(s.line_start),
                        range: [p.start + s.range.start, p.start + s.range.end],
                    })
                    .collect(),
                range: [p.start, p.end()],
            })
        })
        .collect()
}
