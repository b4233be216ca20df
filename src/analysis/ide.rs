//! Editor features over the syntax tree — outline, folding, hover, inlay
//! hints, semantic tokens, completions, code actions and the speakers index —
//! in byte offsets and plain types. The language server only converts these
//! to LSP positions; nothing here knows about LSP.

pub mod actions;
pub mod catalog;
pub mod complete;
pub mod highlight;
pub mod links;
pub mod rename;
pub mod roster;
pub mod selection;
pub mod tokens;

pub use actions::{code_actions, fix_all, Action, ActionKind};
pub use catalog::{Catalog, FileTalks, Loc, PlacedTalk, Speaker, TalkInfo, TextOf};
pub use complete::{completions, Completion, CompletionKind};
pub use tokens::{semantic_tokens, Token, TokenKind, TOKEN_KINDS};

use crate::lint::LintConfig;
use crate::syntax::outline::section_name;
use crate::syntax::{Document, Label, Placed, SectionKind};
use std::borrow::Cow;
use std::ops::Range;

/// The text of segment `p` of `doc` (borrowed when the rope holds it in one chunk).
pub fn seg_text<'a>(doc: &'a Document, p: Placed<'_>) -> Cow<'a, str> {
    doc.slice(p.range())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Talk,
    Section,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole talk or section.
    pub range: Range<usize>,
    /// The title or label: what the editor selects.
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

/// The outline: talk (detail: its speakers) → sections.
pub fn document_symbols(doc: &Document) -> Vec<Symbol> {
    doc.tree()
        .talks()
        .filter_map(|p| talk_symbol(doc, p))
        .collect()
}

/// One talk's outline entry (None for a segment without a title).
pub fn talk_symbol(doc: &Document, p: Placed<'_>) -> Option<Symbol> {
    let opts = doc.options();
    let text = seg_text(doc, p);
    let seg = &p.seg;
    let title = seg.head.title?;
    let speakers: Vec<&str> = seg.speakers.iter().map(|s| s.name.text(&text)).collect();
    let name = title.text(&text);
    let children = seg
        .sections
        .iter()
        .map(|s| Symbol {
            name: non_empty(section_name(s, &text, opts)).to_string(),
            detail: None,
            kind: SymbolKind::Section,
            range: s.span.abs(p.start),
            selection: s.name.abs(p.start),
            children: Vec::new(),
        })
        .collect();
    Some(Symbol {
        name: non_empty(name).to_string(),
        detail: (!speakers.is_empty()).then(|| speakers.join(", ")),
        kind: SymbolKind::Talk,
        range: p.start + talk_start(seg)..p.end(),
        selection: title.abs(p.start),
        children,
    })
}

/// Where a talk begins inside its segment: after the preamble (the lines
/// before the head of a document's first segment), which is not part of
/// the talk; otherwise at the segment's start (its separator or title line).
pub fn talk_start(seg: &crate::syntax::Segment) -> usize {
    match (seg.preamble, seg.title_line) {
        (Some(_), Some(t)) => t.start as usize,
        _ => 0,
    }
}

/// LSP rejects empty symbol names.
pub fn non_empty(s: &str) -> &str {
    if s.trim().is_empty() {
        "(untitled)"
    } else {
        s
    }
}

/// A foldable stretch, as byte offsets of its first and last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    pub start: usize,
    pub end: usize,
}

