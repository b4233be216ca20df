//! frab/pretalx schedule XML (`<schedule><conference/><day><room><event>`,
//! the schema the C3VOC validator publishes as `schedule.xml.xsd`).
//!
//! The XML is read with quick-xml into a small element tree (exports are
//! a few MB at most), then mapped: the conference title is the preamble,
//! every `<event>` a talk, in the export's order (day, room, event).

use super::{line_col, Event};
use crate::import::model::{Block, Notes};
use crate::import::ImportError;
use quick_xml::events::Event as X;
use quick_xml::Reader;

/// An element: its name, attributes, child elements and its own text
/// (character data, CDATA and references, concatenated).
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    kids: Vec<El>,
    text: String,
    /// Byte offset of its start tag.
    at: usize,
}

impl El {
    fn kid(&self, name: &str) -> Option<&El> {
        self.kids.iter().find(|k| k.name == name)
    }
    fn kids<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.kids.iter().filter(move |k| k.name == name)
    }
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The text of the element and everything in it.
    fn all_text(&self) -> String {
        let mut s = self.text.clone();
        for k in &self.kids {
            let t = k.all_text();
            if !t.trim().is_empty() {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(&t);
            }
        }
        s
    }
}

fn err_at(text: &str, at: usize, msg: impl Into<String>) -> ImportError {
    let (l, c) = line_col(text, at);
    ImportError {
        message: msg.into(),
        line: Some(l),
        column: Some(c),
    }
}

/// Parse `text` into its root element.
fn tree(text: &str) -> Result<El, ImportError> {
    let mut r = Reader::from_str(text);
    let mut stack: Vec<El> = vec![El::default()];
    let start_el = |e: &quick_xml::events::BytesStart, at: usize| -> Result<El, ImportError> {
        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| err_at(text, at, format!("bad attribute: {e}")))?;
            let k = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let v = a
                .unescape_value()
                .map_err(|e| err_at(text, at, format!("bad attribute value: {e}")))?;
            attrs.push((k, v.into_owned()));
        }
        Ok(El {
            name,
            attrs,
            at,
            ..El::default()
        })
    };
    loop {
        let at = r.buffer_position() as usize;
        let ev = r.read_event().map_err(|e| {
            err_at(
                text,
                r.error_position() as usize,
                format!("not well-formed XML: {e}"),
            )
        })?;
        match ev {
            X::Start(e) => {
                let el = start_el(&e, at)?;
                stack.push(el);
            }
            X::Empty(e) => {
                let el = start_el(&e, at)?;
                if let Some(top) = stack.last_mut() {
                    top.kids.push(el);
                }
            }
            // quick-xml checks that end tags match their start tags.
            X::End(_) if stack.len() > 1 => {
                let el = stack.pop().unwrap_or_default();
                if let Some(top) = stack.last_mut() {
                    top.kids.push(el);
                }
            }
            X::Text(t) => {
                let s = t
                    .decode()
                    .map_err(|e| err_at(text, at, format!("bad text: {e}")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            X::CData(t) => {
                let s = t
                    .decode()
                    .map_err(|e| err_at(text, at, format!("bad CDATA: {e}")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            X::GeneralRef(g) => {
                let name = g
                    .decode()
                    .map_err(|e| err_at(text, at, format!("bad reference: {e}")))?;
                let resolved: String = match g.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => s.to_string(),
                        // An entity the XML does not define (`&nbsp;` from
                        // HTML): kept as written, so no word is lost.
                        None => format!("&{name};"),
                    },
                    Err(e) => return Err(err_at(text, at, format!("bad reference: {e}"))),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            X::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().map_or(0, |e| e.at);
        return Err(err_at(text, open, "this element is never closed"));
    }
    let doc = stack.pop().unwrap_or_default();
    doc.kids
        .into_iter()
        .next()
        .ok_or_else(|| ImportError::new("no XML element in the file"))
}

/// Children of `<event>` that identify it for machines, not people.
const MACHINE: [&str; 4] = ["slug", "recording", "logo", "guid"];

fn event(e: &El) -> Event {
    let mut ev = Event::default();
    for k in &e.kids {
        let text = k.text.trim().to_string();
        match k.name.as_str() {
            "title" => ev.title = text,
            "track" => ev.track = Some(text),
            "abstract" => ev.abstract_ = Some(k.text.clone()),
            "description" => ev.description = Some(k.text.clone()),
            "persons" => {
                for p in k.kids("person") {
                    ev.persons.push((p.all_text().trim().to_string(), None));
                }
            }
            "links" | "attachments" => {
                for l in &k.kids {
                    let href = l.attr("href").unwrap_or("").trim();
                    let title = l.all_text().trim().to_string();
                    let v = match (title.is_empty(), href.is_empty()) {
                        (false, false) => format!("{title} {href}"),
                        (true, _) => href.to_string(),
                        (false, true) => title,
                    };
                    let label = if k.name == "links" {
                        "Link"
                    } else {
                        "Attachment"
                    };
                    ev.details.push((label.into(), v));
                }
            }
            n if MACHINE.contains(&n) => {}
            n => ev.details.push((label(n), k.all_text().trim().to_string())),
        }
    }
    ev
}

/// `feedback_url` → `Feedback URL`: a field name as a note's label.
pub fn label(name: &str) -> String {
    name.split(['_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "url" => "URL".to_string(),
            w => {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn read(text: &str) -> Result<Notes, ImportError> {
    let root = tree(text)?;
    if root.name != "schedule" {
        return Err(err_at(
            text,
            root.at,
            format!(
                "the root element is <{}>; a frab/pretalx schedule starts with <schedule>",
                root.name
            ),
        ));
    }
    let mut notes = Notes::default();
    if let Some(t) = root.kid("conference").and_then(|c| c.kid("title")) {
        let t = t.all_text();
        if !t.trim().is_empty() {
            notes.preamble.push(Block::Para(t.trim().to_string()));
        }
    }
    for day in root.kids("day") {
        for room in day.kids("room") {
            for e in room.kids("event") {
                notes.talks.push(event(e).into_talk());
            }
        }
    }
    // Another `<schedule>` dialect (EuroPython's `<day><entry>`): say so
    // rather than import nothing.
    if notes.talks.is_empty() {
        let stranger = root
            .kids("day")
            .flat_map(|d| d.kids.iter())
            .find(|k| k.name != "room");
        if let Some(k) = stranger {
            return Err(err_at(
                text,
                k.at,
                format!(
                    "<{}> in a <day>: a frab/pretalx schedule has <day><room><event>; this is another kind of <schedule>",
                    k.name
                ),
            ));
        }
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_line_and_column() {
        let e = read("<schedule>\n  <day>\n</schedule>").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = read("<talks/>").unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(1)), "{e}");
    }

    #[test]
    fn entities_cdata_and_unknown_refs() {
        let n = read(
            "<schedule><day><room><event><title>A &amp; B &#233; &nbsp;x</title>\
             <abstract><![CDATA[<b>bold</b>]]></abstract></event></room></day></schedule>",
        )
        .unwrap();
        assert_eq!(n.talks[0].title, "A & B é &nbsp;x");
        assert_eq!(
            n.talks[0].sections[0].blocks,
            vec![Block::Para("<b>bold</b>".into())]
        );
    }
}
