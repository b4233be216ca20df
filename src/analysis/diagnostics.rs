//! Diagnostics for a file: talk rules (cached per segment), document rules,
//! workspace rules, then suppression comments and severities applied.
//!
//! Cost per call with a warm [`TalkCache`]: the talk rules run only for
//! segments whose `Arc` is new; every other segment costs a hash lookup and
//! a copy of its (usually few) findings. Document rules read titles gathered
//! from the cache, never the whole text.

use crate::index::{speaker_key, FileEntry, Index, SpeakerEntry, TalkEntry, WorkspaceCtx};
use crate::lint::registry::{all, effective_severity, DocCtx, Rule, TalkCtx};
use crate::lint::suppress::{self, code_bit, Suppressions};
use crate::lint::{Diagnostic, LintConfig, Scope, Severity};
use crate::syntax::{parse, Label, Placed, Segment, SpeakerSource};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What the talk phase knows about one segment.
#[derive(Debug)]
struct SegResult {
    /// Talk-rule findings, relative to the segment start, preamble filtered.
    diags: Vec<Diagnostic>,
    supp: Suppressions,
    title: Option<String>,
}

struct Entry {
    /// Held so the address cannot be reused by another segment while cached.
    seg: Arc<Segment>,
    first: bool,
    seen: u64,
    result: SegResult,
}

/// Per-segment cache of talk-rule results, keyed by the segment's `Arc`
/// pointer: a segment an edit did not touch keeps its `Arc`, so its findings
/// are reused and only shifted to its new start. Entries of segments that
/// are gone are dropped on every call; a change of configuration empties it.
#[derive(Default)]
pub struct TalkCache {
    entries: HashMap<usize, Entry>,
    config: Option<LintConfig>,
    generation: u64,
    /// Talk-rule runs in the last call (for tests and benchmarks).
    last_misses: usize,
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
}

/// Lint a whole text (the CLI's path). `file` names the file in the index.
pub fn lint_text(file: &str, text: &str, config: &LintConfig, index: &Index) -> Vec<Diagnostic> {
    let tree = parse(text, &config.parse);
    let seg_text = |i: usize| -> Cow<'_, str> {
        Cow::Borrowed(text.get(tree.segments[i].range()).unwrap_or(""))
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
        // The preamble is allowed: only fields in it are reported.
        if let Some(p) = seg.preamble {
            diags.retain(|d| d.code == "NL007" || d.range.start >= p.end as usize);
        }
    }
    SegResult {
        diags,
        supp: suppress::parse_segment(text, seg, first),
        title: seg.title(text).map(str::to_string),
    }
}

/// A fingerprint of a segment list: starts, lengths and `Arc` addresses.
pub fn fingerprint(segments: &[Placed]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    segments.len().hash(&mut h);
    for p in segments {
        p.start.hash(&mut h);
        p.seg.len.hash(&mut h);
        (Arc::as_ptr(&p.seg) as usize).hash(&mut h);
    }
    h.finish()
}

