//! The editor's view of the workspace: every file's talks, speakers, titles
//! and bios, with ranges already in (line, column) of the negotiated encoding
//! so files that are not open need no text kept in memory.
//!
//! A file's talks are kept per segment and *segment-relative* (lines counted
//! from the segment's first line), so after an edit only the segments the
//! edit re-parsed are summarised again; the rest are reused by `Arc`.

use crate::index::strs::{Packer, Unpacker};
use crate::index::TalkNames;
use crate::lint::config::Person;
use crate::syntax::pos::{Encoding, LineCol, LineIndex};
use crate::syntax::{common_ends, Label, Placed, Segment, Segments, Span};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// A range inside a segment: bytes and (line, column) relative to the
/// segment's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelRange {
    /// Segment-relative, so 32 bits (as every span in a segment).
    pub bytes: Span,
    pub start: LineCol,
    pub end: LineCol,
}

/// A speaker of a talk: the lengths of handle and link in [`TalkInfo`]'s
/// text (the name is in its [`TalkNames`]), and where the name is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRef {
    lens: [u32; 2],
    pub at: RelRange,
}

/// A talk's speakers. Most talks have one: it is kept in the summary
/// itself (a box of one took 48 bytes more per talk).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refs {
    One(SpeakerRef),
    Many(Box<[SpeakerRef]>),
}

impl Refs {
    fn new(mut v: Vec<SpeakerRef>) -> Refs {
        match v.len() {
            1 => Refs::One(v.remove(0)),
            _ => Refs::Many(v.into_boxed_slice()),
        }
    }

    fn as_slice(&self) -> &[SpeakerRef] {
        match self {
            Refs::One(r) => std::slice::from_ref(r),
            Refs::Many(b) => b,
        }
    }
}

/// A speaker of a talk, read from its [`TalkInfo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speaker<'a> {
    pub name: &'a str,
    pub handle: Option<&'a str>,
    pub link: Option<&'a str>,
    pub at: &'a RelRange,
}

/// One talk, segment-relative.
///
/// The title and the speaker names are read from the talk's [`TalkNames`]
/// (for an open file the very record its lint cache and index entry
/// hold). The other strings are kept end to end in one box
/// ([`crate::index::strs`]): each speaker's handle and link, the
/// affiliation and the track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkInfo {
    names: TalkNames,
    text: Box<str>,
    pub title_at: RelRange,
    speakers: Refs,
    /// The Bio section (its excerpt is read from the text when a hover
    /// asks: [`bio_excerpt`]).
    bio: Option<RelRange>,
    /// Lengths in the text of the second line of a singular `Author` field
    /// (affiliation, role) and of the meta line's track (or a `Track:`
    /// field's text).
    affiliation_len: u32,
    track_len: u32,
    /// A hash of what [`Workspace::speakers`] reads of this talk (speaker
    /// names and handles, the affiliation of a single speaker).
    pub speakers_hash: u64,
}

impl TalkInfo {
    pub fn title(&self) -> &str {
        self.names.title()
    }

    /// The title and speaker names (shared with the lint cache and index
    /// entry of an open file).
    pub fn names(&self) -> &TalkNames {
        &self.names
    }

    pub fn speaker_count(&self) -> usize {
        self.speakers.as_slice().len()
    }

    /// The speakers, in order.
    pub fn speakers(&self) -> impl Iterator<Item = Speaker<'_>> {
        let mut u = Unpacker::new(&self.text);
        let mut names = self.names.speakers();
        self.speakers.as_slice().iter().map(move |s| Speaker {
            name: names.next().map_or("", |n| n.0),
            handle: u.next(s.lens[0]),
            link: u.next(s.lens[1]),
            at: &s.at,
        })
    }

    /// The texts after the speakers': the affiliation, the track.
    fn after_speakers(&self) -> Unpacker<'_> {
        let lens = self.speakers.as_slice().iter().flat_map(|s| s.lens);
        Unpacker::new(&self.text).skip(lens)
    }

    /// The Bio section.
    pub fn bio(&self) -> Option<&RelRange> {
        self.bio.as_ref()
    }

    /// The second line of a singular `Author` field (affiliation, role).
    pub fn affiliation(&self) -> Option<&str> {
        self.after_speakers().next(self.affiliation_len)
    }

    /// The meta line's track, or a `Track:` field's text.
    pub fn track(&self) -> Option<&str> {
        self.after_speakers()
            .skip([self.affiliation_len])
            .next(self.track_len)
    }
}

