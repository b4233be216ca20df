//! A schedule page saved as text: one (bulleted) title per session, then
//! `by A, B and C`, description paragraphs, a time line (`At 10:50am to
//! 11:30am, …`) and maybe a room line. Breaks and welcomes are sessions
//! without speakers.

use super::lines::{self, Line};
use super::{by_speakers, read_notes, talk_from_title, Sink};
use crate::import::model::{Block, Notes};

/// A line that belongs to a session's details, never a title.
fn is_detail(t: &str) -> bool {
    lines::is_time_line(t) || lines::is_room_line(t) || lines::by_line(t).is_some()
}

/// The next non-blank line after `i`, at most one blank line away.
fn next_line(ls: &[Line], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if j < ls.len() && ls[j].is_blank() {
        j += 1;
    }
    (j < ls.len() && !ls[j].is_blank()).then_some(j)
}

/// Whether line `i` opens a session.
fn is_session(
    ls: &[Line],
    i: usize,
    top: Option<usize>,
    prev_detail: bool,
    bulleted: bool,
) -> bool {
    let l = &ls[i];
    if l.is_blank() || is_detail(l.text) {
        return false;
    }
    let t = l.content();
    if t.chars().count() > 200 || lines::ends_sentence(t) || t.ends_with([',', ';', ':']) {
        return false;
    }
    let bullet_ok = match (l.bullet, top) {
        (Some(_), Some(top)) => l.indent <= top + 1,
        // Where the page bullets its titles, a line without one is none.
        (None, _) => l.indent <= 1 && !bulleted,
        _ => false,
    };
    if !bullet_ok {
        return false;
    }
    // A `by` line or a time line comes right after the title.
    if let Some(j) = next_line(ls, i) {
        let n = ls[j].text;
        if lines::by_line(n).is_some() && by_names(n) {
            return true;
        }
        if lines::is_time_line(n) && lines::word_count(t) <= 16 {
            return true;
        }
    }
    // A bulleted title after the last session's time or room line.
    l.bullet.is_some() && prev_detail
}

fn by_names(t: &str) -> bool {
    let mut probe = crate::import::model::Talk::default();
    by_speakers(&mut probe, t).is_some()
}

pub fn read(text: &str) -> Notes {
    let ls = lines::lines(text);
    let top = ls
        .iter()
        .filter(|l| l.bullet.is_some())
        .map(|l| l.indent)
        .min();
    // Whether titles are bulleted: bullets with a `by` or time line after.
    let bulleted = (0..ls.len())
        .filter(|&i| ls[i].bullet.is_some() && is_session(&ls, i, top, false, false))
        .count()
        >= 2;
    let mut starts = Vec::new();
    let mut prev_detail = false;
    for i in 0..ls.len() {
        if ls[i].is_blank() {
            continue;
        }
        if is_session(&ls, i, top, prev_detail, bulleted) {
            starts.push(i);
            prev_detail = false;
            continue;
        }
        let t = ls[i].text;
        prev_detail = lines::is_time_line(t) || lines::is_room_line(t);
    }
    let mut sink = Sink::new();
    let rows = ls.iter().filter(|l| row(l.text).is_some()).count();
    if rows >= 2 && rows > starts.len() {
        read_rows(&mut sink, &ls);
        return sink.finish();
    }
    let pre_end = starts.first().copied().unwrap_or(ls.len());
    read_notes(&mut sink, &ls[..pre_end], false);
    for (k, &i) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(ls.len());
        // A list number is a word: it stays, before the talk.
        if let Some(n) = ls[i].number() {
            sink.para(n);
        }
        let (before, talk, rest) = talk_from_title(ls[i].content());
        if let Some(b) = before {
            sink.para(&b);
        }
        sink.talk(talk);
        if let Some(r) = rest {
            sink.para(&r);
        }
        let mut from = i + 1;
        // The `by` line, wherever it stands before the description.
        if let Some(j) = next_line(&ls, i).filter(|&j| j < end) {
            let t = sink.current().unwrap();
            if let Some(more) = by_speakers(t, ls[j].text) {
                from = j + 1;
                if let Some(m) = more {
                    sink.para(&m);
                }
            }
        }
        // Time, room, track and level lines are items of their own; the
        // rest is the description.
        let mut run = from;
        for j in from..end {
            let t = ls[j].text;
            if lines::is_time_line(t) || lines::is_room_line(t) || label(t).is_some() {
                read_notes(&mut sink, &ls[run..j], false);
                if let Some((key, value)) = label(t) {
                    let talk = sink.current().unwrap();
                    match key {
                        "track" => talk.track = Some(value.to_string()),
                        _ => talk.level = Some(value.to_string()),
                    }
                }
                sink.push(Block::Item {
                    depth: 0,
                    text: t.to_string(),
                });
                run = j + 1;
            }
        }
        read_notes(&mut sink, &ls[run..end], false);
    }
    sink.finish()
}