/// Talks (from their first line to their last non-blank line) and sections.
pub fn folding_ranges(doc: &Document) -> Vec<Fold> {
    let mut out = Vec::new();
    for p in doc.tree().talks() {
        let text = seg_text(doc, p);
        let trimmed_len = text.trim_end().len();
        out.push(Fold {
            start: p.start + talk_start(p.seg),
            end: p.start + trimmed_len,
        });
        for s in &p.seg.sections {
            out.push(Fold {
                start: p.start + s.span.start as usize,
                end: p.start + s.span.end as usize,
            });
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverInfo {
    pub markdown: String,
    pub range: Range<usize>,
}

/// Hover at `offset`: a field label's purpose, or a speaker's talks and bio
/// (`text_of` reads the talk the bio excerpt comes from).
pub fn hover(
    doc: &Document,
    ws: &Catalog,
    offset: usize,
    text_of: TextOf<'_>,
) -> Option<HoverInfo> {
    let tree = doc.tree();
    let p = tree.segments.at(tree.segment_at(offset)?);
    let rel = offset.checked_sub(p.start)?;
    let text = seg_text(doc, p);
    for s in &p.seg.sections {
        if let SectionKind::Field { label, .. } = s.kind {
            if contains(s.name.range(), rel) {
                let name = doc.options().label_name(label);
                return Some(HoverInfo {
                    markdown: format!("**{name}** — {}", label.purpose()),
                    range: s.name.abs(p.start),
                });
            }
        }
    }
    let sp = p
        .seg
        .speakers
        .iter()
        .find(|s| contains(s.name.range(), rel))?;
    let name = sp.name.text(&text);
    Some(HoverInfo {
        markdown: ws.speaker_markdown(name, text_of),
        range: sp.name.abs(p.start),
    })
}

/// Inclusive at the end, so a cursor right after a word still counts as on it.
pub(crate) fn contains(r: Range<usize>, at: usize) -> bool {
    r.start <= at && at <= r.end
}

/// The speaker name under `offset`, with its absolute range.
pub fn speaker_at(doc: &Document, offset: usize) -> Option<(String, Range<usize>)> {
    let tree = doc.tree();
    let p = tree.segments.at(tree.segment_at(offset)?);
    let rel = offset.checked_sub(p.start)?;
    let text = seg_text(doc, p);
    let sp = p
        .seg
        .speakers
        .iter()
        .find(|s| contains(s.name.range(), rel))?;
    Some((sp.name.text(&text).to_string(), sp.name.abs(p.start)))
}

/// An inlay hint: `label` shown at `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub offset: usize,
    pub label: String,
}

/// The limit that applies to a proposal section, if configured.
fn limit_of(label: Label, config: &LintConfig) -> Option<usize> {
    match label {
        Label::Description => config.limits.description,
        Label::Abstract => config.limits.abstract_,
        Label::Bio => config.limits.bio,
        _ => None,
    }
}

/// The length of a section's prose in characters: its inline text and content
/// lines joined by single spaces (how it reads once reflowed).
pub fn section_chars(
    seg_text: &str,
    seg: &crate::syntax::Segment,
    s: &crate::syntax::Section,
) -> usize {
    let parts = seg
        .texts(s)
        .map(|sp| sp.text(seg_text).chars().count())
        .filter(|&n| n > 0)
        .collect::<Vec<_>>();
    parts.iter().sum::<usize>() + parts.len().saturating_sub(1)
}

/// `287/400` at the end of each Description/Abstract/Bio that has a limit,
/// for talks overlapping `range`.
pub fn inlay_hints(doc: &Document, config: &LintConfig, range: Range<usize>) -> Vec<Hint> {
    let mut out = Vec::new();
    let segs = doc.segments();
    let first = segs.partition_point(|p| p.end() <= range.start);
    for p in segs.range(first..segs.len()) {
        if p.start > range.end {
            break;
        }
        if !p.seg.is_talk() {
            continue;
        }
        let text = seg_text(doc, p);
        for s in &p.seg.sections {
            let Some(limit) = s.label().and_then(|l| limit_of(l, config)) else {
                continue;
            };
            out.push(Hint {
                offset: p.start + s.span.end as usize,
                label: format!("{}/{}", section_chars(&text, p.seg, s), limit),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ParseOptions;

    const T: &str = "___\n\nA Talk\n\nAda Lovelace (@ada)\n\nCore, Beginner\n\nDescription: Short one.\n\nBio: Ada wrote notes.\n";

    #[test]
    fn outline_and_hints() {
        let doc = Document::new(T, ParseOptions::default());
        let s = document_symbols(&doc);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, "A Talk");
        assert_eq!(s[0].detail.as_deref(), Some("Ada Lovelace"));
        let names: Vec<_> = s[0].children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Description", "Bio"]);
        let h = inlay_hints(&doc, &LintConfig::default(), 0..T.len());
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].label, "10/400");
        assert_eq!(&T[..h[0].offset], &T[..T.find("one.").unwrap() + 4]);
    }

    #[test]
    fn the_first_talk_does_not_swallow_the_preamble() {
        // A talk opened by the document's start: its head follows the preamble.
        let t = "Notes from the conference.\nWritten on the train.\n\nOpening Talk\nby Ada\n\nCore, Beginner\n\nDescription: x\n";
        let doc = Document::new(t, ParseOptions::default());
        let s = document_symbols(&doc);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].range.start, t.find("Opening").unwrap());
        assert_eq!(s[0].range.end, t.len());
        let f = folding_ranges(&doc);
        assert_eq!(f[0].start, t.find("Opening").unwrap());
        // Without a preamble the talk starts where its segment does.
        let doc = Document::new(T, ParseOptions::default());
        assert_eq!(document_symbols(&doc)[0].range.start, 0);
    }

    #[test]
    fn label_hover() {
        let doc = Document::new(T, ParseOptions::default());
        let ws = Catalog::default();
        let at = T.find("Bio:").unwrap() + 1;
        let h = hover(&doc, &ws, at, &|_, _| None).unwrap();
        assert!(h.markdown.contains("About the speaker"), "{}", h.markdown);
    }
}
