//! One reader per shape: the structured exports' here in `structured`,
//! the text shapes' in `text`.

use super::{structured, ImportError, Notes, Options, Shape};

pub fn read(text: &str, shape: Shape, opts: &Options) -> Result<Notes, ImportError> {
    match shape {
        Shape::FrabXml => structured::xml::read(text),
        Shape::FrabJson => structured::json::read(text),
        Shape::Csv => structured::csv::read(text, &opts.csv_map),
        Shape::Blog | Shape::Schedule | Shape::Prose | Shape::Markdown => {
            super::text::read(text, shape)
        }
        Shape::TalkNotes => Err(ImportError::new("already talk-note markup")),
    }
}
