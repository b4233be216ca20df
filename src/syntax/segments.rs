//! A parsed document, [`Tree`]: its segment list, kept in blocks so that an edit costs the same
//! in a 100 KB note and a 100 MB one.
//!
//! Why blocks: every segment after an edit moves by the edit's length. With
//! absolute starts that is one write per later segment (tens of thousands in
//! a 10 MB note). Here a segment stores its offset from its block's base, so
//! an edit rewrites the segments of one block and the base of each later
//! block: O(BLOCK + segments / BLOCK) instead of O(segments).
//!
//! Readers see [`Placed`] views with absolute starts; nothing outside this
//! file knows about blocks.

use super::tree::Segment;
use std::ops::Range;
use std::sync::Arc;

/// Target segments per block. Blocks grow up to twice this before they are
/// split, and one under a quarter of it is merged into a neighbour.
const BLOCK: usize = 128;

/// A segment and where it starts in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed<'a> {
    pub start: usize,
    pub seg: &'a Arc<Segment>,
}

impl Placed<'_> {
    pub fn end(&self) -> usize {
        self.start + self.seg.len as usize
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end()
    }
}

#[derive(Clone, Default)]
struct Block {
    /// Document offset the items' offsets are relative to. Not necessarily
    /// the first item's start: an edit inside the block moves only the items
    /// after it. Base and offsets use wrapping arithmetic: their sum is the
    /// start whatever either is on its own.
    base: usize,
    /// Index of the block's first segment in the whole list.
    first: usize,
    items: Vec<(usize, Arc<Segment>)>,
}

/// Contiguous segments covering a document, in order.
#[derive(Clone, Default)]
pub struct Segments {
    blocks: Vec<Block>,
    len: usize,
    log: Log,
}

/// Where a segment list stood: which list, and after how many splices.
/// Caches of per-segment data keep the version they match, and ask
/// [`Segments::unchanged_ends`] what changed since, instead of comparing
/// every segment (a keystroke in a 10 MB note then costs the same as in a
/// small one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    list: u64,
    splices: u64,
}

/// The last splices of a list. A list made or cloned is a new list (its own
/// number), so a version of one never describes another.
struct Log {
    list: u64,
    splices: u64,
    /// (index, segments removed, length before), oldest first.
    recent: std::collections::VecDeque<(usize, usize, usize)>,
}

/// Splices remembered: a cache further behind compares segments instead.
const LOG: usize = 256;

impl Default for Log {
    fn default() -> Log {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Log {
            list: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            splices: 0,
            recent: Default::default(),
        }
    }
}

impl Clone for Log {
    fn clone(&self) -> Log {
        Log::default()
    }
}

impl Segments {
    /// Segments from (absolute start, segment) pairs in document order.
    pub fn from_vec(items: Vec<(usize, Arc<Segment>)>) -> Segments {
        let len = items.len();
        let mut blocks = Vec::with_capacity(len.div_ceil(BLOCK));
        let mut first = 0;
        let mut it = items.into_iter().peekable();
        while it.peek().is_some() {
            let items: Vec<_> = it.by_ref().take(BLOCK).collect();
            let base = items[0].0;
            let items: Vec<_> = items
                .into_iter()
                .map(|(s, g)| (s.wrapping_sub(base), g))
                .collect();
            let n = items.len();
            blocks.push(Block { base, first, items });
            first += n;
        }
        Segments {
            blocks,
            len,
            log: Log::default(),
        }
    }

    /// This list as it stands now.
    pub fn version(&self) -> Version {
        Version {
            list: self.log.list,
            splices: self.log.splices,
        }
    }

    /// How many segments at the start and at the end are the very ones the
    /// list held at `since` (the same `Arc`s, the end ones at the same
    /// distance from the end); `None` when `since` is of another list or
    /// further back than the splices remembered. Conservative: a segment
    /// reparsed unchanged counts as changed.
    pub fn unchanged_ends(&self, since: Version) -> Option<(usize, usize)> {
        let log = &self.log;
        if since.list != log.list || since.splices > log.splices {
            return None;
        }
        let back = usize::try_from(log.splices - since.splices).ok()?;
        if back > log.recent.len() {
            return None;
        }
        let (mut prefix, mut suffix) = (self.len, self.len);
        for &(index, removed, before) in log.recent.iter().rev().take(back) {
            prefix = prefix.min(index);
            suffix = suffix.min(before - index - removed);
        }
        Some((prefix, suffix.min(self.len - prefix)))
    }

