//! [`Host`]: the one owner of each file's life in a run of the command
//! line — its text, its tree, its entry in the lint index, its settings and
//! its revision. It changes only through [`Host::apply`] (a batch of
//! [`Change`]s, parsed on every core) and is asked through
//! [`Host::snapshot`] (findings, fixes, the index), so `check`, `--fix`,
//! `--diff`, stdin and `speakers` hold no index or tree of their own and
//! cannot build one differently.
//!
//! The language server keeps its own state (ropes, per-talk caches,
//! rendered reports) for now; docs/architecture.md says how far the host
//! has come and what is next.

use super::diagnostics::{index_entry, lint_prepared, TalkPhase};
use super::fix::{fix_all, Fixed};
use super::parsed::parse_big;
use crate::index::{FileEntry, Index};
use crate::lint::Diagnostic;
use crate::syntax::{SourceText, Tree};
use crate::workspace::Settings;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// One change to the host.
pub enum Change {
    /// A file's text (new, or replacing what the host held), with the
    /// settings it is checked under.
    Set {
        name: String,
        text: Arc<String>,
        settings: Arc<Settings>,
    },
    /// A file is gone.
    Remove { name: String },
}

/// What the host holds of one file.
struct Record {
    text: Arc<String>,
    /// `None` in a host that keeps no trees ([`Host::index_only`],
    /// [`Host::keep_trees`]) and once [`Host::lint_all`] has linted the
    /// file: it is parsed again when asked for.
    tree: Option<Tree>,
    settings: Arc<Settings>,
    /// The host's revision when this text was set: it names the text.
    revision: u64,
    /// A big file's talk phase, made beside its index entry (talk rules
    /// need no index), taken by its first lint.
    talk: Mutex<Option<TalkPhase>>,
}

/// Every file of a run, and the lint index of all of them.
pub struct Host {
    files: BTreeMap<String, Record>,
    index: Index,
    revision: u64,
    keep_trees: bool,
}

impl Default for Host {
    fn default() -> Host {
        Host::new()
    }
}

impl Host {
    /// A host that keeps each file's tree for the questions asked of it.
    pub fn new() -> Host {
        Host {
            files: BTreeMap::new(),
            index: Index::default(),
            revision: 0,
            keep_trees: true,
        }
    }

    /// A host for questions about the index only (`speakers`): each tree is
    /// dropped once its entry is taken, so a big workspace is not held
    /// parsed in memory.
    pub fn index_only() -> Host {
        Host {
            keep_trees: false,
            ..Host::new()
        }
    }

    /// Whether texts set from now on keep their trees until linted (the
    /// default) or drop them once their entries are taken (`--fix` sets
    /// many texts at once and lints them all again: holding every tree
    /// between the two cost more memory than parsing again saves time).
    pub fn keep_trees(&mut self, keep: bool) {
        self.keep_trees = keep;
    }

    /// How far apart two spellings of a speaker may be to be "similar".
    pub fn set_speaker_distance(&mut self, d: usize) {
        self.index.set_speaker_distance(d);
    }

    /// Apply `changes` in order: texts set are parsed and their index
    /// entries taken on every core, then the index is brought up to date.
    /// A name changed twice in one batch ends with the later change.
    pub fn apply(&mut self, changes: Vec<Change>) {
        let keep = self.keep_trees;
        let made: Vec<(String, Option<(Record, FileEntry)>)> = changes
            .into_par_iter()
            .map(|c| match c {
                Change::Set {
                    name,
                    text,
                    settings,
                } => {
                    let made = record(text, settings, keep);
                    (name, Some(made))
                }
                Change::Remove { name } => (name, None),
            })
            .collect();
        for (name, made) in made {
            self.revision += 1;
            match made {
                Some((mut r, entry)) => {
                    r.revision = self.revision;
                    self.index.set_file(&name, entry);
                    self.files.insert(name, r);
                }
                None => {
                    self.files.remove(&name);
                    self.index.remove_file(&name);
                }
            }
        }
    }

    /// Every file's findings against the index, in name order, linted on
    /// every core. Each file's tree is dropped as soon as its findings are
    /// made, so a run over many files holds about one tree per core while
    /// linting, not one per file; a later question parses again.
    pub fn lint_all(&mut self) -> Vec<Linted<'_>> {
        let index = &self.index;
        let records: Vec<(&String, &mut Record)> = self.files.iter_mut().collect();
        records
            .into_par_iter()
            .map(|(name, r)| {
                let diagnostics = lint_record(name, r, index);
                r.tree = None;
                let r: &Record = r;
                Linted {
                    name,
                    text: &r.text,
                    settings: &r.settings,
                    diagnostics,
                }
            })
            .collect()
    }

    /// What the host knows now.
    pub fn snapshot(&self) -> Snapshot<'_> {
        Snapshot { host: self }
    }
}

/// Parse `text` and take its index entry (and a big file's talk phase,
/// beside it).
fn record(text: Arc<String>, settings: Arc<Settings>, keep_tree: bool) -> (Record, FileEntry) {
    let tree = parse_big(&text, &settings.lint.parse);
    let big = text.len() >= super::BIG_FILE_BYTES;
    let entry_of = || index_entry(SourceText::new(&tree.segments, &text));
    let (entry, talk) = if big && keep_tree {
        let (e, t) = rayon::join(entry_of, || {
            TalkPhase::of(SourceText::new(&tree.segments, &text), &settings.lint)
        });
        (e, Some(t))
    } else {
        (entry_of(), None)
    };
    let r = Record {
        tree: keep_tree.then_some(tree),
        text,
        settings,
        revision: 0,
        talk: Mutex::new(talk),
    };
    (r, entry)
}

