//! The server's state: open documents, each file's summary (read by the
//! lint index and the editor's catalog), configuration. Guarded by one `std::sync::Mutex`; every
//! handler takes it briefly and never across an `.await`.

mod summaries;

pub use summaries::{summarise, Stale};

use super::convert;
use super::indexing::IndexBounds;
use super::settings::Resolver;
use crate::analysis::diagnostics::lint_parts;
use crate::analysis::ide::Catalog;
use crate::analysis::TalkCache;
use crate::index::Index;
use crate::lint::Diagnostic;
use crate::syntax::pos::Encoding;
use crate::syntax::{Document, SourceText};
use crate::workspace::Settings;
use std::collections::HashMap;
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
    /// of the last time the index was brought up to date ([`State::sync_index`]).
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

    /// The outline of an open document by the reference encoding (see
    /// `wire`), for an answer tower-lsp serialises.
    pub fn document_symbols(&mut self, key: &str) -> Option<Vec<lsp::DocumentSymbol>> {
        let d = self.docs.get(key)?;
        Some(super::wire::outline::document_symbols(&d.doc, self.enc))
    }

    /// Prepare what an editor asks for right after opening a document, so
    /// its first request does not pay for it: the summary and the
    /// outline (done once the first diagnostics are out).
    pub fn warm(&mut self, key: &str) {
        self.outline(key);
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
        self.sync_index();
        // The cache is taken out while the rest of the state is read
        // (related places look at other documents).
        let mut cache = std::mem::take(&mut self.docs.get_mut(key)?.cache);
        let out = {
            let d = self.docs.get(key)?;
            let src = SourceText::document(&d.doc);
            let parts = lint_parts(key, src, &d.settings.lint, &self.index, &mut cache);
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
        self.sync_index();
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
        Some(super::wire::publish_report(
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
        s.sync_index();
        check(&mut s, ["One", "Two!"]);
    }
}