    fn record(&mut self, index: usize, removed: usize) {
        let log = &mut self.log;
        if log.recent.len() == LOG {
            log.recent.pop_front();
        }
        log.recent.push_back((index, removed, self.len));
        log.splices += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The block holding segment `i` (`i < len`).
    fn block_of(&self, i: usize) -> usize {
        self.blocks.partition_point(|b| b.first <= i) - 1
    }

    /// Segment `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<Placed<'_>> {
        if i >= self.len {
            return None;
        }
        let b = &self.blocks[self.block_of(i)];
        let (off, seg) = &b.items[i - b.first];
        Some(Placed {
            start: b.base.wrapping_add(*off),
            seg,
        })
    }

    /// Segment `i`. Panics past the end, as slice indexing does.
    pub fn at(&self, i: usize) -> Placed<'_> {
        match self.get(i) {
            Some(p) => p,
            None => panic!("segment {i} of {}", self.len),
        }
    }

    pub fn first(&self) -> Option<Placed<'_>> {
        self.get(0)
    }
    pub fn last(&self) -> Option<Placed<'_>> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Placed<'_>> + Clone + '_ {
        self.blocks.iter().flat_map(|b| {
            b.items.iter().map(move |(off, seg)| Placed {
                start: b.base.wrapping_add(*off),
                seg,
            })
        })
    }

    /// Segments `range` (clamped), in order.
    pub fn range(&self, range: Range<usize>) -> impl Iterator<Item = Placed<'_>> + '_ {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        let bi = if start < self.len {
            self.block_of(start)
        } else {
            self.blocks.len()
        };
        let skip = self.blocks.get(bi).map_or(0, |b| start - b.first);
        self.blocks[bi..]
            .iter()
            .flat_map(|b| {
                b.items.iter().map(move |(off, seg)| Placed {
                    start: b.base.wrapping_add(*off),
                    seg,
                })
            })
            .skip(skip)
            .take(end - start)
    }

    /// The number of leading segments for which `pred` holds, `pred` being
    /// true then false along the list (as `slice::partition_point`).
    pub fn partition_point(&self, mut pred: impl FnMut(Placed<'_>) -> bool) -> usize {
        // The first block whose first segment fails; the answer is in the
        // block before it.
        let bi = self.blocks.partition_point(|b| {
            pred(Placed {
                start: b.base.wrapping_add(b.items[0].0),
                seg: &b.items[0].1,
            })
        });
        if bi == 0 {
            return 0;
        }
        let b = &self.blocks[bi - 1];
        let k = 1 + b.items[1..].partition_point(|(off, seg)| {
            pred(Placed {
                start: b.base.wrapping_add(*off),
                seg,
            })
        });
        b.first + k
    }

    /// Replace segments `removed` with `fresh` (absolute starts, already in
    /// the edited document's offsets), moving every later segment by `delta`.
    pub fn splice(
        &mut self,
        removed: Range<usize>,
        fresh: Vec<(usize, Arc<Segment>)>,
        delta: isize,
    ) {
        let Range { start: i, end: j } = removed;
        debug_assert!(i <= j && j <= self.len);
        self.record(i, j - i);
        if self.blocks.is_empty() {
            let log = std::mem::take(&mut self.log);
            *self = Segments::from_vec(fresh);
            self.log = log;
            return;
        }
        // Blocks bi..=bj hold the removed segments (or the insertion point).
        let bi = if i < self.len {
            self.block_of(i)
        } else {
            self.blocks.len() - 1
        };
        let bj = if j > i { self.block_of(j - 1) } else { bi };
        // Gather them into block bi, then splice there.
        if bj > bi {
            let mut tail: Vec<Block> = self.blocks.drain(bi + 1..=bj).collect();
            let b = &mut self.blocks[bi];
            for t in &mut tail {
                let shift = t.base.wrapping_sub(b.base);
                b.items.extend(
                    t.items
                        .drain(..)
                        .map(|(off, seg)| (off.wrapping_add(shift), seg)),
                );
            }
        }
        let b = &mut self.blocks[bi];
        let (li, lj) = (i - b.first, j - b.first);
        for item in &mut b.items[lj..] {
            item.0 = item.0.wrapping_add_signed(delta);
        }
        // Fresh segments start at or after the edit window's start, which is
        // at or after this block's base.
        let base = b.base;
        let inserted = fresh.len();
        b.items.splice(
            li..lj,
            fresh.into_iter().map(|(s, g)| (s.wrapping_sub(base), g)),
        );
        let removed_n = j - i;
        // Later blocks move by delta and their first index by the count change.
        for later in &mut self.blocks[bi + 1..] {
            later.base = later.base.wrapping_add_signed(delta);
            later.first = later.first + inserted - removed_n;
        }
        self.len = self.len + inserted - removed_n;
        self.rebalance(bi);
    }

    /// Keep block `bi` between a quarter and twice BLOCK (a lone block may be
    /// any size), dropping it when empty.
    fn rebalance(&mut self, bi: usize) {
        let n = self.blocks[bi].items.len();
        if n == 0 {
            self.blocks.remove(bi);
            return;
        }
        if n > 2 * BLOCK {
            let b = &mut self.blocks[bi];
            let rest = b.items.split_off(n / 2);
            let base = b.base.wrapping_add(rest[0].0);
            let rest = rest
                .into_iter()
                .map(|(off, g)| (off.wrapping_add(b.base).wrapping_sub(base), g));
            let first = b.first + n / 2;
            let nb = Block {
                base,
                first,
                items: rest.collect(),
            };
            self.blocks.insert(bi + 1, nb);
            return;
        }
        if n < BLOCK / 4 && self.blocks.len() > 1 {
            // Merge into the previous block if there is one, else the next.
            let (keep, gone) = if bi > 0 { (bi - 1, bi) } else { (bi, bi + 1) };
            let g = self.blocks.remove(gone);
            let k = &mut self.blocks[keep];
            let shift = g.base.wrapping_sub(k.base);
            k.items.extend(
                g.items
                    .into_iter()
                    .map(|(off, seg)| (off.wrapping_add(shift), seg)),
            );
            if k.items.len() > 2 * BLOCK {
                self.rebalance(keep);
            }
        }
    }

    #[cfg(test)]
    fn check_invariants(&self) {
        let mut first = 0;
        for b in &self.blocks {
            assert!(!b.items.is_empty());
            assert_eq!(b.first, first);
            first += b.items.len();
        }
        assert_eq!(first, self.len);
        let starts: Vec<usize> = self.iter().map(|p| p.start).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    }
}

