//! The server's state: open documents, each file's summary (read by the
//! lint index and the editor's catalog), configuration. Guarded by one `std::sync::Mutex`; every
//! handler takes it briefly and never across an `.await`.

use super::convert;
use super::indexing::IndexBounds;
use super::settings::Resolver;
use crate::analysis::diagnostics::lint_parts;
use crate::analysis::ide::Catalog;
use crate::analysis::{entry_of, summary_of, TalkCache};
use crate::index::summary::file_summary;
use crate::index::{FileEntry, Index};
use crate::lint::Diagnostic;
use crate::syntax::pos::Encoding;
use crate::syntax::{parse, Document};
use crate::workspace::Settings;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use tower_lsp_server::ls_types as lsp;

pub struct OpenDoc {
    pub doc: Document,
    pub version: i32,
    pub cache: TalkCache,
    /// Its diagnostics as sent to the client, kept per talk.
    pub report: super::report::ReportCache,
    /// The version `report` is current for; `None` once the index or the
    /// configuration changed.
    pub reported: Option<i32>,
    /// Outline entries of unchanged talks.
    pub symbols: super::symbols::SymbolCache,
    /// The settings this document is linted with (its nearest
    /// `notelint.toml`, as `check` resolves it).
    pub settings: Arc<Settings>,
    /// The semantic tokens last sent in full, for `full/delta`.
    pub tokens: super::handlers::presentation::SentTokens,
}

pub struct State {
    pub enc: Encoding,
    pub roots: Vec<PathBuf>,
    /// Settings per file, resolved as `check` does.
    pub configs: Resolver,
    /// Bumped whenever the workspace is indexed afresh, so a slower run
    /// started before a configuration change does not write into the index.
    pub index_gen: u64,
    pub docs: HashMap<String, OpenDoc>,
    /// What the lint engine's workspace rules see: each file's summary as
    /// of the last time the index was brought up to date ([`State::settle`]).
    pub index: Index,
    /// What completion, hover, references and rename see: each file's
    /// current summary (for a file that is not open, the very one the index
    /// holds).
    pub catalog: Catalog,
    /// What of `index` and `catalog` is out of date.
    pub stale: Stale,
    /// `initializationOptions.configPath`, when the client sent one.
    pub config_path: Option<PathBuf>,
    /// `notelint.configPath` from the client's settings; wins over
    /// `config_path` while set.
    pub settings_config_path: Option<PathBuf>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): do not also
    /// push them, or clients that use both show every finding twice.
    pub pull: bool,
    /// The client accepts `workspace/diagnostic/refresh`.
    pub refresh: bool,
    /// How much of the workspace is indexed: `initializationOptions`,
    /// overridden by the client's settings while they name a bound.
    pub init_index_bounds: IndexBounds,
    pub index_bounds: IndexBounds,
    /// Problems with the client's settings not yet shown to the user.
    pub setting_problems: Vec<String>,
    /// Bumped whenever state shared by every note's findings changes (the
    /// lint index, the configuration): part of each pulled result id (see
    /// `pull`).
    pub generation: u64,
    /// The generation pull clients were last asked to refresh for.
    pub refreshed: u64,
    /// The diagnostics published on config files that cannot be used.
    pub config_diags: HashMap<lsp::Uri, Vec<lsp::Diagnostic>>,
}

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
    summary: HashSet<String>,
    /// Open documents edited since the index was last brought up to date
    /// (see [`State::settle`]).
    edited: HashSet<String>,
    /// Open documents whose entry in the index has the right titles and
    /// speakers but old positions (edits that changed neither). Rebuilt
    /// before the index changes otherwise, so no full lint sees them.
    index_positions: HashSet<String>,
    /// The index changed outside an edit (open, close, files on disk,
    /// configuration): every cached lint result is out of date.
    index: bool,
    /// Workspace findings of every open document may have changed since
    /// the lint worker last published (or asked pull clients to refresh).
    republish_all: bool,
}

impl Stale {
    /// Whether every open document's findings must be published again
    /// (cleared by asking).
    pub fn take_republish_all(&mut self) -> bool {
        std::mem::take(&mut self.republish_all)
    }
}

/// The key of a document in the indexes: its URI, normalised through the
/// file path for `file:` URIs so the same file opened and found on disk
/// has one key.
pub fn key(uri: &lsp::Uri) -> String {
    if uri.scheme().as_str().eq_ignore_ascii_case("file") {
        if let Some(p) = uri.to_file_path() {
            if let Some(u) = lsp::Uri::from_file_path(p) {
                return u.to_string();
            }
        }
    }
    uri.to_string()
}