/// A table row of a schedule: a time first, then columns set apart by two
/// spaces or a tab, the last the session (`09:00 - 09:45  Hall A  Opening
/// keynote - Dana Whitfield`). The time and room columns, and the session.
pub(crate) fn row(t: &str) -> Option<(&str, &str)> {
    if !t.starts_with(|c: char| c.is_ascii_digit()) || !lines::is_time_line(t) {
        return None;
    }
    let cut = t.rfind("  ").into_iter().chain(t.rfind('\t')).max()?;
    let (lead, last) = (t[..cut].trim_end(), t[cut..].trim());
    let letters = last.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2 && !lines::has_time(last)).then_some((lead, last))
}

/// A schedule of table rows: each row a session; its time and room stay
/// before it (they are words of the source, and stand before the title).
fn read_rows(sink: &mut Sink, ls: &[Line]) {
    let mut run = 0;
    for (i, l) in ls.iter().enumerate() {
        let Some((lead, session)) = row(l.text) else {
            continue;
        };
        read_notes(sink, &ls[run..i], false);
        sink.para(lead);
        let (before, talk, rest) = talk_from_title(session);
        if let Some(b) = before {
            sink.para(&b);
        }
        sink.talk(talk);
        if let Some(r) = rest {
            sink.para(&r);
        }
        run = i + 1;
    }
    read_notes(sink, &ls[run..], false);
}

/// `Track: Web`, `Level: Beginner`.
fn label(t: &str) -> Option<(&'static str, &str)> {
    let (k, v) = t.split_once(':')?;
    let v = v.trim();
    if v.is_empty() || v.len() > 40 {
        return None;
    }
    match k.trim().to_lowercase().as_str() {
        "track" => Some(("track", v)),
        "level" | "audience level" | "difficulty" => Some(("level", v)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r"RiverConf 2025 schedule
Saturday 3rd May

* Welcome and introduction
At 9:30am to 9:45am, Saturday 3rd May
Main Hall

* Async views in practice
by Luis Ortega, Mei Chen and Sam Ortiz
Where async views pay off in Django, and where they do not.
We will look at three real services.

At 10:50am to 11:30am, Saturday 3rd May
Room 2

* Coffee break
At 11:30am to 11:50am, Saturday 3rd May

* Testing without mocks
by Priya Nair
Fakes, not mocks.
At 11:50am to 12:30pm, Saturday 3rd May
";

    #[test]
    fn sessions_speakers_and_details() {
        let n = read(PAGE);
        let titles: Vec<&str> = n.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Welcome and introduction",
                "Async views in practice",
                "Coffee break",
                "Testing without mocks"
            ]
        );
        let names: Vec<&str> = n.talks[1]
            .speakers
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["Luis Ortega", "Mei Chen", "Sam Ortiz"]);
        assert_eq!(n.talks[1].speaker_prefix.as_deref(), Some("by"));
        assert!(n.talks[0].speakers.is_empty());
        assert!(n.talks[2].speakers.is_empty());
        assert_eq!(n.talks[3].speakers[0].name, "Priya Nair");
        assert_eq!(n.preamble.len(), 1);
        let b = &n.talks[1].sections[0].blocks;
        assert_eq!(
            b[0],
            Block::Para(
                "Where async views pay off in Django, and where they do not. We will look at three real services."
                    .into()
            )
        );
        assert!(matches!(&b[1], Block::Item { text, .. } if text.starts_with("At 10:50am")));
    }
}
