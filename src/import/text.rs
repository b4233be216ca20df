//! The readers of the text shapes: blog notes, a schedule page saved as
//! text, a prose report, Markdown notes. Each reads lines into
//! [`Notes`]; what they share is here and in the submodules `lines`
//! (what one line is: a bullet, a heading, a time line) and `names`
//! (whether a piece of text reads as a person's name, and the names a
//! paragraph says gave a talk).
//!
//! Every reader keeps every word: a line it does not understand becomes a
//! paragraph or an item of the talk it stands in (or of the preamble), and
//! a speaker split off a title line leaves the title line's other words in
//! the title.

mod blog;
pub mod lines;
mod markdown;
pub mod names;
mod prose;
mod prose_names;
mod schedule;
mod wordlists;

use super::model::{Block, Notes, Section, SectionKind, Talk};
use super::{ImportError, Shape};

/// Read `text` as the text shape `shape`.
pub fn read(text: &str, shape: Shape) -> Result<Notes, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(match shape {
        Shape::Blog => blog::read(text),
        Shape::Schedule => schedule::read(text),
        Shape::Prose => prose::read(text),
        Shape::Markdown => markdown::read(text),
        other => {
            return Err(ImportError::new(format!(
                "{} is not a text shape",
                other.name()
            )))
        }
    })
}

/// Where a reader puts blocks: the preamble until the first talk, then the
/// last section of the last talk.
pub(crate) struct Sink {
    pub notes: Notes,
}

impl Sink {
    pub fn new() -> Sink {
        Sink {
            notes: Notes::default(),
        }
    }

    pub fn talk(&mut self, talk: Talk) {
        self.notes.talks.push(talk);
    }

    /// The talk being read, if any.
    pub fn current(&mut self) -> Option<&mut Talk> {
        self.notes.talks.last_mut()
    }

    /// Add a block where the reader stands.
    pub fn push(&mut self, block: Block) {
        match self.notes.talks.last_mut() {
            None => self.notes.preamble.push(block),
            Some(t) => {
                if t.sections.is_empty() {
                    t.sections.push(Section::default());
                }
                t.sections.last_mut().unwrap().blocks.push(block);
            }
        }
    }

    /// Open a section with a heading in the current talk (a paragraph in
    /// the preamble).
    pub fn heading(&mut self, text: &str) {
        match self.notes.talks.last_mut() {
            None => self.notes.preamble.push(Block::Para(text.to_string())),
            Some(t) => t.sections.push(Section {
                kind: SectionKind::Heading(text.to_string()),
                blocks: Vec::new(),
            }),
        }
    }

    pub fn para(&mut self, text: &str) {
        if !text.trim().is_empty() {
            self.push(Block::Para(text.trim().to_string()));
        }
    }

    pub fn item(&mut self, depth: u8, text: &str) {
        if !text.trim().is_empty() {
            self.push(Block::Item {
                depth,
                text: text.trim().to_string(),
            });
        }
    }

    pub fn finish(mut self) -> Notes {
        for t in &mut self.notes.talks {
            t.sections
                .retain(|s| !(s.blocks.is_empty() && matches!(s.kind, SectionKind::Notes)));
        }
        self.notes
    }
}

/// Read the notes of a talk (or of the preamble): bullets and indented
/// lines become items nested by their indentation, column-0 text becomes
/// paragraphs (wrapped lines joined), a column-0 line ending in `:` before
/// a list opens a section with that heading when `colon_headings`.
pub(crate) fn read_notes(sink: &mut Sink, ls: &[lines::Line], colon_headings: bool) {
    // The indentation of each list level: the distinct indents of bullets.
    let mut indents: Vec<usize> = ls
        .iter()
        .filter(|l| l.bullet.is_some())
        .map(|l| l.indent)
        .collect();
    indents.sort_unstable();
    indents.dedup();
    let depth_of = |indent: usize| -> u8 {
        let d = indents.iter().filter(|&&i| i < indent).count();
        // Indents 0 and 1 are one level (a bullet after a one-space slip).
        d.min(8) as u8
    };
    let mut para: Vec<&str> = Vec::new();
    // The open item: its text so far, its indent and depth.
    let mut item: Option<(String, usize, u8)> = None;
    let flush_para = |sink: &mut Sink, para: &mut Vec<&str>| {
        if !para.is_empty() {
            sink.para(&para.join(" "));
            para.clear();
        }
    };
    let flush_item = |sink: &mut Sink, item: &mut Option<(String, usize, u8)>| {
        if let Some((t, _, d)) = item.take() {
            sink.item(d, &t);
        }
    };
    for (k, l) in ls.iter().enumerate() {
        if l.is_blank() {
            flush_para(sink, &mut para);
            continue;
        }
        if let Some(b) = l.bullet {
            flush_para(sink, &mut para);
            flush_item(sink, &mut item);
            // A number is a word of the source: `1.` stays with its item.
            let t = if l.numbered { l.text } else { b };
            item = Some((t.to_string(), l.indent, depth_of(l.indent)));
            continue;
        }
        if l.indent >= 2 {
            // A wrapped item goes on; an indented line of its own is an item.
            if let Some((t, ind, _)) = &mut item {
                if l.indent > *ind && !ls[k - 1].is_blank() {
                    t.push(' ');
                    t.push_str(l.text);
                    continue;
                }
            }
            flush_para(sink, &mut para);
            flush_item(sink, &mut item);
            item = Some((l.text.to_string(), l.indent, depth_of(l.indent)));
            continue;
        }
        flush_item(sink, &mut item);
        let next = ls[k + 1..].iter().find(|n| !n.is_blank());
        let before_list = next.is_some_and(|n| n.bullet.is_some() || n.indent >= 2);
        // `Takeaways:`, or a short line alone over a list (`Content`).
        let alone = k == 0 || ls[k - 1].is_blank();
        let short = lines::word_count(l.text) <= 6
            && !lines::ends_sentence(l.text)
            && !l.text.ends_with([',', ';']);
        if colon_headings
            && para.is_empty()
            && before_list
            && ((l.text.ends_with(':') && lines::word_count(l.text) <= 8) || (alone && short))
        {
            sink.heading(l.text.trim_end_matches(':').trim_end());
            continue;
        }
        para.push(l.text);
    }
    flush_para(sink, &mut para);
    flush_item(sink, &mut item);
}

