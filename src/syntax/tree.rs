//! The syntax of one segment. A document is a list of *segments* (the
//! stretches between talk boundaries, [`super::Tree`] in
//! [`super::segments`]); a segment with a title is a talk. Every span
//! inside a segment is relative to the segment's start (see
//! [`super::Span`]).
//!
//! Lists are boxed slices, not `Vec`s: a tree is kept for as long as its
//! talk is unchanged (for every talk of an open note), is never grown after
//! parsing, and a boxed slice has neither spare capacity nor a capacity
//! field (8 bytes less per list).

use super::labels::Label;
use super::line::Marker;
use super::span::Span;

/// How a segment begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    /// The document's first segment, not opened by a boundary line.
    DocumentStart,
    /// A title line (one space, then the title).
    Title,
    /// A separator line (`____`); the span is the separator line.
    Separator(Span),
}

/// The talk head: title, speaker line and meta line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Head {
    /// The title text, without the leading space and trailing whitespace.
    pub title: Option<Span>,
    /// The head's speaker line (trimmed), when the head has one.
    pub speaker_line: Option<Span>,
    pub meta: Option<Meta>,
}

/// `Track, Level`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The whole meta line, trimmed.
    pub line: Span,
    pub track: Span,
    pub level: Span,
    pub level_status: LevelStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelStatus {
    Known,
    /// Close to a known level (typo, case): reported as bad-meta with a fix.
    NearMiss,
    /// A line in the meta position whose level is not recognised at all.
    Unknown,
}

/// Where a speaker was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerSource {
    Head,
    /// From a speaker field section (index into `sections`).
    Field(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: Span,
    /// `@handle` (with the `@`).
    pub handle: Option<Span>,
    /// A URL given in parentheses after the name.
    pub link: Option<Span>,
    pub source: SpeakerSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// A field section: `Label: inline text` or a bare `Label` line.
    Field { label: Label, colon: bool },
    /// A column-0 text line followed by indented content.
    Heading,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    /// The label as written, or the heading text (trimmed).
    pub name: Span,
    /// The opening line, without its terminator.
    pub line: Span,
    /// Inline text after `Label:`, trimmed; `None` when empty.
    pub inline: Option<Span>,
    /// Its content lines: a range of the segment's (read them with
    /// [`Segment::content`]). One list per segment, not one per section:
    /// a section is 8 bytes smaller and most talks one allocation fewer.
    content: (u32, u32),
    /// From the opening line's start to the end of its last content line.
    pub span: Span,
}

impl Section {
    /// A section whose content lines are `content` of its segment's list.
    pub fn new(
        kind: SectionKind,
        name: Span,
        line: Span,
        inline: Option<Span>,
        content: std::ops::Range<usize>,
        span: Span,
    ) -> Section {
        Section {
            kind,
            name,
            line,
            inline,
            content: (content.start as u32, content.end as u32),
            span,
        }
    }

    pub fn label(&self) -> Option<Label> {
        match self.kind {
            SectionKind::Field { label, .. } => Some(label),
            SectionKind::Heading => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// A column-0 text line (part of a paragraph).
    Para,
    Bullet(Marker),
    /// An indented line that is not a bullet.
    Item,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub kind: ContentKind,
    /// Nesting depth: one per tab, or per the segment's space unit (2 or 4).
    /// Column-0 lines have depth 0; indented lines at least 1.
    pub depth: u16,
    /// Whether the indentation mixes tabs and spaces.
    pub mixed_indent: bool,
    /// Whether a blank line precedes this line (paragraph break).
    pub after_blank: bool,
    /// The whole line without its terminator.
    pub line: Span,
    /// The text after indentation and marker, trimmed at the end.
    pub text: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrayKind {
    /// A head line after the title/speaker/meta positions.
    Head,
    /// Indented or bullet content before the first section.
    Content,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    pub kind: StrayKind,
    pub line: Span,
}

/// One stretch between talk boundaries. `head.title.is_some()` ⇔ it is a talk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte length, including the last line's terminator.
    pub len: u32,
    pub opener: Opener,
    /// The title line (whole line) when the head has a title.
    pub title_line: Option<Span>,
    /// Lines before the head in the document's first segment.
    pub preamble: Option<Span>,
    pub head: Head,
    pub speakers: Box<[Speaker]>,
    pub sections: Box<[Section]>,
    /// The content lines of all its sections, in order.
    contents: Box<[Content]>,
    /// Stray lines, comments and trailing whitespace; `None` when there
    /// are none, as in most talks (three empty lists took 48 bytes).
    rare: Option<Box<Rare>>,
    /// Space unit for depth (2 or 4) read from this segment's own lines.
    pub indent_unit: u8,
}

/// The per-line facts most talks have none of (see [`Segment::stray`],
/// [`Segment::comments`], [`Segment::trailing_ws`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rare {
    stray: Box<[Stray]>,
    comments: Box<[Span]>,
    trailing_ws: Box<[Span]>,
}

impl Segment {
    /// A segment with nothing in it yet but its length, opener and indent
    /// unit.
    pub fn new(len: u32, opener: Opener, indent_unit: u8) -> Segment {
        Segment {
            len,
            opener,
            title_line: None,
            preamble: None,
            head: Head::default(),
            speakers: Box::default(),
            sections: Box::default(),
            contents: Box::default(),
            rare: None,
            indent_unit,
        }
    }
    /// The content lines of `s`, one of its sections (none for a section
    /// of another segment whose range is past this one's list).
    pub fn content(&self, s: &Section) -> &[Content] {
        let (a, b) = (s.content.0 as usize, s.content.1 as usize);
        self.contents.get(a..b).unwrap_or(&[])
    }
    /// The text of `s`, one of its sections, piece by piece: the inline
    /// text, then each content line's text (after indentation and marker).
    pub fn texts<'a>(&'a self, s: &Section) -> impl Iterator<Item = Span> + 'a {
        let content = self.content(s).iter().map(|c| c.text);
        s.inline.into_iter().chain(content)
    }
    /// Set the sections and the content lines their ranges point into.
    pub fn set_sections(&mut self, sections: Vec<Section>, contents: Vec<Content>) {
        self.sections = sections.into_boxed_slice();
        self.contents = contents.into_boxed_slice();
    }
    /// Lines that fit no part of the talk.
    pub fn stray(&self) -> &[Stray] {
        self.rare.as_ref().map_or(&[], |r| &r.stray)
    }
    /// Comment lines (whole line, without terminator).
    pub fn comments(&self) -> &[Span] {
        self.rare.as_ref().map_or(&[], |r| &r.comments)
    }
    /// Lines with trailing spaces or tabs: the span of the trailing run.
    pub fn trailing_ws(&self) -> &[Span] {
        self.rare.as_ref().map_or(&[], |r| &r.trailing_ws)
    }
    /// Set the stray lines, comments and trailing whitespace (kept at their
    /// length, and not at all when all are empty).
    pub fn set_lines(&mut self, stray: Vec<Stray>, comments: Vec<Span>, trailing_ws: Vec<Span>) {
        self.rare =
            (!stray.is_empty() || !comments.is_empty() || !trailing_ws.is_empty()).then(|| {
                Box::new(Rare {
                    stray: stray.into_boxed_slice(),
                    comments: comments.into_boxed_slice(),
                    trailing_ws: trailing_ws.into_boxed_slice(),
                })
            });
    }
    pub fn is_talk(&self) -> bool {
        self.head.title.is_some()
    }
    pub fn title<'a>(&self, text: &'a str) -> Option<&'a str> {
        self.head.title.map(|s| s.text(text))
    }
}
