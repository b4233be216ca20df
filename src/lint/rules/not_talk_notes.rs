//! NL037 not-talk-notes: a file that is not talk-note markup at all (blog
//! notes, a schedule page, a prose report, Markdown notes, a schedule
//! export, a flat list of bullets). The finding names the shape and the
//! command that converts it.
//!
//! The verdict comes from a [`Shape`]: counts the talk pass already has
//! (talks, sections, content lines, stray lines) plus the lines outside any
//! talk, and the shape [`crate::import::detect`] finds. Only the preamble
//! and untitled segments are read as text for the counts (a real note has
//! few and small ones); the detector reads the text only when the counts
//! leave room for another shape (few talks, or many lines that fit none),
//! and at most its first [`LOOK_BYTES`], so a keystroke in a long note
//! never pays for it.

use super::util::*;
use crate::import::Shape as ImportShape;
use crate::syntax::SourceText;

pub struct NotTalkNotes;

/// Where the format is described (the finding links it).
pub const SPEC_URL: &str = "https://github.com/notelint/notelint/blob/main/docs/spec.md";

/// A document of more talks than this is not read by the detector unless
/// its counts already say it is no talk notes.
pub const MAX_TALKS_LOOKED_AT: usize = 3;

/// How much of a document the detector reads.
pub const LOOK_BYTES: usize = 64 * 1024;

/// Fewer lines than this outside the talks is never "not talk notes": a
/// short preamble or a stub file is fine.
pub const MIN_UNPLACED: usize = 12;

pub static META: RuleMeta = RuleMeta {
    code: "NL037",
    name: "not-talk-notes",
    default_severity: Severity::Warning,
    scope: Scope::Document,
    fix: FixAvailability::None,
    summary: "The file does not read as talk notes (a blog post, a schedule export, a flat list).",
    explanation: r#"Conference notes also come as blog posts, schedule pages saved as text,
prose reports, Markdown files and schedule exports. Read as talk-note markup
(see `docs/spec.md`) such a file becomes no talk at all, or one giant "talk"
whose lines fit no part of it, and its lines turn up as titles and speakers.
This rule reports such a file once, on its first line (comments skipped),
names the shape it looks like and the command that converts it:

    this looks like blog-style talk notes, not talk-note markup: convert it
    with `notelint import notes.txt`

While it does, the rules that read the file as talk-note markup (its talks,
sections, fields and speakers: missing-author, incomplete-proposal,
duplicate-section, empty-section, section-order, stray-line,
field-outside-talk, bad-meta, duplicate-title, description-too-long,
too-long, similar-speaker, unknown-speaker) stay quiet for that file, one
finding instead of a page of them; the layout and text rules still speak.
Its titles and speakers are left out of the speakers index (even with this
rule turned off, which only silences the finding).

A file is reported when `notelint import`'s detector finds another shape in
it — Markdown headings, bulleted titles with `by` or time lines, title lines
over bullet lists with speakers in them, short headings over paragraphs of
prose, a schedule export — or when at least 12 of its lines (not blank, not
comments) fit no talk — lines before the first talk or in a segment without
a title, and stray lines inside talks — and

- it has no talk at all, or
- those lines are more than a third of its lines, or
- it has exactly one talk with more than 30 sections.

A line of one leading space (a talk's title), a separator or a field such as
`Description:` is talk-note markup, and the detector takes a file with such
lines for talk notes unless its other shape has more to show. Only a file of
at most 3 talks, or whose counts already say it is no talk notes, is read by
the detector. No example, seed note or test fixture of this project is
reported.

**Bad**

```talk
09:00 - 09:45  Hall A   Opening keynote - Dana Whitfield
10:00 - 10:30  Room A   Async views in practice - Luis Ortega
10:00 - 10:30  Room B   Pandas without the pain - Mei Chen
```

**Good**

```talk
 Async views in practice
Luis Ortega
Web, Intermediate

Description: Where async views pay off in Django, and where they do not.
```

**Options**: none (turn it off with `not-talk-notes = "off"` under `[rules]`,
or `// notelint: disable=not-talk-notes` at the top of the file).

**Fix**: none in the editor — `notelint import FILE` converts the file
(blog notes, schedule pages, prose reports, Markdown, frab/pretalx XML or
JSON, CSV) and keeps every word of it."#,
};

/// A document's shape as the format reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// Talks (segments with a title).
    pub talks: usize,
    /// Sections in all talks, and in the talk with the most.
    pub sections: usize,
    pub max_sections: usize,
    /// Lines placed in a talk: title, speaker and meta lines, section
    /// openings and content lines.
    pub placed: usize,
    /// Stray lines inside talks.
    pub stray: usize,
    /// Non-blank, non-comment lines outside any talk: the preamble and
    /// segments without a title (separator lines not counted).
    pub outside: usize,
    /// The first line of the document that is neither blank nor a comment
    /// (absolute byte range).
    pub first_line: Option<(usize, usize)>,
    /// The shape `notelint import` reads the text as, when it is not
    /// talk-note markup (see [`Shape::look`]).
    pub looks_like: Option<ImportShape>,
}

