//! One talk's summary for the editor ([`TalkInfo`]) and a file's talks
//! ([`FileTalks`]), kept *segment-relative* (lines counted from the segment's
//! first line) so that after an edit only the segments the edit re-parsed
//! are summarised again; the rest are reused by `Arc`.

use crate::index::strs::Strs;
use crate::index::TalkNames;
use crate::syntax::pos::LineIndex;
use crate::syntax::{common_ends, Label, Placed, Segment, Segments, Span};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// A place in a segment: its line, counted from the segment's first line
/// (or, in a [`Loc`], from the file's), and its column counted both in
/// bytes and in UTF-16 code units — the two position encodings the
/// language server negotiates. Both are kept so a file that is not open
/// needs no text for the server to answer in either (it picks one when it
/// answers); nothing here depends on which was negotiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    /// In bytes.
    pub col: u32,
    /// In UTF-16 code units.
    pub col_utf16: u32,
}

impl Pos {
    /// Where `offset` of `text` is.
    fn of(li: &LineIndex, text: &str, offset: usize) -> Pos {
        // Clamped to the text and to a character boundary, as every
        // position conversion is.
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = li.line_of(offset);
        let start = li.line_start(line).min(offset);
        let before = &text[start..offset];
        Pos {
            line: line as u32,
            col: before.len() as u32,
            col_utf16: before.encode_utf16().count() as u32,
        }
    }

    /// Where `text`, read from here, ends.
    pub fn after(self, text: &str) -> Pos {
        let utf16 = |s: &str| s.chars().map(char::len_utf16).sum::<usize>() as u32;
        match text.rfind('\n') {
            None => Pos {
                line: self.line,
                col: self.col + text.len() as u32,
                col_utf16: self.col_utf16 + utf16(text),
            },
            Some(i) => {
                let last = &text[i + 1..];
                Pos {
                    line: self.line + text.matches('\n').count() as u32,
                    col: last.len() as u32,
                    col_utf16: utf16(last),
                }
            }
        }
    }
}

/// A range inside a segment: bytes, and where it starts and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelRange {
    /// Segment-relative, so 32 bits (as every span in a segment).
    pub bytes: Span,
    pub start: Pos,
    pub end: Pos,
}

/// Where a name (a title, a speaker's name) starts in its segment. It ends
/// where its text, held in the talk's [`TalkNames`], does: a name is on one
/// line, and its text is exactly what the span covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameAt {
    /// Segment-relative byte offset.
    pub start: u32,
    pub pos: Pos,
}

impl NameAt {
    fn of(li: &LineIndex, text: &str, span: Span) -> NameAt {
        NameAt {
            start: span.start,
            pos: Pos::of(li, text, span.start as usize),
        }
    }
}

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
    pub name: &'a str,
    pub handle: Option<&'a str>,
    pub link: Option<&'a str>,
    pub at: NameAt,
}

/// One talk, segment-relative.
///
/// The title and the speaker names are read from the talk's [`TalkNames`]
/// (for an open file the very record its lint cache and index entry
/// hold). The other strings, which most talks lack, are kept in one
/// [`Strs`]: each speaker's handle and link, then the affiliation and the
/// track (see [`TalkInfo::speakers`], [`TalkInfo::affiliation`],
/// [`TalkInfo::track`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkInfo {
    names: TalkNames,
    strs: Strs,
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
        let mut strs = self.strs.iter();
        let mut names = self.names.speakers();
        self.speakers.as_slice().iter().map(move |&at| Speaker {
            name: names.next().map_or("", |n| n.0),
            handle: strs.next().flatten(),
            link: strs.next().flatten(),
            at,
        })
    }

    /// The Bio section.
    pub fn bio(&self) -> Option<&RelRange> {
        self.bio.as_ref()
    }

    /// The second line of a singular `Author` field (affiliation, role).
    pub fn affiliation(&self) -> Option<&str> {
        self.strs.get(2 * self.speaker_count())
    }

    /// The meta line's track, or a `Track:` field's text.
    pub fn track(&self) -> Option<&str> {
        self.strs.get(2 * self.speaker_count() + 1)
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

/// A place in a file: bytes, and where it starts and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: String,
    pub bytes: Range<usize>,
    pub start: Pos,
    pub end: Pos,
}

