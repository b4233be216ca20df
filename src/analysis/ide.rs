//! Editor features over the syntax tree — folding, hover, inlay hints,
//! semantic tokens, completions, code actions and the speakers index — in
//! byte offsets and plain types (the outline is `syntax::outline`). The language server only converts these
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
pub use catalog::{Catalog, FileSummary, Loc, PlacedTalk, Speaker, TalkInfo, TextOf};
pub use complete::{completions, Completion, CompletionKind};
pub use tokens::{semantic_tokens, semantic_tokens_in, Token, TokenKind, TOKEN_KINDS};

use crate::lint::LintConfig;
use crate::syntax::{Document, Label, Placed, SectionKind};
use std::borrow::Cow;
use std::ops::Range;

/// The text of segment `p` of `doc` (borrowed when the rope holds it in one chunk).
pub fn seg_text<'a>(doc: &'a Document, p: Placed<'_>) -> Cow<'a, str> {
    doc.slice(p.range())
}

pub use crate::syntax::outline::talk_start;

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
    use crate::syntax::{outline, ParseOptions};

    /// The outline model of each talk of `doc`: name, speakers, section
    /// names, and the talk's range in the document.
    fn outline_of(doc: &Document) -> Vec<(String, String, Vec<String>, Range<usize>)> {
        doc.tree()
            .talks()
            .filter_map(|p| {
                let text = seg_text(doc, p);
                let t = outline::talk(p.seg, &text, doc.options())?;
                Some((
                    t.title.to_string(),
                    t.speakers.join(", "),
                    t.sections.iter().map(|s| s.name.to_string()).collect(),
                    p.start + t.range.start..p.start + t.range.end,
                ))
            })
            .collect()
    }

    const T: &str = "___\n\nA Talk\n\nAda Lovelace (@ada)\n\nCore, Beginner\n\nDescription: Short one.\n\nBio: Ada wrote notes.\n";

    #[test]
    fn outline_and_hints() {
        let doc = Document::new(T, ParseOptions::default());
        let s = outline_of(&doc);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, "A Talk");
        assert_eq!(s[0].1, "Ada Lovelace");
        assert_eq!(s[0].2, ["Description", "Bio"]);
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
        let s = outline_of(&doc);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].3.start, t.find("Opening").unwrap());
        assert_eq!(s[0].3.end, t.len());
        let f = folding_ranges(&doc);
        assert_eq!(f[0].start, t.find("Opening").unwrap());
        // Without a preamble the talk starts where its segment does.
        let doc = Document::new(T, ParseOptions::default());
        assert_eq!(outline_of(&doc)[0].3.start, 0);
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
