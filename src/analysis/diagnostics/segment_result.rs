//! What the talk phase keeps of one segment: its findings and suppression
//! comments ([`SegResult`]), their counts read without touching the boxed
//! result ([`SegCounts`]), its share of the document's shape
//! ([`ShapePart`]), and the cache's [`Entry`] holding them.

use crate::index::TalkNames;
use crate::lint::rules::not_talk_notes::Shape;
use crate::lint::suppress::Suppressions;
use crate::lint::Diagnostic;
use crate::syntax::Segment;
use std::sync::Arc;

/// What the talk phase knows about one segment.
#[derive(Debug, Default)]
pub(super) struct SegResult {
    /// `None` when the segment has no findings and no suppression comments,
    /// as most have: no box is kept for them.
    pub(super) found: Option<Box<Found>>,
    /// `None` for a segment that is not a talk.
    pub(super) names: Option<TalkNames>,
}

/// A segment's talk-rule findings and suppression comments.
#[derive(Debug)]
pub(super) struct Found {
    /// Talk-rule findings, relative to the segment start, preamble filtered,
    /// sorted.
    pub(super) diags: Vec<Diagnostic>,
    pub(super) supp: Suppressions,
}

/// What a document-wide pass needs to know of a segment's result without
/// reading it: most segments have nothing to report, and a pass over every
/// boxed result would touch memory all over the heap.
#[derive(Debug, Clone, Copy)]
pub(super) struct SegCounts {
    /// 32 bits, so that with the flags this is 8 bytes: an [`Entry`] stays
    /// small, and the entry list is moved whenever it is rebuilt.
    pub(super) diags: u32,
    /// Any suppression comment.
    pub(super) supp: bool,
    /// Any comment naming an unknown rule.
    pub(super) unknown: bool,
}

impl SegResult {
    pub(super) fn counts(&self) -> SegCounts {
        let Some(f) = self.found.as_deref() else {
            return SegCounts {
                diags: 0,
                supp: false,
                unknown: false,
            };
        };
        SegCounts {
            diags: u32::try_from(f.diags.len()).unwrap_or(u32::MAX),
            supp: f.supp.turns_off_any(),
            unknown: !f.supp.unknown.is_empty(),
        }
    }
    pub(super) fn diags(&self) -> &[Diagnostic] {
        self.found.as_deref().map_or(&[], |f| &f.diags)
    }
    pub(super) fn supp(&self) -> Option<&Suppressions> {
        self.found.as_deref().map(|f| &f.supp)
    }
}

pub(super) struct Entry {
    /// Held so the address cannot be reused by another segment while cached.
    pub(super) seg: Arc<Segment>,
    pub(super) first: bool,
    pub(super) counts: SegCounts,
    /// Its share of the document's [`Shape`].
    pub(super) shape: ShapePart,
    /// Two pointers: the list is rebuilt when the number of segments
    /// changes, so its entries are kept small to move.
    pub(super) result: SegResult,
}

/// A segment's [`Shape`] in 36 bytes instead of 72 (a big note has tens
/// of thousands of segments; a segment's counts fit in 32 bits).
#[derive(Debug, Clone, Copy)]
pub(super) struct ShapePart {
    pub(super) counts: [u32; 6],
    pub(super) first_line: Option<(u32, u32)>,
}

impl ShapePart {
    pub(super) fn of(s: &Shape) -> ShapePart {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        ShapePart {
            counts: [
                s.talks,
                s.sections,
                s.max_sections,
                s.placed,
                s.stray,
                s.outside,
            ]
            .map(n),
            first_line: s.first_line.map(|(a, b)| (n(a), n(b))),
        }
    }

    pub(super) fn shape(&self) -> Shape {
        let [talks, sections, max_sections, placed, stray, outside] =
            self.counts.map(|v| v as usize);
        Shape {
            talks,
            sections,
            max_sections,
            placed,
            stray,
            outside,
            first_line: self.first_line.map(|(a, b)| (a as usize, b as usize)),
            looks_like: None,
        }
    }
}
