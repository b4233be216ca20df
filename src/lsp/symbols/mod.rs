//! The outline (`textDocument/documentSymbol`) of an open document, kept
//! packed per talk between requests and written out as JSON on the way to
//! the client.
//!
//! A big note's outline is megabytes of JSON, and editors ask for it after
//! every edit (outline view, breadcrumbs). A talk's symbols depend only on
//! its text, so each talk's are kept packed ([`pack`]: positions with
//! lines counted from the talk's first, section names), the LSP's cache
//! of the outline model (`syntax::outline::talk`). An unchanged talk (same
//! segment `Arc`) keeps its packed form, also when it moved to another
//! line; an edit costs the talks it touched.
//!
//! The answer is never built as one buffer nor kept as JSON: the output
//! writer expands the packed talks ([`expand`]) a buffer at a time
//! (`outbox::Frame::Array`). Figures are in docs/perf.md.

mod expand;
mod pack;
#[cfg(test)]
mod tests;

use super::transport::outbox::Elements;
use crate::analysis::ide::PlacedTalk;
use crate::index::TalkNames;
use crate::syntax::common_ends;
use crate::syntax::pos::Encoding;
use crate::syntax::Document;
use expand::{expand, json_len, plain_names};
use pack::pack_talks;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
pub(super) struct Fragment {
    /// The segment, held so its address cannot be reused by another.
    seg: Arc<crate::syntax::Segment>,
    line: u32,
    /// The length of its JSON at `line`.
    len: usize,
    /// The talk's symbol, packed (see `pack_talk`); empty for a talk
    /// without one.
    packed: Arc<[u8]>,
    /// Its title and speaker names (the editor summary's, shared).
    names: TalkNames,
    /// Whether they are written as they are (see `expand`).
    plain: bool,
}

impl Fragment {
    fn new(
        seg: Arc<crate::syntax::Segment>,
        line: u32,
        packed: &[u8],
        names: TalkNames,
    ) -> Fragment {
        let plain = plain_names(&names);
        Fragment {
            seg,
            line,
            len: json_len(packed, &names, plain, line),
            packed: packed.into(),
            names,
            plain,
        }
    }

    /// The same talk, now starting on `line`. Its lines are kept relative
    /// to its first: only the length (digits) can change.
    fn move_to(&mut self, line: u32) {
        if self.line != line {
            self.line = line;
            self.len = json_len(&self.packed, &self.names, self.plain, line);
        }
    }
}

/// The answer's elements: every talk's fragment that has a symbol, to be
/// expanded on the way out. The list itself is shared, not copied: the
/// next edit changes it in place once the writer is done with it (or, if
/// it is not yet, a copy).
fn elements(frags: &Arc<Vec<Fragment>>) -> Outline {
    let (with, sum) = frags.iter().fold((0, 0), |(n, sum), f| {
        (n + usize::from(!f.packed.is_empty()), sum + f.len)
    });
    let len = sum + with.saturating_sub(1);
    Outline {
        frags: Arc::clone(frags),
        len,
        next: 0,
        written: 0,
    }
}

/// An outline answer's elements: the kept fragments (packed talks, their
/// names and first lines), written out as JSON a buffer at a time by the
/// output writer.
pub struct Outline {
    frags: Arc<Vec<Fragment>>,
    len: usize,
    /// The next fragment, and how many were written (for the commas).
    next: usize,
    written: usize,
}

impl Elements for Outline {
    fn len(&self) -> usize {
        self.len
    }

    fn fill(&mut self, buf: &mut Vec<u8>, limit: usize) -> bool {
        while let Some(f) = self.frags.get(self.next) {
            if f.packed.is_empty() {
                self.next += 1;
                continue;
            }
            if buf.len() >= limit {
                return true;
            }
            if self.written > 0 {
                buf.push(b',');
            }
            expand(&f.packed, &f.names, f.plain, f.line, buf);
            self.next += 1;
            self.written += 1;
        }
        false
    }
}

/// Entries of the last outline, one per talk, in order.
#[derive(Default)]
pub struct SymbolCache {
    frags: Arc<Vec<Fragment>>,
}

/// The outline: each talk's `DocumentSymbol`, packed, in order (the
/// elements of the answer's array, expanded as they are sent). `talks` are
/// the document's talks with their start lines (the editor summary, kept
/// current incrementally).
///
/// An unchanged talk (same segment `Arc`) reuses its entry; when it has
/// moved to another line, only its JSON length is recounted. Talks are
/// matched by identity from both ends, so no hashing is needed but for the
/// edited stretch in between.
pub fn outline(
    doc: &Document,
    talks: &[PlacedTalk],
    enc: Encoding,
    cache: &mut SymbolCache,
) -> Outline {
    if talks.len() == cache.frags.len() {
        // Talks kept one for one (typing inside a talk): fragments are
        // checked and replaced in place, no list of them rebuilt. (A talk
        // moved among the others is written again: that takes a cut and
        // paste.)
        let frags = Arc::make_mut(&mut cache.frags);
        let mut todo = Vec::new();
        for (i, (f, t)) in frags.iter_mut().zip(talks).enumerate() {
            if Arc::ptr_eq(&f.seg, &t.seg) {
                f.move_to(t.line);
            } else {
                todo.push(i);
            }
        }
        for (i, f) in pack_talks(doc, talks, &todo, enc) {
            frags[i] = f;
        }
        return elements(&cache.frags);
    }
    let kept = std::mem::take(&mut cache.frags);
    let kept = Arc::try_unwrap(kept).unwrap_or_else(|shared| (*shared).clone());
    let mut old: Vec<Option<Fragment>> = kept.into_iter().map(Some).collect();
    let same = |f: &Option<Fragment>, t: &PlacedTalk| {
        f.as_ref().is_some_and(|f| Arc::ptr_eq(&f.seg, &t.seg))
    };
    let (prefix, suffix) = common_ends(&old, talks.iter(), talks.len(), |_, f, _, t| same(f, t));
    let (n_old, n_new) = (old.len(), talks.len());
    let mut middle: HashMap<usize, Fragment> = old[prefix..n_old - suffix]
        .iter_mut()
        .filter_map(|f| f.take())
        .map(|f| (Arc::as_ptr(&f.seg) as usize, f))
        .collect();
    let mut frags: Vec<Option<Fragment>> = talks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let reused = if i < prefix {
                old[i].take()
            } else if i >= n_new - suffix {
                old[n_old - (n_new - i)].take()
            } else {
                middle.remove(&(Arc::as_ptr(&t.seg) as usize))
            };
            reused.map(|mut f| {
                f.move_to(t.line);
                f
            })
        })
        .collect();
    let todo: Vec<usize> = (0..n_new).filter(|&i| frags[i].is_none()).collect();
    for (i, f) in pack_talks(doc, talks, &todo, enc) {
        frags[i] = Some(f);
    }
    // At its size: collected through `flatten` (no size hint) the list
    // grows by doubling and keeps the slack as long as the document is open.
    let mut kept = Vec::with_capacity(n_new);
    kept.extend(frags.into_iter().flatten());
    cache.frags = Arc::new(kept);
    elements(&cache.frags)
}
