//! frab/pretalx schedule XML (`<schedule><conference/><day><room><event>`,
//! the schema the C3VOC validator publishes as `schedule.xml.xsd`).
//!
//! The XML is read with quick-xml's streaming reader in one pass, without
//! an element tree: each open element is a [`Frame`] that knows its role
//! (a `<day>`, an `<event>`, a field of one, text inside a field…), and an
//! element's text is handed to its parent when it closes. That buys the
//! speed of the reader itself (no element, name or attribute kept per
//! node; the frames' buffers are reused) while mapping as a tree would:
//! the conference title is the preamble, every `<event>` a talk, in the
//! export's order (day, room, event).

use super::{line_col, Event};
use crate::import::model::{Block, Notes};
use crate::import::ImportError;
use quick_xml::events::{BytesStart, Event as X};
use quick_xml::Reader;

fn err_at(text: &str, at: usize, msg: impl Into<String>) -> ImportError {
    let (l, c) = line_col(text, at);
    ImportError {
        message: msg.into(),
        line: Some(l),
        column: Some(c),
    }
}

/// What an open element is to the mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The first element of the document.
    Root,
    /// The root's first `<conference>`.
    Conference,
    /// That conference's first `<title>`: the preamble.
    ConfTitle,
    /// A `<day>` of the root.
    Day,
    /// A `<room>` of a day.
    Room,
    /// An `<event>` of a room: a talk.
    Event,
    /// A child of an event: a field.
    Field(FieldKind),
    /// A `<person>` of an event's `<persons>`.
    Person,
    /// A child of an event's `<links>` (`links`) or `<attachments>`.
    Link { links: bool },
    /// Inside a field, a person, a link or the title: only its text counts.
    Text,
    /// Nothing the mapping reads (still checked to be well-formed).
    Ignored,
}

/// The event fields read other than by their text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Title,
    Track,
    Abstract,
    Description,
    Persons,
    Links,
    Attachments,
    Machine,
    Other,
}

/// Children of `<event>` that identify it for machines, not people.
const MACHINE: [&[u8]; 4] = [b"slug", b"recording", b"logo", b"guid"];

fn field_kind(name: &[u8]) -> FieldKind {
    match name {
        b"title" => FieldKind::Title,
        b"track" => FieldKind::Track,
        b"abstract" => FieldKind::Abstract,
        b"description" => FieldKind::Description,
        b"persons" => FieldKind::Persons,
        b"links" => FieldKind::Links,
        b"attachments" => FieldKind::Attachments,
        n if MACHINE.contains(&n) => FieldKind::Machine,
        _ => FieldKind::Other,
    }
}

impl Role {
    /// Whether the element's text is kept (its own and its children's).
    fn keeps_text(self) -> bool {
        matches!(
            self,
            Role::ConfTitle | Role::Field(_) | Role::Person | Role::Link { .. } | Role::Text
        )
    }
}

/// An open element. Frames are reused from one element to the next at the
/// same depth, their buffers with them.
#[derive(Debug)]
struct Frame {
    role: Role,
    /// Its local name (for a field's label and for messages).
    name: Vec<u8>,
    /// Byte offset of its start tag.
    at: usize,
    /// Its own text (character data, CDATA and references, concatenated).
    own: String,
    /// Its children's texts, each as a tree would give it (own text, then
    /// the children's), those with a word joined by single spaces.
    kids: String,
    /// A link's `href`.
    href: Option<String>,
    /// Whether a `<conference>` / a conference's `<title>` was seen in it.
    seen_first: bool,
}

impl Frame {
    fn new() -> Frame {
        Frame {
            role: Role::Ignored,
            name: Vec::new(),
            at: 0,
            own: String::new(),
            kids: String::new(),
            href: None,
            seen_first: false,
        }
    }

    /// The text of the element and everything in it: its own text, then
    /// each child's with a word in it, space-separated.
    fn all_text(&self) -> String {
        let mut s = String::with_capacity(self.own.len() + 1 + self.kids.len());
        s.push_str(&self.own);
        if !self.kids.is_empty() {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&self.kids);
        }
        s
    }
}

