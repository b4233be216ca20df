//! How each file's one summary, the lint index and the editor's catalog
//! are kept current: what is out of date ([`Stale`]) and the methods of
//! [`State`] that bring it up to date. A file's summary changes in two
//! ways only: an open document's text changed ([`State::text_changed`]:
//! rebuilt lazily, once, by [`State::refresh_summary`]), or a file that is
//! not open was read again or removed ([`State::set_summary`]).

use super::{key_of_path, OpenDoc, State};
use crate::analysis::{entry_of, summary_of};
use crate::index::summary::file_summary;
use crate::index::FileEntry;
use crate::syntax::{parse, SourceText};
use std::collections::HashSet;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use tower_lsp_server::ls_types as lsp;

/// What of a [`State`]'s derived data is out of date. A file has one
/// summary ([`crate::index::FileSummary`]), which changes in one of two
/// ways, each through one method: an open document's text changes
/// ([`State::text_changed`]: the summary is rebuilt lazily, once, when the
/// catalog or the index next reads it), or a file that is not open is read
/// again or goes away ([`State::set_summary`]: the index and the catalog
/// take the new summary at once).
#[derive(Default)]
pub struct Stale {
    /// Open documents whose summary is out of date (rebuilt by
    /// [`State::refresh_summary`] before the catalog or the index reads it).
    pub(super) summary: HashSet<String>,
    /// Open documents edited since the index was last brought up to date
    /// (see [`State::sync_index`]).
    pub(super) edited: HashSet<String>,
    /// Open documents whose entry in the index has the right titles and
    /// speakers but old positions (edits that changed neither). Rebuilt
    /// before the index changes otherwise, so no full lint sees them.
    pub(super) index_positions: HashSet<String>,
    /// The index changed outside an edit (open, close, files on disk,
    /// configuration): every cached lint result is out of date.
    pub(super) index: bool,
    /// Workspace findings of every open document may have changed since
    /// the lint worker last published (or asked pull clients to refresh).
    pub(super) republish_all: bool,
}

impl Stale {
    /// Whether every open document's findings must be published again
    /// (cleared by asking).
    pub fn take_republish_all(&mut self) -> bool {
        std::mem::take(&mut self.republish_all)
    }
}

impl State {
    /// The lint index changed other than through an edit: cached results of
    /// every open document are stale.
    pub(super) fn index_changed(&mut self) {
        self.stale.index = true;
    }

    /// An open document's text changed: its summary is rebuilt when next
    /// read, and its index entry when the index is next settled.
    pub(super) fn text_changed(&mut self, key: &str) {
        self.stale.summary.insert(key.to_string());
        self.stale.edited.insert(key.to_string());
    }

    /// A file that is not open was read again (its index entry, made by
    /// [`summarise`]: the index and the catalog hold its one summary) or is
    /// gone (`None`). Every cached lint result is then stale.
    pub fn set_summary(&mut self, key: &str, entry: Option<FileEntry>) {
        match entry {
            Some(entry) => {
                let summary = Arc::clone(entry.summary());
                self.index.set_file(key, entry);
                self.catalog.files.insert(key.to_string(), summary);
            }
            None => {
                self.index.remove_file(key);
                self.catalog.files.remove(key);
            }
        }
        self.index_changed();
    }

    /// Bring the lint index up to date with every notification received so
    /// far, and drop cached lint results it invalidates. Called before any
    /// lint — by the lint worker and by a pull request alike — so that a
    /// `textDocument/diagnostic` answered before the worker has run still
    /// reflects every edit and open that came before it.
    pub fn sync_index(&mut self) {
        let mut all = std::mem::take(&mut self.stale.index);
        for k in std::mem::take(&mut self.stale.edited) {
            // Titles or speakers changed (or findings elsewhere cite this
            // file): the entry must be rebuilt. Otherwise only positions
            // moved; the entry is marked stale (cheap) and rebuilt before any
            // other index change, so full lints always see current positions.
            if self.index_needs_update(&k) {
                all = true;
            }
            self.stale.index_positions.insert(k);
        }
        if all {
            self.refresh_stale_index();
            self.invalidate_all();
            self.stale.republish_all = true;
            self.generation += 1;
        }
    }

