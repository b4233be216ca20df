//! The plain model every reader produces and the renderer writes: a
//! preamble and talks, each talk a head (title, speakers, track, level) and
//! sections of paragraphs and bullet items. Text is kept as the source had
//! it (words, punctuation, inline links); line wrapping inside a paragraph
//! may be joined, bullet glyphs and indentation are the renderer's.

/// A whole imported file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// What stands before the first talk (a page title, "My notes from …").
    pub preamble: Vec<Block>,
    pub talks: Vec<Talk>,
}

/// One talk (or a non-talk slot of a schedule: a break has a title and no
/// speakers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Talk {
    pub title: String,
    pub speakers: Vec<Speaker>,
    /// The source's words that introduce the speakers and must be kept
    /// (`by`, `Talk by`), written before the names on the speaker line.
    pub speaker_prefix: Option<String>,
    /// The text between two speakers' names as the source wrote it (`, `,
    /// ` and `, `, and `), one per gap: `and` is a word and must be kept.
    /// Empty when the reader has no say (the renderer's `, `).
    pub speaker_joiners: Vec<String>,
    pub track: Option<String>,
    pub level: Option<String>,
    pub sections: Vec<Section>,
}

/// A speaker: the name as written, and a handle or link that followed it
/// (`@ada`, `https://…`), without parentheses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    pub handle: Option<String>,
}

/// A section of a talk: a field (`Description`, `Abstract`, `Bio`, or a
/// configured label) or a heading of the notes (`Intro`, `Q&A`), or `None`
/// for notes with no heading of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SectionKind {
    /// A field label: `Description`, `Abstract`, `Bio`.
    Field(String),
    /// A heading line of the source's notes.
    Heading(String),
    /// Notes with no heading (the renderer gives them one: `Notes`).
    #[default]
    Notes,
}

/// A piece of a section or of the preamble.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (its source lines joined by single spaces).
    Para(String),
    /// A list item; `depth` 0 is top level.
    Item { depth: u8, text: String },
}