impl Shape {
    /// One segment's share of its document's shape ([`Shape::add`] adds it
    /// up), its first line relative to the segment: what [`Shape::of`]
    /// gathers, for a cache that keeps it per segment.
    pub fn part(seg: &crate::syntax::Segment, text: &str) -> Shape {
        let mut s = Shape::counts(seg);
        s.first_line = first_line(text);
        let preamble = seg.preamble.filter(|_| seg.is_talk());
        if !seg.is_talk() || preamble.is_some() {
            let (from, to) = match preamble {
                Some(pre) => (pre.start as usize, pre.end as usize),
                None => (0, text.len()),
            };
            s.outside = outside_lines(text.get(from..to).unwrap_or(""));
        }
        s
    }

    /// A talk's counts (nothing for a segment that is not a talk), read
    /// from its tree alone.
    fn counts(seg: &crate::syntax::Segment) -> Shape {
        if !seg.is_talk() {
            return Shape::default();
        }
        Shape {
            talks: 1,
            sections: seg.sections.len(),
            max_sections: seg.sections.len(),
            placed: 1
                + usize::from(seg.head.speaker_line.is_some())
                + usize::from(seg.head.meta.is_some())
                + seg
                    .sections
                    .iter()
                    .map(|sec| 1 + seg.content(sec).len())
                    .sum::<usize>(),
            stray: seg.stray().len(),
            ..Shape::default()
        }
    }

    /// Add a segment's [`Shape::part`]; `start` is the segment's offset.
    pub fn add(&mut self, part: &Shape, start: usize) {
        self.talks += part.talks;
        self.sections += part.sections;
        self.max_sections = self.max_sections.max(part.max_sections);
        self.placed += part.placed;
        self.stray += part.stray;
        self.outside += part.outside;
        if self.first_line.is_none() {
            self.first_line = part.first_line.map(|(a, b)| (start + a, start + b));
        }
    }

    /// The shape of a document: its counts ([`Shape::counted`]) and what
    /// it looks like ([`Shape::look`]).
    pub fn of(src: SourceText<'_>) -> Shape {
        Shape::counted(src).look(src)
    }

