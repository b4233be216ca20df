//! Positions of a report's findings, and the report's file texts with
//! their line starts, found once per file shown.

use super::super::report::Report;
use super::Pos;
use crate::syntax::pos::{Cursor, Encoding, LineIndex, StrLines};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Line and column of many offsets in one text: `syntax::pos::Cursor`
/// (a file's findings come sorted by start, so the next offset is almost
/// always on the same line or a few lines on), answering in 1-based
/// [`Pos`], with the last two answers kept: a fix's edit is usually the
/// finding's range, asked for again after it.
pub struct Lines<'a> {
    cursor: Cursor<'a, StrLines<'a>>,
    len: usize,
    last: [Option<(usize, Pos)>; 2],
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, index: &'a LineIndex) -> Lines<'a> {
        Lines {
            cursor: Cursor::new(StrLines::indexed(text, index), Encoding::Utf32),
            len: text.len(),
            last: [None; 2],
        }
    }

    /// The same answer as [`super::pos`] (clamped to the text, snapped back
    /// to a character boundary, columns counted in chars and stopping
    /// before the line terminator).
    pub fn pos(&mut self, offset: usize) -> Pos {
        for (o, p) in self.last.iter().flatten() {
            if *o == offset {
                return *p;
            }
        }
        let lc = self.cursor.pos(offset);
        let p = Pos {
            line: lc.line as usize + 1,
            column: lc.col as usize + 1,
            // Clamped but not snapped, as `pos` reports it.
            offset: offset.min(self.len),
        };
        self.last = [Some((offset, p)), self.last[0]];
        p
    }
}

/// The names and texts of a report's files, by position in the report and
/// by name (for related places in other files), with their line starts.
pub struct Texts<'a> {
    files: Vec<(&'a str, &'a str, OnceLock<LineIndex>)>,
    by_name: HashMap<&'a str, usize>,
}

impl<'a> Texts<'a> {
    pub fn new(report: &'a Report) -> Texts<'a> {
        Texts::from_files(
            report
                .files
                .iter()
                .map(|f| (f.name.as_str(), f.text.as_str())),
        )
    }

    /// From (name, text) pairs in report order.
    pub fn from_files(files: impl Iterator<Item = (&'a str, &'a str)>) -> Texts<'a> {
        let files: Vec<_> = files.map(|(n, t)| (n, t, OnceLock::new())).collect();
        let by_name = files.iter().enumerate().map(|(i, f)| (f.0, i)).collect();
        Texts { files, by_name }
    }

    /// The report position of the file named `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub fn name(&self, file: usize) -> Option<&'a str> {
        self.files.get(file).map(|f| f.0)
    }

    pub fn text(&self, file: usize) -> Option<&'a str> {
        self.files.get(file).map(|f| f.1)
    }

    /// The line starts of `file`, found the first time they are asked for
    /// (by whichever render unit needs them first): only files that are
    /// shown (with findings, or pointed into by another file's) cost
    /// anything, and no pass over every finding is needed to know which.
    pub fn starts(&self, file: usize) -> Option<&LineIndex> {
        let (_, text, starts) = self.files.get(file)?;
        Some(starts.get_or_init(|| LineIndex::new(text)))
    }

    /// A cursor over `file`'s positions (an empty text if there is no such
    /// file).
    pub fn lines(&self, file: usize) -> Lines<'_> {
        static EMPTY: OnceLock<LineIndex> = OnceLock::new();
        match (self.text(file), self.starts(file)) {
            (Some(text), Some(starts)) => Lines::new(text, starts),
            _ => Lines::new("", EMPTY.get_or_init(|| LineIndex::new(""))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::pos::LineIndex;

    /// Every offset, in order, backwards and in a jumping order, agrees with
    /// the per-offset answer.
    #[test]
    fn agrees_with_pos() {
        let texts = [
            "",
            "a",
            "\n",
            "\r\n",
            "\r",
            "ab\ncd\r\nef\rgh\n",
            "Café\r\nZoë\n\n\nx\r\r\ny",
            "é\n\u{1F600}\r\n\t x\n",
        ];
        for text in texts {
            let index = LineIndex::new(text);
            let starts = LineIndex::new(text);
            let offsets: Vec<usize> = (0..=text.len() + 2).collect();
            let mut orders = vec![offsets.clone()];
            orders.push(offsets.iter().rev().copied().collect());
            orders.push(
                offsets
                    .iter()
                    .map(|&o| (o * 7) % (text.len() + 3))
                    .collect(),
            );
            for order in orders {
                let mut lines = Lines::new(text, &starts);
                for o in order {
                    assert_eq!(
                        lines.pos(o),
                        super::super::pos(text, &index, o),
                        "{text:?} {o}"
                    );
                }
            }
        }
    }

    #[test]
    fn long_jumps() {
        let text = "x\n".repeat(1000);
        let index = LineIndex::new(&text);
        let starts = LineIndex::new(&text);
        let mut lines = Lines::new(&text, &starts);
        for o in [0, 1999, 3, 1000, 1001, 2000, 0] {
            assert_eq!(lines.pos(o), super::super::pos(&text, &index, o));
        }
    }
}
