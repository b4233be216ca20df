//! frab/pretalx schedule JSON: `{"schedule": {"conference": {"days": [{"rooms":
//! {"Room": [event, …]}}]}}}` (the C3VOC `schema.json`), and the newer
//! shape with `schedule.events` (its `schema2.json`: track and room as
//! objects, `participants` for persons).
//!
//! Rooms are an object in the export; a JSON object has no order to rely
//! on, so the rooms of a day come in the order of `conference.rooms` when
//! the export lists them, else by name.

use super::xml::label;
use super::{line_col, Event};
use crate::import::model::{Block, Notes};
use crate::import::ImportError;
use serde_json::Value;

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
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => ["name", "title", "public_name", "slug", "en"]
            .iter()
            .find_map(|k| o.get(*k).and_then(text_of)),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(text_of).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

fn person(p: &Value) -> (String, Option<String>) {
    let name = match p {
        Value::Object(o) => ["public_name", "name", "full_public_name", "full_name"]
            .iter()
            .find_map(|k| o.get(*k).and_then(text_of))
            .unwrap_or_default(),
        v => text_of(v).unwrap_or_default(),
    };
    let bio = p
        .get("biography")
        .or_else(|| p.get("bio"))
        .and_then(text_of);
    (name.trim().to_string(), bio)
}

fn event(v: &Value) -> Event {
    let mut ev = Event::default();
    let Some(o) = v.as_object() else {
        ev.title = text_of(v).unwrap_or_default();
        return ev;
    };
    // `title` first whatever the key order, then the fields in the order
    // serde_json keeps them (sorted by key).
    ev.title = o
        .get("title")
        .and_then(text_of)
        .unwrap_or_default()
        .trim()
        .to_string();
    for key in [
        "subtitle", "type", "language", "date", "start", "duration", "room",
    ] {
        if let Some(t) = o.get(key).and_then(text_of) {
            ev.details.push((label(key), t.trim().to_string()));
        }
    }
    for (k, val) in o {
        match k.as_str() {
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
    let v: Value = serde_json::from_str(text).map_err(|e| ImportError {
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
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(text_of)
        .collect();
    let days = conf.and_then(|c| c.get("days")).and_then(Value::as_array);
    for day in days.into_iter().flatten() {
        let Some(rooms) = day.get("rooms").and_then(Value::as_object) else {
            continue;
        };
        let mut names: Vec<&String> = rooms.keys().collect();
        names.sort_by_key(|n| {
            (
                room_order
                    .iter()
                    .position(|r| r == *n)
                    .unwrap_or(usize::MAX),
                n.to_string(),
            )
        });
        for n in names {
            for e in rooms[n].as_array().into_iter().flatten() {
                notes.talks.push(event(e).into_talk());
            }
        }
    }
    // Schema 2: the events as one list.
    for e in s
        .get("events")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
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
}