    /// Name the shape the text looks like, where the counts leave room for
    /// another than talk-note markup: a file with few talks (a blog post or
    /// a schedule reads as one talk or none) or with many lines that fit no
    /// talk. A note of many talks is never read again, so a keystroke in a
    /// long note costs nothing here; the detector reads at most
    /// [`LOOK_BYTES`] of the text.
    pub fn look(mut self, src: SourceText<'_>) -> Shape {
        let segments = src.segments();
        self.looks_like = None;
        // A schedule export (XML, JSON, CSV) says so in its first bytes,
        // however many "talks" its indented lines make.
        if self.talks > MAX_TALKS_LOOKED_AT
            && !self.counts_say_not_talk_notes()
            && (segments.is_empty() || !crate::import::detect::structured_head(&src.seg_text(0)))
        {
            return self;
        }
        let mut text = String::new();
        for i in 0..segments.len() {
            if text.len() >= LOOK_BYTES {
                break;
            }
            text.push_str(&src.seg_text(i));
        }
        let mut end = text.len().min(LOOK_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // A cut line would be read as a line of its own.
        if end < text.len() {
            end = text[..end].rfind('\n').map_or(end, |i| i + 1);
        }
        let d = crate::import::detect(&text[..end]);
        self.looks_like = (d.shape != ImportShape::TalkNotes).then_some(d.shape);
        self
    }

    /// The counts of a document from its segments; only the first segment
    /// and untitled segments are read as text.
    pub fn counted(src: SourceText<'_>) -> Shape {
        let mut s = Shape::default();
        for (i, p) in src.segments().iter().enumerate() {
            let seg = &p.seg;
            s.add(&Shape::counts(seg), p.start);
            let preamble = seg.preamble.filter(|_| seg.is_talk());
            let counted = !seg.is_talk() || preamble.is_some();
            if !counted && s.first_line.is_some() {
                continue;
            }
            let text = src.seg_text(i);
            if s.first_line.is_none() {
                s.first_line = first_line(&text).map(|(a, b)| (p.start + a, p.start + b));
            }
            if !counted {
                continue;
            }
            let (from, to) = match preamble {
                Some(pre) => (pre.start as usize, pre.end as usize),
                None => (0, text.len()),
            };
            s.outside += outside_lines(text.get(from..to).unwrap_or(""));
        }
        s
    }

    /// Lines that fit no talk.
    pub fn unplaced(&self) -> usize {
        self.outside + self.stray
    }

    /// Whether the document is not talk-note markup: it looks like another
    /// shape, or too many of its lines fit no talk (see the rule's
    /// explanation for the thresholds).
    pub fn is_not_talk_notes(&self) -> bool {
        self.looks_like.is_some() || self.counts_say_not_talk_notes()
    }

    /// Whether the counts alone say so.
    pub fn counts_say_not_talk_notes(&self) -> bool {
        let unplaced = self.unplaced();
        if unplaced < MIN_UNPLACED {
            return false;
        }
        self.talks == 0 || 2 * unplaced > self.placed || (self.talks == 1 && self.max_sections > 30)
    }

    /// "reads as 1 talk with 48 sections and 210 lines that fit no talk".
    pub fn describe(&self) -> String {
        let lines = |n: usize| if n == 1 { "line" } else { "lines" };
        let unplaced = self.unplaced();
        match self.talks {
            0 => format!(
                "reads as no talk at all: {unplaced} {} of text outside any talk",
                lines(unplaced)
            ),
            1 => format!(
                "reads as 1 talk with {} section{} and {unplaced} {} that fit no talk",
                self.sections,
                if self.sections == 1 { "" } else { "s" },
                lines(unplaced)
            ),
            n => format!(
                "reads as {n} talks with {} sections, and {unplaced} {} that fit no talk (against {} that do)",
                self.sections,
                lines(unplaced),
                self.placed
            ),
        }
    }
}

/// The file as a command names it: a path as given, the last part of a
/// URI, `FILE` when there is no name (standard input).
fn command_path(file: &str) -> String {
    let name = match file.split_once("://") {
        Some((_, rest)) => rest.rsplit('/').next().unwrap_or(rest),
        None => file,
    };
    if name.is_empty() || name == "-" || name == "<stdin>" {
        return "FILE".to_string();
    }
    // Quoted for a shell when it holds anything but plain path characters.
    if name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | '+' | '@' | ':' | ','))
    {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

/// Non-blank, non-comment, non-separator lines.
fn outside_lines(text: &str) -> usize {
    text.lines()
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.starts_with("//") && !is_separator(t))
        .count()
}

/// The first line of `text` that is neither blank nor a comment: its
/// trimmed byte range. The finding belongs on
/// what is written, and a `disable-next-line` comment above it must reach
/// it.
fn first_line(text: &str) -> Option<(usize, usize)> {
    let mut off = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let t = line.trim();
        if !t.is_empty() && !t.starts_with("//") {
            let start = off + (line.len() - line.trim_start().len());
            return Some((start, start + t.len()));
        }
        off += line.len();
    }
    None
}

/// S1.4: three or more of one of `_`, `-`, `=`.
fn is_separator(t: &str) -> bool {
    let mut c = t.chars();
    let Some(first) = c.next() else { return false };
    matches!(first, '_' | '-' | '=') && t.len() >= 3 && t.chars().all(|x| x == first)
}

impl Rule for NotTalkNotes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_document(&self, cx: &DocCtx, out: &mut Vec<Diagnostic>) {
        let s = cx.shape;
        if !s.is_not_talk_notes() {
            return;
        }
        let range = s.first_line.map_or(0..0, |(a, b)| a..b);
        let message = match s.looks_like {
            Some(shape) => format!(
                "this looks like {}, not talk-note markup: convert it with \
                 `notelint import {}` (as talk-note markup it {}; see {SPEC_URL})",
                shape.description(),
                command_path(cx.file),
                s.describe(),
            ),
            None => format!(
                "this file does not look like talk notes: it {}; the format expects \
                 talks, each a title line, its speakers and sections (see {SPEC_URL})",
                s.describe()
            ),
        };
        out.push(Diagnostic::new(&META, range, message));
    }
}
