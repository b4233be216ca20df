//! The talk phase of one whole text on every core (the command line's
//! path). Talk rules read one segment each and nothing else, so a big file's
//! segments are linted in parallel, in runs long enough that handing out
//! the work costs little; everything after the talk phase (suppression,
//! document and workspace rules) is `lint_document`'s, unchanged.

use super::cache::{rules_on, talk_phase, SegResult};
use super::{lint_with, Diagnostic};
use crate::index::Index;
use crate::lint::{LintConfig, Scope};
use crate::syntax::SourceText;
use rayon::prelude::*;

/// Below this many bytes a text is linted on one core: splitting it would
/// cost more than it saves (and many small files are already linted in
/// parallel, one per core).
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Segments handed to a core at a time, at least.
const RUN: usize = 64;

/// Each segment's talk-phase result, in order: the same as running
/// `talk_phase` over the segments one by one.
pub(super) fn talk_results(src: SourceText<'_>, config: &LintConfig) -> Vec<SegResult> {
    let rules = rules_on(config, Scope::Talk);
    let segments = src.segments();
    let one = |i: usize| {
        let p = segments.at(i);
        talk_phase(&src.seg_text(i), p.seg, i == 0, config, &rules)
    };
    if src.len_bytes() < PARALLEL_MIN_BYTES {
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
    pub fn of(src: SourceText<'_>, config: &LintConfig) -> TalkPhase {
        TalkPhase(talk_results(src, config))
    }
}

/// Lint a parsed text: what `lint_document` reports for it, with the talk
/// phase run on every core.
pub(crate) fn lint_parsed(
    file: &str,
    src: SourceText<'_>,
    config: &LintConfig,
    index: &Index,
) -> Vec<Diagnostic> {
    let talk = TalkPhase::of(src, config);
    lint_prepared(file, src, config, index, talk)
}

/// [`lint_parsed`] with the talk phase made already (for the same text,
/// segments and configuration).
pub(crate) fn lint_prepared(
    file: &str,
    src: SourceText<'_>,
    config: &LintConfig,
    index: &Index,
    talk: TalkPhase,
) -> Vec<Diagnostic> {
    lint_with(file, src, config, index, None, Some(talk.0))
}
