//! An open document's diagnostics as the client receives them, kept per
//! talk between edits and written out as JSON on the way to the client.
//!
//! A big note can carry a hundred thousand findings, and every keystroke
//! sends all of them again (`publishDiagnostics`, or the answer to
//! `textDocument/diagnostic`). A segment's findings depend only on its
//! text and a little context ([`PartKey`]), so each segment's are kept
//! rendered ([`Part`]): positions with lines counted from the segment's
//! first, and the rest of each diagnostic (severity, code, link, source;
//! the message) as shared JSON texts, one copy of each ([`Texts`]). An
//! edit remakes the parts it changed; a part that moved keeps its items,
//! only its first line changes.
//!
//! Nothing is kept as JSON of the whole list: the output writer expands the
//! parts a buffer at a time (`outbox::Frame::Array`), and the push frame
//! and the pull answer are written from the same parts. Places a part
//! writes out in full (related places, here or in other files, and
//! findings reaching past the segment) can move without the segment
//! changing: they are looked up again on every report, and the part is
//! remade when one reads differently.

mod items;

use super::convert::{self, RelatedLoc};
use super::transport::outbox::Elements;
use super::wire;
use crate::analysis::diagnostics::{places_from_index, PartKey, Parts};
use crate::syntax::pos::{Encoding, LineIndex};
use crate::syntax::{common_ends, Document, Segment};
use items::{items_len, text_of, Item, TextList, Texts, RELATED_CLOSE, RELATED_OPEN};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::ls_types as lsp;

/// A place a part's JSON spells out in full (a related place, or a
/// finding reaching past its segment), as it was written: kept to check
/// that it still reads the same.
#[derive(Clone, PartialEq)]
struct Anchor {
    /// The file (`None`: this one) and the bytes, as the finding had them.
    file: Option<Arc<str>>,
    bytes: std::ops::Range<usize>,
    /// The place moves with the part's segment: read from this file's
    /// text (not from the index, nor in another file), in the segment. (A
    /// place in another segment does not move while the key is equal.)
    moves: bool,
    /// Where that was (in the file's own URI, which its key gives).
    at: Option<lsp::Range>,
}

impl Anchor {
    fn resolve(
        file: Option<&str>,
        bytes: &std::ops::Range<usize>,
        cx: &Context<'_>,
        conv: &mut convert::Conv<'_>,
    ) -> Option<lsp::Range> {
        match file {
            None => Some(conv.range(bytes)),
            Some(f) => (cx.related)(f, bytes).map(|x| x.1),
        }
    }

    /// Whether it still reads as written, its segment having moved from
    /// byte `was` to `now`. `same_before`: the document's text before this
    /// offset is what it was at the last report (a place in this file
    /// before it, at the same bytes, has not moved).
    fn holds(
        &self,
        (was, now): (usize, usize),
        same_before: usize,
        cx: &Context<'_>,
        conv: &mut convert::Conv<'_>,
    ) -> bool {
        let bytes = if self.moves {
            let at = |b: usize| b.wrapping_sub(was).wrapping_add(now);
            at(self.bytes.start)..at(self.bytes.end)
        } else {
            self.bytes.clone()
        };
        if self.file.is_none() && bytes == self.bytes && bytes.end < same_before {
            return true;
        }
        Anchor::resolve(self.file.as_deref(), &bytes, cx, conv) == self.at
    }
}

/// One segment's diagnostics, rendered.
#[derive(Clone)]
struct Part {
    /// Held so its address (in `key`) is not reused by another segment.
    seg: Arc<Segment>,
    key: PartKey,
    /// Places written out in full; the part is remade when one of them
    /// reads differently now (see the module doc).
    anchors: Arc<[Anchor]>,
    /// The segment's first byte when the anchors were made.
    start: usize,
    /// The segment's first line.
    line: u32,
    /// The length of its items' JSON at `line`, with the commas between
    /// them.
    len: usize,
    items: Arc<[Item]>,
    /// The related places of the items that have some (in order): the
    /// elements of their `relatedInformation`, as JSON, by number in
    /// [`Texts`] (the duplicates of a title all point at its first talk).
    related: Arc<[u32]>,
}

