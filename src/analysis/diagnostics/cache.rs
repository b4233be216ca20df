//! The talk phase and its cache: talk rules run per segment and their
//! findings kept per segment `Arc` ([`TalkCache`]), with the findings of the
//! document and workspace rules of the last full run ([`FileScopeMemo`]).

use super::{rule_index, sort};
use crate::index::{Index, TalkNames};
use crate::lint::registry::{all, effective_severity, Rule, TalkCtx};
use crate::lint::rules::blank_lines;
use crate::lint::rules::field_outside_talk;
use crate::lint::rules::not_talk_notes::Shape;
use crate::lint::suppress;
use crate::lint::{Diagnostic, LintConfig, Scope};
use crate::syntax::{common_ends, Placed, Segment, Segments, SourceText, Version};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub(super) use super::segment_result::{Entry, Found, SegCounts, SegResult, ShapePart};

/// Per-segment cache of talk-rule results, keyed by the segment's `Arc`
/// pointer: a segment an edit did not touch keeps its `Arc`, so its findings
/// are reused and only shifted to its new start. Entries of segments that
/// are gone are dropped on every call; a change of configuration empties it.
#[derive(Default)]
pub struct TalkCache {
    /// One per segment of the last call, in order.
    pub(super) entries: Vec<Entry>,
    /// The segment list `entries` match, as it stood then.
    synced: Option<Version>,
    config: Option<LintConfig>,
    /// Talk-rule runs in the last call (for tests and benchmarks).
    last_misses: usize,
    /// Document and workspace findings of the last full run.
    pub(super) late: Option<FileScopeMemo>,
    /// Names the configuration the entries were made under, unique among
    /// every cache of the process (see [`super::PartKey`]).
    epoch: u64,
    /// Keep no talk findings, only their number (see [`TalkCache::lean`]).
    lean: bool,
    /// The document's shape added up from `entries`, until they change.
    shape: Option<Shape>,
}

/// Document and workspace findings of the last full run, each range in this
/// file stored relative to the start of the segment it starts in.
#[derive(Debug)]
pub(super) struct FileScopeMemo {
    pub(super) index_gen: u64,
    /// The segment list of that run, as it stood then.
    pub(super) version: Version,
    /// The segments of that run (held: their addresses identify them).
    pub(super) segs: Vec<Arc<Segment>>,
    /// Each segment's [`TalkNames`] in that run.
    pub(super) sums: Vec<Option<TalkNames>>,
    /// The document's [`Shape`] in that run when it was not talk notes
    /// (the finding quotes its counts); `None` when it was: any talk-notes
    /// shape lints the same.
    pub(super) shape: Option<Shape>,
    /// Findings (before severities and suppression) in local form (see
    /// [`LocalFindings`]). Shared with the lints that reuse them, and through
    /// their part keys with whoever keeps parts (the server's report).
    pub(super) diags: LocalFindings,
}

/// Document and workspace findings in local form: each range read from the
/// live segments (see [`for_each_local_range`]) relative to its segment,
/// with those segments' numbers in the same order (the first is the
/// segment the finding starts in). Sorted as the absolute findings were:
/// while the memo holds, the order cannot change (each local range stays
/// inside its segment, and segments keep their order), so a lint that
/// reuses it neither copies nor sorts it.
pub(super) type LocalFindings = Arc<[(Diagnostic, Box<[usize]>)]>;

/// `d` (in local form, from a [`LocalFindings`]) with absolute ranges.
pub(super) fn absolute(segments: &Segments, d: &Diagnostic, segs: &[usize]) -> Diagnostic {
    let mut d = d.clone();
    let mut segs = segs.iter();
    for_each_local_range(&mut d, |r| {
        let base = segs
            .next()
            .and_then(|&i| segments.get(i))
            .map_or(0, |p| p.start);
        *r = r.start + base..r.end + base;
    });
    d
}

