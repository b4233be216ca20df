//! The editor's view of the workspace: every file's talks, speakers, titles
//! and bios, with ranges already in (line, column) of the negotiated encoding
//! so files that are not open need no text kept in memory.
//!
//! A file's talks are kept per segment and *segment-relative* (lines counted
//! from the segment's first line), so after an edit only the segments the
//! edit re-parsed are summarised again; the rest are reused by `Arc`.

use crate::lint::config::Person;
use crate::syntax::pos::{Encoding, LineCol, LineIndex};
use crate::syntax::{Label, Placed, Segment};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// A range inside a segment: bytes and (line, column) relative to the
/// segment's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelRange {
    pub bytes: Range<usize>,
    pub start: LineCol,
    pub end: LineCol,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRef {
    pub name: String,
    pub handle: Option<String>,
    pub link: Option<String>,
    pub at: RelRange,
}

/// One talk, segment-relative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkInfo {
    pub title: String,
    pub title_at: RelRange,
    pub speakers: Vec<SpeakerRef>,
    /// The Bio section and its first ~300 characters.
    pub bio: Option<(RelRange, String)>,
    /// The second line of a singular `Author` field (affiliation, role).
    pub affiliation: Option<String>,
    /// The meta line's track, or a `Track:` field's text.
    pub track: Option<String>,
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
        bytes: r,
    }
}

