//! Diagnostics for a file: talk rules (cached per segment), document rules,
//! workspace rules, then suppression comments and severities applied.
//!
//! Cost per call with a warm [`TalkCache`]: the talk rules run only for
//! segments whose `Arc` is new; every other segment costs a hash lookup and
//! a copy of its (usually few) findings. Document rules read titles gathered
//! from the cache, never the whole text.

use crate::index::{FileEntry, Index, SpeakerEntry, TalkEntry, TalkNames};
use crate::lint::registry::{
    all, effective_severity, DocCtx, Rule, SpeakerRef, TalkCtx, TalkRef, WorkspaceCtx,
};
use crate::lint::rules::blank_lines;
use crate::lint::rules::not_talk_notes::{self, Shape};
use crate::lint::suppress::{self, Suppressions};
use crate::lint::{Diagnostic, LintConfig, Scope, Severity};
use crate::syntax::{common_ends, parse, Placed, Segment, Segments, SpeakerSource, Version};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Rules that read a talk's speakers: quiet in a file that is not talk
/// notes (its "speakers" are whatever lines sat where a speaker would).
static SPEAKER_RULES: [&crate::lint::RuleMeta; 3] = [
    &crate::lint::rules::missing_author::META,
    &crate::lint::rules::similar_speaker::META,
    &crate::lint::rules::unknown_speaker::META,
];

/// What the talk phase knows about one segment.
#[derive(Debug, Default)]
struct SegResult {
    /// `None` when the segment has no findings and no suppression comments,
    /// as most have: no box is kept for them.
    found: Option<Box<Found>>,
    /// `None` for a segment that is not a talk.
    names: Option<TalkNames>,
}

/// A segment's talk-rule findings and suppression comments.
#[derive(Debug)]
struct Found {
    /// Talk-rule findings, relative to the segment start, preamble filtered,
    /// sorted.
    diags: Vec<Diagnostic>,
    supp: Suppressions,
}

/// What a document-wide pass needs to know of a segment's result without
/// reading it: most segments have nothing to report, and a pass over 13,000
/// boxed results would touch memory all over the heap.
#[derive(Debug, Clone, Copy)]
struct Brief {
    /// 32 bits: with the flags, 8 bytes, and an entry 48 (was 56).
    diags: u32,
    /// Any suppression comment.
    supp: bool,
    /// Any comment naming an unknown rule.
    unknown: bool,
}

impl SegResult {
    fn brief(&self) -> Brief {
        let Some(f) = self.found.as_deref() else {
            return Brief {
                diags: 0,
                supp: false,
                unknown: false,
            };
        };
        Brief {
            diags: u32::try_from(f.diags.len()).unwrap_or(u32::MAX),
            supp: f.supp.turns_off_any(),
            unknown: !f.supp.unknown.is_empty(),
        }
    }
    fn diags(&self) -> &[Diagnostic] {
        self.found.as_deref().map_or(&[], |f| &f.diags)
    }
    fn supp(&self) -> Option<&Suppressions> {
        self.found.as_deref().map(|f| &f.supp)
    }
}

struct Entry {
    /// Held so the address cannot be reused by another segment while cached.
    seg: Arc<Segment>,
    first: bool,
    brief: Brief,
    /// Two pointers: the list is rebuilt when the number of segments
    /// changes, so its entries are kept small to move.
    result: SegResult,
}

/// Per-segment cache of talk-rule results, keyed by the segment's `Arc`
/// pointer: a segment an edit did not touch keeps its `Arc`, so its findings
/// are reused and only shifted to its new start. Entries of segments that
/// are gone are dropped on every call; a change of configuration empties it.
#[derive(Default)]
pub struct TalkCache {
    /// One per segment of the last call, in order.
    entries: Vec<Entry>,
    /// The segment list `entries` match, as it stood then.
    synced: Option<Version>,
    config: Option<LintConfig>,
    /// Talk-rule runs in the last call (for tests and benchmarks).
    last_misses: usize,
    /// Document and workspace findings of the last full run.
    late: Option<LateMemo>,
}

/// Document and workspace findings of the last full run, each range in this
/// file stored relative to the start of the segment it starts in.
#[derive(Debug)]
struct LateMemo {
    index_gen: u64,
    /// The segment list of that run, as it stood then.
    version: Version,
    /// The segments of that run (held: their addresses identify them).
    segs: Vec<Arc<Segment>>,
    /// Each segment's [`TalkNames`] in that run.
    sums: Vec<Option<TalkNames>>,
    /// The document's [`Shape`] in that run when it was not talk notes
    /// (the finding quotes its counts); `None` when it was: any talk-notes
    /// shape lints the same.
    shape: Option<Shape>,
    /// Findings (before severities and suppression) with relative ranges,
    /// and the segment of each range in [`for_each_local_range`] order.
    diags: Vec<(Diagnostic, Vec<usize>)>,
}

