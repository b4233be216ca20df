//! The editor's catalog of the workspace: every file's summary (talks,
//! speakers, titles and bios: the very [`FileSummary`] the lint index holds
//! of it, see [`crate::index::summary`]) plus the configured roster, and the
//! questions completion, hover, references, definitions and workspace
//! symbols ask of it.

mod search;

pub use crate::index::summary::{
    bio_excerpt, file_summary, talk_info, FileSummary, Loc, NameAt, PlacedTalk, Pos, RelRange,
    Speaker, TalkInfo,
};
pub use search::{fuzzy_score, place_link, short_file, WsSymbol};

use crate::index::speaker_key;
use crate::lint::config::Person;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// Reads `bytes` of a workspace file's text (see
/// [`Catalog::speaker_markdown`]).
pub type TextOf<'a> = &'a dyn Fn(&str, Range<usize>) -> Option<String>;

/// A speaker as completion and hover see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerStat {
    /// The most used spelling.
    pub name: String,
    pub talks: usize,
    pub handle: Option<String>,
    pub affiliation: Option<String>,
    pub in_roster: bool,
}

/// Every file's summary plus the configured roster.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Shared with the lint index (a file that is not open: the same
    /// `Arc`; an open file: its current summary, which the index takes when
    /// it is next brought up to date).
    pub files: BTreeMap<String, Arc<FileSummary>>,
    pub roster: Vec<Person>,
    speakers_memo: SpeakersMemo,
}

/// The last [`Catalog::speakers`] answer and a fingerprint of what it was
/// computed from: speaker completion asks on every keystroke, and the answer
/// only changes when a speaker line (or the roster) does.
#[derive(Default)]
struct SpeakersMemo(std::sync::Mutex<Option<(u64, Arc<Vec<SpeakerStat>>)>>);

impl Clone for SpeakersMemo {
    fn clone(&self) -> Self {
        SpeakersMemo::default()
    }
}

impl std::fmt::Debug for SpeakersMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SpeakersMemo")
    }
}

impl Catalog {
    fn talks(&self) -> impl Iterator<Item = (&str, &PlacedTalk)> {
        self.files
            .iter()
            .flat_map(|(f, ft)| ft.talks.iter().map(move |t| (f.as_str(), t)))
    }

    /// The roster person whose name or alias has `key`.
    fn roster_person(&self, key: &str) -> Option<&Person> {
        self.roster.iter().find(|p| {
            speaker_key(&p.name) == key || p.aliases.iter().any(|a| speaker_key(a) == key)
        })
    }

    /// The key a name is grouped under: its roster person's name when the
    /// roster knows it (so aliases count as one person), else its own key.
    pub fn person_key(&self, name: &str) -> String {
        let k = speaker_key(name);
        match self.roster_person(&k) {
            Some(p) => speaker_key(&p.name),
            None => k,
        }
    }

