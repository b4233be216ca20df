//! The one per-file summary: a file's talks ([`FileSummary`]), each a
//! [`TalkInfo`] (title, speakers with handles, links and affiliation lines,
//! bio, track, and where each is) kept *segment-relative* (lines counted
//! from the segment's first line) so that after an edit only the segments
//! the edit re-parsed are summarised again; the rest are reused by `Arc`.
//!
//! Plain data, read by both sides: the lint index ([`super::FileEntry`],
//! what workspace rules see) and the editor's catalog (completion, hover,
//! references, rename) hold the same `Arc<FileSummary>` of a file.

mod places;

pub use places::{line_breaks, Loc, NameAt, Pos, RelRange};
use places::{rel_range, Places};

use super::optional_strings::OptionalStrings;
use super::TalkNames;
use crate::syntax::{common_ends, Label, Placed, Segment, SourceText, Span, SpeakerSource};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// A talk's speakers. Most talks have one: it is kept in the summary
/// itself, not in a box of one (an allocation per talk).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refs {
    One(NameAt),
    Many(Box<[NameAt]>),
}

impl Refs {
    fn new(mut v: Vec<NameAt>) -> Refs {
        match v.len() {
            1 => Refs::One(v.remove(0)),
            _ => Refs::Many(v.into_boxed_slice()),
        }
    }

    fn as_slice(&self) -> &[NameAt] {
        match self {
            Refs::One(r) => std::slice::from_ref(r),
            Refs::Many(b) => b,
        }
    }
}

/// A speaker of a talk, read from its [`TalkInfo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speaker<'a> {
    /// Which speaker of the talk.
    pub nth: usize,
    pub name: &'a str,
    /// [`super::speaker_key`] of the name.
    pub key: &'a str,
    pub handle: Option<&'a str>,
    pub link: Option<&'a str>,
    /// The speaker's own Author field's detail lines (after the name),
    /// one per line (see [`Speaker::affiliation_lines`]).
    affiliation: Option<&'a str>,
    pub at: NameAt,
}

impl<'a> Speaker<'a> {
    /// The speaker's Author section's detail lines, e.g. `PSF Member`
    /// (none for a speaker named on the head line or a plural field).
    pub fn affiliation_lines(&self) -> impl Iterator<Item = &'a str> {
        self.affiliation.into_iter().flat_map(|a| a.split('\n'))
    }
}

/// One talk, segment-relative.
///
/// The title and the speaker names are read from the talk's [`TalkNames`]
/// (for an open file the very record its lint cache holds). The other
/// strings, which most talks lack, are kept in one [`OptionalStrings`]: each
/// speaker's handle, link and affiliation lines, then the talk's
/// affiliation and track (see [`TalkInfo::speakers`], [`TalkInfo::affiliation`],
/// [`TalkInfo::track`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkInfo {
    names: TalkNames,
    optional_strings: OptionalStrings,
    pub title_at: NameAt,
    /// Where each speaker's name is.
    speakers: Refs,
    /// The Bio section (its excerpt is read from the text when a hover
    /// asks: [`bio_excerpt`]).
    bio: Option<RelRange>,
    /// A hash of what [`Catalog::speakers`] reads of this talk (speaker
    /// names and handles, the affiliation of a single speaker).
    pub speakers_hash: u64,
}

impl TalkInfo {
    pub fn title(&self) -> &str {
        self.names.title()
    }

    /// The title and speaker names (shared with the lint cache of an open
    /// file).
    pub fn names(&self) -> &TalkNames {
        &self.names
    }

    pub fn speaker_count(&self) -> usize {
        self.speakers.as_slice().len()
    }

    /// The speakers, in order.
    pub fn speakers(&self) -> impl Iterator<Item = Speaker<'_>> {
        let mut optional_strings = self.optional_strings.iter();
        let mut names = self.names.speakers();
        (self.speakers.as_slice().iter().enumerate()).map(move |(nth, &at)| {
            let (name, key) = names.next().map_or(("", ""), |n| (n.0, n.1));
            Speaker {
                nth,
                name,
                key,
                handle: optional_strings.next().flatten(),
                link: optional_strings.next().flatten(),
                affiliation: optional_strings.next().flatten(),
                at,
            }
        })
    }

    /// The Bio section.
    pub fn bio(&self) -> Option<&RelRange> {
        self.bio.as_ref()
    }

    /// The second line of a singular `Author` field (affiliation, role).
    pub fn affiliation(&self) -> Option<&str> {
        self.optional_strings
            .get(PER_SPEAKER * self.speaker_count())
    }

    /// The meta line's track, or a `Track:` field's text.
    pub fn track(&self) -> Option<&str> {
        self.optional_strings
            .get(PER_SPEAKER * self.speaker_count() + 1)
    }
}

