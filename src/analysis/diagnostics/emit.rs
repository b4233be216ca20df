//! The last step of a lint: each segment's findings, with suppression
//! comments and severities applied, in order. One segment at a time, so the
//! language server can remake only the parts an edit changed ([`Parts`],
//! [`PartKey`]), and the CLI's whole list is the parts one after another.

use super::cache::{absolute, LocalFindings, Results};
use super::{rule_index, sort};
use crate::lint::rules::unknown_rule;
use crate::lint::suppress::{self, RuleSet};
use crate::lint::{Diagnostic, Severity};
use crate::syntax::Segments;
use std::ops::Range;
use std::sync::Arc;

/// Rules that read the file as talk-note markup (its talks, sections,
/// fields and speakers): quiet while a file is not talk notes, whose
/// "talks" and "speakers" are whatever lines sat where they would (one
/// finding, not a page of them). The layout and text rules (whitespace,
/// indentation, bullets, links, placeholders) still speak: their fixes
/// are what `fmt` does, and `--fix` must keep agreeing with it.
static STRUCTURE_RULES: [&crate::lint::RuleMeta; 13] = [
    &crate::lint::rules::missing_author::META,
    &crate::lint::rules::incomplete_proposal::META,
    &crate::lint::rules::duplicate_section::META,
    &crate::lint::rules::empty_section::META,
    &crate::lint::rules::section_order::META,
    &crate::lint::rules::stray_line::META,
    &crate::lint::rules::field_outside_talk::META,
    &crate::lint::rules::bad_meta::META,
    &crate::lint::rules::duplicate_title::META,
    &crate::lint::rules::description_too_long::META,
    &crate::lint::rules::too_long::META,
    &crate::lint::rules::similar_speaker::META,
    &crate::lint::rules::unknown_speaker::META,
];

/// Runs the talk rules on segment `i` again (for a lean cache, which keeps
/// no findings).
pub(super) type RerunTalkRules<'c> = Box<dyn Fn(usize) -> Vec<Diagnostic> + 'c>;

/// Everything a segment's findings are made from once the rules have run.
pub(super) struct Emit<'c> {
    pub(super) relint: Option<RerunTalkRules<'c>>,
    segments: &'c Segments,
    results: Results<'c>,
    /// Each rule's severity (by registry position), `None` when off.
    severity: Vec<Option<Severity>>,
    unknown_sev: Option<Severity>,
    /// Whether any segment has a suppression comment (most documents have
    /// none: the checks are then skipped).
    any_supp: bool,
    /// Rules off for the whole file.
    file_off: RuleSet,
    /// The structure and speaker rules are quiet (the file is not talk
    /// notes).
    quiet: bool,
    /// Document and workspace findings before suppression, in local form
    /// (see [`LocalFindings`]), sorted.
    late: LocalFindings,
    /// The talk cache's configuration epoch (0 without a cache).
    epoch: u64,
    /// How many findings there are at most (for the caller's capacity).
    pub(super) total: usize,
}

