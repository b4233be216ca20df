//! Readers of the structured exports: frab/pretalx schedule XML and JSON,
//! CSV with a header row. They convert exactly: every field where it
//! belongs, every talk (docs/spec.md § Import lists the mapping).
//!
//! The XML and JSON readers fill one [`Event`] per `<event>` (or JSON
//! event object) and [`Event::into_talk`] makes the talk, so both exports
//! map a field the same way.

pub mod csv;
pub mod json;
pub mod value;
pub mod xml;

use super::model::{Block, Section, SectionKind, Speaker, Talk};
use super::Shape;

/// A frab/pretalx export known by its syntax alone: XML whose root element
/// is `<schedule>`, JSON whose top-level object has a `schedule` key. (CSV
/// has no such mark: any text has commas; the detector weighs it.)
pub fn sniff(text: &str) -> Option<Shape> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        let mut r = quick_xml::Reader::from_str(t);
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                    return (e.local_name().as_ref() == b"schedule").then_some(Shape::FrabXml);
                }
                Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }
    if t.starts_with('{') {
        // The reader's own value type: as `serde_json::Value` would judge
        // it (valid JSON, a `schedule` key), without a `String` per string.
        let v: value::J = serde_json::from_str(t).ok()?;
        return v.get("schedule").is_some().then_some(Shape::FrabJson);
    }
    None
}

/// A schedule event as the frab/pretalx exports describe it.
#[derive(Debug, Default)]
pub struct Event {
    pub title: String,
    pub track: Option<String>,
    /// Name and biography (pretalx JSON has one; XML has names only).
    pub persons: Vec<(String, Option<String>)>,
    pub abstract_: Option<String>,
    pub description: Option<String>,
    /// Everything else a reader keeps, labelled, in the order read:
    /// `Subtitle`, `Type`, `Language`, `Date`, `Start`, `Duration`,
    /// `Room`, `URL`, links, attachments, unknown fields.
    pub details: Vec<(String, String)>,
}

/// The heading the details go under.
pub const DETAILS: &str = "Schedule";

impl Event {
    pub fn into_talk(self) -> Talk {
        let mut sections = Vec::new();
        let mut field = |label: &str, text: Option<String>| {
            if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
                sections.push(Section {
                    kind: SectionKind::Field(label.into()),
                    blocks: blocks(&t),
                });
            }
        };
        field("Description", self.description);
        field("Abstract", self.abstract_);
        let bios: Vec<&(String, Option<String>)> = self
            .persons
            .iter()
            .filter(|(_, b)| b.as_deref().is_some_and(|b| !b.trim().is_empty()))
            .collect();
        if !bios.is_empty() {
            let mut blocks_ = Vec::new();
            for (name, bio) in &bios {
                let mut b = blocks(bio.as_deref().unwrap_or(""));
                // With several speakers each biography says whose it is.
                if self.persons.len() > 1 {
                    if let Some(Block::Para(p)) = b.first_mut() {
                        *p = format!("{name}: {p}");
                    } else {
                        b.insert(0, Block::Para(format!("{name}:")));
                    }
                }
                blocks_.extend(b);
            }
            sections.push(Section {
                kind: SectionKind::Field("Bio".into()),
                blocks: blocks_,
            });
        }
        let details: Vec<Block> = self
            .details
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| Block::Item {
                depth: 0,
                text: format!("{k}: {v}"),
            })
            .collect();
        if !details.is_empty() {
            sections.push(Section {
                kind: SectionKind::Heading(DETAILS.into()),
                blocks: details,
            });
        }
        Talk {
            title: self.title,
            speakers: self
                .persons
                .into_iter()
                .filter(|(n, _)| !n.trim().is_empty())
                .map(|(name, _)| Speaker { name, handle: None })
                .collect(),
            speaker_prefix: None,
            speaker_joiners: Vec::new(),
            track: self.track.filter(|t| !t.trim().is_empty()),
            level: None,
            sections,
        }
    }
}

/// A field's text as blocks: paragraphs at blank lines (their lines
/// joined), and lines starting with a list glyph (`-`, `*`, `+`, `•`) as
/// list items (the glyph is the list's, not a word).
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Para(para.join(" ")));
            para.clear();
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut out);
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let item = ["- ", "* ", "+ ", "• "]
            .iter()
            .find_map(|g| t.strip_prefix(g));
        match item {
            Some(rest) => {
                flush(&mut para, &mut out);
                out.push(Block::Item {
                    depth: (indent / 2).min(8) as u8,
                    text: rest.trim().to_string(),
                });
            }
            None => para.push(t),
        }
    }
    flush(&mut para, &mut out);
    out
}

/// 1-based line and column (in characters) of byte `at` of `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_paragraphs_and_items() {
        let b = blocks("One\ntwo.\n\n- a\n  - b\nThree");
        assert_eq!(
            b,
            vec![
                Block::Para("One two.".into()),
                Block::Item {
                    depth: 0,
                    text: "a".into()
                },
                Block::Item {
                    depth: 1,
                    text: "b".into()
                },
                Block::Para("Three".into()),
            ]
        );
        assert_eq!(line_col("ab\ncé d", 6), (2, 3));
    }
}