/// Summarise one talk segment (`None` for a segment without a title).
pub fn talk_info(seg: &Segment, text: &str, enc: Encoding) -> Option<TalkInfo> {
    let title = seg.head.title?;
    let li = LineIndex::new(text);
    let speakers = seg
        .speakers
        .iter()
        .map(|s| SpeakerRef {
            name: s.name.text(text).to_string(),
            handle: s.handle.map(|h| h.text(text).to_string()),
            link: s.link.map(|h| h.text(text).to_string()),
            at: rel_range(&li, text, s.name.range(), enc),
        })
        .collect();
    let bio = seg.sections.iter().find(|s| s.label() == Some(Label::Bio)).map(|s| {
        let prose: Vec<&str> = s
            .inline
            .into_iter()
            .chain(s.content.iter().map(|c| c.text))
            .map(|sp| sp.text(text))
            .collect();
        let joined = prose.join(" ");
        let mut excerpt: String = joined.chars().take(300).collect();
        if excerpt.len() < joined.len() {
            excerpt.push('…');
        }
        (rel_range(&li, text, s.span.range(), enc), excerpt)
    });
    let affiliation = seg
        .sections
        .iter()
        .find(|s| matches!(s.label(), Some(Label::Author | Label::Speaker)))
        .and_then(|s| {
            let mut lines = s.inline.into_iter().chain(s.content.iter().map(|c| c.text));
            lines.next()?;
            lines.next().map(|l| l.text(text).trim().to_string())
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
        .map(|t| t.text(text).to_string());
    Some(TalkInfo {
        track,
        title: title.text(text).to_string(),
        title_at: rel_range(&li, text, title.range(), enc),
        speakers,
        bio,
        affiliation,
    })
}

/// Summarise a file's talks, reusing `prev`'s summaries of unchanged segments.
pub fn file_talks<'a>(
    segments: &[Placed],
    seg_text: &dyn Fn(usize) -> Cow<'a, str>,
    line_of: &dyn Fn(usize) -> u32,
    enc: Encoding,
    prev: Option<&FileTalks>,
) -> FileTalks {
    let reuse: HashMap<*const Segment, &Arc<TalkInfo>> = prev
        .map(|f| f.talks.iter().map(|t| (Arc::as_ptr(&t.seg), &t.info)).collect())
        .unwrap_or_default();
    let mut talks = Vec::new();
    for (i, p) in segments.iter().enumerate() {
        if !p.seg.is_talk() {
            continue;
        }
        let info = match reuse.get(&Arc::as_ptr(&p.seg)) {
            Some(info) => Arc::clone(info),
            None => match talk_info(&p.seg, &seg_text(i), enc) {
                Some(info) => Arc::new(info),
                None => continue,
            },
        };
        talks.push(PlacedTalk {
            start: p.start,
            line: line_of(p.start),
            seg: Arc::clone(&p.seg),
            info,
        });
    }
    FileTalks { talks }
}

impl PlacedTalk {
    pub fn loc(&self, file: &str, r: &RelRange) -> Loc {
        let abs = |lc: LineCol| LineCol {
            line: lc.line + self.line,
            col: lc.col,
        };
        Loc {
            file: file.to_string(),
            bytes: r.bytes.start + self.start..r.bytes.end + self.start,
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
    fn person_key(&self, name: &str) -> String {
        let k = name_key(name);
        match self.roster_person(&k) {
            Some(p) => name_key(&p.name),
            None => k,
        }
    }

    /// Speakers with talk counts, most used first (roster names included).
    pub fn speakers(&self) -> Vec<SpeakerStat> {
        struct Acc {
            spellings: BTreeMap<String, usize>,
            talks: usize,
            handle: Option<String>,
            affiliation: Option<String>,
            in_roster: bool,
        }
        let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
        let new_acc = || Acc {
            spellings: BTreeMap::new(),
            talks: 0,
            handle: None,
            affiliation: None,
            in_roster: false,
        };
        for (_, t) in self.talks() {
            let single = t.info.speakers.len() == 1;
            for s in &t.info.speakers {
                let a = acc.entry(self.person_key(&s.name)).or_insert_with(new_acc);
                *a.spellings.entry(s.name.clone()).or_default() += 1;
                a.talks += 1;
                if a.handle.is_none() {
                    a.handle.clone_from(&s.handle);
                }
                if a.affiliation.is_none() && single {
                    a.affiliation.clone_from(&t.info.affiliation);
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
            for s in &t.info.speakers {
                if self.person_key(&s.name) == key {
                    out.push(t.loc(f, &s.at));
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
            if !t.info.speakers.iter().any(|s| self.person_key(&s.name) == key) {
                continue;
            }
            if let Some((at, _)) = &t.info.bio {
                found.push((t.info.speakers.len() != 1, t.loc(f, at)));
            }
        }
        found.sort_by_key(|(shared, _)| *shared);
        found.into_iter().map(|(_, l)| l).collect()
    }

    /// Hover text for a speaker: their talks (with files) and a bio excerpt.
    pub fn speaker_markdown(&self, name: &str) -> String {
        let key = self.person_key(name);
        let stat = self.speakers().into_iter().find(|s| name_key(&s.name) == key);
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
            if t.info.speakers.iter().any(|s| self.person_key(&s.name) == key) {
                talks.push(format!(
                    "- {} — `{}:{}`",
                    t.info.title,
                    short_file(f),
                    t.line + t.info.title_at.start.line + 1
                ));
                if bio.is_none() && t.info.speakers.len() == 1 {
                    bio = t.info.bio.as_ref().map(|(_, b)| b.clone());
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

    /// Talks and speakers whose names match `query` (case-insensitive
    /// substring; an empty query matches everything), at most `limit`.
    pub fn symbols(&self, query: &str, limit: usize) -> Vec<WsSymbol> {
        let q = query.to_lowercase();
        let mut out = Vec::new();
        let mut seen_speakers = std::collections::HashSet::new();
        for (f, t) in self.talks() {
            if out.len() >= limit {
                break;
            }
            if t.info.title.to_lowercase().contains(&q) {
                out.push(WsSymbol {
                    name: t.info.title.clone(),
                    speaker: false,
                    container: Some(short_file(f).to_string()),
                    loc: t.loc(f, &t.info.title_at),
                });
            }
            for s in &t.info.speakers {
                if s.name.to_lowercase().contains(&q) && seen_speakers.insert((f, name_key(&s.name))) {
                    out.push(WsSymbol {
                        name: s.name.clone(),
                        speaker: true,
                        container: Some(t.info.title.clone()),
                        loc: t.loc(f, &s.at),
                    });
                }
            }
        }
        out.truncate(limit);
        out
    }
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
                &|i| Cow::Borrowed(&text[tree.segments[i].range()]),
                &|o| li.line_of(o) as u32,
                Encoding::Utf16,
                None,
            );
            w.files.insert(name.to_string(), ft);
        }
        w
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
        assert!(w.speaker_markdown("Ada Lovelace").contains("Ada wrote notes."));
    }
}
