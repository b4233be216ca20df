//! Title lines: a talk's title and the speaker part beside it
//! (`Title – Speaker`, `Title by A and B`, `Name: "Title"`, a name alone).

use super::*;
/// A title line read as a title and its speakers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleSplit {
    pub title: String,
    pub speakers: Names,
    /// `by` when the line said `Title by Speaker`.
    pub prefix: Option<String>,
    /// What followed the speakers and is no name (a room): kept in the
    /// talk's notes.
    pub rest: Option<String>,
    /// The speaker part of a line that names the speaker first (`Mary Rose
    /// Cook - A Language for Children`): kept before the talk, as words
    /// of the source that stood before its title.
    pub lead: Option<String>,
}

/// Separators between a title and its speaker, strongest first.
const SEPARATORS: [&str; 8] = [" – ", " — ", " - ", " | ", " ~ ", " -- ", ", ", ": "];

/// Read a title line: `Title, Speaker`, `Title – Speaker`, `Title by A and
/// B`, `Title (Speaker)`, `Title – Speaker @handle`, `Title – Speaker, Room
/// 2`, a name alone (a keynote). A trailing part becomes speakers only when
/// it reads as names; otherwise the whole line is the title.
pub fn split_title(line: &str) -> TitleSplit {
    let line = line.trim();
    let whole = || TitleSplit {
        title: line.to_string(),
        ..TitleSplit::default()
    };
    // A room or place at the end: `, Room 2`, `(Hall A)`, `[Room B]`, `@ Room 2`.
    let (body, rest) = strip_room(line);
    let with_rest = |mut t: TitleSplit| {
        if let Some(r) = rest {
            t.rest = Some(r.to_string());
        }
        t
    };
    // `Title (Speaker)`.
    if body.ends_with(')') {
        if let Some(open) = body.rfind(" (") {
            let inner = &body[open + 2..body.len() - 1];
            if let Some(v) = name_list(inner, 2) {
                let title = trim_title(&body[..open]);
                if !title.is_empty() {
                    return with_rest(TitleSplit {
                        title: title.to_string(),
                        speakers: v,
                        ..TitleSplit::default()
                    });
                }
            }
        }
    }
    // `Title by Speaker`: strict names, so `Death by PowerPoint` stays whole.
    if let Some(pos) = rfind_ci(body, " by ") {
        let title = trim_title(&body[..pos]);
        // One word after `by` is a name only after a title that closed
        // itself (`Why is my Wi-Fi slow?! by Anonymous`, not `Death by
        // PowerPoint`).
        let closed = title.ends_with(['?', '!', '"', '”', ')', '*', '_']);
        if let Some(v) = name_list(&body[pos + 4..], if closed { 1 } else { 2 }) {
            if !title.is_empty() {
                return with_rest(TitleSplit {
                    title: title.to_string(),
                    speakers: v,
                    prefix: Some(body[pos + 1..pos + 3].to_string()),
                    ..TitleSplit::default()
                });
            }
        }
    }
    // `Title <sep> Speaker`: the leftmost separator whose right side is all
    // names (so a title with commas keeps them).
    for sep in SEPARATORS {
        let mut from = 0;
        while let Some(p) = body[from..].find(sep) {
            let at = from + p;
            let title = trim_title(&body[..at]);
            let right = &body[at + sep.len()..];
            let open_quote = title.matches('"').count() % 2 == 1
                || title.matches('“').count() > title.matches('”').count();
            if !title.is_empty() && !title.ends_with('(') && !open_quote {
                if let Some(v) = name_list(right, 2) {
                    // `Keynote: Dana Whitfield` is fine; a title ending at
                    // `:` with a one-word head is fine too.
                    return with_rest(TitleSplit {
                        title: title.to_string(),
                        speakers: v,
                        ..TitleSplit::default()
                    });
                }
            }
            from = at + sep.len();
        }
    }
    // `Speaker - Title`, `Speaker: "Title"`: the speaker first, when the
    // head reads as names and the title does not.
    if let Some(t) = speaker_first(body) {
        return with_rest(t);
    }
    // A name alone: a keynote noted by its speaker.
    if let Some(v) = name_list(body, 2) {
        if v.len() == 1 && v.speakers[0].handle.is_none() {
            return with_rest(TitleSplit {
                title: body.to_string(),
                speakers: v,
                ..TitleSplit::default()
            });
        }
    }
    whole()
}