fn rel_range(li: &LineIndex, text: &str, r: Range<usize>) -> RelRange {
    RelRange {
        start: Pos::of(li, text, r.start),
        end: Pos::of(li, text, r.end),
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
pub fn talk_info(seg: &Segment, text: &str, names: Option<TalkNames>) -> Option<TalkInfo> {
    let title = seg.head.title?;
    let names = match names {
        Some(n) => n,
        None => TalkNames::of(seg, text)?,
    };
    let li = LineIndex::new(text);
    let speakers: Vec<NameAt> = (seg.speakers.iter())
        .map(|s| NameAt::of(&li, text, s.name))
        .collect();
    let bio = bio_section(seg).map(|s| rel_range(&li, text, s.span.range()));
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
    // In the order `TalkInfo`'s accessors read them.
    let strs = (seg.speakers.iter())
        .flat_map(|s| [s.handle, s.link].map(|x| x.map(|x| x.text(text))))
        .chain([affiliation, track]);
    let mut info = TalkInfo {
        names,
        strs: Strs::new(strs),
        title_at: NameAt::of(&li, text, title),
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
/// caller holds them already (the lint cache, the index entry), to share.
pub fn file_talks<'a>(
    segments: &Segments,
    seg_text: &dyn Fn(usize) -> Cow<'a, str>,
    line_of: &dyn Fn(usize) -> u32,
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
            if update_in_place(&mut f, segments, seg_text, line_of, names_of) {
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
                match talk_info(p.seg, &seg_text(i), names_of(i)) {
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
        let Some(info) = talk_info(p.seg, &seg_text(i), names_of(i)) else {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::pos::Encoding;
    use crate::syntax::ParseOptions;

    /// Every place the catalog gives (titles, speaker names, bios, in a
    /// second talk whose lines start with wide characters) has the line and
    /// the columns, in bytes and in UTF-16, that the file's text gives.
    #[test]
    fn places_have_the_columns_of_both_encodings() {
        let text = " Intro\nAnn Lee\n\n Ünïcode 😀 talk\nZoë Ünï, Åsa Lind\n\n\
                    Bio: Zoë writes 😀.\n\tMore é.\n";
        let tree = crate::syntax::parse(text, &ParseOptions::default());
        let li = LineIndex::new(text);
        let ft = file_talks(
            &tree.segments,
            &|i| Cow::Borrowed(&text[tree.segments.at(i).range()]),
            &|o| li.line_of(o) as u32,
            None,
            &|_| None,
        );
        let mut locs = Vec::new();
        for t in &ft.talks {
            locs.push(t.title_loc("f"));
            locs.extend(t.info.speakers().map(|s| t.speaker_loc("f", &s)));
            locs.extend(t.bio_loc("f"));
        }
        assert_eq!(locs.len(), 6, "{locs:?}");
        for l in &locs {
            for (p, at) in [(l.start, l.bytes.start), (l.end, l.bytes.end)] {
                let narrow = li.to_line_col(text, at, Encoding::Utf8);
                let wide = li.to_line_col(text, at, Encoding::Utf16);
                assert_eq!((p.line, p.col), (narrow.line, narrow.col), "{l:?}");
                assert_eq!((p.line, p.col_utf16), (wide.line, wide.col), "{l:?}");
            }
        }
        let names: Vec<&str> = locs.iter().map(|l| &text[l.bytes.clone()]).collect();
        assert_eq!(
            names,
            [
                "Intro",
                "Ann Lee",
                "Ünïcode 😀 talk",
                "Zoë Ünï",
                "Åsa Lind",
                "Bio: Zoë writes 😀.\n\tMore é."
            ]
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
        let t = talk_info(p.seg, &doc.slice(p.range()), None).unwrap();
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
        let t = talk_info(p.seg, &doc.slice(p.range()), None).unwrap();
        assert_eq!(t.speakers().map(|s| s.name).collect::<Vec<_>>(), ["Cy Do"]);
        assert_eq!(
            (t.affiliation(), t.track(), t.bio()),
            (Some("ACME 😀 Labs"), None, None)
        );
        // No speaker at all.
        let alone = Document::new(" Alone\n\nDescription: d\n", Default::default());
        let p0 = alone.segments().iter().find(|p| p.seg.is_talk()).unwrap();
        let none = talk_info(p0.seg, &alone.slice(p0.range()), None).unwrap();
        assert_eq!((none.speaker_count(), none.speakers().count()), (0, 0));
        assert_eq!((none.title(), none.track()), ("Alone", None));
        // Names given are shared, not copied.
        let text = doc.slice(p.range());
        let names = TalkNames::of(p.seg, &text).unwrap();
        let t = talk_info(p.seg, &text, Some(names.clone())).unwrap();
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
}
