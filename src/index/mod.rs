//! Speakers and titles across files: pure data, no IO.
//!
//! Each file is summarised once ([`summary::FileSummary`], shared with the
//! editor's catalog); its [`FileEntry`] here is that summary and whether the
//! file reads as talk notes (`analysis::index_entry`). The [`Index`]
//! holds every file's entry and answers the cross-file questions (all
//! speakers with their spellings, similar spellings, titles). Those answers
//! are computed once per index state and cached, so many files linted in
//! parallel against one index share the work.

pub mod names;
pub mod optional_strings;
pub mod summary;
pub mod talk;

mod derive;

use derive::{derive, Derived};

pub use names::{fold, normalize_title, same_person, similar_names, speaker_key};
pub use summary::{FileSummary, PlacedTalk, Speaker, TalkInfo};
pub use talk::TalkNames;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use unicode_normalization::UnicodeNormalization;

/// A file as the lint index holds it: its [`FileSummary`] (the very one
/// the editor's catalog holds), and whether the file reads as talk notes.
/// A file that does not (a blog post, a schedule) has no real titles or
/// speakers: its entry shows none ([`FileEntry::talks`] is empty), so
/// whatever sat where they would never turns up in `notelint speakers`,
/// completion's spelling checks or other files' speaker checks; its
/// summary still has its talks.
#[derive(Debug, Clone, Default)]
pub struct FileEntry {
    summary: Arc<FileSummary>,
    talk_notes: bool,
}

/// One speaker occurrence (a name on a talk) as the lint index sees it:
/// read from the talk's summary, with the name's range in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerEntry<'a> {
    /// Index into [`FileEntry::talks`].
    pub talk: usize,
    speaker: Speaker<'a>,
    /// The name's range in the file.
    pub range: Range<usize>,
}

impl<'a> SpeakerEntry<'a> {
    /// Which speaker of the talk.
    pub fn nth(&self) -> usize {
        self.speaker.nth
    }
    /// As written.
    pub fn name(&self) -> &'a str {
        self.speaker.name
    }
    /// Normalized for grouping: accents folded, lower case, dots and extra
    /// spaces removed ([`speaker_key`]).
    pub fn key(&self) -> &'a str {
        self.speaker.key
    }
    /// `@handle`, with the `@`.
    pub fn handle(&self) -> Option<&'a str> {
        self.speaker.handle
    }
    pub fn link(&self) -> Option<&'a str> {
        self.speaker.link
    }
    /// The Author section's detail lines (after the name), e.g. `PSF Member`.
    pub fn affiliation(&self) -> Vec<&'a str> {
        self.speaker.affiliation_lines().collect()
    }
}

impl FileEntry {
    pub fn new(summary: Arc<FileSummary>, talk_notes: bool) -> FileEntry {
        FileEntry {
            summary,
            talk_notes,
        }
    }

    /// The file's summary (its talks whether or not it reads as talk
    /// notes).
    pub fn summary(&self) -> &Arc<FileSummary> {
        &self.summary
    }

    /// Whether the file reads as talk notes.
    pub fn is_talk_notes(&self) -> bool {
        self.talk_notes
    }

    /// The talks workspace rules see: none in a file that is not talk notes.
    pub fn talks(&self) -> &[PlacedTalk] {
        if self.talk_notes {
            &self.summary.talks
        } else {
            &[]
        }
    }

    /// Every speaker occurrence of [`FileEntry::talks`], in order.
    pub fn speakers(&self) -> impl Iterator<Item = SpeakerEntry<'_>> {
        (self.talks().iter().enumerate())
            .flat_map(|(i, t)| t.info.speakers().map(move |s| speaker_entry(i, t, s)))
    }

    /// The `nth` speaker of talk `talk`.
    pub fn speaker(&self, talk: usize, nth: usize) -> Option<SpeakerEntry<'_>> {
        let t = self.talks().get(talk)?;
        let s = t.info.speakers().nth(nth)?;
        Some(speaker_entry(talk, t, s))
    }
}

fn speaker_entry<'a>(talk: usize, t: &'a PlacedTalk, s: Speaker<'a>) -> SpeakerEntry<'a> {
    SpeakerEntry {
        talk,
        range: t.name_range(&s),
        speaker: s,
    }
}

/// Equal when workspace rules would see the same: the same titles and
/// speakers (with handles, links and affiliation lines) at the same places.
impl PartialEq for FileEntry {
    fn eq(&self, other: &FileEntry) -> bool {
        if self.talk_notes != other.talk_notes {
            return false;
        }
        if Arc::ptr_eq(&self.summary, &other.summary) {
            return true;
        }
        let (a, b) = (self.talks(), other.talks());
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.start == y.start
                    && x.info.names() == y.info.names()
                    && x.info.speakers().eq(y.info.speakers())
                    && x.info.title_at == y.info.title_at
            })
    }
}