impl Part {
    /// Whether the part made for `key` (a segment now at byte `start`) is
    /// this one still: same key, and every place written out in full reads
    /// as it did (`same_before`: see [`Anchor::holds`]).
    fn still_holds(
        &self,
        key: &PartKey,
        start: usize,
        same_before: usize,
        cx: &Context<'_>,
    ) -> bool {
        if self.key != *key {
            return false;
        }
        if self.anchors.is_empty() {
            return true;
        }
        let mut conv = convert::Conv::new(cx.doc.rope(), cx.enc);
        self.anchors
            .iter()
            .all(|a| a.holds((self.start, start), same_before, cx, &mut conv))
    }

    fn move_to(&mut self, line: u32, texts: &[Arc<[u8]>]) {
        if self.line != line {
            self.line = line;
            self.len = items_len(&self.items, &self.related, texts, line);
        }
    }
}

/// Empty lists, shared: most segments of a note have no anchors, many no
/// findings, and an `Arc` of nothing is still an allocation.
fn no_items() -> Arc<[Item]> {
    static EMPTY: std::sync::OnceLock<Arc<[Item]>> = std::sync::OnceLock::new();
    Arc::clone(EMPTY.get_or_init(|| Arc::from(Vec::new())))
}

fn no_anchors() -> Arc<[Anchor]> {
    static EMPTY: std::sync::OnceLock<Arc<[Anchor]>> = std::sync::OnceLock::new();
    Arc::clone(EMPTY.get_or_init(|| Arc::from(Vec::new())))
}

fn no_related() -> Arc<[u32]> {
    static EMPTY: std::sync::OnceLock<Arc<[u32]>> = std::sync::OnceLock::new();
    Arc::clone(EMPTY.get_or_init(|| Arc::from(Vec::new())))
}

/// The rendered parts of an open document, between reports.
pub struct ReportCache {
    parts: Arc<Vec<Part>>,
    texts: Texts,
    /// Items in `parts`.
    live: usize,
    /// Parts rendered by the last update (for tests).
    rendered: usize,
    /// Texts kept at least before the table may start afresh.
    min_texts: usize,
}

impl Default for ReportCache {
    fn default() -> ReportCache {
        ReportCache {
            parts: Arc::default(),
            texts: Texts::default(),
            live: 0,
            rendered: 0,
            min_texts: Texts::MAX,
        }
    }
}

/// What a report needs besides the findings.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub uri: &'a lsp::Uri,
    pub enc: Encoding,
    pub related: RelatedLoc<'a>,
}

impl ReportCache {
    /// The report as last made.
    pub fn current(&self) -> Report {
        Report::new(&self.parts, &self.texts.list)
    }