/// A talk from a title line (split into title and speakers), with what
/// stood before the title and is no part of it (a time, `Day 1 - 1030 -`),
/// to keep before the talk, and what followed the speakers (a room), to
/// keep in its notes.
pub(crate) fn talk_from_title(line: &str) -> (Option<String>, Talk, Option<String>) {
    let (before, line) = match lines::time_prefix(line) {
        Some((b, rest)) => (Some(b.to_string()), rest),
        None => (None, line),
    };
    // `Talk: Title`, `Session 2: Title`: the label says what the line is,
    // it is no part of the title (it stays before the talk).
    let (before, line) = match kind_label(line) {
        Some((l, rest)) => (
            Some(match before {
                Some(b) => format!("{b} {l}"),
                None => l.to_string(),
            }),
            rest,
        ),
        None => (before, line),
    };
    let s = names::split_title(line);
    // A speaker named before the title stays before the talk, after what
    // stood before it.
    let before = match (before, s.lead) {
        (Some(b), Some(l)) => Some(format!("{b} {l}")),
        (b, l) => b.or(l),
    };
    (
        before,
        Talk {
            title: s.title,
            speakers: s.speakers.speakers,
            speaker_joiners: s.speakers.joiners,
            speaker_prefix: s.prefix,
            ..Talk::default()
        },
        s.rest,
    )
}

/// A title line's leading `Talk:` / `Session 2:` / `Presentation:` label,
/// and the title after it. `Keynote:` is no such label: it is part of the
/// title (`Keynote: Cloud native at 10`).
fn kind_label(line: &str) -> Option<(&str, &str)> {
    let (head, rest) = line.split_once(": ")?;
    let mut words = head.split_whitespace();
    let kind = words.next()?.to_lowercase();
    let number = words.next();
    let ok = matches!(kind.as_str(), "talk" | "session" | "presentation")
        && number.is_none_or(|n| n.chars().all(|c| c.is_ascii_digit() || c == '#'))
        && words.next().is_none();
    let rest = rest.trim_start();
    (ok && lines::word_count(rest) >= 1).then(|| (line[..head.len() + 1].trim_end(), rest))
}

/// Give `talk` the speakers of a `by` line (`by A, B and C`); what follows
/// the names and is no name comes back to be kept in the notes. `None`
/// when the line names nobody.
pub(crate) fn by_speakers(talk: &mut Talk, line: &str) -> Option<Option<String>> {
    let (prefix, rest) = lines::by_line(line)?;
    let (speakers, more) = names::speakers_and_rest(rest).or_else(|| {
        Some((
            names::loose_list(rest).filter(|_| prefix.ends_with("by"))?,
            None,
        ))
    })?;
    if !talk.speakers.is_empty() {
        return None;
    }
    give(talk, speakers);
    talk.speaker_prefix = Some(prefix.to_string());
    Some(more)
}

/// Whether a title line names its speakers after `by` (the detector counts
/// such lines over their notes as blog talks).
pub(crate) fn blog_by_titled(t: &str) -> bool {
    blog::by_titled(t)
}

/// Whether line `i` is a blog notes' title line (the detector counts them).
pub(crate) fn blog_title(ls: &[lines::Line], i: usize) -> bool {
    blog::is_title_line(ls, i)
}

/// Make `names` the talk's speakers.
pub(crate) fn give(talk: &mut Talk, names: names::Names) {
    talk.speakers = names.speakers;
    talk.speaker_joiners = names.joiners;
}

/// Whether line `i` is a prose heading between paragraphs of a page saved
/// without blank lines (the detector counts them).
pub(crate) fn prose_between_paragraphs(ls: &[lines::Line], i: usize) -> bool {
    prose::between_paragraphs(ls, i)
}

/// Whether line `i` is a schedule's `Speaker: Name` line (the detector
/// tells them from talk-note fields), and how many sessions a page of
/// titles over such lines has.
pub(crate) fn schedule_speaker_label(ls: &[lines::Line], i: usize) -> bool {
    schedule::speaker_label(ls, i).is_some()
}

pub(crate) fn schedule_labelled(ls: &[lines::Line]) -> usize {
    schedule::labelled_count(ls)
}

/// Whether a line is a schedule's table row (the detector counts them).
pub(crate) fn schedule_row(t: &str) -> bool {
    schedule::row(t).is_some()
}
