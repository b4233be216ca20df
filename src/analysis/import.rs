//! `notelint import` and the server's "Convert to talk-note markup" ask the
//! same question here: what is this text as talk-note markup? Both get the
//! same answer (the conversion, the text unchanged because it already is
//! talk-note markup, or why it cannot be read).

use crate::import::{convert, ImportError, Options, Shape};

/// What importing a text gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// The text as talk-note markup (canonical layout, every word kept).
    Converted {
        shape: Shape,
        text: String,
        talks: usize,
    },
    /// Already talk-note markup: nothing to do.
    AlreadyTalkNotes,
}

/// Import `text` read as `from` (or the shape it looks like, for `None`).
pub fn import(text: &str, from: Option<Shape>, opts: &Options) -> Result<Imported, ImportError> {
    let c = convert(text, from, opts)?;
    if c.shape == Shape::TalkNotes {
        return Ok(Imported::AlreadyTalkNotes);
    }
    Ok(Imported::Converted {
        shape: c.shape,
        text: c.text,
        talks: c.talks,
    })
}
