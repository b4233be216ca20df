//! The talk phase of one whole text on every core (the command line's
//! path). Talk rules read one segment each and nothing else, so a big file's
//! segments are linted in parallel, in runs long enough that handing out
//! the work costs little; everything after the talk phase (suppression,
//! document and workspace rules) is `lint_document`'s, unchanged.

use super::cache::{rules_on, talk_phase, SegResult};
use super::{lint_with, Diagnostic};
use crate::index::Index;
use crate::lint::{LintConfig, Scope};
use crate::syntax::Segments;
use rayon::prelude::*;
use std::borrow::Cow;

/// Below this many bytes a text is linted on one core: splitting it would
/// cost more than it saves (and many small files are already linted in
/// parallel, one per core).
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Segments handed to a core at a time, at least.
const RUN: usize = 64;

/// Each segment's talk-phase result, in order: the same as running
/// `talk_phase` over the segments one by one.
pub(super) fn talk_results(text: &str, segments: &Segments, config: &LintConfig) -> Vec<SegResult> {
    let rules = rules_on(config, Scope::Talk);
    let one = |i: usize| {
        let p = segments.at(i);
        let t = text.get(p.range()).unwrap_or("");
        talk_phase(t, p.seg, i == 0, config, &rules)
    };
    if text.len() < PARALLEL_MIN_BYTES {
        (0..segments.len()).map(one).collect()
    } else {
        (0..segments.len())
            .into_par_iter()
            .with_min_len(RUN)
            .map(one)
            .collect()
    }
}

/// A text's talk phase, made ahead of linting it ([`lint_prepared`]): talk
/// rules read no other file, so this can run before the index of every
/// file is built, beside other work.
pub struct TalkPhase(Vec<SegResult>);

impl TalkPhase {
    /// The talk phase of `text` (parsed into `segments`), a big text's on
    /// every core.
    pub fn of(text: &str, segments: &Segments, config: &LintConfig) -> TalkPhase {
        TalkPhase(talk_results(text, segments, config))
    }
}

/// Lint a parsed text: what `lint_document` reports for it, with the talk
/// phase run on every core.
pub(crate) fn lint_parsed(
    file: &str,
    text: &str,
    segments: &Segments,
    config: &LintConfig,
    index: &Index,
) -> Vec<Diagnostic> {
    let talk = TalkPhase::of(text, segments, config);
    lint_prepared(file, text, segments, config, index, talk)
}

/// [`lint_parsed`] with the talk phase made already (for the same text,
/// segments and configuration).
pub(crate) fn lint_prepared(
    file: &str,
    text: &str,
    segments: &Segments,
    config: &LintConfig,
    index: &Index,
    talk: TalkPhase,
) -> Vec<Diagnostic> {
    let seg_text = |i: usize| -> Cow<'_, str> {
        Cow::Borrowed(text.get(segments.at(i).range()).unwrap_or(""))
    };
    lint_with(file, segments, &seg_text, config, index, None, Some(talk.0))
}