/// The reader's state: the open elements and what is read so far.
struct State<'t> {
    text: &'t str,
    frames: Vec<Frame>,
    depth: usize,
    notes: Notes,
    event: Event,
    /// The root element's name and offset, once seen.
    root: Option<(String, usize)>,
    root_closed: bool,
    /// The first child of a `<day>` that is not a `<room>`.
    stranger: Option<(String, usize)>,
}

impl<'t> State<'t> {
    fn top(&mut self) -> Option<&mut Frame> {
        self.depth
            .checked_sub(1)
            .and_then(|d| self.frames.get_mut(d))
    }

    /// An element starts (`Empty` elements start and end at once).
    fn open(&mut self, e: &BytesStart, at: usize) -> Result<(), ImportError> {
        let name = e.local_name();
        let name = name.as_ref();
        let parent = self
            .depth
            .checked_sub(1)
            .and_then(|d| self.frames.get_mut(d));
        let role = match parent {
            None if self.root.is_none() && !self.root_closed => {
                self.root = Some((String::from_utf8_lossy(name).into_owned(), at));
                Role::Root
            }
            None => Role::Ignored,
            Some(p) => match p.role {
                Role::Root if name == b"conference" && !p.seen_first => {
                    p.seen_first = true;
                    Role::Conference
                }
                Role::Root if name == b"day" => Role::Day,
                Role::Conference if name == b"title" && !p.seen_first => {
                    p.seen_first = true;
                    Role::ConfTitle
                }
                Role::Day if name == b"room" => Role::Room,
                Role::Day => {
                    if self.stranger.is_none() {
                        self.stranger = Some((String::from_utf8_lossy(name).into_owned(), at));
                    }
                    Role::Ignored
                }
                Role::Room if name == b"event" => Role::Event,
                Role::Event => Role::Field(field_kind(name)),
                Role::Field(FieldKind::Persons) if name == b"person" => Role::Person,
                Role::Field(FieldKind::Links) => Role::Link { links: true },
                Role::Field(FieldKind::Attachments) => Role::Link { links: false },
                Role::Field(FieldKind::Persons) => Role::Ignored,
                r if r.keeps_text() => Role::Text,
                _ => Role::Ignored,
            },
        };
        // Every attribute is checked, as a tree reader would; a link's
        // `href` is kept.
        let mut href = None;
        for a in e.attributes() {
            let a = a.map_err(|e| err_at(self.text, at, format!("bad attribute: {e}")))?;
            let v = a
                .unescape_value()
                .map_err(|e| err_at(self.text, at, format!("bad attribute value: {e}")))?;
            if matches!(role, Role::Link { .. })
                && href.is_none()
                && a.key.local_name().as_ref() == b"href"
            {
                href = Some(v.into_owned());
            }
        }
        if role == Role::Event {
            self.event = Event::default();
        }
        if self.frames.len() <= self.depth {
            self.frames.push(Frame::new());
        }
        let f = &mut self.frames[self.depth];
        f.role = role;
        f.name.clear();
        f.name.extend_from_slice(name);
        f.at = at;
        f.own.clear();
        f.kids.clear();
        f.href = href;
        f.seen_first = false;
        self.depth += 1;
        Ok(())
    }

    /// Text inside the innermost open element.
    fn text(&mut self, s: &str) {
        if let Some(f) = self.top() {
            if f.role.keeps_text() {
                f.own.push_str(s);
            }
        }
    }