/// Where a speaker occurs: file, talk and which speaker of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Shared by every occurrence and title in one file (one copy of the
    /// name per file, not per talk).
    pub file: Arc<str>,
    /// Index into the file's [`FileEntry::talks`].
    pub talk: u32,
    /// Which speaker of the talk.
    pub nth: u32,
}

/// One person across the workspace: every spelling with the same key.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerSummary {
    pub key: String,
    /// The most used spelling (ties: the longer, then the first in order).
    pub name: String,
    /// Spellings with how often each is used, most used first.
    pub spellings: Vec<(String, usize)>,
    /// Number of talks.
    pub talks: usize,
    pub files: Vec<String>,
    pub handle: Option<String>,
    pub link: Option<String>,
    pub affiliation: Option<String>,
    pub occurrences: Vec<Occurrence>,
    /// Other people whose names look like this one (keys of other summaries).
    pub similar: Vec<String>,
}

/// A file with a talk of some title, and that talk's title range. The file
/// name is shared (see [`Occurrence::file`]).
pub type TitlePlace = (Arc<str>, Range<usize>);

/// A spelling that looks like a more used spelling of the same person.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The spelling to use instead.
    pub preferred: String,
    pub preferred_count: usize,
    /// One place the preferred spelling is used.
    pub example: Occurrence,
}

/// Every file's entry, keyed by path (or URI) string. Change it only through
/// [`Index::set_file`] / [`Index::remove_file`], which drop the cached
/// cross-file answers.
#[derive(Debug, Default, Clone)]
pub struct Index {
    files: BTreeMap<String, FileEntry>,
    derived: OnceLock<Arc<Derived>>,
    /// The edit distance the cached suggestions were computed with.
    distance: usize,
    /// Changes whenever the content changes (see [`Index::generation`]).
    gen: u64,
}

