//! The one way the CLI builds the lint index: each file parsed
//! ([`ParsedFile`]) and its entry taken, in parallel, then the entries
//! gathered into one [`Index`]. `check`, `--fix`, `--diff`, stdin and
//! `speakers` all go through here.

use crate::analysis::ParsedFile;
use crate::index::{FileEntry, Index};
use crate::syntax::ParseOptions;
use rayon::prelude::*;

/// The index of entries already taken (`distance`: the speaker-similarity
/// distance, when a command sets one).
pub fn index_of<'a>(
    entries: impl IntoIterator<Item = (&'a str, FileEntry)>,
    distance: Option<usize>,
) -> Index {
    let mut index = Index::default();
    if let Some(d) = distance {
        index.set_speaker_distance(d);
    }
    for (name, entry) in entries {
        index.set_file(name, entry);
    }
    index
}

/// The index of `files` (name, text, parse options): each parsed and its
/// entry taken on every core.
pub fn index_texts<'a>(
    files: impl IntoParallelIterator<Item = (&'a str, &'a str, &'a ParseOptions)>,
    distance: Option<usize>,
) -> Index {
    let entries: Vec<(&str, FileEntry)> = files
        .into_par_iter()
        .map(|(name, text, opts)| (name, ParsedFile::parse(text, opts).index_entry()))
        .collect();
    index_of(entries, distance)
}