impl FileScopeMemo {
    /// Whether `segments` summarise as the memo's run did: same count, and
    /// each segment either the same `Arc` or equal [`TalkNames`]. When they do,
    /// the memo is taken over to the segments as they are now (same
    /// findings), so the next check looks only at what is spliced after
    /// this. Only the segments spliced since the memo's version are looked
    /// at, when the list still remembers; otherwise a pointer comparison
    /// per segment.
    pub(super) fn still_holds<'r>(
        &mut self,
        segments: &Segments,
        names_of: impl Fn(usize) -> Option<&'r TalkNames>,
    ) -> bool {
        let n = segments.len();
        if n != self.segs.len() {
            return false;
        }
        let (prefix, suffix) = segments.unchanged_ends(self.version).unwrap_or((0, 0));
        let changed = || segments.range(prefix..n - suffix).zip(prefix..);
        let same = changed().all(|(p, i)| {
            Arc::ptr_eq(p.seg, &self.segs[i]) || names_of(i) == self.sums[i].as_ref()
        });
        if same {
            for (p, i) in changed() {
                self.segs[i] = Arc::clone(p.seg);
                self.sums[i] = names_of(i).cloned();
            }
            self.version = segments.version();
        }
        same
    }
}

/// Whether `d`'s related places in this file come from the index (a
/// workspace rule's: they stay where the index says until it changes)
/// rather than from the text (they move with it).
pub fn places_from_index(d: &Diagnostic) -> bool {
    rule_index(d.code)
        .and_then(|i| all().get(i))
        .is_some_and(|r| r.meta().scope == Scope::Workspace)
}

/// Every range of `d` that was read from the live segments: the finding's
/// own, the fix's edits, and related places in the same file when a
/// document rule made them. A workspace rule's related place in this file
/// comes from the index (which may be older than the text), so it stays as
/// the index says, exactly as a fresh run would report it.
pub(super) fn for_each_local_range(d: &mut Diagnostic, mut f: impl FnMut(&mut Range<usize>)) {
    f(&mut d.range);
    let from_text = !places_from_index(d);
    for r in &mut d.related {
        if from_text && r.file.is_none() {
            f(&mut r.range);
        }
    }
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            f(&mut e.range);
        }
    }
}

impl TalkCache {
    pub fn new() -> TalkCache {
        TalkCache::default()
    }

    /// A cache that keeps, of each talk's findings, only how many there
    /// are: a caller that keeps its own form of them (the language
    /// server's rendered report) asks for a talk's findings only when that
    /// talk changed, and they are then made again. A big note's findings
    /// are then held once, compactly, instead of twice.
    pub fn lean() -> TalkCache {
        TalkCache {
            lean: true,
            ..TalkCache::default()
        }
    }
    /// Segments cached.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// The document's [`Shape`], added up from the entries (which must be
    /// in step with `segments`: after `fill`).
    pub(super) fn shape(&mut self, src: SourceText<'_>) -> Shape {
        if let Some(s) = self.shape {
            return s;
        }
        let mut s = Shape::default();
        for (e, p) in self.entries.iter().zip(src.segments().iter()) {
            s.add(&e.shape.shape(), p.start);
        }
        let s = s.look(src);
        self.shape = Some(s);
        s
    }

    /// The entries, and the memo of document findings to write back.
    pub(super) fn split(&mut self) -> (&[Entry], &mut Option<FileScopeMemo>) {
        (&self.entries, &mut self.late)
    }

    pub(super) fn epoch(&self) -> u64 {
        self.epoch
    }

    /// How many segments the last `lint_document` had to lint afresh.
    pub fn last_misses(&self) -> usize {
        self.last_misses
    }

    /// Whether the titles or speakers of `segments` (text, key, position
    /// within their segment, order), or how the document reads as a whole
    /// ([`Shape`]), differ from the last full run of the document and
    /// workspace rules (true when there was none). Runs the
    /// talk phase for new segments, so the next `lint_document` finds them
    /// cached. The language server uses this to decide whether the file's
    /// index entry must be rebuilt.
    pub fn summary_changed(&mut self, src: SourceText<'_>, config: &LintConfig) -> bool {
        let talk_rules = rules_on(config, Scope::Talk);
        fill(self, src, config, &talk_rules);
        // Whether the file reads as talk notes decides whether it has an
        // index entry at all (see `index_entry`).
        let shape = self.shape(src);
        let Some(m) = &mut self.late else {
            return true;
        };
        if m.shape != shape.is_not_talk_notes().then_some(shape) {
            return true;
        }
        let entries = &self.entries;
        !m.still_holds(src.segments(), |i| entries[i].result.names.as_ref())
    }