pub fn key_of_path(p: &Path) -> Option<String> {
    lsp::Uri::from_file_path(p).map(|u| u.to_string())
}

impl State {
    pub fn new() -> State {
        State {
            enc: Encoding::Utf16,
            roots: Vec::new(),
            configs: Resolver::new(&[], None),
            index_gen: 0,
            docs: HashMap::new(),
            index: Index::default(),
            catalog: Catalog::default(),
            stale: Stale::default(),
            config_path: None,
            settings_config_path: None,
            pull: false,
            refresh: false,
            init_index_bounds: IndexBounds::default(),
            index_bounds: IndexBounds::default(),
            setting_problems: Vec::new(),
            generation: 0,
            refreshed: 0,
            config_diags: Default::default(),
        }
    }

    /// Open a document; returns whether its index entry changed (then
    /// workspace rules may have changed for every other open document).
    pub fn open(&mut self, key: String, text: String, version: i32) -> bool {
        let before = self.index.file(&key).cloned();
        let settings = self.configs.for_key(&key);
        let doc = Document::new(&text, settings.lint.parse.clone());
        // The rope has it now: not held while the talks are linted for the
        // index (it would raise the open's peak memory by the file's size).
        drop(text);
        self.docs.insert(
            key.clone(),
            OpenDoc {
                doc,
                version,
                cache: TalkCache::lean(),
                report: Default::default(),
                reported: None,
                symbols: Default::default(),
                settings,
                tokens: Default::default(),
            },
        );
        self.stale.summary.insert(key.clone());
        self.update_index(&key);
        let changed = self.index.file(&key) != before.as_ref();
        if changed {
            self.index_changed();
        }
        changed
    }

    /// The lint index changed other than through an edit: cached results of
    /// every open document are stale.
    fn index_changed(&mut self) {
        self.stale.index = true;
    }