impl LateMemo {
    /// Whether `segments` summarise as the memo's run did: same count, and
    /// each segment either the same `Arc` or equal [`TalkNames`]. When they do,
    /// the memo is taken over to the segments as they are now (same
    /// findings), so the next check looks only at what is spliced after
    /// this. Only the segments spliced since the memo's version are looked
    /// at, when the list still remembers; otherwise a pointer comparison
    /// per segment.
    fn still_holds<'r>(
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

/// Every range of `d` that was read from the live segments: the finding's
/// own, the fix's edits, and related places in the same file when a
/// document rule made them. A workspace rule's related place in this file
/// comes from the index (which may be older than the text), so it stays as
/// the index says, exactly as a fresh run would report it.
fn for_each_local_range(d: &mut Diagnostic, mut f: impl FnMut(&mut Range<usize>)) {
    f(&mut d.range);
    let doc_rule = rule_index(d.code)
        .and_then(|i| all().get(i))
        .is_some_and(|r| r.meta().scope == Scope::Document);
    for r in &mut d.related {
        if doc_rule && r.file.is_none() {
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
    /// Segments cached.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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
    pub fn summary_changed<'a>(
        &mut self,
        segments: &'a Segments,
        seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
        config: &LintConfig,
    ) -> bool {
        let talk_rules = rules_on(config, Scope::Talk);
        fill(self, segments, seg_text, config, &talk_rules);
        let Some(m) = &mut self.late else {
            return true;
        };
        // Whether the file reads as talk notes decides whether it has an
        // index entry at all (see `index_entry_with`).
        let shape = Shape::of(segments, seg_text);
        if m.shape != shape.is_not_talk_notes().then_some(shape) {
            return true;
        }
        let entries = &self.entries;
        !m.still_holds(segments, |i| entries[i].result.names.as_ref())
    }

    /// The file's index entry ([`index_entry`]), sharing each talk's
    /// [`TalkNames`] with this cache (an open file's titles and speaker
    /// names are then held once).
    pub fn index_entry<'a>(
        &mut self,
        segments: &'a Segments,
        seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
        config: &LintConfig,
    ) -> FileEntry {
        self.with_names(segments, seg_text, config, |names_of| {
            index_entry_with(segments, seg_text, names_of)
        })
    }

    /// `f` given each segment's [`TalkNames`] as this cache holds them (by
    /// segment number), for the index entry and the editor summary to
    /// share. Runs the talk phase for new segments first, as
    /// [`TalkCache::summary_changed`] does.
    pub fn with_names<'a, R>(
        &mut self,
        segments: &'a Segments,
        seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
        config: &LintConfig,
        f: impl FnOnce(&dyn Fn(usize) -> Option<TalkNames>) -> R,
    ) -> R {
        let talk_rules = rules_on(config, Scope::Talk);
        fill(self, segments, seg_text, config, &talk_rules);
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
fn rules_on(config: &LintConfig, scope: Scope) -> Vec<&'static dyn Rule> {
    all()
        .iter()
        .filter(|r| r.meta().scope == scope && effective_severity(r.meta(), config).is_some())
        .copied()
        .collect()
}

/// The talk phase's results, one per segment: the cache's entries, or made
/// for this call. Read in place, so a call with a warm cache copies no list
/// of them.
enum Results<'r> {
    Cached(&'r [Entry]),
    Owned(&'r [SegResult], Vec<Brief>),
}

impl<'r> Results<'r> {
    fn len(&self) -> usize {
        match self {
            Results::Cached(e) => e.len(),
            Results::Owned(r, _) => r.len(),
        }
    }
    fn get(&self, i: usize) -> &'r SegResult {
        match self {
            Results::Cached(e) => &e[i].result,
            Results::Owned(r, _) => &r[i],
        }
    }
    fn brief(&self, i: usize) -> Brief {
        match self {
            Results::Cached(e) => e[i].brief,
            Results::Owned(_, b) => b[i],
        }
    }
    fn iter(&self) -> impl Iterator<Item = &'r SegResult> + '_ {
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
fn fill<'a>(
    c: &mut TalkCache,
    segments: &'a Segments,
    seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
    config: &LintConfig,
    talk_rules: &[&dyn Rule],
) {
    if c.config.as_ref() != Some(config) {
        c.entries.clear();
        c.synced = None;
        c.late = None;
        c.config = Some(config.clone());
    }
    let same =
        |e: &Entry, i: usize, p: Placed<'_>| e.first == (i == 0) && Arc::ptr_eq(&e.seg, p.seg);
    let lint = |i: usize, p: Placed<'_>| {
        let result = talk_phase(&seg_text(i), p.seg, i == 0, config, talk_rules);
        Entry {
            seg: p.seg.clone(),
            first: i == 0,
            brief: result.brief(),
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

/// Lint a whole text (the CLI's path). `file` names the file in the index.
pub fn lint_text(file: &str, text: &str, config: &LintConfig, index: &Index) -> Vec<Diagnostic> {
    let tree = parse(text, &config.parse);
    let seg_text = |i: usize| -> Cow<'_, str> {
        Cow::Borrowed(text.get(tree.segments.at(i).range()).unwrap_or(""))
    };
    lint_document(file, &tree.segments, &seg_text, config, index, None)
}

fn talk_phase(
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
                d.code == "NL007"
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

fn sort(d: &mut [Diagnostic]) {
    d.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
}

/// A rule's position in the registry, from its code (`NL0xx`), in O(1).
fn rule_index(code: &str) -> Option<usize> {
    static TABLE: std::sync::OnceLock<[u8; 100]> = std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut t = [u8::MAX; 100];
        for (i, r) in all().iter().enumerate() {
            if let Some(n) = r.meta().code.get(2..).and_then(|d| d.parse::<usize>().ok()) {
                if n < 100 {
                    t[n] = i as u8;
                }
            }
        }
        t
    });
    let n: usize = code.get(2..)?.parse().ok()?;
    let i = *t.get(n)?;
    (i != u8::MAX && all().get(i as usize)?.meta().code == code).then_some(i as usize)
}

/// Lint one document given its segments (the LSP's path: rope slices).
/// Returns diagnostics with absolute byte ranges, sorted by position.
///
/// Workspace rules see `index` for the other files, and this file's titles
/// and speakers as read from `segments` (so a stale index entry for this
/// file does not matter, except to cross-file answers such as which spelling
/// is most used).
pub fn lint_document<'a>(
    file: &str,
    segments: &'a Segments,
    seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
    config: &LintConfig,
    index: &Index,
    cache: Option<&mut TalkCache>,
) -> Vec<Diagnostic> {
    let rules = all();
    let severity: Vec<Option<Severity>> = rules
        .iter()
        .map(|r| effective_severity(r.meta(), config))
        .collect();
    let on = |scope: Scope| -> Vec<&'static dyn Rule> {
        rules
            .iter()
            .zip(&severity)
            .filter(|(r, s)| s.is_some() && r.meta().scope == scope)
            .map(|(r, _)| *r)
            .collect()
    };
    let talk_rules = on(Scope::Talk);
    let sev_of = |code: &str| -> Option<Severity> { rule_index(code).and_then(|i| severity[i]) };