/// How many items an old and a new list (both in document order) share at
/// their start, and then at their end, as `same(old_index, old_item,
/// new_index, new_item)` says; the end never reaches into the start on
/// either side. Caches of per-segment data (lint results, outline
/// fragments, the editor summary) match unchanged segments this way, a
/// comparison each, and look up only the edited stretch between.
pub fn common_ends<T, U>(
    old: &[T],
    new: impl DoubleEndedIterator<Item = U> + Clone,
    new_len: usize,
    same: impl Fn(usize, &T, usize, &U) -> bool,
) -> (usize, usize) {
    let prefix = old
        .iter()
        .zip(new.clone())
        .enumerate()
        .take_while(|(i, (o, n))| same(*i, o, *i, n))
        .count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new.rev().take(new_len - prefix))
        .enumerate()
        .take_while(|(k, (o, n))| same(old.len() - 1 - k, o, new_len - 1 - k, n))
        .count();
    (prefix, suffix)
}

impl<'a> IntoIterator for &'a Segments {
    type Item = Placed<'a>;
    type IntoIter = Box<dyn Iterator<Item = Placed<'a>> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl PartialEq for Segments {
    /// Equal when the same segments sit at the same places, however they
    /// are blocked.
    fn eq(&self, other: &Segments) -> bool {
        self.len == other.len
            && self
                .iter()
                .zip(other.iter())
                .all(|(a, b)| a.start == b.start && **a.seg == **b.seg)
    }
}
impl Eq for Segments {}

impl std::fmt::Debug for Segments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A parsed document: contiguous segments covering the whole text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tree {
    pub segments: Segments,
}