    /// The innermost open element ends.
    fn close(&mut self) {
        let Some(d) = self.depth.checked_sub(1) else {
            return;
        };
        self.depth = d;
        if d == 0 {
            self.root_closed = true;
        }
        let f = &self.frames[d];
        match f.role {
            Role::Event => {
                let ev = std::mem::take(&mut self.event);
                self.notes.talks.push(ev.into_talk());
            }
            Role::ConfTitle => {
                let t = f.all_text();
                if !t.trim().is_empty() {
                    self.notes.preamble.push(Block::Para(t.trim().to_string()));
                }
            }
            Role::Field(kind) => {
                let ev = &mut self.event;
                match kind {
                    FieldKind::Title => ev.title = f.own.trim().to_string(),
                    FieldKind::Track => ev.track = Some(f.own.trim().to_string()),
                    FieldKind::Abstract => ev.abstract_ = Some(f.own.clone()),
                    FieldKind::Description => ev.description = Some(f.own.clone()),
                    FieldKind::Persons | FieldKind::Links | FieldKind::Attachments => {}
                    FieldKind::Machine => {}
                    FieldKind::Other => {
                        let name = String::from_utf8_lossy(&f.name);
                        ev.details
                            .push((label(&name), f.all_text().trim().to_string()));
                    }
                }
            }
            Role::Person => {
                let t = f.all_text();
                self.event.persons.push((t.trim().to_string(), None));
            }
            Role::Link { links } => {
                let href = f.href.as_deref().unwrap_or("").trim();
                let t = f.all_text();
                let title = t.trim();
                let v = match (title.is_empty(), href.is_empty()) {
                    (false, false) => format!("{title} {href}"),
                    (true, _) => href.to_string(),
                    (false, true) => title.to_string(),
                };
                let label = if links { "Link" } else { "Attachment" };
                self.event.details.push((label.into(), v));
            }
            Role::Text => {
                // Handed to the parent as a child's text, when it has a word.
                let (done, rest) = self.frames.split_at_mut(d);
                let f = &rest[0];
                if let Some(p) = done.last_mut() {
                    let has_words = !f.own.trim().is_empty() || !f.kids.trim().is_empty();
                    if has_words {
                        if !p.kids.is_empty() {
                            p.kids.push(' ');
                        }
                        p.kids.push_str(&f.own);
                        if !f.kids.is_empty() {
                            if !f.own.is_empty() {
                                p.kids.push(' ');
                            }
                            p.kids.push_str(&f.kids);
                        }
                    }
                }
            }
            Role::Root | Role::Conference | Role::Day | Role::Room | Role::Ignored => {}
        }
    }
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
    let mut r = Reader::from_str(text);
    let mut st = State {
        text,
        frames: Vec::new(),
        depth: 0,
        notes: Notes::default(),
        event: Event::default(),
        root: None,
        root_closed: false,
        stranger: None,
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
            X::Start(e) => st.open(&e, at)?,
            X::Empty(e) => {
                st.open(&e, at)?;
                st.close();
            }
            // quick-xml checks that end tags match their start tags.
            X::End(_) => st.close(),
            X::Text(t) => {
                let s = t
                    .decode()
                    .map_err(|e| err_at(text, at, format!("bad text: {e}")))?;
                st.text(&s);
            }
            X::CData(t) => {
                let s = t
                    .decode()
                    .map_err(|e| err_at(text, at, format!("bad CDATA: {e}")))?;
                st.text(&s);
            }
            X::GeneralRef(g) => {
                let name = g
                    .decode()
                    .map_err(|e| err_at(text, at, format!("bad reference: {e}")))?;
                match g.resolve_char_ref() {
                    Ok(Some(c)) => st.text(c.encode_utf8(&mut [0; 4])),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => st.text(s),
                        // An entity the XML does not define (`&nbsp;` from
                        // HTML): kept as written, so no word is lost.
                        None => st.text(&format!("&{name};")),
                    },
                    Err(e) => return Err(err_at(text, at, format!("bad reference: {e}"))),
                }
            }
            X::Eof => break,
            _ => {}
        }
    }
    if let Some(d) = st.depth.checked_sub(1) {
        let open = st.frames.get(d).map_or(0, |f| f.at);
        return Err(err_at(text, open, "this element is never closed"));
    }
    let Some((root, root_at)) = st.root else {
        return Err(ImportError::new("no XML element in the file"));
    };
    if root != "schedule" {
        return Err(err_at(
            text,
            root_at,
            format!("the root element is <{root}>; a frab/pretalx schedule starts with <schedule>"),
        ));
    }
    // Another `<schedule>` dialect (EuroPython's `<day><entry>`): say so
    // rather than import nothing.
    if st.notes.talks.is_empty() {
        if let Some((k, at)) = st.stranger {
            return Err(err_at(
                text,
                at,
                format!(
                    "<{k}> in a <day>: a frab/pretalx schedule has <day><room><event>; this is another kind of <schedule>"
                ),
            ));
        }
    }
    Ok(st.notes)
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