/// A file's findings: from its tree, or a fresh parse when the host keeps
/// none; its talk phase is the one made beside its entry, if any.
fn lint_record(name: &str, r: &Record, index: &Index) -> Vec<Diagnostic> {
    let lint = &r.settings.lint;
    let owned;
    let tree = match &r.tree {
        Some(t) => t,
        None => {
            owned = parse_big(&r.text, &lint.parse);
            &owned
        }
    };
    let talk = r.talk.lock().ok().and_then(|mut t| t.take());
    let src = SourceText::new(&tree.segments, &r.text);
    let talk = talk.unwrap_or_else(|| TalkPhase::of(src, lint));
    lint_prepared(name, src, lint, index, talk)
}

/// One file's findings, as [`Host::lint_all`] gives them.
pub struct Linted<'h> {
    pub name: &'h str,
    pub text: &'h Arc<String>,
    pub settings: &'h Arc<Settings>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Questions to the host, answered from what it holds.
#[derive(Clone, Copy)]
pub struct Snapshot<'h> {
    host: &'h Host,
}

impl<'h> Snapshot<'h> {
    /// The lint index of every file.
    pub fn index(&self) -> &'h Index {
        &self.host.index
    }

    /// The files, in name order.
    pub fn files(&self) -> impl Iterator<Item = &'h str> {
        self.host.files.keys().map(String::as_str)
    }

    /// A file's text, shared.
    pub fn text(&self, name: &str) -> Option<&'h Arc<String>> {
        self.host.files.get(name).map(|r| &r.text)
    }

    /// The settings a file is checked under.
    pub fn settings(&self, name: &str) -> Option<&'h Arc<Settings>> {
        self.host.files.get(name).map(|r| &r.settings)
    }

    /// The host's revision when the file's text was set (a later text has a
    /// higher one).
    pub fn revision(&self, name: &str) -> Option<u64> {
        self.host.files.get(name).map(|r| r.revision)
    }

    /// A file's findings against the index of every file, sorted by
    /// position; `None` for a file the host does not hold.
    pub fn diagnostics(&self, name: &str) -> Option<Vec<Diagnostic>> {
        let r = self.host.files.get(name)?;
        Some(lint_record(name, r, &self.host.index))
    }

    /// A file's text with every fix applied that `check --fix` applies
    /// (safe ones, or unsafe ones too), computed against the index as it
    /// is; `None` for a file the host does not hold.
    pub fn fixed(&self, name: &str, unsafe_fixes: bool) -> Option<Fixed> {
        let r = self.host.files.get(name)?;
        let config = &r.settings.lint;
        Some(fix_all(
            name,
            &r.text,
            config,
            &self.host.index,
            unsafe_fixes,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: &str, text: &str) -> Change {
        Change::Set {
            name: name.into(),
            text: Arc::new(text.into()),
            settings: Arc::new(Settings::defaults(std::path::Path::new("."))),
        }
    }

    fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
        d.iter().map(|d| d.code).collect()
    }

    /// The findings of a file depend on the other files through the index:
    /// the host keeps it current as texts are set and removed.
    #[test]
    fn the_index_follows_every_change() {
        let dup = crate::lint::rules::duplicate_title::META.code;
        let mut h = Host::new();
        h.apply(vec![
            set("a.talk", " Same title\nby Ann Lee\n"),
            set("b.talk", " Same title\nby Bo Chen\n"),
        ]);
        let s = h.snapshot();
        assert!(codes(&s.diagnostics("a.talk").unwrap()).contains(&dup));
        let rev = s.revision("a.talk").unwrap();
        h.apply(vec![Change::Remove {
            name: "b.talk".into(),
        }]);
        let s = h.snapshot();
        assert!(!codes(&s.diagnostics("a.talk").unwrap()).contains(&dup));
        assert!(s.diagnostics("b.talk").is_none());
        assert_eq!(s.files().collect::<Vec<_>>(), ["a.talk"]);
        h.apply(vec![set("a.talk", " Other title\nby Ann Lee\n")]);
        assert!(h.snapshot().revision("a.talk").unwrap() > rev);
        assert_eq!(h.snapshot().index().titles().count(), 1);
    }

    /// A host that keeps no trees answers as one that does, and a big file
    /// (parsed in pieces, its talk phase made beside its entry) as a
    /// fresh lint of its text.
    #[test]
    fn answers_do_not_depend_on_what_is_kept() {
        let talk = " A talk\nby Ann Lee\n\nNotes\n\t- point  \n\n";
        let big = talk.repeat(super::super::BIG_FILE_BYTES / talk.len() + 1);
        for text in [" Title\nby Bo\n\tx \n", big.as_str()] {
            let mut kept = Host::new();
            let mut lean = Host::index_only();
            kept.apply(vec![set("n.talk", text)]);
            lean.apply(vec![set("n.talk", text)]);
            let fresh = crate::analysis::lint_text(
                "n.talk",
                text,
                &Settings::defaults(std::path::Path::new(".")).lint,
                kept.snapshot().index(),
            );
            let a = kept.snapshot().diagnostics("n.talk").unwrap();
            let b = lean.snapshot().diagnostics("n.talk").unwrap();
            assert!(!a.is_empty());
            assert_eq!(a, fresh);
            assert_eq!(b, fresh);
            // Asked twice (the talk phase made beside the entry is used
            // once), the same answer; and again once `lint_all` has
            // dropped the tree.
            assert_eq!(kept.snapshot().diagnostics("n.talk").unwrap(), fresh);
            let all = kept.lint_all();
            assert_eq!(all.len(), 1);
            assert_eq!((all[0].name, &all[0].diagnostics), ("n.talk", &fresh));
            assert!(kept.files.values().all(|r| r.tree.is_none()));
            assert_eq!(kept.snapshot().diagnostics("n.talk").unwrap(), fresh);
        }
    }
}