impl<'c> Emit<'c> {
    pub(super) fn new(
        segments: &'c Segments,
        results: Results<'c>,
        severity: Vec<Option<Severity>>,
        quiet: bool,
        late: LocalFindings,
        epoch: u64,
    ) -> Emit<'c> {
        let (any_supp, talk) = (0..results.len())
            .map(|i| results.counts(i))
            .fold((false, 0), |(s, n), b| (s || b.supp, n + b.diags as usize));
        let file_off = (results.len() > 0)
            .then(|| results.get(0).supp())
            .flatten()
            .map_or(0, |s| s.file);
        let unknown_sev = rule_index(unknown_rule::META.code).and_then(|i| severity[i]);
        let total = talk + late.len();
        Emit {
            relint: None,
            segments,
            results,
            severity,
            unknown_sev,
            any_supp,
            file_off,
            quiet,
            late,
            epoch,
            total,
        }
    }

    fn sev_of(&self, code: &str) -> Option<Severity> {
        rule_index(code).and_then(|i| self.severity[i])
    }

    /// Whether a finding of rule `code` stays quiet: the file is not talk
    /// notes, and the rule reads it as if it were.
    fn quieted(&self, code: &str) -> bool {
        self.quiet && STRUCTURE_RULES.iter().any(|m| m.code == code)
    }

    /// Rules a `disable-next-line` at the end of segment `i - 1` turns off
    /// on segment `i`'s first line.
    fn carry_in(&self, i: usize) -> RuleSet {
        if !self.any_supp || i == 0 || i > self.results.len() {
            return 0;
        }
        self.results.get(i - 1).supp().map_or(0, |s| s.carry)
    }

    /// Whether rule `code` is off at `rel`, a finding's start relative to
    /// segment `i`'s start (talk findings are relative already; document
    /// and workspace findings are made so by the caller: subtracting twice
    /// silenced the wrong lines).
    fn suppressed(&self, i: usize, code: &str, rel: usize) -> bool {
        if !self.any_supp {
            return false;
        }
        let bit = rule_index(code).map_or(0, |i| 1u64 << i.min(63));
        if self.file_off & bit != 0 {
            return true;
        }
        let Some(p) = self.segments.get(i) else {
            return false;
        };
        if self
            .results
            .get(i)
            .supp()
            .is_some_and(|s| s.covers(bit, rel))
        {
            return true;
        }
        if self.carry_in(i) & bit != 0 {
            if let Some(l) = suppress::first_line(p.seg) {
                return (l.start as usize..=l.end as usize).contains(&rel);
            }
        }
        false
    }

    /// The positions in `late` of segment `i`'s document and workspace
    /// findings.
    fn late_of(&self, i: usize) -> Range<usize> {
        let a = self.late.partition_point(|x| late_seg(x) < i);
        let b = self.late.partition_point(|x| late_seg(x) <= i);
        a..b
    }

    /// The absolute byte range of late finding `k`.
    fn late_range(&self, k: usize) -> Range<usize> {
        let (d, _) = &self.late[k];
        let base = self
            .segments
            .get(late_seg(&self.late[k]))
            .map_or(0, |p| p.start);
        d.range.start + base..d.range.end + base
    }

    /// Where the other segments that segment `i`'s late findings `late`
    /// point into start (none, most of the time: then no allocation).
    fn elsewhere(&self, i: usize, late: &Range<usize>) -> Option<Box<[usize]>> {
        let others = || {
            self.late[late.clone()]
                .iter()
                .flat_map(|(_, segs)| segs.iter().copied())
                .filter(move |&s| s != i)
        };
        others().next()?;
        let start = |s: usize| self.segments.get(s).map_or(0, |p| p.start);
        Some(others().map(start).collect())
    }

    /// Segment `i`'s [`PartKey`], given its address and the positions of
    /// its late findings.
    fn key(&self, i: usize, seg: usize, late: Range<usize>) -> PartKey {
        PartKey {
            seg,
            epoch: self.epoch,
            first: i == 0,
            file_off: self.file_off,
            carry: self.carry_in(i),
            quiet: self.quiet,
            late: LateRef {
                list: (!late.is_empty()).then(|| Arc::clone(&self.late)),
                elsewhere: self.elsewhere(i, &late),
                range: late,
            },
        }
    }

    /// Whether segment `i` may have findings (it has unless this is false).
    pub(super) fn has_findings(&self, i: usize) -> bool {
        if i >= self.results.len().min(self.segments.len()) {
            return false;
        }
        let b = self.results.counts(i);
        b.diags > 0 || (b.unknown && self.unknown_sev.is_some()) || !self.late_of(i).is_empty()
    }

    /// Append segment `i`'s findings to `out`: absolute, sorted. Its talk
    /// findings are `moved` when the caller owns them, else cloned from the
    /// cache.
    pub(super) fn segment(
        &self,
        i: usize,
        moved: Option<Vec<Diagnostic>>,
        out: &mut Vec<Diagnostic>,
    ) {
        if i >= self.results.len().min(self.segments.len()) {
            return;
        }
        let (p, r) = (self.segments.at(i), self.results.get(i));
        let from = out.len();
        let mut take = |d: Diagnostic| {
            if !self.suppressed(i, d.code, d.range.start) && !self.quieted(d.code) {
                let mut d = d.shifted(p.start);
                d.severity = self.sev_of(d.code).unwrap_or(d.severity);
                out.push(d);
            }
        };
        match moved {
            Some(v) => v.into_iter().for_each(&mut take),
            None => {
                // Counted but not kept: a lean cache's.
                let dropped = self.results.counts(i).diags > 0 && r.diags().is_empty();
                match &self.relint {
                    Some(relint) if dropped => relint(i).into_iter().for_each(&mut take),
                    _ => r.diags().iter().cloned().for_each(&mut take),
                }
            }
        }
        // Talk findings come out sorted (each segment's list is); findings
        // from elsewhere are sorted in.
        let mut merged = false;
        if let Some(s) = self.unknown_sev {
            if let Some(supp) = r.supp().filter(|x| !x.unknown.is_empty()) {
                for d in &supp.unknown {
                    let mut d = d.clone().shifted(p.start);
                    d.severity = s;
                    out.push(d);
                }
                merged = true;
            }
        }
        for (d, segs) in &self.late[self.late_of(i)] {
            // Local: relative to this segment already.
            let rel = d.range.start;
            if self.quieted(d.code) || self.suppressed(i, d.code, rel) {
                continue;
            }
            let mut d = absolute(self.segments, d, segs);
            d.severity = self.sev_of(d.code).unwrap_or(d.severity);
            out.push(d);
            merged = true;
        }
        if merged {
            sort(&mut out[from..]);
        }
    }
}

/// A document's findings by segment, after [`super::lint_parts`].
pub struct Parts<'c> {
    pub(super) emit: Emit<'c>,
}