    /// `f` given each segment's [`TalkNames`] as this cache holds them (by
    /// segment number), for the file's summary to share. Runs the talk
    /// phase for new segments first, as [`TalkCache::summary_changed`] does.
    pub fn with_names<R>(
        &mut self,
        src: SourceText<'_>,
        config: &LintConfig,
        f: impl FnOnce(&dyn Fn(usize) -> Option<TalkNames>) -> R,
    ) -> R {
        let talk_rules = rules_on(config, Scope::Talk);
        fill(self, src, config, &talk_rules);
        let segments = src.segments();
        let entries = &self.entries;
        let names_of = |i: usize| {
            let e = entries.get(i)?;
            let same = Arc::ptr_eq(&e.seg, segments.get(i)?.seg);
            same.then(|| e.result.names.clone()).flatten()
        };
        f(&names_of)
    }

    /// Whether the last full run's findings hold places read from the index
    /// rather than from the text: in this file (`None`: a workspace rule's
    /// related place here) or in `Some(file)`. Such places move when that
    /// file is edited, so its index entry must then be rebuilt even when
    /// its summary is unchanged.
    pub fn cites_index(&self, file: Option<&str>) -> bool {
        self.late.as_ref().is_some_and(|m| {
            m.diags.iter().any(|(d, _)| match file {
                Some(f) => d.related.iter().any(|r| r.file.as_deref() == Some(f)),
                None => {
                    let doc_rule = rule_index(d.code)
                        .and_then(|i| all().get(i))
                        .is_some_and(|r| r.meta().scope == Scope::Document);
                    !doc_rule && d.related.iter().any(|r| r.file.is_none())
                }
            })
        })
    }

    /// Whether the last full run was against this index state and
    /// configuration (so, with an unchanged summary, it can be reused).
    pub fn late_current(&self, config: &LintConfig, index: &Index) -> bool {
        self.config.as_ref() == Some(config)
            && self
                .late
                .as_ref()
                .is_some_and(|m| m.index_gen == index.generation())
    }
}

/// The enabled rules of one scope.
pub(super) fn rules_on(config: &LintConfig, scope: Scope) -> Vec<&'static dyn Rule> {
    all()
        .iter()
        .filter(|r| r.meta().scope == scope && effective_severity(r.meta(), config).is_some())
        .copied()
        .collect()
}

