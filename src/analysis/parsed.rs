//! [`ParsedFile`]: a file's text and its tree, parsed once. What the CLI
//! holds of a file from reading it to rendering its findings, and how it
//! asks the engine about it (its index entry, its findings) without
//! passing a `(segments, seg_text)` closure pair around.

use super::diagnostics::{index_entry, lint_prepared, TalkPhase};
use crate::index::FileEntry;
use crate::lint::{Diagnostic, LintConfig};
use crate::syntax::parse::{parse_segments, segment_cuts};
use crate::syntax::{parse, ParseOptions, Segments, Tree};
use rayon::prelude::*;
use std::borrow::Cow;

/// From this size on a text is parsed, and its talk phase run, in pieces
/// on every core; smaller ones are parsed and linted one per core (a run
/// of many small files keeps every core busy already).
pub const BIG_FILE_BYTES: usize = 1 << 20;

/// A text and its tree (borrowed or owned text).
pub struct ParsedFile<'t> {
    text: Cow<'t, str>,
    tree: Tree,
}

impl<'t> ParsedFile<'t> {
    /// Parse `text`; a big one in pieces on every core (the same tree).
    pub fn parse(text: impl Into<Cow<'t, str>>, opts: &ParseOptions) -> ParsedFile<'t> {
        let text = text.into();
        let tree = parse_big(&text, opts);
        ParsedFile { text, tree }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text.into_owned()
    }

    pub fn is_big(&self) -> bool {
        self.text.len() >= BIG_FILE_BYTES
    }

    pub fn segments(&self) -> &Segments {
        &self.tree.segments
    }

    /// The text of segment `i` ("" past the end).
    pub fn seg_text(&self, i: usize) -> Cow<'_, str> {
        Cow::Borrowed(
            self.text
                .get(self.tree.segments.at(i).range())
                .unwrap_or(""),
        )
    }

    /// Its entry in the lint index: its summary (without sections: the
    /// entry outlives the tree) and whether it reads as talk notes.
    pub fn index_entry(&self) -> FileEntry {
        let st = |i: usize| self.seg_text(i);
        index_entry(&self.tree.segments, &st)
    }

    /// Its talk phase (talk rules per segment, on every core), which needs
    /// no index: it can run beside the taking of index entries.
    pub fn talk_phase(&self, config: &LintConfig) -> TalkPhase {
        TalkPhase::of(&self.text, &self.tree.segments, config)
    }

    /// Its findings against `index` (`talk`: its talk phase when already
    /// run, see [`ParsedFile::talk_phase`]).
    pub fn lint(
        &self,
        name: &str,
        config: &LintConfig,
        index: &crate::index::Index,
        talk: Option<TalkPhase>,
    ) -> Vec<Diagnostic> {
        let talk = talk.unwrap_or_else(|| self.talk_phase(config));
        lint_prepared(name, &self.text, &self.tree.segments, config, index, talk)
    }
}

/// Parse a text, a big one in pieces on every core (the same tree).
pub(super) fn parse_big(text: &str, opts: &ParseOptions) -> Tree {
    if text.len() < BIG_FILE_BYTES {
        return parse(text, opts);
    }
    // Several pieces per core, so that a core that is busy elsewhere
    // (another file) holds up little.
    let mut cuts = segment_cuts(text, rayon::current_num_threads() * 8, opts);
    cuts.push(text.len());
    let parts: Vec<Vec<_>> = cuts
        .par_windows(2)
        .map(|w| parse_segments(&text[w[0]..w[1]], w[0], w[0] == 0, opts))
        .collect();
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for p in parts {
        all.extend(p);
    }
    Tree {
        segments: Segments::from_vec(all),
    }
}