/// What one segment's findings are made from. Two keys from two lints of
/// one document through one cache are equal only when the segment's
/// findings, relative to its start, are equal: same segment (its address:
/// whoever compares keys holds the segment, so the address is not reused),
/// same configuration, same suppression comments reaching it from
/// elsewhere, same document and workspace findings in it.
///
/// Places in another segment of the file are in the key as they are,
/// absolute: a finding pointing at another talk changes when that talk
/// moves, not when this one does. (A caller that shows positions must
/// still check those: the lines before them may change without their
/// bytes changing. The server's report does.)
#[derive(Debug, Clone, PartialEq)]
pub struct PartKey {
    seg: usize,
    epoch: u64,
    first: bool,
    file_off: RuleSet,
    carry: RuleSet,
    quiet: bool,
    late: LateRef,
}

/// A segment's late findings, by position in the lint's [`LocalFindings`]: no
/// copy, so a key costs the same with a finding on every talk. Two lints
/// that reuse the memo share the list, and then equal positions are equal
/// findings; otherwise the findings are compared.
#[derive(Debug, Clone)]
struct LateRef {
    /// `None` when there are none.
    list: Option<LocalFindings>,
    range: Range<usize>,
    /// [`Emit::elsewhere`].
    elsewhere: Option<Box<[usize]>>,
}

impl LateRef {
    fn findings(&self) -> &[(Diagnostic, Box<[usize]>)] {
        self.list
            .as_deref()
            .and_then(|l| l.get(self.range.clone()))
            .unwrap_or(&[])
    }
}

impl PartialEq for LateRef {
    fn eq(&self, other: &LateRef) -> bool {
        if self.elsewhere != other.elsewhere {
            return false;
        }
        if let (Some(a), Some(b)) = (&self.list, &other.list) {
            if Arc::ptr_eq(a, b) && self.range == other.range {
                return true;
            }
        }
        let (a, b) = (self.findings(), other.findings());
        // Local ranges are relative to their segments; the segments'
        // numbers are compared relative to this one's.
        let same_segs = |s: &[usize], t: &[usize]| {
            s.len() == t.len()
                && s.iter()
                    .zip(t)
                    .all(|(&x, &y)| x.wrapping_sub(s[0]) == y.wrapping_sub(t[0]))
        };
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|((d, s), (e, t))| d == e && same_segs(s, t))
    }
}

/// The segment a late finding starts in.
fn late_seg(x: &(Diagnostic, Box<[usize]>)) -> usize {
    x.1.first().copied().unwrap_or(0)
}

impl Parts<'_> {
    /// The number of segments.
    pub fn len(&self) -> usize {
        self.emit.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Segment `i`'s key (see [`PartKey`]).
    pub fn key(&self, i: usize) -> PartKey {
        let e = &self.emit;
        let p = e.segments.get(i);
        e.key(
            i,
            p.map_or(0, |p| Arc::as_ptr(p.seg) as usize),
            e.late_of(i),
        )
    }

    /// Every segment's key, in order (each in constant time).
    pub fn keys(&self) -> impl Iterator<Item = PartKey> + '_ {
        let e = &self.emit;
        let mut k = 0;
        e.segments.iter().enumerate().map(move |(i, p)| {
            // `late` is in segment order: a cursor finds segment i's.
            let a = k;
            while k < e.late.len() && late_seg(&e.late[k]) <= i {
                k += 1;
            }
            e.key(i, Arc::as_ptr(p.seg) as usize, a..k)
        })
    }

    /// Whether segment `i` may have findings (none when false).
    pub fn has_findings(&self, i: usize) -> bool {
        self.emit.has_findings(i)
    }

    /// Segment `i`'s findings: absolute byte ranges, sorted.
    pub fn findings(&self, i: usize) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        self.emit.segment(i, None, &mut out);
        out
    }

    /// The findings of the segments that overlap `bytes` (the end
    /// included), in order.
    pub fn around(&self, bytes: Range<usize>) -> Vec<Diagnostic> {
        let segs = self.emit.segments;
        let first = segs
            .partition_point(|p| p.start <= bytes.start)
            .saturating_sub(1);
        let e = &self.emit;
        let mut out = Vec::new();
        // Document findings that start in an earlier segment and reach
        // into the range.
        let mut before: Vec<usize> = (0..e.late.len())
            .filter(|&k| late_seg(&e.late[k]) < first && e.late_range(k).end >= bytes.start)
            .map(|k| late_seg(&e.late[k]))
            .collect();
        before.dedup();
        for i in before {
            let from = out.len();
            e.segment(i, None, &mut out);
            let mut k = from;
            while k < out.len() {
                if out[k].range.end >= bytes.start {
                    k += 1;
                } else {
                    out.remove(k);
                }
            }
        }
        for i in first..segs.len() {
            if segs.at(i).start > bytes.end {
                break;
            }
            if e.has_findings(i) {
                e.segment(i, None, &mut out);
            }
        }
        out
    }

    /// Every finding of the document, sorted: what `lint_document` returns.
    pub fn all(&self) -> Vec<Diagnostic> {
        let mut out = Vec::with_capacity(self.emit.total);
        for i in 0..self.len() {
            if self.emit.has_findings(i) {
                self.emit.segment(i, None, &mut out);
            }
        }
        out
    }
}