/// The talk phase's results, one per segment: the cache's entries, or made
/// for this call. Read in place, so a call with a warm cache copies no list
/// of them.
pub(super) enum Results<'r> {
    Cached(&'r [Entry]),
    Owned(&'r [SegResult], Vec<SegCounts>),
}

impl<'r> Results<'r> {
    pub(super) fn len(&self) -> usize {
        match self {
            Results::Cached(e) => e.len(),
            Results::Owned(r, _) => r.len(),
        }
    }
    pub(super) fn get(&self, i: usize) -> &'r SegResult {
        match self {
            Results::Cached(e) => &e[i].result,
            Results::Owned(r, _) => &r[i],
        }
    }
    pub(super) fn counts(&self, i: usize) -> SegCounts {
        match self {
            Results::Cached(e) => e[i].counts,
            Results::Owned(_, b) => b[i],
        }
    }
    pub(super) fn iter(&self) -> impl Iterator<Item = &'r SegResult> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// The talk phase through the cache: lint segments whose `Arc` is new, drop
/// entries of segments that are gone. A configuration change empties it.
///
/// Segments keep their order: what changed since the entries were made is
/// asked of the segment list's record of its splices, or else found by
/// identity from both ends of the list (a pointer comparison per segment);
/// only the edited stretch in between is looked up by address.
pub(super) fn fill(
    c: &mut TalkCache,
    src: SourceText<'_>,
    config: &LintConfig,
    talk_rules: &[&dyn Rule],
) {
    let segments = src.segments();
    if c.config.as_ref() != Some(config) {
        static EPOCHS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        c.entries.clear();
        c.synced = None;
        c.late = None;
        c.shape = None;
        c.config = Some(config.clone());
        c.epoch = EPOCHS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    let lean = c.lean;
    let same =
        |e: &Entry, i: usize, p: Placed<'_>| e.first == (i == 0) && Arc::ptr_eq(&e.seg, p.seg);
    let lint = |i: usize, p: Placed<'_>| {
        let text = src.seg_text(i);
        let mut result = talk_phase(&text, p.seg, i == 0, config, talk_rules);
        let counts = result.counts();
        if lean {
            if let Some(f) = result.found.as_deref_mut() {
                f.diags = Vec::new();
            }
            if result.found.as_ref().is_some_and(|f| f.supp.is_empty()) {
                result.found = None;
            }
        }
        Entry {
            seg: p.seg.clone(),
            first: i == 0,
            counts,
            shape: ShapePart::of(&Shape::part(p.seg, &text)),
            result,
        }
    };
    let (n_old, n_new) = (c.entries.len(), segments.len());
    // What changed since the entries were made: from the list's own record
    // of its splices (a keystroke costs the same in any size of note), or
    // by comparing from both ends.
    let hint = c
        .synced
        .and_then(|v| segments.unchanged_ends(v))
        .filter(|&(p, s)| p + s <= n_old.min(n_new));
    c.synced = Some(segments.version());
    let (prefix, suffix) = match hint {
        Some(ends) => ends,
        None => common_ends(&c.entries, segments.iter(), n_new, |_, e, i, p| {
            same(e, i, *p)
        }),
    };
    #[cfg(debug_assertions)]
    if let Some((p, s)) = hint {
        // The record only ever under-reports what is unchanged.
        let (cp, cs) = common_ends(&c.entries, segments.iter(), n_new, |_, e, i, q| {
            same(e, i, *q)
        });
        debug_assert!(
            p <= cp && (s <= cs || p + s <= cp + cs),
            "{p},{s} vs {cp},{cs}"
        );
    }
    if prefix == n_old && n_old == n_new {
        c.last_misses = 0;
        return;
    }
    // Entries may change from here on.
    c.shape = None;
    let mut misses = 0;
    if n_old == n_new {
        // Segments replaced one for one (a keystroke inside a talk): update
        // those entries in place, moving no other. (A talk that moved
        // within the edited stretch is linted again: that takes a cut and
        // paste, not typing.)
        for (k, p) in segments.range(prefix..n_new - suffix).enumerate() {
            let i = prefix + k;
            if same(&c.entries[i], i, p) {
                continue;
            }
            misses += 1;
            c.entries[i] = lint(i, p);
        }
        c.last_misses = misses;
        return;
    }
    let mut old = std::mem::take(&mut c.entries).into_iter();
    let mut entries = Vec::with_capacity(n_new);
    entries.extend(old.by_ref().take(prefix));
    let mut middle: HashMap<usize, Entry> = old
        .by_ref()
        .take(n_old - prefix - suffix)
        .map(|e| (Arc::as_ptr(&e.seg) as usize, e))
        .collect();
    for (k, p) in segments.range(prefix..n_new - suffix).enumerate() {
        let i = prefix + k;
        match middle.remove(&(Arc::as_ptr(p.seg) as usize)) {
            Some(e) if e.first == (i == 0) => entries.push(e),
            _ => {
                misses += 1;
                entries.push(lint(i, p));
            }
        }
    }
    entries.extend(old);
    c.entries = entries;
    c.last_misses = misses;
}

pub(super) fn talk_phase(
    text: &str,
    seg: &Segment,
    first: bool,
    config: &LintConfig,
    rules: &[&dyn Rule],
) -> SegResult {
    let cx = TalkCtx {
        text,
        seg,
        config,
        first,
    };
    let mut diags = Vec::new();
    for r in rules {
        r.check_talk(&cx, &mut diags);
    }
    let clamp = text.len();
    for d in &mut diags {
        d.range.end = d.range.end.min(clamp);
        d.range.start = d.range.start.min(d.range.end);
    }
    if first {
        // The preamble is allowed: only fields in it are reported, and
        // blank lines at the start of the file (a preamble does not make
        // them wanted; without this a comment after them hid them).
        // The preamble's span is trimmed of trailing whitespace; its last
        // line is preamble up to the line end all the same (its trailing
        // whitespace was reported only while nothing followed it).
        if let Some(p) = seg.preamble {
            let end = p.end as usize;
            let end = text
                .get(end..)
                .and_then(|r| r.find(['\n', '\r']))
                .map_or(text.len(), |i| end + i);
            diags.retain(|d| {
                d.code == field_outside_talk::META.code
                    || d.range.start > end
                    || (d.code == blank_lines::META.code && d.range.start == 0)
            });
        }
    }
    sort(&mut diags);
    // Kept for as long as the talk is unchanged: no spare capacity (a
    // growing Vec of three findings holds room for four).
    diags.shrink_to_fit();
    let supp = suppress::parse_segment(text, seg, first);
    let quiet = diags.is_empty() && supp.is_empty();
    SegResult {
        found: (!quiet).then(|| Box::new(Found { diags, supp })),
        names: TalkNames::of(seg, text),
    }
}