/// `Mary Rose Cook - A Programming Language for Children`, `Ada Lovelace:
/// "Engines"`: names before a dash (or before a colon and a quoted title),
/// a title after it that reads as no name.
fn speaker_first(body: &str) -> Option<TitleSplit> {
    for sep in [" – ", " — ", " - ", " -- ", ": "] {
        let Some(at) = body.find(sep) else { continue };
        let (head, title) = (&body[..at], body[at + sep.len()..].trim());
        let quoted = title.starts_with(['"', '“', '\'', '‘']);
        if (sep == ": " && !quoted) || title.is_empty() {
            continue;
        }
        let Some(v) = name_list(head, 2) else {
            continue;
        };
        if v.speakers.iter().any(|s| s.handle.is_some()) || name_list(title, 2).is_some() {
            return None;
        }
        let unquoted = if quoted {
            title
                .trim_start_matches(['"', '“', '\'', '‘'])
                .trim_end_matches(['"', '”', '\'', '’'])
                .trim()
        } else {
            title
        };
        if unquoted.is_empty() {
            return None;
        }
        return Some(TitleSplit {
            title: unquoted.to_string(),
            speakers: v,
            lead: Some(body[..at + sep.len()].trim_end().to_string()),
            ..TitleSplit::default()
        });
    }
    None
}

/// A title without the separator that stood before its speaker
/// (`Where are we?, by X` → `Where are we?`).
fn trim_title(t: &str) -> &str {
    t.trim()
        .trim_end_matches([',', ';', '–', '—', '|', '~'])
        .trim_end()
        .trim_end_matches(" -")
        .trim_end()
}

/// A title line that is one word and reads as a given name or a nickname
/// (`Matz`): a keynote noted by its speaker.
pub fn is_single_name(t: &str) -> bool {
    !t.contains(char::is_whitespace) && tok_kind(t) == Tok::Core
}

/// A trailing room: `, Room 2`, `(Hall A)`, `[Room B]`, ` @ Room 2`, ` in
/// Room 2`. Returns the line without it and the room as written.
fn strip_room(line: &str) -> (&str, Option<&str>) {
    let is_room = |r: &str| {
        let r = r.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']') || c.is_whitespace());
        let first = r.split_whitespace().next().unwrap_or("").to_lowercase();
        matches!(
            first.as_str(),
            "room"
                | "hall"
                | "track"
                | "auditorium"
                | "stage"
                | "ballroom"
                | "salon"
                | "theatre"
                | "theater"
                | "main"
                | "aula"
        ) && r.split_whitespace().count() <= 4
    };
    for open in ["(", "["] {
        let close = if open == "(" { ')' } else { ']' };
        if line.ends_with(close) {
            if let Some(p) = line.rfind(open) {
                if p > 0 && is_room(&line[p..]) {
                    return (line[..p].trim_end(), Some(&line[p..]));
                }
            }
        }
    }
    for sep in [", ", " @ ", " in ", " – ", " - ", " | "] {
        if let Some(p) = line.rfind(sep) {
            if p > 0 && is_room(&line[p + sep.len()..]) {
                let keep = if sep.trim().chars().all(char::is_alphanumeric) {
                    &line[p + 1..]
                } else {
                    &line[p + sep.len()..]
                };
                return (line[..p].trim_end(), Some(keep));
            }
        }
    }
    (line, None)
}

fn rfind_ci(hay: &str, needle: &str) -> Option<usize> {
    let lower = hay.to_ascii_lowercase();
    lower.rfind(needle)
}
