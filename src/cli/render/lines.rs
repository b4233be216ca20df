//! Line and column of many offsets in one text. A file's findings come
//! sorted by start, so the line of the next offset is almost always the
//! same line or a few lines on: walking forward from the last answer is
//! cheaper than a binary search per offset (the search is the fallback for
//! a jump back or a long jump forward).

use super::super::check::Report;
use super::Pos;
use crate::syntax::pos::{strip_terminator, LineIndex};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How many lines to step forward before falling back to a binary search.
const WALK: usize = 8;

pub struct Lines<'a> {
    text: &'a str,
    index: &'a LineIndex,
    /// The line of the last offset asked for.
    line: usize,
    /// The last two answers: a fix's edit is usually the finding's range.
    last: [Option<(usize, Pos)>; 2],
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, index: &'a LineIndex) -> Lines<'a> {
        Lines {
            text,
            index,
            line: 0,
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
        let p = self.find(offset);
        self.last = [Some((offset, p)), self.last[0]];
        p
    }

    fn find(&mut self, offset: usize) -> Pos {
        let text = self.text;
        let mut o = offset.min(text.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        self.line = self.line_of(o);
        let start = self.index.line_start(self.line);
        let end = self.index.line_start(self.line + 1);
        let line = text.get(start..end).unwrap_or("");
        let content = strip_terminator(line);
        let within = (o - start).min(content.len());
        let column = content.get(..within).map_or(0, |s| s.chars().count());
        Pos {
            line: self.line + 1,
            column: column + 1,
            // Clamped but not snapped, as `pos` reports it.
            offset: offset.min(text.len()),
        }
    }

    fn line_of(&self, o: usize) -> usize {
        let ix = self.index;
        let mut line = self.line.min(ix.line_count() - 1);
        if ix.line_start(line) > o {
            return ix.line_of(o);
        }
        for _ in 0..WALK {
            if line + 1 < ix.line_count() && ix.line_start(line + 1) <= o {
                line += 1;
            } else {
                return line;
            }
        }
        ix.line_of(o)
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