    /// The report of `parts` (a lint of `cx.doc` through its cache):
    /// unchanged parts are kept, moved ones get their new first line, the
    /// rest are rendered.
    pub fn update(&mut self, parts: &Parts<'_>, cx: &Context<'_>) -> Report {
        // Messages of findings gone since are never dropped one by one:
        // the table starts afresh (and every part is remade) once it holds
        // several times as many texts as there are items.
        if self.texts.list.len() > self.min_texts.max(4 * self.live) {
            *self = ReportCache {
                min_texts: self.min_texts,
                ..ReportCache::default()
            };
        }
        self.rendered = 0;
        let segs = cx.doc.segments();
        let rope = cx.doc.rope();
        let n_new = segs.len();
        if self.parts.len() == n_new {
            self.update_in_place(parts, cx);
            self.live = self.parts.iter().map(|p| p.items.len()).sum();
            return Report::new(&self.parts, &self.texts.list);
        }
        let mut keys = parts.keys();
        let kept = std::mem::take(&mut self.parts);
        let mut old: Vec<Option<Part>> = Arc::try_unwrap(kept)
            .unwrap_or_else(|shared| (*shared).clone())
            .into_iter()
            .map(Some)
            .collect();
        let n_old = old.len();
        let same =
            |p: &Option<Part>, s: &Arc<Segment>| p.as_ref().is_some_and(|p| Arc::ptr_eq(&p.seg, s));
        let (prefix, suffix) = common_ends(&old, segs.iter(), n_new, |_, p, _, q| same(p, q.seg));
        // The text before the first segment that is not the same as at the
        // last report is unchanged.
        let same_before = if prefix < n_new {
            segs.at(prefix).start
        } else {
            usize::MAX
        };
        let mut middle: HashMap<usize, (usize, Part)> = (prefix..n_old.saturating_sub(suffix))
            .filter_map(|j| {
                old[j]
                    .take()
                    .map(|p| (Arc::as_ptr(&p.seg) as usize, (j, p)))
            })
            .collect();
        let mut out = Vec::with_capacity(n_new);
        // (position in `old` of the last part reused, new line − old line):
        // a run of reused parts moves by one number of lines, found once.
        let mut run: Option<(usize, i64)> = None;
        for (i, p) in segs.iter().enumerate().take(n_new) {
            let prev = if i < prefix {
                old[i].take().map(|x| (i, x))
            } else if i >= n_new - suffix {
                let j = n_old - (n_new - i);
                old[j].take().map(|x| (j, x))
            } else {
                middle.remove(&(Arc::as_ptr(p.seg) as usize))
            };
            let line_of = || rope.byte_to_line(p.start.min(rope.len_bytes())) as u32;
            let key = keys.next().unwrap_or_else(|| parts.key(i));
            let part = match prev {
                Some((j, mut x)) => {
                    let line = match run {
                        Some((last, shift)) if last + 1 == j => (x.line as i64 + shift) as u32,
                        _ => line_of(),
                    };
                    run = Some((j, line as i64 - x.line as i64));
                    if x.still_holds(&key, p.start, same_before, cx) {
                        x.move_to(line, &self.texts.list);
                        // The new key: the old one may hold the last
                        // lint's list of document findings.
                        x.key = key;
                        x
                    } else {
                        self.rendered += 1;
                        render(&mut self.texts, parts, i, key, line, cx)
                    }
                }
                None => {
                    run = None;
                    self.rendered += 1;
                    render(&mut self.texts, parts, i, key, line_of(), cx)
                }
            };
            out.push(part);
        }
        self.live = out.iter().map(|p| p.items.len()).sum();
        self.parts = Arc::new(out);
        Report::new(&self.parts, &self.texts.list)
    }

    /// [`ReportCache::update`] for a list of as many segments as there are
    /// parts (an edit inside a talk): each part is checked in its place.
    fn update_in_place(&mut self, parts: &Parts<'_>, cx: &Context<'_>) {
        let segs = cx.doc.segments();
        let rope = cx.doc.rope();
        let line_of = |start: usize| rope.byte_to_line(start.min(rope.len_bytes())) as u32;
        // The text before the first segment that is not the same as at the
        // last report is unchanged.
        let prefix = (self.parts.iter().zip(segs.iter()))
            .take_while(|(x, p)| Arc::ptr_eq(&x.seg, p.seg))
            .count();
        let same_before = segs.get(prefix).map_or(usize::MAX, |p| p.start);
        // A copy only while the writer still holds the last report's.
        let list = Arc::make_mut(&mut self.parts);
        // New line − old line of the run of kept parts being walked.
        let mut shift: Option<i64> = None;
        for (i, ((x, p), key)) in list
            .iter_mut()
            .zip(segs.iter())
            .zip(parts.keys())
            .enumerate()
        {
            if !Arc::ptr_eq(&x.seg, p.seg) {
                shift = None;
                self.rendered += 1;
                *x = render(&mut self.texts, parts, i, key, line_of(p.start), cx);
                continue;
            }
            let line = match shift {
                Some(d) => (x.line as i64 + d) as u32,
                None => line_of(p.start),
            };
            shift = Some(line as i64 - x.line as i64);
            if x.still_holds(&key, p.start, same_before, cx) {
                x.move_to(line, &self.texts.list);
                x.key = key;
            } else {
                self.rendered += 1;
                *x = render(&mut self.texts, parts, i, key, line, cx);
            }
        }
    }
}

