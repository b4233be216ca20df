//! Import: reading notes written in another shape (blog notes, a schedule
//! page saved as text, a prose report, Markdown, frab/pretalx schedule XML
//! or JSON, CSV) into talk-note markup.
//!
//! Three steps, each its own module, all pure functions of text (no IO):
//! [`detect`] names the shape a text looks like; one reader per shape turns
//! the text into the plain [`model::Notes`]; [`render`] writes that model as
//! talk-note markup in the canonical layout. The readers keep every word of
//! the source (a title's trailing speaker moves to the speaker line, a time
//! or room line goes into the talk's notes), so the promise "no word lost"
//! is the readers' and the renderer's together; a property test checks it.
//!
//! This layer sits just above `syntax` (the renderer and the detector parse
//! talk-note markup to check it) and below `lint`, whose `not-talk-notes`
//! names the shape [`detect`] finds.

pub mod detect;
pub mod model;
pub mod render;
pub mod shapes;
pub mod text;

pub use detect::{detect, Detection};
pub use model::{Block, Notes, Section, Speaker, Talk};

use std::fmt;

/// The shapes `import` reads. `--from` takes the kebab-case names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Talk-note markup already: import leaves it alone.
    TalkNotes,
    /// Blog-style talk notes: title lines (often `Title, Speaker`) with
    /// bullet notes under them.
    Blog,
    /// A conference schedule page saved as text: bulleted titles, `by …`
    /// lines, descriptions, time and room lines.
    Schedule,
    /// A prose report: a heading per session, paragraphs that name the
    /// speakers.
    Prose,
    /// Markdown notes: a `#`/`##` heading per talk.
    Markdown,
    /// frab/pretalx schedule XML (`<schedule>`).
    FrabXml,
    /// frab/pretalx schedule JSON (`{"schedule": …}`).
    FrabJson,
    /// CSV with a header row.
    Csv,
}

impl Shape {
    /// Every shape `--from` accepts, in the order `auto` tries them.
    pub const ALL: [Shape; 8] = [
        Shape::TalkNotes,
        Shape::FrabXml,
        Shape::FrabJson,
        Shape::Csv,
        Shape::Markdown,
        Shape::Schedule,
        Shape::Prose,
        Shape::Blog,
    ];

    /// The name `--from` takes and messages use.
    pub fn name(self) -> &'static str {
        match self {
            Shape::TalkNotes => "talk-notes",
            Shape::Blog => "blog",
            Shape::Schedule => "schedule",
            Shape::Prose => "prose",
            Shape::Markdown => "markdown",
            Shape::FrabXml => "frab-xml",
            Shape::FrabJson => "frab-json",
            Shape::Csv => "csv",
        }
    }

    /// What a person calls it ("this looks like …").
    pub fn description(self) -> &'static str {
        match self {
            Shape::TalkNotes => "talk-note markup",
            Shape::Blog => "blog-style talk notes",
            Shape::Schedule => "a schedule page saved as text",
            Shape::Prose => "a prose report of talks",
            Shape::Markdown => "Markdown notes",
            Shape::FrabXml => "a frab/pretalx schedule (XML)",
            Shape::FrabJson => "a frab/pretalx schedule (JSON)",
            Shape::Csv => "a CSV table of talks",
        }
    }

    pub fn from_name(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Options a reader may need (only CSV has any today).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// CSV: `column=field` pairs for headers the reader does not know
    /// (`--map "Talk name=title"`).
    pub csv_map: Vec<(String, String)>,
}

/// Why a text could not be imported. `line`/`column` are 1-based where the
/// reader knows them (a malformed XML or JSON export).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl ImportError {
    pub fn new(message: impl Into<String>) -> ImportError {
        ImportError {
            message: message.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{l}:{c}: {}", self.message),
            (Some(l), None) => write!(f, "{l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Read `text` as `shape` into the model.
pub fn read(text: &str, shape: Shape, opts: &Options) -> Result<Notes, ImportError> {
    shapes::read(text, shape, opts)
}

/// Read `text` as `shape` (or the detected shape, for `None`) and write it
/// as talk-note markup. Talk-note markup comes back unchanged.
pub fn convert(text: &str, shape: Option<Shape>, opts: &Options) -> Result<Converted, ImportError> {
    let shape = shape.unwrap_or_else(|| detect(text).shape);
    if shape == Shape::TalkNotes {
        return Ok(Converted {
            shape,
            text: text.to_string(),
            talks: 0,
        });
    }
    let notes = read(text, shape, opts)?;
    Ok(Converted {
        shape,
        talks: notes.talks.len(),
        text: render::render(&notes),
    })
}

/// The result of [`convert`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The shape the text was read as.
    pub shape: Shape,
    /// Talk-note markup, in the canonical layout.
    pub text: String,
    /// Talks found.
    pub talks: usize,
}