    // 1. Talk phase, through the cache when there is one.
    let mut cache = cache;
    let mut memo: Option<LateMemo> = None;
    let mut owned: Vec<SegResult> = Vec::new();
    let mut moved: Vec<Vec<Diagnostic>> = Vec::new();
    let cached = cache.is_some();
    let results: Results<'_> = match cache.as_deref_mut() {
        Some(c) => {
            fill(c, segments, seg_text, config, &talk_rules);
            memo = c.late.take();
            Results::Cached(&c.entries)
        }
        None => {
            owned = segments
                .iter()
                .enumerate()
                .map(|(i, p)| talk_phase(&seg_text(i), p.seg, i == 0, config, &talk_rules))
                .collect();
            let briefs = owned.iter().map(SegResult::brief).collect();
            // Without a cache the findings are moved out, not cloned.
            moved = owned
                .iter_mut()
                .map(|r| {
                    r.found
                        .as_deref_mut()
                        .map(|f| std::mem::take(&mut f.diags))
                        .unwrap_or_default()
                })
                .collect();
            Results::Owned(&owned, briefs)
        }
    };

    // How the document reads as a whole. A file that is not talk notes at
    // all (a blog post, a schedule) makes no sense to the speaker rules:
    // they stay quiet while not-talk-notes reports it.
    let shape = Shape::of(segments, seg_text);
    let shape_key = shape.is_not_talk_notes().then_some(shape);
    let quiet_speakers = shape_key.is_some() && sev_of(not_talk_notes::META.code).is_some();
    let speaker_rule = |code: &str| quiet_speakers && SPEAKER_RULES.iter().any(|m| m.code == code);

    // Suppression, by segment. Most documents have none: skip the checks.
    let (any_supp, total) = (0..results.len())
        .map(|i| results.brief(i))
        .fold((false, 0), |(s, n), b| (s || b.supp, n + b.diags as usize));
    let file_off = (results.len() > 0)
        .then(|| results.get(0).supp())
        .flatten()
        .map_or(0, |s| s.file);
    // `rel` is the finding's start relative to segment `i`'s start: talk
    // findings are already relative, document and workspace findings are
    // made so by the caller (subtracting twice silenced the wrong lines).
    let suppressed = |i: usize, code: &str, rel: usize| -> bool {
        if !any_supp {
            return false;
        }
        let bit = rule_index(code).map_or(0, |i| 1u64 << i.min(63));
        if file_off & bit != 0 {
            return true;
        }
        let Some(p) = segments.get(i) else {
            return false;
        };
        if results.get(i).supp().is_some_and(|s| s.covers(bit, rel)) {
            return true;
        }
        if i > 0
            && results
                .get(i - 1)
                .supp()
                .is_some_and(|s| s.carry & bit != 0)
        {
            if let Some(l) = suppress::first_line(p.seg) {
                return (l.start as usize..=l.end as usize).contains(&rel);
            }
        }
        false
    };
    let seg_of = |offset: usize| {
        segments
            .partition_point(|p| p.start <= offset)
            .saturating_sub(1)
    };

    // Talk findings come out sorted: segments are in order and each
    // segment's list is sorted (unknown-rule findings are merged in).
    let mut out: Vec<Diagnostic> = Vec::with_capacity(total);
    let unknown_sev = sev_of("NL000");
    // Only segments with something to report are looked at (most have
    // nothing): the loop reads a small brief per segment, no more.
    for i in 0..results.len().min(segments.len()) {
        let b = results.brief(i);
        if b.diags == 0 && !(b.unknown && unknown_sev.is_some()) {
            continue;
        }
        let (p, r) = (segments.at(i), results.get(i));
        let mv = moved.get_mut(i).map(std::mem::take);
        let from = out.len();
        let mut take = |d: Diagnostic| {
            if !suppressed(i, d.code, d.range.start) && !speaker_rule(d.code) {
                let mut d = d.shifted(p.start);
                d.severity = sev_of(d.code).unwrap_or(d.severity);
                out.push(d);
            }
        };
        match mv {
            Some(v) => v.into_iter().for_each(&mut take),
            None => r.diags().iter().cloned().for_each(&mut take),
        }
        if let Some(s) = unknown_sev {
            if let Some(supp) = r.supp().filter(|x| !x.unknown.is_empty()) {
                for d in &supp.unknown {
                    let mut d = d.clone().shifted(p.start);
                    d.severity = s;
                    out.push(d);
                }
                sort(&mut out[from..]);
            }
        }
    }

    // 2.+3. Document and workspace rules, or their findings from the last
    // full run when nothing they read has changed.
    let reusable = memo
        .take()
        .filter(|m| m.index_gen == index.generation() && m.shape == shape_key)
        .and_then(|mut m| {
            m.still_holds(segments, |i| results.get(i).names.as_ref())
                .then_some(m)
        });
    let mut late: Vec<Diagnostic>;
    if let Some(m) = &reusable {
        late = m
            .diags
            .iter()
            .map(|(d, segs)| {
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
            })
            .collect();
    } else {
        late = Vec::new();
        // 2. Document rules.
        let doc_rules = on(Scope::Document);
        if !doc_rules.is_empty() {
            let titles: Vec<Option<&str>> = results
                .iter()
                .map(|r| r.names.as_ref().map(|n| n.title_key()))
                .collect();
            let cx = DocCtx {
                segments,
                seg_text,
                titles: &titles,
                shape: &shape,
                config,
            };
            for r in &doc_rules {
                r.check_document(&cx, &mut late);
            }
        }

        // 3. Workspace rules (duplicate-title has a workspace half too).
        let ws_rules: Vec<&dyn Rule> = rules
            .iter()
            .zip(&severity)
            .filter(|(r, s)| {
                s.is_some() && matches!(r.meta().scope, Scope::Workspace | Scope::Document)
            })
            .map(|(r, _)| *r)
            .collect();
        if !ws_rules.is_empty() {
            let mut talks = Vec::new();
            let mut speakers = Vec::new();
            for (p, r) in segments.iter().zip(results.iter()) {
                let Some(n) = r.names.as_ref() else {
                    continue;
                };
                talks.push(TalkRef {
                    title: n.title(),
                    key: n.title_key(),
                    title_range: n.title_span().abs(p.start),
                });
                speakers.extend(n.speakers().map(|(name, key, span)| SpeakerRef {
                    name,
                    key,
                    range: span.abs(p.start),
                }));
            }
            let cx = WorkspaceCtx {
                index,
                config,
                file,
                talks: &talks,
                speakers: &speakers,
            };
            for r in &ws_rules {
                r.check_workspace(&cx, &mut late);
            }
        }
        if cached {
            memo = Some(LateMemo {
                index_gen: index.generation(),
                version: segments.version(),
                segs: segments.iter().map(|p| p.seg.clone()).collect(),
                sums: results.iter().map(|r| r.names.clone()).collect(),
                shape: shape_key,
                diags: late
                    .iter()
                    .map(|d| {
                        let mut d = d.clone();
                        let mut segs = Vec::new();
                        for_each_local_range(&mut d, |r| {
                            let i = seg_of(r.start);
                            let base = segments.get(i).map_or(0, |p| p.start);
                            segs.push(i);
                            *r = r.start.saturating_sub(base)..r.end.saturating_sub(base);
                        });
                        (d, segs)
                    })
                    .collect(),
            });
        }
    }
    late.retain_mut(|d| {
        if speaker_rule(d.code) {
            return false;
        }
        d.severity = sev_of(d.code).unwrap_or(d.severity);
        let i = seg_of(d.range.start);
        let base = segments.get(i).map_or(0, |p| p.start);
        !suppressed(i, d.code, d.range.start.saturating_sub(base))
    });
    if let Some(c) = cache {
        c.late = memo.or(reusable);
    }
    drop(owned);
    if late.is_empty() {
        return out;
    }
    sort(&mut late);
    merge(out, late)
}