impl Tree {
    pub fn talks(&self) -> impl Iterator<Item = Placed<'_>> {
        self.segments.iter().filter(|p| p.seg.is_talk())
    }
    /// Index of the segment containing byte `offset` (the last one at the end).
    pub fn segment_at(&self, offset: usize) -> Option<usize> {
        if self.segments.is_empty() {
            return None;
        }
        let i = self.segments.partition_point(|p| p.start <= offset);
        Some(i.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::tree::Opener;

    fn seg(len: u32) -> Arc<Segment> {
        Arc::new(Segment::new(len, Opener::DocumentStart, 2))
    }

    fn build(lens: &[u32]) -> (Segments, Vec<(usize, u32)>) {
        let mut at = 0;
        let mut flat = vec![];
        for &l in lens {
            flat.push((at, l));
            at += l as usize;
        }
        let s = Segments::from_vec(flat.iter().map(|&(s, l)| (s, seg(l))).collect());
        (s, flat)
    }

    fn flat(s: &Segments) -> Vec<(usize, u32)> {
        s.iter().map(|p| (p.start, p.seg.len)).collect()
    }

    #[test]
    fn common_ends_do_not_overlap() {
        let eq = |_: usize, a: &u8, _: usize, b: &u8| a == b;
        let ends = |a: &[u8], b: &[u8]| {
            common_ends(a, b.iter().copied(), b.len(), |i, x, j, y| eq(i, x, j, y))
        };
        assert_eq!(ends(b"abcxde", b"abcyde"), (3, 2));
        assert_eq!(ends(b"abc", b"abc"), (3, 0));
        assert_eq!(ends(b"aaa", b"aa"), (2, 0));
        assert_eq!(ends(b"aa", b"aaa"), (2, 0));
        assert_eq!(ends(b"", b"ab"), (0, 0));
        assert_eq!(ends(b"xab", b"ab"), (0, 2));
        // Indexes are each list's own: the old first item is not the new
        // first, so it does not match.
        let first_only = common_ends(b"ab", b"xab".iter().copied(), 3, |i, a, j, b| {
            (i == 0) == (j == 0) && *a == *b
        });
        assert_eq!(first_only, (0, 1));
    }

    #[test]
    fn versions_tell_only_their_own_list() {
        let (s, _) = build(&[10, 10, 10]);
        let v = s.version();
        assert_eq!(s.unchanged_ends(v), Some((3, 0)));
        let c = s.clone();
        assert_eq!(c.unchanged_ends(v), None);
        let (other, _) = build(&[10, 10, 10]);
        assert_eq!(other.unchanged_ends(v), None);
        let mut s = s;
        for _ in 0..LOG + 1 {
            s.splice(1..2, vec![(10, seg(10))], 0);
        }
        assert_eq!(s.unchanged_ends(v), None);
        assert_eq!(s.unchanged_ends(s.version()), Some((3, 0)));
    }

    #[test]
    fn random_splices_match_a_vec() {
        // A small deterministic generator: no dependency, repeatable.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        let (mut s, mut model) = build(&vec![10; 1000]);
        let mut versions: Vec<(Version, Vec<Arc<Segment>>)> = Vec::new();
        for _ in 0..3000 {
            let n = model.len();
            let i = next(n + 1);
            let j = (i + next(4)).min(n);
            let k = next(if n < 50 { 400 } else { 4 });
            let new: Vec<u32> = (0..k).map(|_| 1 + next(20) as u32).collect();
            let old: usize = model[i..j].iter().map(|x| x.1 as usize).sum();
            let added: usize = new.iter().map(|&l| l as usize).sum();
            let delta = added as isize - old as isize;
            let at = model
                .get(i)
                .map_or_else(|| model.last().map_or(0, |l| l.0 + l.1 as usize), |p| p.0);
            let mut fresh = vec![];
            let mut p = at;
            for &l in &new {
                fresh.push((p, l));
                p += l as usize;
            }
            let tail: Vec<_> = model[j..]
                .iter()
                .map(|&(st, l)| ((st as isize + delta) as usize, l))
                .collect();
            model.truncate(i);
            model.extend(fresh.iter().copied());
            model.extend(tail);
            s.splice(
                i..j,
                fresh.iter().map(|&(st, l)| (st, seg(l))).collect(),
                delta,
            );
            s.check_invariants();
            assert_eq!(flat(&s), model);
            // What changed since each remembered version: the ends it
            // reports hold the very same segments.
            let now: Vec<Arc<Segment>> = s.iter().map(|p| Arc::clone(p.seg)).collect();
            for (v, then) in &versions {
                let Some((pre, suf)) = s.unchanged_ends(*v) else {
                    continue;
                };
                assert!(pre + suf <= now.len().min(then.len()));
                assert!((0..pre).all(|q| Arc::ptr_eq(&now[q], &then[q])));
                assert!((1..=suf).all(|q| Arc::ptr_eq(&now[now.len() - q], &then[then.len() - q])));
            }
            if next(10) == 0 {
                versions.push((s.version(), now));
                if versions.len() > 8 {
                    versions.remove(0);
                }
            }
            if !model.is_empty() {
                let q = next(model.len());
                assert_eq!(s.at(q).start, model[q].0);
                let off = model[q].0;
                assert_eq!(s.partition_point(|p| p.start <= off), q + 1);
                let r: Vec<_> = s.range(q..q + 3).map(|p| p.start).collect();
                let m: Vec<_> = model[q..(q + 3).min(model.len())]
                    .iter()
                    .map(|x| x.0)
                    .collect();
                assert_eq!(r, m);
            }
        }
    }
}