#[derive(Debug, Clone)]
pub struct PlacedTalk {
    pub start: usize,
    pub line: u32,
    /// Kept so the summary can be reused while the segment is unchanged.
    pub seg: Arc<Segment>,
    pub info: Arc<TalkInfo>,
}

/// A file's talks.
#[derive(Debug, Clone, Default)]
pub struct FileTalks {
    pub talks: Vec<PlacedTalk>,
}

/// A place in a file, in bytes and in the negotiated encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: String,
    pub bytes: Range<usize>,
    pub start: LineCol,
    pub end: LineCol,
}

fn rel_range(li: &LineIndex, text: &str, r: Range<usize>, enc: Encoding) -> RelRange {
    RelRange {
        start: li.to_line_col(text, r.start, enc),
        end: li.to_line_col(text, r.end, enc),
        bytes: Span::new(r.start, r.end),
    }
}

fn bio_section(seg: &Segment) -> Option<&crate::syntax::Section> {
    seg.sections.iter().find(|s| s.label() == Some(Label::Bio))
}

/// The first ~300 characters of a talk's Bio section, its lines joined by
/// spaces (`text` is the segment's text). Read when a hover shows it, not
/// kept: a summary is held for every talk of the workspace.
pub fn bio_excerpt(seg: &Segment, text: &str) -> Option<String> {
    let s = bio_section(seg)?;
    let prose: Vec<&str> = seg.texts(s).map(|sp| sp.text(text)).collect();
    let joined = prose.join(" ");
    let mut excerpt: String = joined.chars().take(300).collect();
    if excerpt.len() < joined.len() {
        excerpt.push('…');
    }
    Some(excerpt)
}

/// Summarise one talk segment (`None` for a segment without a title).
/// `names` are the segment's [`TalkNames`] when the caller has them (made
/// here otherwise).
pub fn talk_info(
    seg: &Segment,
    text: &str,
    enc: Encoding,
    names: Option<TalkNames>,
) -> Option<TalkInfo> {
    let title = seg.head.title?;
    let names = match names {
        Some(n) => n,
        None => TalkNames::of(seg, text)?,
    };
    let li = LineIndex::new(text);
    let mut p = Packer::default();
    let speakers: Vec<SpeakerRef> = seg
        .speakers
        .iter()
        .map(|s| SpeakerRef {
            lens: [
                p.put(s.handle.map(|h| h.text(text))),
                p.put(s.link.map(|h| h.text(text))),
            ],
            at: rel_range(&li, text, s.name.range(), enc),
        })
        .collect();
    let bio = bio_section(seg).map(|s| rel_range(&li, text, s.span.range(), enc));
    let affiliation = seg
        .sections
        .iter()
        .find(|s| matches!(s.label(), Some(Label::Author | Label::Speaker)))
        .and_then(|s| {
            let mut lines = seg.texts(s);
            lines.next()?;
            lines.next().map(|l| l.text(text).trim())
        })
        .filter(|a| !a.is_empty());
    let affiliation_len = p.put(affiliation);
    let track = seg
        .head
        .meta
        .as_ref()
        .map(|m| m.track)
        .or_else(|| {
            seg.sections
                .iter()
                .find(|s| s.label() == Some(Label::Track))
                .and_then(|s| s.inline)
        })
        .map(|t| t.text(text));
    let track_len = p.put(track);
    let mut info = TalkInfo {
        names,
        text: p.finish(),
        title_at: rel_range(&li, text, title.range(), enc),
        speakers: Refs::new(speakers),
        bio,
        affiliation_len,
        track_len,
        speakers_hash: 0,
    };
    info.speakers_hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for s in info.speakers() {
            s.name.hash(&mut h);
            s.handle.hash(&mut h);
        }
        if info.speaker_count() == 1 {
            info.affiliation().hash(&mut h);
        }
        h.finish()
    };
    Some(info)
}

