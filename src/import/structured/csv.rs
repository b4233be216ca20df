//! CSV with a header row: one talk per row. Header names are matched
//! case-insensitively, with common synonyms (`Speaker(s)`, `Presenter`,
//! `Summary`, `Biography`, …); `--map "Column=field"` names the others.
//! A column the reader does not know is kept as a labelled note
//! (`Room: B`), so nothing is lost. The delimiter is `,`, `;` or a tab,
//! whichever the header row uses most.

use super::blocks;
use crate::import::model::{Block, Notes, Section, SectionKind, Speaker, Talk};
use crate::import::ImportError;

/// Where a column goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Speakers,
    Handle,
    Track,
    Level,
    Description,
    Abstract,
    Bio,
    Notes,
    Ignore,
}

/// The fields `--map` names, and the header names each one takes.
const FIELDS: &[(&str, Field, &[&str])] = &[
    (
        "title",
        Field::Title,
        &[
            "title",
            "talk",
            "talk title",
            "session",
            "session title",
            "proposal title",
            "submission title",
        ],
    ),
    (
        "speakers",
        Field::Speakers,
        &[
            "speakers",
            "speaker",
            "speaker(s)",
            "speaker names",
            "speaker name",
            "author",
            "authors",
            "author(s)",
            "presenter",
            "presenters",
            "persons",
            "person",
            "by",
        ],
    ),
    (
        "handle",
        Field::Handle,
        &["handle", "handles", "twitter", "mastodon", "speaker handle"],
    ),
    ("track", Field::Track, &["track", "category", "stream"]),
    (
        "level",
        Field::Level,
        &[
            "level",
            "audience level",
            "difficulty",
            "experience level",
            "audience",
        ],
    ),
    (
        "description",
        Field::Description,
        &["description", "summary", "short description"],
    ),
    (
        "abstract",
        Field::Abstract,
        &["abstract", "long description"],
    ),
    (
        "bio",
        Field::Bio,
        &[
            "bio",
            "biography",
            "speaker bio",
            "speaker biography",
            "about the speaker",
        ],
    ),
    ("notes", Field::Notes, &["notes", "note", "comments"]),
    ("ignore", Field::Ignore, &[]),
];

fn norm(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .replace(['_', '-'], " ")
        .to_lowercase()
}

fn field_named(name: &str) -> Option<Field> {
    let n = norm(name);
    FIELDS.iter().find(|(f, ..)| *f == n).map(|(_, f, _)| *f)
}

fn field_of_header(h: &str) -> Option<Field> {
    let n = norm(h);
    FIELDS
        .iter()
        .find(|(_, _, syn)| syn.contains(&n.as_str()))
        .map(|(_, f, _)| *f)
}

fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.matches(c).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (count(d as char), d == b','))
        .unwrap_or(b',')
}