/// Generations are drawn from one counter so two indexes that diverged from
/// a common clone never share one.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Index {
    pub fn set_file(&mut self, file: &str, entry: FileEntry) {
        self.files.insert(file.to_string(), entry);
        self.derived = OnceLock::new();
        self.gen = next_generation();
    }
    pub fn remove_file(&mut self, file: &str) {
        if self.files.remove(file).is_some() {
            self.derived = OnceLock::new();
            self.gen = next_generation();
        }
    }
    /// An identifier of the index's content: equal generations mean equal
    /// content (so results computed against it can be reused).
    pub fn generation(&self) -> u64 {
        self.gen
    }
    pub fn files(&self) -> &BTreeMap<String, FileEntry> {
        &self.files
    }
    pub fn file(&self, file: &str) -> Option<&FileEntry> {
        self.files.get(file)
    }
    /// The maximum edit distance for similar spellings (config
    /// `speaker_distance`; default 2).
    pub fn set_speaker_distance(&mut self, d: usize) {
        if d != self.distance {
            self.distance = d;
            self.derived = OnceLock::new();
            self.gen = next_generation();
        }
    }

    fn derived(&self) -> &Derived {
        self.derived
            .get_or_init(|| Arc::new(derive(&self.files, self.distance_or_default())))
    }
    fn distance_or_default(&self) -> usize {
        if self.distance == 0 {
            2
        } else {
            self.distance
        }
    }

    /// Every speaker across files, most talks first, then by name.
    pub fn speakers(&self) -> &[SpeakerSummary] {
        &self.derived().speakers
    }
    /// The person a name means (by normalized key: case, accents, dots).
    pub fn speaker(&self, name: &str) -> Option<&SpeakerSummary> {
        let d = self.derived();
        d.by_key.get(&speaker_key(name)).map(|&i| &d.speakers[i])
    }
    /// The speaker entry an occurrence points at.
    pub fn occurrence(&self, o: &Occurrence) -> Option<SpeakerEntry<'_>> {
        (self.files.get(&*o.file)?).speaker(o.talk as usize, o.nth as usize)
    }
    /// Talk `talk` of `file` (an index into its [`FileEntry::talks`]).
    pub fn talk(&self, file: &str, talk: usize) -> Option<&PlacedTalk> {
        self.files.get(file)?.talks().get(talk)
    }
    /// When `spelling` looks like a more used spelling of the same person.
    pub fn suggestion(&self, spelling: &str) -> Option<&Suggestion> {
        self.derived().suggestions.get(spelling)
    }
    /// Every talk: (file, talk).
    pub fn titles(&self) -> impl Iterator<Item = (&str, &PlacedTalk)> {
        self.files
            .iter()
            .flat_map(|(f, e)| e.talks().iter().map(move |t| (f.as_str(), t)))
    }
    /// Files with a talk titled `title` (ignoring case and spacing), when
    /// there are two or more: (file, title range of the first such talk in
    /// it). Empty for a title in one file only.
    pub fn talks_titled(&self, title: &str) -> &[TitlePlace] {
        self.titles_by_key()
            .get(&normalize_title(title))
            .map_or(&[], |v| v.as_slice())
    }
    /// Normalized title → files with such a talk (file, first title range),
    /// for titles in two or more files. (Rarely also a title of one file,
    /// whose hash another file's title shares: callers compare files.)
    pub fn titles_by_key(&self) -> &HashMap<String, Vec<TitlePlace>> {
        &self.derived().titles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> FileEntry {
        FileEntry::new(Arc::new(summary::summary_of(text)), true)
    }

    #[test]
    fn a_speaker_entry_reads_back_each_part() {
        let text =
            " T\nBo (@bo)\n\n U\n\nAuthor: Ann  Lée (https://a.example)\n\tACME 😀\n\n\tPSF\n";
        let e = entry(text);
        let sp: Vec<SpeakerEntry> = e.speakers().collect();
        assert_eq!(sp.len(), 2, "{sp:?}");
        let (bo, ann) = (&sp[0], &sp[1]);
        assert_eq!(
            (ann.name(), ann.key()),
            ("Ann  Lée", speaker_key("Ann  Lée").as_str())
        );
        assert_eq!(
            (ann.handle(), ann.link()),
            (None, Some("https://a.example"))
        );
        assert_eq!(ann.affiliation(), ["ACME 😀", "PSF"]);
        assert_eq!(
            (ann.talk, ann.nth(), &text[ann.range.clone()]),
            (1, 0, "Ann  Lée")
        );
        assert_eq!(
            (bo.name(), bo.handle(), bo.link(), bo.affiliation().len()),
            ("Bo", Some("@bo"), None, 0)
        );
        assert_eq!(e.speaker(1, 0).as_ref(), Some(ann));
        assert_eq!(e.speaker(1, 1), None);
        // A file that is not talk notes: the same summary, no entries.
        let not = FileEntry::new(Arc::clone(e.summary()), false);
        assert_eq!((not.talks().len(), not.speakers().count()), (0, 0));
        assert_eq!(not.summary().talks.len(), 2);
        assert_ne!(not, e);
    }

    fn index() -> Index {
        let mut ix = Index::default();
        ix.set_file(
            "a.talk",
            entry(" Graphs\nby Van Lindberg\n\n Python-Dev\nby Van Lindberg\n"),
        );
        ix.set_file(
            "b.talk",
            entry(" graphs\n\nSpeakers: Van Lindbergh, van lindberg\n"),
        );
        ix
    }

    #[test]
    fn speakers_aggregate_spellings_talks_and_files() {
        let ix = index();
        let s = ix.speaker("VAN LINDBERG").expect("found by key");
        assert_eq!(s.name, "Van Lindberg");
        assert_eq!(
            s.spellings,
            [
                ("Van Lindberg".to_string(), 2),
                ("van lindberg".to_string(), 1)
            ]
        );
        assert_eq!(s.talks, 3);
        assert_eq!(s.files, ["a.talk", "b.talk"]);
        assert_eq!(s.similar, [speaker_key("Van Lindbergh")]);
        assert_eq!(ix.speakers()[0].key, s.key, "most talks first");
    }

    #[test]
    fn suggestions_point_at_the_most_used_spelling() {
        let ix = index();
        assert_eq!(
            ix.suggestion("van lindberg").map(|s| s.preferred.as_str()),
            Some("Van Lindberg")
        );
        assert_eq!(
            ix.suggestion("Van Lindbergh").map(|s| s.preferred.as_str()),
            Some("Van Lindberg")
        );
        assert!(ix.suggestion("Van Lindberg").is_none());
    }

    #[test]
    fn a_name_in_another_unicode_form_is_no_variant() {
        let mut ix = Index::default();
        ix.set_file(
            "a.talk",
            entry(" One\nby Jos\u{e9} Lee\n\n Two\nby Jos\u{e9} Lee\n"),
        );
        ix.set_file("b.talk", entry(" Three\nby Jose\u{301} Lee\n"));
        assert_eq!(ix.speaker("Jos\u{e9} Lee").map(|s| s.talks), Some(3));
        assert!(ix.suggestion("Jose\u{301} Lee").is_none());
    }

    #[test]
    fn titles_across_files_and_cache_invalidation() {
        let mut ix = index();
        let t: Vec<&str> = ix
            .talks_titled("GRAPHS")
            .iter()
            .map(|(f, _)| &**f)
            .collect();
        assert_eq!(t, ["a.talk", "b.talk"]);
        assert_eq!(ix.titles().count(), 3);
        ix.remove_file("b.talk");
        // In one file only now.
        assert_eq!(ix.talks_titled("graphs").len(), 0);
        assert!(ix.suggestion("Van Lindbergh").is_none());
    }
}