/// Summarise a file's talks, reusing `prev`'s summaries of unchanged
/// segments. `names_of(i)` gives segment `i`'s [`TalkNames`] when the
/// caller holds them already (the lint cache, the index entry), to share.
pub fn file_talks<'a>(
    segments: &Segments,
    seg_text: &dyn Fn(usize) -> Cow<'a, str>,
    line_of: &dyn Fn(usize) -> u32,
    enc: Encoding,
    prev: Option<FileTalks>,
    names_of: &dyn Fn(usize) -> Option<TalkNames>,
) -> FileTalks {
    // Unchanged segments keep their `Arc`: their summary is reused, and so
    // is their line number, shifted by the line delta of the run of
    // unchanged talks they are in (one rope lookup per run, not per talk).
    let talk_segs = || segments.iter().filter(|p| p.seg.is_talk());
    let n_new = talk_segs().count();
    let prev = match prev {
        // Talks kept one for one (typing inside a talk, asked after every
        // keystroke): updated in place, no list of them rebuilt.
        Some(mut f) if f.talks.len() == n_new => {
            if update_in_place(&mut f, segments, seg_text, line_of, enc, names_of) {
                return f;
            }
            Some(f)
        }
        p => p,
    };
    // Otherwise talks keep their order, so they are matched by identity
    // from both ends; only the edited stretch between is looked up by
    // address.
    let mut old: Vec<Option<PlacedTalk>> = prev
        .map(|f| f.talks.into_iter().map(Some).collect())
        .unwrap_or_default();
    let same = |t: &Option<PlacedTalk>, p: &Placed<'_>| {
        t.as_ref().is_some_and(|t| Arc::ptr_eq(&t.seg, p.seg))
    };
    let n_old = old.len();
    let (prefix, suffix) = common_ends(&old, talk_segs(), n_new, |_, t, _, p| same(t, p));
    let mut middle: HashMap<*const Segment, (usize, PlacedTalk)> = (prefix..n_old - suffix)
        .filter_map(|j| old[j].take().map(|t| (Arc::as_ptr(&t.seg), (j, t))))
        .collect();
    let mut talks = Vec::with_capacity(n_new);
    // (index in `prev` of the last reused talk, new line − old line)
    let mut run: Option<(usize, i64)> = None;
    let mut k = 0;
    for (i, p) in segments.iter().enumerate() {
        if !p.seg.is_talk() {
            continue;
        }
        let old_talk = if k < prefix {
            old[k].take().map(|t| (k, t))
        } else if k >= n_new - suffix {
            let j = n_old - (n_new - k);
            old[j].take().map(|t| (j, t))
        } else {
            middle.remove(&Arc::as_ptr(p.seg))
        };
        k += 1;
        let (info, line) = match old_talk {
            Some((j, t)) => {
                let line = match run {
                    Some((last, shift)) if last + 1 == j => (t.line as i64 + shift) as u32,
                    _ => line_of(p.start),
                };
                run = Some((j, line as i64 - t.line as i64));
                (t.info, line)
            }
            None => {
                run = None;
                match talk_info(p.seg, &seg_text(i), enc, names_of(i)) {
                    Some(info) => (Arc::new(info), line_of(p.start)),
                    None => continue,
                }
            }
        };
        talks.push(PlacedTalk {
            start: p.start,
            line,
            seg: Arc::clone(p.seg),
            info,
        });
    }
    FileTalks { talks }
}