/// Segment `i`'s part, rendered afresh.
fn render(
    texts: &mut Texts,
    parts: &Parts<'_>,
    i: usize,
    key: PartKey,
    line: u32,
    cx: &Context<'_>,
) -> Part {
    let p = cx.doc.segments().at(i);
    let mut part = Part {
        seg: Arc::clone(p.seg),
        key,
        anchors: no_anchors(),
        start: p.start,
        line,
        len: 0,
        items: no_items(),
        related: no_related(),
    };
    if !parts.has_findings(i) {
        return part;
    }
    let found = parts.findings(i);
    if found.is_empty() {
        return part;
    }
    let range = p.range();
    let text = cx.doc.slice(range.clone());
    let index = LineIndex::new(&text);
    let mut conv = convert::Conv::new(cx.doc.rope(), cx.enc);
    let inside = |r: &std::ops::Range<usize>| range.start <= r.start && r.end <= range.end;
    // As the lint places a finding (`analysis::diagnostics`).
    let segs = cx.doc.segments();
    let segment_of = |b: usize| segs.partition_point(|p| p.start <= b).saturating_sub(1);
    let mut items = Vec::with_capacity(found.len());
    let mut anchors = Vec::new();
    let mut related = Vec::new();
    for d in &found {
        let (start, end) = if inside(&d.range) {
            let lc = |o: usize| {
                let x = index.to_line_col(&text, o - range.start, cx.enc);
                (x.line, x.col)
            };
            (lc(d.range.start), lc(d.range.end.max(d.range.start)))
        } else {
            // Reaches past the segment (a finding about the whole
            // file): placed through the document.
            let r = conv.range(&d.range);
            anchors.push(Anchor {
                file: None,
                bytes: d.range.clone(),
                // Counted from where it starts, in this segment.
                moves: true,
                at: Some(r),
            });
            let rel = |p: lsp::Position| (p.line.saturating_sub(line), p.character);
            (rel(r.start), rel(r.end))
        };
        let places = if d.related.is_empty() {
            Vec::new()
        } else {
            // Related places are written out in full.
            let from_index = places_from_index(d);
            for r in &d.related {
                let file = r.file.as_deref();
                anchors.push(Anchor {
                    file: file.map(Arc::from),
                    bytes: r.range.clone(),
                    moves: file.is_none() && !from_index && segment_of(r.range.start) == i,
                    at: Anchor::resolve(file, &r.range, cx, &mut conv),
                });
            }
            wire::diagnostic::related_json(&mut conv, cx.uri, d, cx.related)
        };
        let (prefix, message) = if places.is_empty() {
            texts.get(d, false)
        } else {
            related.push(texts.intern(&places));
            texts.get(d, true)
        };
        items.push(Item {
            start,
            end,
            prefix,
            message,
        });
    }
    part.len = items_len(&items, &related, &texts.list, line);
    part.items = items.into();
    if !related.is_empty() {
        part.related = related.into();
    }
    if !anchors.is_empty() {
        part.anchors = anchors.into();
    }
    part
}

/// A report's elements: every part's items, expanded on the way out. The
/// list is shared with the cache, not copied: the next edit changes it in
/// place once the writer is done with it (or, if it is not yet, a copy).
pub struct Report {
    parts: Arc<Vec<Part>>,
    texts: TextList,
    len: usize,
    /// The next part, item and related places to write, and whether an
    /// item was written (for the commas).
    next: (usize, usize, usize),
    written: bool,
}

impl Report {
    fn new(parts: &Arc<Vec<Part>>, texts: &TextList) -> Report {
        let (with, len) = parts
            .iter()
            .filter(|p| !p.items.is_empty())
            .fold((0usize, 0usize), |(n, len), p| (n + 1, len + p.len));
        Report {
            parts: Arc::clone(parts),
            texts: Arc::clone(texts),
            len: len + with.saturating_sub(1),
            next: (0, 0, 0),
            written: false,
        }
    }
}

impl Elements for Report {
    fn len(&self) -> usize {
        self.len
    }

    fn fill(&mut self, buf: &mut Vec<u8>, limit: usize) -> bool {
        while let Some(p) = self.parts.get(self.next.0) {
            let Some(item) = p.items.get(self.next.1) else {
                self.next = (self.next.0 + 1, 0, 0);
                continue;
            };
            if buf.len() >= limit {
                return true;
            }
            if self.written {
                buf.push(b',');
            }
            item.write(p.line, &self.texts, buf);
            if item.has_related() {
                buf.extend_from_slice(RELATED_OPEN);
                if let Some(&r) = p.related.get(self.next.2) {
                    buf.extend_from_slice(text_of(&self.texts, r));
                }
                buf.extend_from_slice(RELATED_CLOSE);
                self.next.2 += 1;
            }
            self.written = true;
            self.next.1 += 1;
        }
        false
    }
}

#[cfg(test)]
mod tests;
