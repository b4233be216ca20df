//! Diagnostics for a file: talk rules (cached per segment), document rules,
//! workspace rules, then suppression comments and severities applied.
//!
//! Cost per call with a warm [`TalkCache`]: the talk rules run only for
//! segments whose `Arc` is new; every other segment costs a hash lookup and
//! a copy of its (usually few) findings. Document rules read titles gathered
//! from the cache, never the whole text.
//!
//! `cache` holds the talk phase and its cache, `index_entry` a file's entry
//! in the index; this file runs the phases in order and applies suppression
//! comments and severities.

use crate::index::Index;
use crate::lint::registry::{
    all, effective_severity, DocCtx, Rule, SpeakerRef, TalkRef, WorkspaceCtx,
};
use crate::lint::rules::not_talk_notes::{self, Shape};
use crate::lint::rules::unknown_rule;
use crate::lint::suppress;
use crate::lint::{Diagnostic, LintConfig, Scope, Severity};
use crate::syntax::{parse, Segments};
use cache::{fill, for_each_local_range, talk_phase, FileScopeMemo, Results, SegResult};
use std::borrow::Cow;

mod cache;
mod index_entry;
mod parallel;

pub use cache::TalkCache;
pub use index_entry::index_entry;
pub use parallel::{lint_parsed, lint_prepared, TalkPhase};

/// Rules that read a talk's speakers: quiet in a file that is not talk
/// notes (its "speakers" are whatever lines sat where a speaker would).
static SPEAKER_RULES: [&crate::lint::RuleMeta; 3] = [
    &crate::lint::rules::missing_author::META,
    &crate::lint::rules::similar_speaker::META,
    &crate::lint::rules::unknown_speaker::META,
];

/// Lint a whole text (the CLI's path). `file` names the file in the index.
pub fn lint_text(file: &str, text: &str, config: &LintConfig, index: &Index) -> Vec<Diagnostic> {
    let tree = parse(text, &config.parse);
    lint_parsed(file, text, &tree.segments, config, index)
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
    lint_with(file, segments, seg_text, config, index, cache, None)
}

/// [`lint_document`], given the talk phase's results when the caller made
/// them (in parallel: `parallel::lint_parsed`) and there is no cache.
fn lint_with<'a>(
    file: &str,
    segments: &'a Segments,
    seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
    config: &LintConfig,
    index: &Index,
    cache: Option<&mut TalkCache>,
    talk: Option<Vec<SegResult>>,
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
    let mut memo: Option<FileScopeMemo> = None;
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
            owned = talk.unwrap_or_else(|| {
                segments
                    .iter()
                    .enumerate()
                    .map(|(i, p)| talk_phase(&seg_text(i), p.seg, i == 0, config, &talk_rules))
                    .collect()
            });
            let briefs = owned.iter().map(SegResult::counts).collect();
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
        .map(|i| results.counts(i))
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
    let unknown_sev = sev_of(unknown_rule::META.code);
    // Only segments with something to report are looked at (most have
    // nothing): the loop reads a small brief per segment, no more.
    for i in 0..results.len().min(segments.len()) {
        let b = results.counts(i);
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
            memo = Some(FileScopeMemo {
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
