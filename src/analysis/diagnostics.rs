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
use crate::lint::{Diagnostic, LintConfig, Scope, Severity};
use crate::syntax::{parse, SourceText};
use cache::{
    fill, for_each_local_range, talk_phase, FileScopeMemo, LocalFindings, Results, SegResult,
};
use emit::Emit;
use std::sync::Arc;

mod cache;
mod emit;
mod index_entry;
mod parallel;
mod segment_result;

pub use cache::{places_from_index, TalkCache};
pub use emit::{PartKey, Parts};
pub use index_entry::{entry_of, index_entry, summary_of};
pub use parallel::TalkPhase;
pub(crate) use parallel::{lint_parsed, lint_prepared};

/// Lint a whole text (the CLI's path). `file` names the file in the index.
pub fn lint_text(file: &str, text: &str, config: &LintConfig, index: &Index) -> Vec<Diagnostic> {
    let tree = parse(text, &config.parse);
    lint_parsed(file, SourceText::new(&tree.segments, text), config, index)
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
pub fn lint_document(
    file: &str,
    src: SourceText<'_>,
    config: &LintConfig,
    index: &Index,
    cache: Option<&mut TalkCache>,
) -> Vec<Diagnostic> {
    lint_with(file, src, config, index, cache, None)
}

/// [`lint_document`], given the talk phase's results when the caller made
/// them (in parallel: `parallel::lint_parsed`) and there is no cache.
fn lint_with(
    file: &str,
    src: SourceText<'_>,
    config: &LintConfig,
    index: &Index,
    cache: Option<&mut TalkCache>,
    talk: Option<Vec<SegResult>>,
) -> Vec<Diagnostic> {
    match cache {
        Some(c) => lint_parts(file, src, config, index, c).all(),
        None => {
            let mut owned = talk.unwrap_or_default();
            let (emit, mut moved) = prepare(file, src, config, index, Source::Fresh(&mut owned));
            let mut out = Vec::with_capacity(emit.total);
            for i in 0..src.segments().len() {
                if emit.has_findings(i) {
                    emit.segment(i, moved.get_mut(i).map(std::mem::take), &mut out);
                }
            }
            out
        }
    }
}

/// Lint one document through its cache and keep the findings by segment
/// (the language server's path): each segment's part comes with a
/// [`PartKey`] that is equal between two calls only when the part's
/// findings are, so a caller that keeps something made of a part (its JSON)
/// remakes only the parts an edit changed.
pub fn lint_parts<'a, 'c>(
    file: &str,
    src: SourceText<'a>,
    config: &'c LintConfig,
    index: &Index,
    cache: &'c mut TalkCache,
) -> Parts<'c>
where
    'a: 'c,
{
    let (emit, _) = prepare(file, src, config, index, Source::Cache(cache));
    Parts { emit }
}

/// Where the talk phase's results come from.
enum Source<'c> {
    Cache(&'c mut TalkCache),
    /// Made for this call, in this vector.
    Fresh(&'c mut Vec<SegResult>),
}

/// The three phases up to suppression: talk rules (through the cache when
/// there is one), document and workspace rules (or their memo). Returns
/// what emits each segment's findings, and, without a cache, the talk
/// findings moved out of the results (so they are moved, not cloned).
fn prepare<'a, 'c>(
    file: &str,
    src: SourceText<'a>,
    config: &'c LintConfig,
    index: &Index,
    source: Source<'c>,
) -> (Emit<'c>, Vec<Vec<Diagnostic>>)
where
    'a: 'c,
{
    let segments = src.segments();
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

    // 1. Talk phase, through the cache when there is one.
    let mut memo: Option<FileScopeMemo> = None;
    let mut moved: Vec<Vec<Diagnostic>> = Vec::new();
    let mut epoch = 0;
    let mut cached_shape = None;
    let mut relint: Option<emit::RerunTalkRules<'c>> = None;
    let (results, memo_slot): (Results<'c>, Option<&'c mut Option<FileScopeMemo>>) = match source {
        Source::Cache(c) => {
            fill(c, src, config, &talk_rules);
            // A lean cache keeps no findings: they are made again when
            // asked for.
            let rules = talk_rules.clone();
            relint = Some(Box::new(move |i: usize| {
                let p = segments.at(i);
                talk_phase(&src.seg_text(i), p.seg, i == 0, config, &rules)
                    .found
                    .map(|f| f.diags)
                    .unwrap_or_default()
            }));
            memo = c.late.take();
            epoch = c.epoch();
            cached_shape = Some(c.shape(src));
            let (entries, slot) = c.split();
            (Results::Cached(entries), Some(slot))
        }
        Source::Fresh(owned) => {
            // Made by the caller (in parallel) when it holds one per segment.
            if owned.len() != segments.len() {
                *owned = segments
                    .iter()
                    .enumerate()
                    .map(|(i, p)| talk_phase(&src.seg_text(i), p.seg, i == 0, config, &talk_rules))
                    .collect();
            }
            let counts = owned.iter().map(SegResult::counts).collect();
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
            (Results::Owned(&owned[..], counts), None)
        }
    };
    let cached = memo_slot.is_some();

    // How the document reads as a whole. A file that is not talk notes at
    // all (a blog post, a schedule) makes no sense to the speaker rules:
    // they stay quiet while not-talk-notes reports it.
    let shape = cached_shape.unwrap_or_else(|| Shape::of(src));
    let shape_key = shape.is_not_talk_notes().then_some(shape);
    let quiet = shape_key.is_some()
        && rule_index(not_talk_notes::META.code).is_some_and(|i| severity[i].is_some());
    let seg_of = |offset: usize| {
        segments
            .partition_point(|p| p.start <= offset)
            .saturating_sub(1)
    };

    // 2.+3. Document and workspace rules, or their findings from the last
    // full run when nothing they read has changed.
    let reusable = memo
        .take()
        .filter(|m| m.index_gen == index.generation() && m.shape == shape_key)
        .and_then(|mut m| {
            m.still_holds(segments, |i| results.get(i).names.as_ref())
                .then_some(m)
        });
    let late: LocalFindings;
    if let Some(m) = &reusable {
        late = Arc::clone(&m.diags);
    } else {
        let mut found = Vec::new();
        // 2. Document rules.
        let doc_rules = on(Scope::Document);
        if !doc_rules.is_empty() {
            let titles: Vec<Option<&str>> = results
                .iter()
                .map(|r| r.names.as_ref().map(|n| n.title_key()))
                .collect();
            let cx = DocCtx {
                file,
                source: src,
                titles: &titles,
                shape: &shape,
                config,
            };
            for r in &doc_rules {
                r.check_document(&cx, &mut found);
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
                r.check_workspace(&cx, &mut found);
            }
        }
        sort(&mut found);
        late = found
            .into_iter()
            .map(|mut d| {
                let mut segs = Vec::new();
                for_each_local_range(&mut d, |r| {
                    let i = seg_of(r.start);
                    let base = segments.get(i).map_or(0, |p| p.start);
                    segs.push(i);
                    *r = r.start.saturating_sub(base)..r.end.saturating_sub(base);
                });
                (d, segs.into_boxed_slice())
            })
            .collect();
        if cached {
            memo = Some(FileScopeMemo {
                index_gen: index.generation(),
                version: segments.version(),
                segs: segments.iter().map(|p| p.seg.clone()).collect(),
                sums: results.iter().map(|r| r.names.clone()).collect(),
                shape: shape_key,
                diags: Arc::clone(&late),
            });
        }
    }
    if let Some(slot) = memo_slot {
        *slot = memo.or(reusable);
    }
    let mut emit = Emit::new(segments, results, severity, quiet, late, epoch);
    emit.relint = relint;
    (emit, moved)
}