/// Strings per speaker in [`TalkInfo`]'s `optional_strings`: handle, link, affiliation
/// lines.
const PER_SPEAKER: usize = 3;

#[derive(Debug, Clone)]
pub struct PlacedTalk {
    pub start: usize,
    pub line: u32,
    /// Kept so the summary can be reused while the segment is unchanged.
    pub seg: Arc<Segment>,
    pub info: Arc<TalkInfo>,
}

/// A file's talks: the one summary of a file that the lint index and the
/// editor's catalog share.
#[derive(Debug, Clone, Default)]
pub struct FileSummary {
    pub talks: Vec<PlacedTalk>,
}

impl FileSummary {
    /// This summary with each talk's segment cut down to what names the
    /// talk (its length, head and speakers), its sections and lines
    /// dropped: for a summary held long after the file's tree is done with
    /// (the CLI's index holds every file's until all are linted, and would
    /// otherwise hold every tree). Nothing else of the summary changes; it
    /// is never reused for an edited text (no segment is the same) and
    /// gives no bio excerpt.
    pub fn without_sections(mut self) -> FileSummary {
        for t in &mut self.talks {
            let s = &t.seg;
            let mut lean = Segment::new(s.len, s.opener, s.indent_unit);
            lean.title_line = s.title_line;
            lean.preamble = s.preamble;
            lean.head = s.head.clone();
            lean.speakers = s.speakers.clone();
            t.seg = Arc::new(lean);
        }
        self
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
pub fn talk_info(seg: &Segment, text: &str, names: Option<TalkNames>) -> Option<TalkInfo> {
    let title = seg.head.title?;
    let names = match names {
        Some(n) => n,
        None => TalkNames::of(seg, text)?,
    };
    // In the order they are in the text.
    let mut places = Places::new(text);
    let title_at = NameAt::of(&mut places, title);
    let speakers: Vec<NameAt> = (seg.speakers.iter())
        .map(|s| NameAt::of(&mut places, s.name))
        .collect();
    let bio = bio_section(seg).map(|s| rel_range(&mut places, s.span.range()));
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
    // Each speaker's own Author field's detail lines (after the name),
    // joined: a line holds no line break.
    let lines: Vec<Option<String>> = (seg.speakers.iter())
        .map(|sp| match sp.source {
            SpeakerSource::Field(k) => seg
                .sections
                .get(k as usize)
                .filter(|s| s.label().is_some_and(|l| !l.is_plural_speaker()))
                .map(|s| {
                    let v: Vec<&str> = (seg.texts(s))
                        .filter(|x| !x.is_empty())
                        .skip(1)
                        .map(|x| x.text(text))
                        .collect();
                    v.join("\n")
                })
                .filter(|a| !a.is_empty()),
            SpeakerSource::Head => None,
        })
        .collect();
    // In the order `TalkInfo`'s accessors read them.
    let optional_strings = (seg.speakers.iter().zip(&lines))
        .flat_map(|(s, a)| {
            let [h, l] = [s.handle, s.link].map(|x| x.map(|x| x.text(text)));
            [h, l, a.as_deref()]
        })
        .chain([affiliation, track]);
    let mut info = TalkInfo {
        names,
        optional_strings: OptionalStrings::new(optional_strings),
        title_at,
        speakers: Refs::new(speakers),
        bio,
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
/// caller holds them already (the lint cache), to share.
pub fn file_summary(
    src: SourceText<'_>,
    line_of: &dyn Fn(usize) -> u32,
    prev: Option<FileSummary>,
    names_of: &dyn Fn(usize) -> Option<TalkNames>,
) -> FileSummary {
    // Unchanged segments keep their `Arc`: their summary is reused, and so
    // is their line number, shifted by the line delta of the run of
    // unchanged talks they are in (one rope lookup per run, not per talk).
    // A run is talks that follow each other with nothing between, before
    // and after the edit: a segment that is not a talk between two may
    // have changed its lines without changing either talk. (Checked on
    // starts and segment numbers only: the talk before is the same
    // segment, so with nothing between now and the same distance between
    // starts there was nothing between before either. No segment is read,
    // which for 13,000 talks would cost a cache miss each.)
    let segments = src.segments();
    let talk_segs = || segments.iter().filter(|p| p.seg.is_talk());
    let n_new = talk_segs().count();
    let prev = match prev {
        // Talks kept one for one (typing inside a talk, asked after every
        // keystroke): updated in place, no list of them rebuilt.
        Some(mut f) if f.talks.len() == n_new => {
            if update_in_place(&mut f, src, line_of, names_of) {
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
    // (index in `prev` of the last reused talk, new line − old line, its
    // segment's number, where it started before and starts now)
    let mut run: Option<(usize, i64, usize, usize, usize)> = None;
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
                    Some((last, shift, seg, was, now))
                        if last + 1 == j
                            && seg + 1 == i
                            && t.start.wrapping_sub(was) == p.start.wrapping_sub(now) =>
                    {
                        (t.line as i64 + shift) as u32
                    }
                    _ => line_of(p.start),
                };
                run = Some((j, line as i64 - t.line as i64, i, t.start, p.start));
                (t.info, line)
            }
            None => {
                run = None;
                match talk_info(p.seg, &src.seg_text(i), names_of(i)) {
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
    FileSummary { talks }
}

/// [`file_summary`] for a list of as many talks as `f` has: each talk is
/// either the same segment (its line shifted with its run) or summarised
/// afresh in its place. False (with `f` partly updated, every entry still
/// a talk's true summary) if a talk could not be summarised.
fn update_in_place(
    f: &mut FileSummary,
    src: SourceText<'_>,
    line_of: &dyn Fn(usize) -> u32,
    names_of: &dyn Fn(usize) -> Option<TalkNames>,
) -> bool {
    let talks = src
        .segments()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.seg.is_talk());
    // New line − old line of the run of reused talks being walked, its
    // last talk's segment number, where it started before and starts now
    // (see `file_summary`).
    let mut shift: Option<(i64, usize, usize, usize)> = None;
    for (t, (i, p)) in f.talks.iter_mut().zip(talks) {
        if Arc::ptr_eq(&t.seg, p.seg) {
            let line = match shift {
                Some((d, seg, was, now))
                    if seg + 1 == i && t.start.wrapping_sub(was) == p.start.wrapping_sub(now) =>
                {
                    (t.line as i64 + d) as u32
                }
                _ => line_of(p.start),
            };
            shift = Some((line as i64 - t.line as i64, i, t.start, p.start));
            t.start = p.start;
            t.line = line;
            continue;
        }
        shift = None;
        let Some(info) = talk_info(p.seg, &src.seg_text(i), names_of(i)) else {
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
    pub fn title(&self) -> &str {
        self.info.title()
    }

    /// [`super::normalize_title`] of the title.
    pub fn title_key(&self) -> &str {
        self.info.names().title_key()
    }

    /// The whole talk segment in the file.
    pub fn range(&self) -> Range<usize> {
        self.start..self.start + self.seg.len as usize
    }

    /// The title's bytes in the file.
    pub fn title_range(&self) -> Range<usize> {
        let at = self.start + self.info.title_at.start as usize;
        at..at + self.info.title().len()
    }

    /// A speaker's name's bytes in the file.
    pub fn name_range(&self, s: &Speaker<'_>) -> Range<usize> {
        let at = self.start + s.at.start as usize;
        at..at + s.name.len()
    }

    /// `r`, segment-relative, as a place in `file`.
    fn loc(&self, file: &str, bytes: Span, start: Pos, end: Pos) -> Loc {
        let abs = |p: Pos| Pos {
            line: p.line + self.line,
            ..p
        };
        Loc {
            file: file.to_string(),
            bytes: bytes.abs(self.start),
            start: abs(start),
            end: abs(end),
        }
    }

    /// Where a name of this talk (`text`, at `at`) is in `file`.
    fn name_loc(&self, file: &str, at: NameAt, text: &str) -> Loc {
        let bytes = Span {
            start: at.start,
            end: at.start + text.len() as u32,
        };
        self.loc(file, bytes, at.pos, at.pos.after(text))
    }

    /// Where the title is in `file`.
    pub fn title_loc(&self, file: &str) -> Loc {
        self.name_loc(file, self.info.title_at, self.info.title())
    }

    /// Where a speaker's name is in `file`.
    pub fn speaker_loc(&self, file: &str, s: &Speaker<'_>) -> Loc {
        self.name_loc(file, s.at, s.name)
    }

    /// Where the Bio section is in `file`.
    pub fn bio_loc(&self, file: &str) -> Option<Loc> {
        let r = self.info.bio()?;
        Some(self.loc(file, r.bytes, r.start, r.end))
    }
}

/// The summary of `text` parsed with the default options, nothing reused
/// (how unit tests make one).
#[cfg(test)]
pub(crate) fn summary_of(text: &str) -> FileSummary {
    let tree = crate::syntax::parse(text, &Default::default());
    let li = crate::syntax::pos::LineIndex::new(text);
    file_summary(
        SourceText::new(&tree.segments, text),
        &|o| li.line_of(o) as u32,
        None,
        &|_| None,
    )
}

#[cfg(test)]
mod tests;