/// [`file_talks`] for a list of as many talks as `f` has: each talk is
/// either the same segment (its line shifted with its run) or summarised
/// afresh in its place. False (with `f` partly updated, every entry still
/// a talk's true summary) if a talk could not be summarised.
fn update_in_place<'a>(
    f: &mut FileTalks,
    segments: &Segments,
    seg_text: &dyn Fn(usize) -> Cow<'a, str>,
    line_of: &dyn Fn(usize) -> u32,
    enc: Encoding,
    names_of: &dyn Fn(usize) -> Option<TalkNames>,
) -> bool {
    let talks = segments.iter().enumerate().filter(|(_, p)| p.seg.is_talk());
    // New line − old line of the run of reused talks being walked.
    let mut shift: Option<i64> = None;
    for (t, (i, p)) in f.talks.iter_mut().zip(talks) {
        if Arc::ptr_eq(&t.seg, p.seg) {
            let line = match shift {
                Some(d) => (t.line as i64 + d) as u32,
                None => line_of(p.start),
            };
            shift = Some(line as i64 - t.line as i64);
            t.start = p.start;
            t.line = line;
            continue;
        }
        shift = None;
        let Some(info) = talk_info(p.seg, &seg_text(i), enc, names_of(i)) else {
            return false;
        };
        *t = PlacedTalk {
            start: p.start,
            line: line_of(p.start),
            seg: Arc::clone(p.seg),
            info: Arc::new(info),
        };
    }
    true
}

impl PlacedTalk {
    pub fn loc(&self, file: &str, r: &RelRange) -> Loc {
        let abs = |lc: LineCol| LineCol {
            line: lc.line + self.line,
            col: lc.col,
        };
        Loc {
            file: file.to_string(),
            bytes: r.bytes.abs(self.start),
            start: abs(r.start),
            end: abs(r.end),
        }
    }
}

/// The key two spellings of one person share: case, dots and spacing ignored.
pub fn name_key(name: &str) -> String {
    let mut out = String::new();
    for w in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().filter(|c| *c != '.').flat_map(char::to_lowercase));
    }
    out
}

/// Reads `bytes` of a workspace file's text (see
/// [`Workspace::speaker_markdown`]).
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

/// Every file's talks plus the configured roster.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    pub files: BTreeMap<String, FileTalks>,
    pub roster: Vec<Person>,
    speakers_memo: SpeakersMemo,
}

/// The last [`Workspace::speakers`] answer and a fingerprint of what it was
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

impl Workspace {
    fn talks(&self) -> impl Iterator<Item = (&str, &PlacedTalk)> {
        self.files
            .iter()
            .flat_map(|(f, ft)| ft.talks.iter().map(move |t| (f.as_str(), t)))
    }

    /// The roster person whose name or alias has `key`.
    fn roster_person(&self, key: &str) -> Option<&Person> {
        self.roster
            .iter()
            .find(|p| name_key(&p.name) == key || p.aliases.iter().any(|a| name_key(a) == key))
    }

    /// The key a name is grouped under: its roster person's name when the
    /// roster knows it (so aliases count as one person), else its own key.
    pub fn person_key(&self, name: &str) -> String {
        let k = name_key(name);
        match self.roster_person(&k) {
            Some(p) => name_key(&p.name),
            None => k,
        }
    }