    /// An open document's text changed: its summary is rebuilt when next
    /// read, and its index entry when the index is next settled.
    fn text_changed(&mut self, key: &str) {
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
    pub fn settle(&mut self) {
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

    /// Apply content changes in order. A version not above the current one
    /// is stale and ignored (returns an explanation for the log).
    pub fn change(
        &mut self,
        key: &str,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
    ) -> Result<(), String> {
        let enc = self.enc;
        let Some(d) = self.docs.get_mut(key) else {
            return Err(format!("didChange for a document that is not open: {key}"));
        };
        if version <= d.version {
            return Err(format!(
                "stale didChange for {key}: version {version} after {}",
                d.version
            ));
        }
        for c in changes {
            match c.range {
                Some(r) => {
                    let br = convert::byte_range(d.doc.rope(), r, enc);
                    d.doc.edit(br, &c.text);
                }
                None => {
                    d.doc = Document::new(&c.text, d.doc.options().clone());
                    d.cache = TalkCache::lean();
                }
            }
        }
        d.version = version;
        self.text_changed(key);
        Ok(())
    }

    /// Re-parse a document from its rope (after a failed edit).
    pub fn rebuild(&mut self, key: &str, version: i32) {
        if let Some(d) = self.docs.get_mut(key) {
            d.doc = Document::new(&d.doc.text(), d.doc.options().clone());
            d.cache = TalkCache::lean();
            d.reported = None;
            d.version = d.version.max(version);
        }
        self.text_changed(key);
    }

    pub fn close(&mut self, key: &str) {
        self.docs.remove(key);
        self.stale.summary.remove(key);
        self.stale.index_positions.remove(key);
        self.stale.edited.remove(key);
        self.index_changed();
        // The file goes back to what is on disk (or out of the index).
        let path = lsp::Uri::from_str(key)
            .ok()
            .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
        match path {
            Some(p) if p.is_file() && self.configs.is_note_file(&p) => self.index_disk_file(&p),
            _ => self.set_summary(key, None),
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
        let segs = doc.segments();
        let seg_text = |i: usize| doc.slice(segs.at(i).range());
        cited || cache.cites_index(None) || cache.summary_changed(segs, &seg_text, &settings.lint)
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
        let segs = d.doc.segments();
        let seg_text = |i: usize| d.doc.slice(segs.at(i).range());
        let entry = entry_of(Arc::clone(summary), segs, &seg_text);
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
        let segs = doc.segments();
        let seg_text = |i: usize| doc.slice(segs.at(i).range());
        let rope = doc.rope();
        let line_of = |o: usize| rope.byte_to_line(o.min(rope.len_bytes())) as u32;
        // Updated in place unless the index holds it too (then copied: the
        // index keeps the summary it was last brought up to date with).
        let prev = (self.catalog.files.remove(key))
            .map(|f| Arc::try_unwrap(f).unwrap_or_else(|f| (*f).clone()));
        let summary = cache.with_names(segs, &seg_text, &settings.lint, |names_of| {
            file_summary(segs, &seg_text, &line_of, prev, names_of)
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

    /// The outline of an open document: each talk's `DocumentSymbol` as
    /// JSON (see `symbols.rs`); `None` for a document that is not open.
    /// The file's summary gives each talk's line, kept current
    /// incrementally.
    pub fn outline(&mut self, key: &str) -> Option<super::symbols::Outline> {
        if !self.docs.contains_key(key) {
            return None;
        }
        self.refresh_summary(key);
        let talks = self
            .catalog
            .files
            .get(key)
            .map_or(&[][..], |f| &f.talks[..]);
        let d = self.docs.get_mut(key)?;
        Some(super::symbols::outline(
            &d.doc,
            talks,
            self.enc,
            &mut d.symbols,
        ))
    }

    /// Prepare what an editor asks for right after opening a document, so
    /// its first request does not pay for it: the summary and the
    /// outline (done once the first diagnostics are out).
    pub fn warm(&mut self, key: &str) {
        self.outline(key);
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

    /// `bytes` of a workspace file's text: from the editor when it is open,
    /// else read from the disk (a hover's bio excerpt is read only when
    /// shown, so no summary keeps it). `None` when the file cannot be read
    /// or is shorter.
    pub fn file_text(&self, key: &str, bytes: std::ops::Range<usize>) -> Option<String> {
        if let Some(d) = self.docs.get(key) {
            let ok = bytes.end <= d.doc.len();
            return ok.then(|| d.doc.slice(bytes).into_owned());
        }
        let path = lsp::Uri::from_str(key)
            .ok()?
            .to_file_path()
            .map(|p| p.into_owned())?;
        let max = self.configs.for_file(&path).max_file_size;
        let text = crate::workspace::read::read_note(&path, max).ok()?;
        text.get(bytes).map(str::to_string)
    }

    /// A file's text as it is now and its parse options (its own
    /// settings): the editor's copy when it is open, else read from the
    /// disk again (it may have changed since it was summarised). `None`
    /// when it cannot be read.
    pub fn source(&self, key: &str) -> Option<crate::analysis::ide::rename::Source> {
        let settings = self.configs.for_key(key);
        let text = match self.docs.get(key) {
            Some(d) => d.doc.text(),
            None => {
                let path = lsp::Uri::from_str(key).ok()?.to_file_path()?.into_owned();
                crate::workspace::read::read_note(&path, settings.max_file_size).ok()?
            }
        };
        Some(crate::analysis::ide::rename::Source {
            text,
            opts: settings.lint.parse.clone(),
        })
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

    /// The findings of an open document's talks that overlap `bytes`
    /// (a code action's range).
    pub fn findings_around(&mut self, key: &str, bytes: Range<usize>) -> Option<Vec<Diagnostic>> {
        self.with_parts(key, |_, _, parts| parts.around(bytes))
    }

    /// `f` given the state, the document and its findings by talk
    /// ([`lint_parts`], through the document's cache), after the index is
    /// settled.
    fn with_parts<R>(
        &mut self,
        key: &str,
        f: impl FnOnce(&State, &OpenDoc, &crate::analysis::diagnostics::Parts<'_>) -> R,
    ) -> Option<R> {
        self.settle();
        // The cache is taken out while the rest of the state is read
        // (related places look at other documents).
        let mut cache = std::mem::take(&mut self.docs.get_mut(key)?.cache);
        let out = {
            let d = self.docs.get(key)?;
            let segs = d.doc.segments();
            let doc = &d.doc;
            let seg_text = |i: usize| doc.slice(segs.at(i).range());
            let parts = lint_parts(
                key,
                segs,
                &seg_text,
                &d.settings.lint,
                &self.index,
                &mut cache,
            );
            f(self, d, &parts)
        };
        if let Some(d) = self.docs.get_mut(key) {
            d.cache = cache;
        }
        Some(out)
    }

    /// An open document's diagnostics as the client gets them (see
    /// `report`), for its current version, and that version.
    pub fn report(&mut self, key: &str, uri: &lsp::Uri) -> Option<(i32, super::report::Report)> {
        self.settle();
        let d = self.docs.get_mut(key)?;
        if d.reported == Some(d.version) {
            return Some((d.version, d.report.current()));
        }
        let mut rc = std::mem::take(&mut d.report);
        let enc = self.enc;
        let out = self.with_parts(key, |s, d, parts| {
            let related = |file: &str, r: &Range<usize>| s.related_loc(file, r);
            let cx = super::report::Context {
                doc: &d.doc,
                uri,
                enc,
                related: &related,
            };
            (d.version, rc.update(parts, &cx))
        });
        let d = self.docs.get_mut(key)?;
        d.report = rc;
        d.reported = out.as_ref().map(|o| o.0);
        out
    }

    /// The `publishDiagnostics` frame of an open document, written from its
    /// report on the way out.
    pub fn publish_frame(
        &mut self,
        key: &str,
        uri: &lsp::Uri,
    ) -> Option<super::transport::outbox::Frame> {
        let (version, report) = self.report(key, uri)?;
        Some(super::transport::outbox::publish_report(
            uri,
            Some(version),
            Box::new(report),
        ))
    }

    /// A range in another file: through its open text, else its summary in
    /// the index (what workspace rules point at).
    pub fn related_loc(&self, file: &str, r: &Range<usize>) -> Option<(lsp::Uri, lsp::Range)> {
        let uri = lsp::Uri::from_str(file).ok()?;
        if let Some(d) = self.docs.get(file) {
            return Some((uri, convert::range(d.doc.rope(), r, self.enc)));
        }
        let ft = self.index.file(file)?.summary();
        for t in &ft.talks {
            let candidates = std::iter::once(t.title_loc(file))
                .chain(t.info.speakers().map(|s| t.speaker_loc(file, &s)));
            for loc in candidates {
                if loc.bytes.start <= r.start && r.start <= loc.bytes.end {
                    return Some((uri, convert::loc_range(&loc, self.enc)));
                }
            }
        }
        None
    }

    /// Read the configuration afresh (every `notelint.toml` and roster
    /// may have changed) and give each open document its settings again.
    /// Files on disk are re-read by the caller (`index_workspace`).
    pub fn reload_config(&mut self) {
        let explicit = self
            .settings_config_path
            .as_ref()
            .or(self.config_path.as_ref());
        self.configs = Resolver::new(&self.roots, explicit.map(|p| p.as_path()));
        let keys: Vec<String> = self.docs.keys().cloned().collect();
        for k in keys {
            let settings = self.configs.for_key(&k);
            if let Some(d) = self.docs.get_mut(&k) {
                if d.doc.options() != &settings.lint.parse {
                    d.doc.set_options(settings.lint.parse.clone());
                }
                d.settings = settings;
                d.cache = TalkCache::lean();
                d.reported = None;
            }
            self.stale.summary.insert(k.clone());
            self.update_index(&k);
        }
        self.catalog.roster = self.configs.roster();
        self.index_changed();
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
    let seg_text = |i: usize| Cow::Borrowed(&text[tree.segments.at(i).range()]);
    let summary = summary_of(&tree.segments, &seg_text);
    entry_of(Arc::new(summary), &tree.segments, &seg_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An open file's summary is made once: the index and the catalog hold
    /// the same one (its talk names those of the lint cache), also after an
    /// edit that changes a title.
    #[test]
    fn an_open_files_summary_is_shared() {
        let mut s = State::new();
        let key = "file:///a.talk".to_string();
        let text = " One\nby Ann Lee\n\n Two\nby Bo Li\n";
        s.open(key.clone(), text.to_string(), 1);
        let check = |s: &mut State, titles: [&str; 2]| {
            s.refresh_catalog();
            let entry = s.index.file(&key).unwrap();
            assert!(Arc::ptr_eq(entry.summary(), &s.catalog.files[&key]));
            let got: Vec<&str> = entry.talks().iter().map(|t| t.title()).collect();
            assert_eq!(got, titles);
            let sp: Vec<_> = entry.speakers().collect();
            assert_eq!(sp[1].name(), "Bo Li");
        };
        check(&mut s, ["One", "Two"]);
        let edit = lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range::new(
                lsp::Position::new(3, 4),
                lsp::Position::new(3, 4),
            )),
            range_length: None,
            text: "!".into(),
        };
        s.change(&key, 2, vec![edit]).unwrap();
        s.settle();
        check(&mut s, ["One", "Two!"]);
    }
}
