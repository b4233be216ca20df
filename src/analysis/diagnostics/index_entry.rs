//! A file's lint index entry: its one summary ([`FileSummary`]) and whether
//! it reads as talk notes (the [`Shape`] rule's judgement, which `index`
//! cannot make: it knows no rules).

use crate::index::summary::{file_summary, line_breaks};
use crate::index::{FileEntry, FileSummary};
use crate::lint::rules::not_talk_notes::Shape;
use crate::syntax::SourceText;
use std::sync::Arc;

/// The index entry (titles, speakers with ranges, affiliations) of one
/// file, for `Index::set_file`; its summary is made here, nothing reused,
/// and keeps no more of the file's tree than names its talks
/// ([`FileSummary::without_sections`]: the CLI's index outlives the trees).
pub fn index_entry(src: SourceText<'_>) -> FileEntry {
    let summary = summary_of(src).without_sections();
    entry_of(Arc::new(summary), src)
}

/// A file's whole summary made from its segments, nothing reused.
pub fn summary_of(src: SourceText<'_>) -> FileSummary {
    let segments = src.segments();
    let lines = segment_lines(src);
    // Asked only of talk starts.
    let line_of = |o: usize| {
        let i = segments.partition_point(|p| p.start < o);
        lines.get(i).copied().unwrap_or(0)
    };
    file_summary(src, &line_of, None, &|_| None)
}

/// The index entry of a file whose summary is made already (the language
/// server's: the very summary its catalog holds).
pub fn entry_of(summary: Arc<FileSummary>, src: SourceText<'_>) -> FileEntry {
    FileEntry::new(summary, is_talk_notes(src))
}

/// Whether a file reads as talk notes. One that does not (a blog post, a
/// schedule) has no real titles or speakers: whatever sat where they would
/// must not turn up in `notelint speakers`, completion or other files'
/// speaker checks.
pub fn is_talk_notes(src: SourceText<'_>) -> bool {
    !Shape::of(src).is_not_talk_notes()
}

/// The line each segment starts on, counted from its text (lines end at
/// `\n`, `\r\n` or `\r`; a segment ends at a line's end).
fn segment_lines(src: SourceText<'_>) -> Vec<u32> {
    let mut line = 0u32;
    (0..src.segments().len())
        .map(|i| {
            let at = line;
            let t = src.seg_text(i);
            line += line_breaks(&t, t.len()) as u32;
            at
        })
        .collect()
}
