//! frab/pretalx schedule JSON: `{"schedule": {"conference": {"days": [{"rooms":
//! {"Room": [event, …]}}]}}}` (the C3VOC `schema.json`), and the newer
//! shape with `schedule.events` (its `schema2.json`: track and room as
//! objects, `participants` for persons).
//!
//! Rooms are an object in the export. They come in the order of
//! `conference.rooms` when the export lists them (the room order frab and
//! pretalx show), else in the order the file lists them — as a person
//! reading it sees them ([`value::room_orders`]) — and by name when
//! neither says. The file is read once, into [`value::J`], which keeps an
//! object's keys in the file's order and borrows strings from the text.

use super::value::{room_orders, J};
use super::xml::label;
use super::{line_col, Event};
use crate::import::model::{Block, Notes};
use crate::import::ImportError;

/// Fields of an event that identify it for machines, not people.
const MACHINE: [&str; 9] = [
    "id",
    "guid",
    "code",
    "slug",
    "logo",
    "recording_license",
    "do_not_record",
    "answers",
    "end",
];

/// A value as text: strings as they are, numbers written out, objects by
/// their `name`/`title`/`slug`, lists joined; `null` and booleans are none.
fn text_of(v: &J) -> Option<String> {
    match v {
        J::Str(s) => Some(s.to_string()),
        J::Num(n) => Some(n.to_string()),
        J::Obj(_) => ["name", "title", "public_name", "slug", "en"]
            .iter()
            .find_map(|k| v.get(k).and_then(text_of)),
        J::Arr(a) => {
            let parts: Vec<String> = a.iter().filter_map(text_of).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        J::Null | J::Bool => None,
    }
}

fn person(p: &J) -> (String, Option<String>) {
    let name = match p {
        J::Obj(_) => ["public_name", "name", "full_public_name", "full_name"]
            .iter()
            .find_map(|k| p.get(k).and_then(text_of))
            .unwrap_or_default(),
        v => text_of(v).unwrap_or_default(),
    };
    let bio = p
        .get("biography")
        .or_else(|| p.get("bio"))
        .and_then(text_of);
    (name.trim().to_string(), bio)
}

fn event(v: &J) -> Event {
    let mut ev = Event::default();
    if !matches!(v, J::Obj(_)) {
        ev.title = text_of(v).unwrap_or_default();
        return ev;
    }
    // `title` first whatever the key order, then the fields sorted by key
    // (the order the reader has always written them in).
    ev.title = v
        .get("title")
        .and_then(text_of)
        .unwrap_or_default()
        .trim()
        .to_string();
    for key in [
        "subtitle", "type", "language", "date", "start", "duration", "room",
    ] {
        if let Some(t) = v.get(key).and_then(text_of) {
            ev.details.push((label(key), t.trim().to_string()));
        }
    }
    for (k, val) in v.entries() {
        match k {
            "title" | "subtitle" | "type" | "language" | "date" | "start" | "duration" | "room" => {
            }
            "track" => ev.track = text_of(val).map(|t| t.trim().to_string()),
            "abstract" => ev.abstract_ = text_of(val),
            "description" => ev.description = text_of(val),
            "persons" | "participants" => {
                for p in val.as_array().into_iter().flatten() {
                    ev.persons.push(person(p));
                }
            }
            "links" | "attachments" => {
                for l in val.as_array().into_iter().flatten() {
                    let url = l.get("url").or_else(|| l.get("href")).and_then(text_of);
                    let title = l.get("title").and_then(text_of);
                    let v = match (title, url) {
                        (Some(t), Some(u)) => format!("{t} {u}"),
                        (Some(t), None) => t,
                        (None, Some(u)) => u,
                        (None, None) => text_of(l).unwrap_or_default(),
                    };
                    let label = if k == "links" { "Link" } else { "Attachment" };
                    ev.details.push((label.into(), v));
                }
            }
            k if MACHINE.contains(&k) => {}
            k => {
                if let Some(t) = text_of(val) {
                    ev.details.push((label(k), t.trim().to_string()));
                }
            }
        }
    }
    ev
}

pub fn read(text: &str) -> Result<Notes, ImportError> {
    let v: J = serde_json::from_str(text).map_err(|e| ImportError {
        message: format!("not valid JSON: {e}"),
        line: Some(e.line()),
        column: Some(e.column()),
    })?;
    let Some(s) = v.get("schedule") else {
        return Err(ImportError {
            message: "no `schedule` key at the top: a frab/pretalx schedule JSON starts with {\"schedule\": …}".into(),
            line: Some(1),
            column: Some(1),
        });
    };
    let conf = s.get("conference");
    let mut notes = Notes::default();
    if let Some(t) = conf.and_then(|c| c.get("title")).and_then(text_of) {
        if !t.trim().is_empty() {
            notes.preamble.push(Block::Para(t.trim().to_string()));
        }
    }
    let room_order: Vec<String> = conf
        .and_then(|c| c.get("rooms"))
        .and_then(J::as_array)
        .into_iter()
        .flatten()
        .filter_map(text_of)
        .collect();
    let file_orders = room_orders(&v);
    let days = conf.and_then(|c| c.get("days")).and_then(J::as_array);
    for (d, day) in days.into_iter().flatten().enumerate() {
        let Some(rooms @ J::Obj(_)) = day.get("rooms") else {
            continue;
        };
        let in_file = file_orders.get(d).map_or(&[][..], Vec::as_slice);
        // Each room once (with the events listed last under its name), by
        // name, then in the conference's order, then in the file's.
        let mut names = rooms.entries();
        names.sort_by_key(|&(n, _)| {
            (
                room_order.iter().position(|r| r == n).unwrap_or(usize::MAX),
                in_file.iter().position(|r| *r == n).unwrap_or(usize::MAX),
                n,
            )
        });
        for (_, events) in names {
            for e in events.as_array().into_iter().flatten() {
                notes.talks.push(event(e).into_talk());
            }
        }
    }
    // Schema 2: the events as one list.
    for e in s.get("events").and_then(J::as_array).into_iter().flatten() {
        notes.talks.push(event(e).into_talk());
    }
    if notes.talks.is_empty() && days.is_none() && s.get("events").is_none() {
        let (l, c) = line_col(text, 0);
        return Err(ImportError {
            message: "no `conference.days` or `events` in the schedule: no talks to read".into(),
            line: Some(l),
            column: Some(c),
        });
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_line_and_column() {
        let e = read("{\"schedule\":\n  {\"conference\": [}\n}").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(read("{\"talks\": []}").is_err());
    }

    /// Without `conference.rooms`, the talks come in the file's order of
    /// rooms (`Value` would sort them by name), day by day; with it, in
    /// its order.
    #[test]
    fn rooms_keep_the_file_order() {
        let ev = |t: &str| format!(r#"{{"title": "{t}", "persons": []}}"#);
        let text = format!(
            r#"{{"schedule": {{"conference": {{"title": "C", "days": [
                {{"rooms": {{"Zeta Hall": [{}], "Aula": [{}, {}]}}}},
                {{"rooms": {{"Aula": [{}], "Zeta Hall": [{}]}}}}]}}}}}}"#,
            ev("Z1"),
            ev("A1"),
            ev("A2"),
            ev("A3"),
            ev("Z2")
        );
        let titles: Vec<String> = read(&text)
            .unwrap()
            .talks
            .into_iter()
            .map(|t| t.title)
            .collect();
        assert_eq!(titles, ["Z1", "A1", "A2", "A3", "Z2"]);
        // Not the shape the ordering pass reads: the rooms still come.
        let odd: J = serde_json::from_str(r#"{"schedule": {"conference": {"days": 3}}}"#).unwrap();
        assert!(room_orders(&odd).is_empty());
    }
}