    /// What [`Catalog::speakers`] reads: every talk's speakers (names,
    /// handles), the affiliation of single-speaker talks, and the roster.
    fn speakers_fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (_, t) in self.talks() {
            t.info.speakers_hash.hash(&mut h);
        }
        for p in &self.roster {
            p.name.hash(&mut h);
            p.aliases.hash(&mut h);
            p.handle.hash(&mut h);
            p.affiliation.hash(&mut h);
        }
        h.finish()
    }

    /// Speakers with talk counts, most used first (roster names included).
    pub fn speakers(&self) -> Arc<Vec<SpeakerStat>> {
        let fp = self.speakers_fingerprint();
        let mut memo = self
            .speakers_memo
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some((f, v)) = memo.as_ref() {
            if *f == fp {
                return Arc::clone(v);
            }
        }
        let v = Arc::new(self.compute_speakers());
        *memo = Some((fp, Arc::clone(&v)));
        v
    }

    fn compute_speakers(&self) -> Vec<SpeakerStat> {
        struct Acc {
            spellings: BTreeMap<String, usize>,
            talks: usize,
            handle: Option<String>,
            affiliation: Option<String>,
            in_roster: bool,
        }
        // Roster keys once (not a scan of the roster per speaker).
        let mut roster_keys: HashMap<String, String> = HashMap::new();
        // The first roster person whose name or alias has a key claims it,
        // as in `roster_person`.
        for p in &self.roster {
            let k = speaker_key(&p.name);
            for a in std::iter::once(&p.name).chain(&p.aliases) {
                roster_keys
                    .entry(speaker_key(a))
                    .or_insert_with(|| k.clone());
            }
        }
        let person_key = |name: &str| {
            let k = speaker_key(name);
            roster_keys.get(&k).cloned().unwrap_or(k)
        };
        let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
        let new_acc = || Acc {
            spellings: BTreeMap::new(),
            talks: 0,
            handle: None,
            affiliation: None,
            in_roster: false,
        };
        for (_, t) in self.talks() {
            let single = t.info.speaker_count() == 1;
            for s in t.info.speakers() {
                let a = acc.entry(person_key(s.name)).or_insert_with(new_acc);
                *a.spellings.entry(s.name.to_string()).or_default() += 1;
                a.talks += 1;
                if a.handle.is_none() {
                    a.handle = s.handle.map(str::to_string);
                }
                if a.affiliation.is_none() && single {
                    a.affiliation = t.info.affiliation().map(str::to_string);
                }
            }
        }
        for p in &self.roster {
            let a = acc.entry(speaker_key(&p.name)).or_insert_with(new_acc);
            a.in_roster = true;
            // The roster's spelling wins.
            a.spellings.insert(p.name.clone(), usize::MAX);
            if p.handle.is_some() {
                a.handle.clone_from(&p.handle);
            }
            if p.affiliation.is_some() {
                a.affiliation.clone_from(&p.affiliation);
            }
        }
        let mut out: Vec<SpeakerStat> = acc
            .into_values()
            .filter_map(|a| {
                let name = a
                    .spellings
                    .iter()
                    .max_by(|x, y| x.1.cmp(y.1).then_with(|| y.0.cmp(x.0)))?
                    .0
                    .clone();
                Some(SpeakerStat {
                    name,
                    talks: a.talks,
                    handle: a.handle,
                    affiliation: a.affiliation,
                    in_roster: a.in_roster,
                })
            })
            .collect();
        out.sort_by(|a, b| b.talks.cmp(&a.talks).then_with(|| a.name.cmp(&b.name)));
        out
    }

    /// Every place a person is named (any spelling with the same key, or a
    /// roster alias of them).
    pub fn references(&self, name: &str) -> Vec<Loc> {
        let key = self.person_key(name);
        let mut out = Vec::new();
        for (f, t) in self.talks() {
            for s in t.info.speakers() {
                if self.person_key(s.name) == key {
                    out.push(t.speaker_loc(f, &s));
                }
            }
        }
        out
    }

    /// The person's Bio sections: from talks they give alone first.
    pub fn definitions(&self, name: &str) -> Vec<Loc> {
        let key = self.person_key(name);
        let mut found: Vec<(bool, Loc)> = Vec::new();
        for (f, t) in self.talks() {
            if !t.info.speakers().any(|s| self.person_key(s.name) == key) {
                continue;
            }
            if let Some(at) = t.bio_loc(f) {
                found.push((t.info.speaker_count() != 1, at));
            }
        }
        found.sort_by_key(|(shared, _)| *shared);
        found.into_iter().map(|(_, l)| l).collect()
    }

    /// Hover text for a speaker: their talks (with files) and a bio excerpt.
    /// `text_of(file, bytes)` reads a talk's text (from the editor or the
    /// disk) for the excerpt; a talk whose text no longer matches its
    /// summary gives none.
    pub fn speaker_markdown(&self, name: &str, text_of: TextOf<'_>) -> String {
        let key = self.person_key(name);
        let speakers = self.speakers();
        let stat = speakers.iter().find(|s| speaker_key(&s.name) == key);
        let mut md = format!("**{name}**");
        if let Some(h) = stat.as_ref().and_then(|s| s.handle.as_deref()) {
            md.push_str(&format!(" ({h})"));
        }
        if let Some(a) = stat.as_ref().and_then(|s| s.affiliation.as_deref()) {
            md.push_str(&format!(" — {a}"));
        }
        let mut talks = Vec::new();
        let mut bio = None;
        for (f, t) in self.talks() {
            if t.info.speakers().any(|s| self.person_key(s.name) == key) {
                talks.push(format!(
                    "- {} — {}",
                    t.info.title(),
                    place_link(f, t.line + t.info.title_at.pos.line + 1)
                ));
                if bio.is_none() && t.info.speaker_count() == 1 && t.info.bio().is_some() {
                    bio = text_of(f, t.start..t.start + t.seg.len as usize)
                        .filter(|text| t.seg.title(text) == Some(t.info.title()))
                        .and_then(|text| bio_excerpt(&t.seg, &text));
                }
            }
        }
        md.push_str(&format!(
            "\n\n{} talk{}:\n{}",
            talks.len(),
            if talks.len() == 1 { "" } else { "s" },
            talks.join("\n")
        ));
        if let Some(b) = bio {
            md.push_str(&format!("\n\n> {b}"));
        }
        md
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::index::summary::summary_of;

    pub(super) fn catalog(files: &[(&str, &str)]) -> Catalog {
        let mut w = Catalog::default();
        for (name, text) in files {
            w.files.insert(name.to_string(), Arc::new(summary_of(text)));
        }
        w
    }

    #[test]
    fn speakers_are_remembered_until_a_speaker_or_the_roster_changes() {
        let mut w = catalog(&[("a.talk", " One\nby Ada Lovelace\n")]);
        let first = w.speakers();
        assert!(
            Arc::ptr_eq(&first, &w.speakers()),
            "same inputs: same answer"
        );
        // A different file with a new speaker: a new answer.
        let other = catalog(&[("b.talk", " Two\nby Grace Hopper\n")]);
        w.files.extend(other.files);
        let names: Vec<String> = w.speakers().iter().map(|s| s.name.clone()).collect();
        assert_eq!(names, ["Ada Lovelace", "Grace Hopper"]);
        // A roster alias merges two spellings into one person.
        w.roster = vec![Person {
            name: "Ada Lovelace".into(),
            aliases: vec!["Grace Hopper".into()],
            handle: Some("@ada".into()),
            affiliation: None,
        }];
        let s = w.speakers();
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!((s[0].talks, s[0].handle.as_deref()), (2, Some("@ada")));
    }

    /// References (and so rename and highlight) group spellings exactly as
    /// lint and `notelint speakers` do: accents folded, NFC, apostrophes.
    #[test]
    fn references_agree_with_the_index_on_one_person() {
        let t = " One\nby José Lee\n Two\nby Jose Lee\n Three\nby Jose\u{301} Lee\n Four\nby Conan O'Brien\n Five\nby Conan O’Brien\n";
        let w = catalog(&[("a.talk", t)]);
        assert_eq!(w.references("Jose Lee").len(), 3);
        assert_eq!(w.references("Conan O'Brien").len(), 2);
        let index_people = {
            let mut idx = crate::index::Index::default();
            idx.set_file(
                "a.talk",
                crate::index::FileEntry::new(Arc::new(summary_of(t)), true),
            );
            idx.speakers().len()
        };
        assert_eq!(w.speakers().len(), index_people);
        assert_eq!(w.speakers().len(), 2);
    }

    #[test]
    fn counts_references_definitions() {
        let a = " One\nby Ada Lovelace\nBio: Ada wrote notes.\n Two\nby ADA Lovelace and Bob\n";
        let b = " Three\nby Ada Lovelace\n";
        let w = catalog(&[("a.talk", a), ("b.talk", b)]);
        let s = w.speakers();
        assert_eq!(s[0].name, "Ada Lovelace");
        assert_eq!(s[0].talks, 3);
        let refs = w.references("ADA LOVELACE");
        assert_eq!(refs.len(), 3);
        assert_eq!((refs[1].start.line, refs[1].start.col_utf16), (4, 3));
        let defs = w.definitions("Ada Lovelace");
        assert_eq!(defs.len(), 1);
        assert_eq!(&a[defs[0].bytes.clone()], "Bio: Ada wrote notes.");
        let files = [("a.talk", a), ("b.talk", b)];
        let text_of = |f: &str, r: Range<usize>| {
            let text = files.iter().find(|x| x.0 == f)?.1;
            text.get(r).map(str::to_string)
        };
        assert!(w
            .speaker_markdown("Ada Lovelace", &text_of)
            .contains("> Ada wrote notes."));
        // A file that changed under its summary gives no excerpt.
        let changed =
            |_: &str, _: Range<usize>| Some(" Ten\nby Ada Lovelace\nBio: Other.\n".into());
        let md = w.speaker_markdown("Ada Lovelace", &changed);
        assert!(md.contains("3 talks") && !md.contains("> "), "{md}");
    }
}