/// Split a speakers cell: `,`, `;`, ` and `, ` & `; a trailing `(@x)` or
/// `(URL)` is that speaker's handle.
fn speakers(cell: &str) -> Vec<Speaker> {
    let mut names = vec![cell.to_string()];
    for sep in [";", ",", " and ", " & "] {
        names = names
            .iter()
            .flat_map(|n| n.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .map(|n| {
            if let (Some(open), true) = (n.rfind('('), n.ends_with(')')) {
                let inner = n[open + 1..n.len() - 1].trim();
                if inner.starts_with('@') || inner.starts_with("http") {
                    return Speaker {
                        name: n[..open].trim().to_string(),
                        handle: Some(inner.to_string()),
                    };
                }
            }
            Speaker {
                name: n,
                handle: None,
            }
        })
        .collect()
}

fn csv_err(e: &csv::Error) -> ImportError {
    let line = e.position().map(|p| p.line() as usize);
    ImportError {
        message: format!("not valid CSV: {e}"),
        line,
        column: None,
    }
}

pub fn read(text: &str, map: &[(String, String)]) -> Result<Notes, ImportError> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| csv_err(&e))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut fields: Vec<Option<Field>> = headers.iter().map(|h| field_of_header(h)).collect();
    for (col, f) in map {
        let Some(field) = field_named(f) else {
            let names: Vec<&str> = FIELDS.iter().map(|(n, ..)| *n).collect();
            return Err(ImportError::new(format!(
                "--map `{col}={f}`: `{f}` is not a field; fields are {}",
                names.join(", ")
            )));
        };
        let Some(i) = headers.iter().position(|h| norm(h) == norm(col)) else {
            return Err(ImportError::new(format!(
                "--map `{col}={f}`: no column `{col}`; the header row has: {}",
                headers.join(", ")
            )));
        };
        fields[i] = Some(field);
    }
    if !fields.contains(&Some(Field::Title)) {
        return Err(ImportError {
            message: format!(
                "no title column in the header row ({}); name it with --map \"COLUMN=title\"",
                headers.join(", ")
            ),
            line: Some(1),
            column: Some(1),
        });
    }
    let mut notes = Notes::default();
    for rec in r.records() {
        let rec = rec.map_err(|e| csv_err(&e))?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut talk = Talk::default();
        let mut handles = Vec::new();
        let (mut desc, mut abs, mut bio, mut other) = (vec![], vec![], vec![], vec![]);
        for (i, cell) in rec.iter().enumerate() {
            if cell.trim().is_empty() {
                continue;
            }
            let join = |old: Option<String>| match old {
                Some(o) => Some(format!("{o}, {}", cell.trim())),
                None => Some(cell.trim().to_string()),
            };
            match fields.get(i).copied().flatten() {
                Some(Field::Title) => {
                    let old = std::mem::take(&mut talk.title);
                    talk.title = join(Some(old).filter(|t| !t.is_empty())).unwrap_or_default()
                }
                Some(Field::Speakers) => talk.speakers.extend(speakers(cell)),
                Some(Field::Handle) => handles.extend(
                    cell.split([',', ';'])
                        .map(|h| h.trim().to_string())
                        .filter(|h| !h.is_empty()),
                ),
                Some(Field::Track) => talk.track = join(talk.track.take()),
                Some(Field::Level) => talk.level = join(talk.level.take()),
                Some(Field::Description) => desc.extend(blocks(cell)),
                Some(Field::Abstract) => abs.extend(blocks(cell)),
                Some(Field::Bio) => bio.extend(blocks(cell)),
                Some(Field::Notes) => other.extend(blocks(cell)),
                Some(Field::Ignore) => {}
                None => {
                    let name = headers.get(i).map_or("", String::as_str);
                    let name = if name.is_empty() {
                        format!("Column {}", i + 1)
                    } else {
                        name.to_string()
                    };
                    let mut b = blocks(cell);
                    match b.first_mut() {
                        Some(Block::Para(p)) | Some(Block::Item { text: p, .. }) => {
                            *p = format!("{name}: {p}")
                        }
                        None => {}
                    }
                    // Each unknown column's text as one list item per block.
                    other.extend(b.into_iter().map(|x| match x {
                        Block::Para(t) => Block::Item { depth: 0, text: t },
                        it => it,
                    }));
                }
            }
        }
        // Handles in their own column go with the speakers in order.
        if handles.len() <= talk.speakers.len() {
            for (s, h) in talk.speakers.iter_mut().zip(handles.drain(..)) {
                s.handle.get_or_insert(h);
            }
        } else {
            other.push(Block::Item {
                depth: 0,
                text: format!("Handles: {}", handles.join(", ")),
            });
        }
        for (label, b) in [("Description", desc), ("Abstract", abs), ("Bio", bio)] {
            if !b.is_empty() {
                talk.sections.push(Section {
                    kind: SectionKind::Field(label.into()),
                    blocks: b,
                });
            }
        }
        if !other.is_empty() {
            talk.sections.push(Section {
                kind: SectionKind::Notes,
                blocks: other,
            });
        }
        notes.talks.push(talk);
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_split_with_handles() {
        let s = speakers("Ada Lovelace (@ada); Grace Hopper and Alan Turing");
        let names: Vec<_> = s.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Ada Lovelace", "Grace Hopper", "Alan Turing"]);
        assert_eq!(s[0].handle.as_deref(), Some("@ada"));
    }

    #[test]
    fn map_errors_say_what_exists() {
        let e = read("Name,X\na,b\n", &[("Nope".into(), "title".into())]).unwrap_err();
        assert!(e.message.contains("Name, X"), "{e}");
        let e = read("Name,X\na,b\n", &[("Name".into(), "titel".into())]).unwrap_err();
        assert!(e.message.contains("not a field"), "{e}");
        let n = read("Name,X\na,b\n", &[("Name".into(), "title".into())]).unwrap();
        assert_eq!(n.talks[0].title, "a");
    }
}
