//! Diagnostics for a file: talk rules (cached per segment), document rules,
//! workspace rules, then suppression comments and severities applied.

use crate::index::{FileEntry, Index};
use crate::lint::{Diagnostic, LintConfig};
use crate::syntax::{parse, Placed};
use std::borrow::Cow;

/// Per-segment cache of talk-rule results, keyed by the segment's `Arc`
/// pointer: a segment an edit did not touch keeps its `Arc`, so its findings
/// are reused and only shifted to its new start.
#[derive(Default)]
pub struct TalkCache {
    _private: (),
}

/// Lint a whole text (the CLI's path). `file` names the file in the index.
pub fn lint_text(file: &str, text: &str, config: &LintConfig, index: &Index) -> Vec<Diagnostic> {
    let tree = parse(text, &config.parse);
    let seg_text = |i: usize| -> Cow<'_, str> { Cow::Borrowed(&text[tree.segments[i].range()]) };
    lint_document(file, &tree.segments, &seg_text, config, index, None)
}

/// Lint one document given its segments (the LSP's path: rope slices).
/// Returns diagnostics with absolute byte ranges, sorted by position.
pub fn lint_document<'a>(
    _file: &str,
    _segments: &'a [Placed],
    _seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
    _config: &LintConfig,
    _index: &Index,
    _cache: Option<&mut TalkCache>,
) -> Vec<Diagnostic> {
    Vec::new()
}

/// The index entry (titles, speakers with ranges, bios, affiliations) of one
/// file, for `Index::set_file`.
pub fn index_entry<'a>(
    _segments: &'a [Placed],
    _seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
) -> FileEntry {
    FileEntry::default()
}