    /// After an edit of `key`: whether its lint index entry must be rebuilt
    /// (and every open document relinted) — its titles or speakers changed,
    /// or findings hold index positions in it. Otherwise only positions
    /// moved: the entry is marked stale, and linting reuses the document and
    /// workspace findings of the last full run (O(touched segments)).
    pub fn index_needs_update(&mut self, key: &str) -> bool {
        if !self.index.files().contains_key(key) {
            return true;
        }
        let cited = self
            .docs
            .iter()
            .any(|(k, d)| k != key && d.cache.cites_index(Some(key)));
        let Some(d) = self.docs.get_mut(key) else {
            return false;
        };
        let OpenDoc {
            doc,
            cache,
            settings,
            ..
        } = d;
        cited
            || cache.cites_index(None)
            || cache.summary_changed(SourceText::document(doc), &settings.lint)
    }

    /// Rebuild the index entries marked stale by [`State::index_needs_update`].
    pub fn refresh_stale_index(&mut self) {
        for k in std::mem::take(&mut self.stale.index_positions) {
            self.update_index(&k);
        }
    }

    /// Refresh the lint index entry of an open document: its current
    /// summary (the catalog's), and whether it reads as talk notes.
    pub fn update_index(&mut self, key: &str) {
        self.stale.index_positions.remove(key);
        self.refresh_summary(key);
        let (Some(d), Some(summary)) = (self.docs.get(key), self.catalog.files.get(key)) else {
            return;
        };
        // Governed by a config that cannot be used: not checked, so its
        // talks count for no other file either (as `check`).
        if self.configs.is_skipped(&d.settings) {
            self.index
                .set_file(key, FileEntry::new(Arc::clone(summary), false));
            return;
        }
        let entry = entry_of(Arc::clone(summary), SourceText::document(&d.doc));
        self.index.set_file(key, entry);
    }

    /// Rebuild an open document's summary if its text changed since it was
    /// made, reusing the summaries of unchanged talks and sharing each
    /// talk's names with the lint cache.
    pub fn refresh_summary(&mut self, key: &str) {
        if !self.stale.summary.remove(key) {
            return;
        }
        let Some(d) = self.docs.get_mut(key) else {
            return;
        };
        let OpenDoc {
            doc,
            cache,
            settings,
            ..
        } = d;
        let src = SourceText::document(doc);
        let rope = doc.rope();
        let line_of = |o: usize| rope.byte_to_line(o.min(rope.len_bytes())) as u32;
        // Updated in place unless the index holds it too (then copied: the
        // index keeps the summary it was last brought up to date with).
        let prev = (self.catalog.files.remove(key))
            .map(|f| Arc::try_unwrap(f).unwrap_or_else(|f| (*f).clone()));
        let summary = cache.with_names(src, &settings.lint, |names_of| {
            file_summary(src, &line_of, prev, names_of)
        });
        self.catalog
            .files
            .insert(key.to_string(), Arc::new(summary));
    }

    /// Bring the catalog's summaries of open documents up to date.
    pub fn refresh_catalog(&mut self) {
        let keys: Vec<String> = self.stale.summary.iter().cloned().collect();
        for key in keys {
            self.refresh_summary(&key);
        }
    }

    /// Read, parse and index a file on disk (unless it is open: the editor's
    /// text wins).
    pub fn index_disk_file(&mut self, path: &Path) {
        let Some(key) = key_of_path(path) else { return };
        if self.docs.contains_key(&key) {
            return;
        }
        // Capped like every note read (`max-file-size`), parsed with the
        // file's own settings.
        let settings = self.configs.for_file(path);
        if self.configs.is_skipped(&settings) {
            // Its config cannot be used: not checked, not indexed.
            self.set_summary(&key, None);
            return;
        }
        let summary = crate::workspace::read::read_note(path, settings.max_file_size)
            .ok()
            .map(|text| summarise(&text, &settings.lint.parse));
        self.set_summary(&key, summary);
    }

    /// Read a file that is not open again (see [`State::index_disk_file`]).
    pub fn reindex(&mut self, key: &str) {
        let path = lsp::Uri::from_str(key)
            .ok()
            .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
        if let Some(p) = path {
            self.index_disk_file(&p);
        }
    }

    pub fn remove_disk_file(&mut self, path: &Path) {
        let Some(key) = key_of_path(path) else { return };
        if self.docs.contains_key(&key) {
            return;
        }
        self.set_summary(&key, None);
    }

    /// Forget cached lint results (the index changed: workspace rules may differ).
    pub fn invalidate_all(&mut self) {
        for d in self.docs.values_mut() {
            d.reported = None;
        }
    }
}

/// A file's index entry (its whole summary, shared with the catalog: a
/// hover reads a talk's bio through its segment), from its text.
pub fn summarise(text: &str, opts: &crate::syntax::ParseOptions) -> FileEntry {
    let tree = parse(text, opts);
    let src = SourceText::new(&tree.segments, text);
    entry_of(Arc::new(summary_of(src)), src)
}
