//! Small helpers the rules share.

pub(crate) use crate::lint::registry::{DocCtx, Rule, TalkCtx, WorkspaceCtx};
pub(crate) use crate::lint::{
    Diagnostic, FixAvailability, FixSafety, RuleMeta, Scope, Severity, TextEdit,
};
pub(crate) use crate::syntax::{Label, Section, Segment, Span};

/// A span as a (segment-relative) range.
pub(crate) fn r(s: Span) -> std::ops::Range<usize> {
    s.range()
}

/// The text pieces of a section in order: the inline text, then each content
/// line's text (after indentation and marker).
pub(crate) fn pieces<'a>(seg: &'a Segment, sec: &Section) -> impl Iterator<Item = Span> + 'a {
    seg.texts(sec).filter(|s| !s.is_empty())
}

/// Characters in a section's text (pieces joined by one character each) and
/// the byte offset where character `limit + 1` starts, when it is over.
pub(crate) fn measure(
    text: &str,
    seg: &Segment,
    sec: &Section,
    limit: Option<usize>,
) -> (usize, Option<usize>) {
    let mut count = 0usize;
    let mut over = None;
    for (n, p) in pieces(seg, sec).enumerate() {
        if n > 0 {
            count += 1;
        }
        let t = p.text(text);
        match limit {
            Some(l) if over.is_none() && count + t.chars().count() > l => {
                let skip = l.saturating_sub(count);
                let off = t.char_indices().nth(skip).map_or(t.len(), |(i, _)| i);
                over = Some(p.start as usize + off);
                count += t.chars().count();
            }
            _ => count += t.chars().count(),
        }
    }
    (count, over)
}

/// The first section with this label (speaker labels all count as one).
pub(crate) fn has_label(seg: &Segment, want: Label) -> bool {
    seg.sections.iter().any(|s| match s.label() {
        Some(l) if want.is_speaker() => l.is_speaker(),
        Some(l) => l == want,
        None => false,
    })
}

/// Whether the segment has a speaker: a head speaker line or a speaker field.
pub(crate) fn has_speaker(seg: &Segment) -> bool {
    !seg.speakers.is_empty() || has_label(seg, Label::Author)
}

/// A title for a message, shortened.
pub(crate) fn quote(s: &str) -> String {
    let mut t: String = s.chars().take(60).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    format!("`{t}`")
}

/// A document's first segment read as a talk whose only sections are
/// `Track:` / `Level:` / configured fields, with no speaker and no meta line
/// (`Call for proposals export` / `Track: Tooling`): it is the document's
/// header, not a talk. Its fields are field-outside-talk, and talk rules
/// such as missing-author do not apply.
pub(crate) fn is_document_header(seg: &Segment) -> bool {
    matches!(seg.opener, crate::syntax::Opener::DocumentStart)
        && seg.is_talk()
        && seg.speakers.is_empty()
        && seg.head.meta.is_none()
        && !seg.sections.is_empty()
        && seg.sections.iter().all(|s| {
            matches!(
                s.label(),
                Some(Label::Track | Label::Level | Label::Extra(_))
            )
        })
}