    /// What [`Workspace::speakers`] reads: every talk's speakers (names,
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
            let k = name_key(&p.name);
            for a in std::iter::once(&p.name).chain(&p.aliases) {
                roster_keys.entry(name_key(a)).or_insert_with(|| k.clone());
            }
        }
        let person_key = |name: &str| {
            let k = name_key(name);
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
            let a = acc.entry(name_key(&p.name)).or_insert_with(new_acc);
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
                    out.push(t.loc(f, s.at));
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
            if let Some(at) = t.info.bio() {
                found.push((t.info.speaker_count() != 1, t.loc(f, at)));
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
        let stat = speakers.iter().find(|s| name_key(&s.name) == key);
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
                    place_link(f, t.line + t.info.title_at.start.line + 1)
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

    /// Talks and speakers whose names match `query` fuzzily (its
    /// characters in order, case-insensitive: `Twr` finds "The Tower of
    /// Abstraction"), best matches first, at most `limit`. A speaker is
    /// listed once per talk they give. An empty query matches everything,
    /// in workspace order.
    pub fn symbols(&self, query: &str, limit: usize) -> Vec<WsSymbol> {
        let q: Vec<char> = query.trim().chars().flat_map(char::to_lowercase).collect();
        let mut out: Vec<(i64, usize, WsSymbol)> = Vec::new();
        for (f, t) in self.talks() {
            if q.is_empty() && out.len() >= limit {
                break;
            }
            if let Some(score) = fuzzy_score(&q, t.info.title()) {
                out.push((
                    score,
                    out.len(),
                    WsSymbol {
                        name: t.info.title().to_string(),
                        speaker: false,
                        container: Some(short_file(f).to_string()),
                        loc: t.loc(f, &t.info.title_at),
                    },
                ));
            }
            for s in t.info.speakers() {
                if let Some(score) = fuzzy_score(&q, s.name) {
                    out.push((
                        score,
                        out.len(),
                        WsSymbol {
                            name: s.name.to_string(),
                            speaker: true,
                            container: Some(t.info.title().to_string()),
                            loc: t.loc(f, s.at),
                        },
                    ));
                }
            }
        }
        out.sort_by_key(|(score, i, _)| (std::cmp::Reverse(*score), *i));
        out.truncate(limit);
        out.into_iter().map(|(_, _, s)| s).collect()
    }
}

/// How well `name` matches the lower-cased `query` as a subsequence, or
/// `None`. Matches at the start of a word and runs of consecutive
/// characters score higher, skipped characters lower, so `twr` ranks
/// "The Tower" above "Two weird rules".
pub fn fuzzy_score(query: &[char], name: &str) -> Option<i64> {
    if query.is_empty() {
        return Some(0);
    }
    let mut qi = 0;
    let mut score = 0i64;
    let mut prev_matched = false;
    let mut prev: Option<char> = None;
    for c in name.chars() {
        let lc = c.to_lowercase().next().unwrap_or(c);
        if qi < query.len() && lc == query[qi] {
            let word_start = prev.is_none_or(|p| !p.is_alphanumeric());
            score += 1;
            if word_start {
                score += 8;
            }
            if prev_matched {
                score += 5;
            }
            prev_matched = true;
            qi += 1;
        } else {
            if qi < query.len() {
                score -= 1;
            }
            prev_matched = false;
        }
        prev = Some(c);
    }
    (qi == query.len()).then_some(score)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsSymbol {
    pub name: String,
    /// A speaker (else a talk).
    pub speaker: bool,
    pub container: Option<String>,
    pub loc: Loc,
}

/// The file name part of a path or URI, for display.
/// `file:line` as a Markdown link to that line (`[b.talk:21](file:///…/b.talk#L21)`,
/// the form VS Code and other clients open at the line) when `f` is a URI;
/// as code otherwise. Parentheses and spaces in the URI are escaped so
/// they cannot end the link.
pub fn place_link(f: &str, line: u32) -> String {
    let label = format!("{}:{line}", short_file(f));
    if !f.contains("://") {
        return format!("`{label}`");
    }
    let mut target = String::with_capacity(f.len());
    for c in f.chars() {
        match c {
            '(' => target.push_str("%28"),
            ')' => target.push_str("%29"),
            ' ' => target.push_str("%20"),
            '<' => target.push_str("%3C"),
            '>' => target.push_str("%3E"),
            c => target.push(c),
        }
    }
    let label = label.replace('[', "\\[").replace(']', "\\]");
    format!("[{label}]({target}#L{line})")
}

pub fn short_file(f: &str) -> &str {
    f.rsplit('/').next().unwrap_or(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, ParseOptions};

    fn ws(files: &[(&str, &str)]) -> Workspace {
        let mut w = Workspace::default();
        for (name, text) in files {
            let tree = parse(text, &ParseOptions::default());
            let li = LineIndex::new(text);
            let ft = file_talks(
                &tree.segments,
                &|i| Cow::Borrowed(&text[tree.segments.at(i).range()]),
                &|o| li.line_of(o) as u32,
                Encoding::Utf16,
                None,
                &|_| None,
            );
            w.files.insert(name.to_string(), ft);
        }
        w
    }

    #[test]
    fn workspace_symbols_match_fuzzily_and_list_every_talk_of_a_speaker() {
        let w = ws(&[
            (
                "a.talk",
                " Two Weird Rules\nAnn Lee\n\nIntro\n\tx\n The Tower of Abstraction\nAnn Lee\n\nIntro\n\ty\n",
            ),
            ("b.talk", " Parsing\nAnn Lee\n\nIntro\n\tz\n"),
        ]);
        let names =
            |q: &str| -> Vec<String> { w.symbols(q, 100).into_iter().map(|s| s.name).collect() };
        // Subsequence matches (substring search found neither).
        let t = names("Twr");
        assert!(t.contains(&"The Tower of Abstraction".to_string()), "{t:?}");
        assert!(t.contains(&"Two Weird Rules".to_string()), "{t:?}");
        // Word starts and runs rank first.
        let q: Vec<char> = "tow".chars().collect();
        assert!(fuzzy_score(&q, "The Tower") > fuzzy_score(&q, "Tiny slow owls"));
        assert_eq!(names("tower")[0], "The Tower of Abstraction");
        assert!(names("xyz").is_empty());
        // Every talk Ann gives, in both files, each in its talk.
        let ann: Vec<_> = w
            .symbols("ann", 100)
            .into_iter()
            .filter(|s| s.speaker)
            .map(|s| s.container.unwrap())
            .collect();
        assert_eq!(
            ann,
            ["Two Weird Rules", "The Tower of Abstraction", "Parsing"]
        );
    }

    #[test]
    fn a_talk_summary_reads_back_each_part() {
        use crate::syntax::Document;
        let text = " Ünïcode 😀 talk\nAnn Lee (@ann), Bo Li (https://bo.li)\nWeb, Beginner\n\n\
                    Bio: Cy writes.\n\tMore é.\n";
        let doc = Document::new(text, Default::default());
        let segs = doc.segments();
        let p = segs.iter().find(|p| p.seg.is_talk()).unwrap();
        let t = talk_info(p.seg, &doc.slice(p.range()), Encoding::Utf16, None).unwrap();
        assert_eq!(t.title(), "Ünïcode 😀 talk");
        let sp: Vec<(&str, Option<&str>, Option<&str>)> =
            t.speakers().map(|s| (s.name, s.handle, s.link)).collect();
        assert_eq!(sp.len(), t.speaker_count());
        assert_eq!(
            sp,
            [
                ("Ann Lee", Some("@ann"), None),
                ("Bo Li", None, Some("https://bo.li"))
            ]
        );
        let seg_text = doc.slice(p.range());
        let bio = t.bio().map(|at| &seg_text[at.bytes.range()]);
        assert_eq!(bio, Some("Bio: Cy writes.\n\tMore é."));
        let excerpt = bio_excerpt(p.seg, &seg_text);
        assert_eq!(excerpt.as_deref(), Some("Cy writes. More é."));
        assert_eq!(t.track(), Some("Web"));
        assert_eq!(t.affiliation(), None);
        let single = " Solo\n\nAuthor: Cy Do\n\tACME 😀 Labs\n";
        let doc = Document::new(single, Default::default());
        let segs = doc.segments();
        let p = segs.iter().find(|p| p.seg.is_talk()).unwrap();
        let t = talk_info(p.seg, &doc.slice(p.range()), Encoding::Utf16, None).unwrap();
        assert_eq!(t.speakers().map(|s| s.name).collect::<Vec<_>>(), ["Cy Do"]);
        assert_eq!(
            (t.affiliation(), t.track(), t.bio()),
            (Some("ACME 😀 Labs"), None, None)
        );
        // No speaker at all.
        let alone = Document::new(" Alone\n\nDescription: d\n", Default::default());
        let p0 = alone.segments().iter().find(|p| p.seg.is_talk()).unwrap();
        let none = talk_info(p0.seg, &alone.slice(p0.range()), Encoding::Utf16, None).unwrap();
        assert_eq!((none.speaker_count(), none.speakers().count()), (0, 0));
        assert_eq!((none.title(), none.track()), ("Alone", None));
        // Names given are shared, not copied.
        let text = doc.slice(p.range());
        let names = TalkNames::of(p.seg, &text).unwrap();
        let t = talk_info(p.seg, &text, Encoding::Utf16, Some(names.clone())).unwrap();
        assert!(t.names.ptr_eq(&names));
        assert_eq!((t.title(), t.speaker_count()), ("Solo", 1));
    }

    #[test]
    fn line_numbers_of_reused_talks_follow_edits() {
        use crate::syntax::Document;
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&format!(" Talk {i}\nby Ann Lee\n\nDescription: d\n\n"));
        }
        let mut doc = Document::new(&text, ParseOptions::default());
        let summary = |doc: &Document, prev: Option<FileTalks>| {
            let segs = doc.segments();
            let rope = doc.rope();
            file_talks(
                segs,
                &|i| doc.slice(segs.at(i).range()),
                &|o| rope.byte_to_line(o) as u32,
                Encoding::Utf16,
                prev,
                &|_| None,
            )
        };
        let mut ft = summary(&doc, None);
        // Lines added and removed at the top, in the middle, at the end; a
        // talk split in two and joined again; a whole talk deleted.
        // (where, as a function of the length; bytes deleted; text inserted)
        type Edit = (fn(usize) -> usize, usize, &'static str);
        let edits: &[Edit] = &[
            (|_| 0, 0, "\n\n\n"),
            (|n| n / 2, 0, "more\nlines\n"),
            (|_| 0, 3, ""),
            (|n| n, 0, "\n Tail\nby Bo\n"),
            (|n| n / 3, 0, "\n Split\nby Cy\n\n"),
            (|n| n / 4, 40, ""),
        ];
        for (at, del, ins) in edits {
            let a = at(doc.len()).min(doc.len());
            let a = (0..=a)
                .rev()
                .find(|&x| doc.text().is_char_boundary(x))
                .unwrap();
            let b = (a + del).min(doc.len());
            doc.edit(a..b, ins);
            let inc = summary(&doc, Some(ft.clone()));
            let reused = inc
                .talks
                .iter()
                .filter(|t| ft.talks.iter().any(|o| Arc::ptr_eq(&o.info, &t.info)))
                .count();
            assert!(reused + 3 >= inc.talks.len(), "unchanged talks are reused");
            let fresh = summary(&doc, None);
            let key = |f: &FileTalks| -> Vec<(usize, u32, String)> {
                f.talks
                    .iter()
                    .map(|t| (t.start, t.line, t.info.title().to_string()))
                    .collect()
            };
            assert_eq!(key(&inc), key(&fresh), "after inserting {ins:?} at {a}");
            ft = inc;
        }
    }

    #[test]
    fn speakers_are_remembered_until_a_speaker_or_the_roster_changes() {
        let mut w = ws(&[("a.talk", " One\nby Ada Lovelace\n")]);
        let first = w.speakers();
        assert!(
            Arc::ptr_eq(&first, &w.speakers()),
            "same inputs: same answer"
        );
        // A different file with a new speaker: a new answer.
        let other = ws(&[("b.talk", " Two\nby Grace Hopper\n")]);
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

    #[test]
    fn counts_references_definitions() {
        let a = " One\nby Ada Lovelace\nBio: Ada wrote notes.\n Two\nby ADA Lovelace and Bob\n";
        let b = " Three\nby Ada Lovelace\n";
        let w = ws(&[("a.talk", a), ("b.talk", b)]);
        let s = w.speakers();
        assert_eq!(s[0].name, "Ada Lovelace");
        assert_eq!(s[0].talks, 3);
        let refs = w.references("ADA LOVELACE");
        assert_eq!(refs.len(), 3);
        assert_eq!(refs[1].start, LineCol { line: 4, col: 3 });
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