/// Merge two sorted lists.
fn merge(a: Vec<Diagnostic>, b: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let key = |d: &Diagnostic| (d.range.start, d.range.end, d.code);
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for d in a {
        while b.peek().is_some_and(|x| key(x) < key(&d)) {
            out.extend(b.next());
        }
        out.push(d);
    }
    out.extend(b);
    out
}

/// The index entry (titles, speakers with ranges, affiliations) of one
/// file, for `Index::set_file`.
pub fn index_entry<'a>(
    segments: &'a Segments,
    seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
) -> FileEntry {
    index_entry_with(segments, seg_text, &|_| None)
}

/// [`index_entry`], with each talk's [`TalkNames`] taken from `names_of`
/// (by segment number) where it has them, so they are shared, not made
/// again.
fn index_entry_with<'a>(
    segments: &'a Segments,
    seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
    names_of: &dyn Fn(usize) -> Option<TalkNames>,
) -> FileEntry {
    let mut e = FileEntry::default();
    // A file that is not talk notes (a blog post, a schedule) has no real
    // titles or speakers: whatever sat where they would must not turn up in
    // `notelint speakers`, completion or other files' speaker checks.
    if Shape::of(segments, seg_text).is_not_talk_notes() {
        return e;
    }
    for (i, p) in segments.iter().enumerate() {
        let seg = &p.seg;
        if !seg.is_talk() {
            continue;
        }
        let text = seg_text(i);
        let text: &str = &text;
        let Some(names) = names_of(i).or_else(|| TalkNames::of(seg, text)) else {
            continue;
        };
        let talk = e.talks.len();
        let first = e.speakers.len();
        for (nth, sp) in seg.speakers.iter().enumerate() {
            let affiliation: Vec<&str> = match sp.source {
                SpeakerSource::Field(k) => seg
                    .sections
                    .get(k as usize)
                    .filter(|s| s.label().is_some_and(|l| !l.is_plural_speaker()))
                    .map(|s| {
                        seg.texts(s)
                            .filter(|x| !x.is_empty())
                            .skip(1)
                            .map(|x| x.text(text))
                            .collect()
                    })
                    .unwrap_or_default(),
                SpeakerSource::Head => Vec::new(),
            };
            e.speakers.push(SpeakerEntry::new(
                &names,
                nth,
                sp.handle.map(|h| h.text(text)),
                sp.link.map(|h| h.text(text)),
                &affiliation,
                talk,
                sp.name.abs(p.start),
            ));
        }
        e.talks.push(TalkEntry {
            names,
            range: p.range(),
            speakers: first..e.speakers.len(),
        });
    }
    // The entry is kept until the file changes again: without the growth
    // slack (up to half of each list in a large note).
    e.talks.shrink_to_fit();
    e.speakers.shrink_to_fit();
    e
}