/// Lint one document given its segments (the LSP's path: rope slices).
/// Returns diagnostics with absolute byte ranges, sorted by position.
///
/// Workspace rules see `index` for the other files and this file's entry
/// built from `segments` (the index's copy is used when its fingerprint
/// shows it was built from these very segments).
pub fn lint_document<'a>(
    file: &str,
    segments: &'a [Placed],
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
    let sev_of = |code: &str| -> Option<Severity> {
        rules
            .iter()
            .position(|r| r.meta().code == code)
            .and_then(|i| severity[i])
    };

    // 1. Talk phase, through the cache when there is one.
    let mut owned: Vec<SegResult> = Vec::new();
    let results: Vec<&SegResult> = match cache {
        Some(c) => {
            if c.config.as_ref() != Some(config) {
                c.entries.clear();
                c.config = Some(config.clone());
            }
            c.generation += 1;
            let gen = c.generation;
            let mut misses = 0;
            for (i, p) in segments.iter().enumerate() {
                let key = Arc::as_ptr(&p.seg) as usize;
                let first = i == 0;
                let hit = c
                    .entries
                    .get_mut(&key)
                    .filter(|e| e.first == first && Arc::ptr_eq(&e.seg, &p.seg));
                match hit {
                    Some(e) => e.seen = gen,
                    None => {
                        misses += 1;
                        let text = seg_text(i);
                        let result = talk_phase(&text, &p.seg, first, config, &talk_rules);
                        c.entries.insert(
                            key,
                            Entry {
                                seg: p.seg.clone(),
                                first,
                                seen: gen,
                                result,
                            },
                        );
                    }
                }
            }
            c.entries.retain(|_, e| e.seen == gen);
            c.last_misses = misses;
            let entries = &c.entries;
            segments
                .iter()
                .map(|p| &entries[&(Arc::as_ptr(&p.seg) as usize)].result)
                .collect()
        }
        None => {
            owned = segments
                .iter()
                .enumerate()
                .map(|(i, p)| talk_phase(&seg_text(i), &p.seg, i == 0, config, &talk_rules))
                .collect();
            owned.iter().collect()
        }
    };

    // Suppression, by segment.
    let file_off = results.first().map_or(0, |r| r.supp.file);
    let suppressed = |i: usize, d: &Diagnostic| -> bool {
        let bit = code_bit(d.code);
        if file_off & bit != 0 {
            return true;
        }
        let Some(p) = segments.get(i) else {
            return false;
        };
        let rel = d.range.start.saturating_sub(p.start);
        if results[i].supp.covers(bit, rel) {
            return true;
        }
        if i > 0 && results[i - 1].supp.carry & bit != 0 {
            if let Some(l) = suppress::first_line(&p.seg) {
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

    let mut out: Vec<Diagnostic> = Vec::new();
    let unknown_sev = sev_of("NL000");
    for (i, (p, r)) in segments.iter().zip(&results).enumerate() {
        for d in &r.diags {
            if suppressed(i, d) {
                continue;
            }
            let mut d = d.clone().shifted(p.start);
            d.severity = sev_of(d.code).unwrap_or(d.severity);
            out.push(d);
        }
        if let Some(s) = unknown_sev {
            for d in &r.supp.unknown {
                let mut d = d.clone().shifted(p.start);
                d.severity = s;
                out.push(d);
            }
        }
    }

    // 2. Document rules.
    let doc_rules = on(Scope::Document);
    let mut late: Vec<Diagnostic> = Vec::new();
    if !doc_rules.is_empty() {
        let titles: Vec<Option<&str>> = results.iter().map(|r| r.title.as_deref()).collect();
        let cx = DocCtx {
            segments,
            seg_text,
            titles: &titles,
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
        let fp = fingerprint(segments);
        let built;
        let entry = match index.file(file).filter(|e| e.fingerprint == fp) {
            Some(e) => e,
            None => {
                built = index_entry(segments, seg_text);
                &built
            }
        };
        let cx = WorkspaceCtx {
            index,
            config,
            file,
            entry,
        };
        for r in &ws_rules {
            r.check_workspace(&cx, &mut late);
        }
    }
    for mut d in late {
        if suppressed(seg_of(d.range.start), &d) {
            continue;
        }
        d.severity = sev_of(d.code).unwrap_or(d.severity);
        out.push(d);
    }
    drop(owned);

    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    out
}

/// The index entry (titles, speakers with ranges, bios, affiliations) of one
/// file, for `Index::set_file`.
pub fn index_entry<'a>(
    segments: &'a [Placed],
    seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
) -> FileEntry {
    let mut e = FileEntry {
        fingerprint: fingerprint(segments),
        ..FileEntry::default()
    };
    for (i, p) in segments.iter().enumerate() {
        let seg = &p.seg;
        let Some(title) = seg.head.title else {
            continue;
        };
        let text = seg_text(i);
        let text: &str = &text;
        let talk = e.talks.len();
        let title_s = title.text(text).to_string();
        let bio = seg
            .sections
            .iter()
            .find(|s| s.label() == Some(Label::Bio))
            .and_then(|s| s.inline.or_else(|| s.content.first().map(|c| c.text)))
            .map(|b| excerpt(b.text(text), 200));
        let mut ids = Vec::new();
        for sp in &seg.speakers {
            let affiliation = match sp.source {
                SpeakerSource::Field(k) => seg
                    .sections
                    .get(k as usize)
                    .filter(|s| s.label().is_some_and(|l| !l.is_plural_speaker()))
                    .map(|s| {
                        s.inline
                            .into_iter()
                            .chain(s.content.iter().map(|c| c.text))
                            .filter(|x| !x.is_empty())
                            .skip(1)
                            .map(|x| x.text(text).to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                SpeakerSource::Head => Vec::new(),
            };
            let name = sp.name.text(text).to_string();
            ids.push(e.speakers.len());
            e.speakers.push(SpeakerEntry {
                key: speaker_key(&name),
                name,
                handle: sp.handle.map(|h| h.text(text).to_string()),
                link: sp.link.map(|h| h.text(text).to_string()),
                affiliation,
                bio: bio.clone(),
                talk,
                talk_title: title_s.clone(),
                range: sp.name.abs(p.start),
            });
        }
        e.talks.push(TalkEntry {
            title: title_s,
            range: p.range(),
            title_range: title.abs(p.start),
            speakers: ids,
        });
    }
    e
}

fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => {
            let cut = s[..i].rfind(' ').unwrap_or(i);
            format!("{}…", &s[..cut])
        }
    }
}
