//! A schedule page saved as text: one (bulleted) title per session, then
//! `by A, B and C`, description paragraphs, a time line (`At 10:50am to
//! 11:30am, …`) and maybe a room line. Breaks and welcomes are sessions
//! without speakers.

use super::lines::{self, Line};
use super::{by_speakers, names, read_notes, talk_from_title, Sink};
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
    // An accepted-talks page: title, description, then `Speaker: Name`.
    let labelled = labelled_sessions(&ls);
    if labelled.len() >= 2 && labelled.len() > starts.len() {
        read_labelled(&mut sink, &ls, &labelled);
        return sink.finish();
    }
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

/// The labels of a speaker line that stands after a session's description.
const SPEAKER_LABELS: &[&str] = &[
    "speaker",
    "speakers",
    "presenter",
    "presenters",
    "presented by",
    "speaker(s)",
];

/// A `Speaker: Ada Lovelace` / `Speakers: A, B` line (column 0, no bullet):
/// the names it gives, and the list lines it takes them from when the label
/// stands alone over a bulleted list of names (`Speakers:` / `• A` / `• B`).
pub(crate) fn speaker_label(ls: &[Line], i: usize) -> Option<(names::Names, usize)> {
    let l = &ls[i];
    if l.bullet.is_some() || l.indent > 1 {
        return None;
    }
    let (k, v) = l.text.split_once(':')?;
    let k = k.trim().to_lowercase();
    if !SPEAKER_LABELS.contains(&k.as_str()) {
        return None;
    }
    let v = v.trim();
    if !v.is_empty() {
        let (n, rest) = names::speakers_and_rest(v)?;
        return rest.is_none().then_some((n, i + 1));
    }
    // `Speakers:` over a list: every bullet a name.
    let mut out = names::Names::default();
    let mut j = i + 1;
    while j < ls.len() {
        let n = &ls[j];
        if n.is_blank() {
            j += 1;
            continue;
        }
        let Some(b) = n.bullet else { break };
        // A list under `Speakers:` is a list of people: a name the word
        // lists do not know (`Walker Hale`) reads loosely.
        // A bullet may list two (`Max Logan and Devon Braner`).
        let more = names::name_list(b, 1).or_else(|| names::loose_list(b))?;
        if !out.speakers.is_empty() {
            out.joiners.push(", ".into());
        }
        out.joiners.extend(more.joiners);
        out.speakers.extend(more.speakers);
        j += 1;
    }
    (!out.speakers.is_empty()).then_some((out, j))
}

/// A line that may be a session title on an accepted-talks page: alone
/// between blank lines, short, no sentence, no label.
fn title_candidate(ls: &[Line], j: usize) -> bool {
    let l = &ls[j];
    if l.is_blank() || l.bullet.is_some() || l.indent > 1 {
        return false;
    }
    let alone = (j == 0 || ls[j - 1].is_blank()) && ls.get(j + 1).is_none_or(|n| n.is_blank());
    let t = l.text;
    alone
        && lines::word_count(t) <= 20
        && t.chars().count() <= 200
        && !lines::ends_sentence(t)
        && !t.ends_with([',', ';', ':'])
        && !is_detail(t)
        && speaker_label(ls, j).is_none()
        && !lines::has_url(t)
}

/// Sessions of a page that names speakers after each description: for each
/// speaker line, the title line it belongs to (the first title-like line
/// after the last session's speaker line and what follows it; for the first
/// session, the last one before its speaker line, after the page header).
fn labelled_sessions(ls: &[Line]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    let mut first = true;
    let mut i = 0;
    while i < ls.len() {
        let Some((_, after)) = speaker_label(ls, i) else {
            i += 1;
            continue;
        };
        let mut cands = (from..i).filter(|&j| title_candidate(ls, j));
        let title = if first {
            cands.next_back()
        } else {
            cands.next()
        };
        if let Some(t) = title {
            out.push((t, i));
            first = false;
        }
        // The lines right after a speaker line (a bio) are no title.
        from = after;
        while from < ls.len() && ls[from].is_blank() {
            from += 1;
        }
        if from < ls.len() && !title_candidate(ls, from) {
            from += 1;
        }
        i = after.max(i + 1);
    }
    out
}

pub(crate) fn labelled_count(ls: &[Line]) -> usize {
    labelled_sessions(ls).len()
}

/// Read an accepted-talks page: each session's title, its description and
/// speaker line as notes (kept where they stand), the speakers from it.
fn read_labelled(sink: &mut Sink, ls: &[Line], sessions: &[(usize, usize)]) {
    read_notes(sink, &ls[..sessions[0].0], false);
    for (k, &(t, s)) in sessions.iter().enumerate() {
        let end = sessions.get(k + 1).map_or(ls.len(), |n| n.0);
        let (before, mut talk, rest) = talk_from_title(ls[t].content());
        // The speaker line says who gave it: the title line is all title
        // (`Oh the Methods You Can Make: By Dunder Seuss`).
        let rest = match speaker_label(ls, s) {
            Some((n, _)) => {
                let line = ls[t].content();
                let line = lines::time_prefix(line).map_or(line, |(_, r)| r);
                talk = crate::import::model::Talk {
                    title: line.trim().to_string(),
                    ..Default::default()
                };
                super::give(&mut talk, n);
                None
            }
            None => rest,
        };
        if let Some(b) = before {
            sink.para(&b);
        }
        sink.talk(talk);
        if let Some(r) = rest {
            sink.para(&r);
        }
        read_notes(sink, &ls[t + 1..end], false);
    }
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

    const ACCEPTED: &str = "Accepted Sessions

The sessions below were accepted for HarborPy; times follow later.

Parsing Logs Without Tears

We build a small parser for messy server logs, step by step, and test it.

Speaker: Ines Baptiste

Ines writes tooling for a shipping company and maintains two parsers.

Queues: By Hand and By Library

Three ways to run background work, measured against each other.

Speakers: Tomasz Wrona, Keiko Arai

Tomasz and Keiko run the data team at a small bank.

Quick Talks

Five minutes each

Speakers:

\u{2022} Dara Quinn
\u{2022} Oskar Lind and Mira Sato
";

    #[test]
    fn speaker_lines_after_descriptions() {
        let n = read(ACCEPTED);
        let got: Vec<(&str, Vec<&str>)> = n
            .talks
            .iter()
            .map(|t| {
                (
                    t.title.as_str(),
                    t.speakers.iter().map(|s| s.name.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Parsing Logs Without Tears", vec!["Ines Baptiste"]),
                (
                    "Queues: By Hand and By Library",
                    vec!["Tomasz Wrona", "Keiko Arai"]
                ),
                ("Quick Talks", vec!["Dara Quinn", "Oskar Lind", "Mira Sato"]),
            ]
        );
        assert_eq!(
            crate::import::detect(ACCEPTED).shape,
            crate::import::Shape::Schedule
        );
    }
}
