//! Blog-style talk notes: a title line per talk between blank lines
//! (`Title, Speaker`, `Title – Speaker`, a name alone for a keynote),
//! maybe a `by` line, then the notes as indented bullets; a "Lightning
//! talks" heading whose top-level bullets are one short talk each.

use super::lines::{self, Line};
use super::{by_speakers, read_notes, talk_from_title, Sink};
use crate::import::model::Notes;

/// Whether line `i` opens a talk: a short column-0 line, not a bullet,
/// after a blank line (or the file's start), not a sentence, with a list
/// (or a `by` line, then a list) after it.
pub(crate) fn is_title_line(ls: &[Line], i: usize) -> bool {
    title_like(ls, i) && list_follows(ls, i)
}

/// A short column-0 line after a blank line, not a bullet, not a sentence.
fn title_like(ls: &[Line], i: usize) -> bool {
    let l = &ls[i];
    if l.is_blank() || l.bullet.is_some() || l.indent > 1 {
        return false;
    }
    if i > 0 && !ls[i - 1].is_blank() {
        return false;
    }
    let t = l.text;
    if t.chars().count() > 160 || lines::word_count(t) > 24 || lines::ends_sentence(t) {
        return false;
    }
    !(t.ends_with([',', ';']) || (t.ends_with(':') && !is_lightning(t)))
}

/// A list comes next, maybe after a `by` line or a speaker line.
fn list_follows(ls: &[Line], i: usize) -> bool {
    let j = i + 1;
    // A `by` line or a speaker line right under the title.
    if j < ls.len() && !ls[j].is_blank() && ls[j].bullet.is_none() && ls[j].indent <= 1 {
        // `Title` over `Speaker Name`: a talk, whatever its notes are; so is
        // `Title by Speaker` over its notes.
        return speaker_line_at(ls, j) || by_titled(ls[i].text);
    }
    // Or after one blank line.
    if j + 1 < ls.len() && ls[j].is_blank() && speaker_line_at(ls, j + 1) {
        return true;
    }
    let next = ls[j.min(ls.len())..].iter().find(|n| !n.is_blank());
    next.is_some_and(|n| n.bullet.is_some() || n.indent >= 2)
}

/// A title line that names its speakers after `by` (`Python Namespaces by
/// Jeff Rush (slides)`): a talk even with its notes right under it.
pub(crate) fn by_titled(t: &str) -> bool {
    let s = super::names::split_title(t);
    s.prefix.is_some() && !s.speakers.is_empty()
}

/// Whether line `j` is a `by` line or names alone (`Calvin Hendryx-Parker`).
fn speaker_line_at(ls: &[Line], j: usize) -> bool {
    let l = &ls[j];
    !l.is_blank()
        && l.bullet.is_none()
        && l.indent <= 1
        && (lines::by_line(l.text).is_some() || super::names::name_list(l.text, 2).is_some())
}

/// Whether the title line at `i` names its speakers (in the line, or on a
/// speaker line right under it).
fn named(ls: &[Line], i: usize) -> bool {
    !super::names::split_title(ls[i].text).speakers.is_empty()
        || (i + 1 < ls.len() && speaker_line_at(ls, i + 1))
        || (i + 2 < ls.len() && ls[i + 1].is_blank() && speaker_line_at(ls, i + 2))
}

/// A line that opens with an emphasized title: the title and what follows.
fn emphasized(line: &str) -> Option<(&str, &str)> {
    for m in ["**", "__", "*", "_", "`"] {
        if let Some(rest) = line.strip_prefix(m) {
            let close = rest.find(m)?;
            let title = &rest[..close];
            if !title.trim().is_empty() && !title.starts_with(' ') {
                return Some((title, &rest[close + m.len()..]));
            }
            return None;
        }
    }
    None
}

pub(crate) fn is_lightning(t: &str) -> bool {
    let lower = t.to_lowercase();
    lower.contains("lightning") && lines::word_count(t) <= 6
}

pub fn read(text: &str) -> Notes {
    let ls = lines::lines(text);
    let mut sink = Sink::new();
    let mut starts: Vec<usize> = (0..ls.len()).filter(|&i| is_title_line(&ls, i)).collect();
    // A heading that recurs (`Content`, `Takeaways`) or names a part of the
    // notes heads a section of a talk, not a talk.
    let key = |i: usize| ls[i].text.trim_end_matches(':').trim().to_lowercase();
    let counts = starts
        .iter()
        .fold(std::collections::HashMap::new(), |mut m, &i| {
            *m.entry(key(i)).or_insert(0) += 1;
            m
        });
    starts.retain(|&i| counts[&key(i)] == 1 || is_lightning(ls[i].text));
    starts.retain(|&i| !lines::is_section_word(ls[i].text) || is_lightning(ls[i].text));
    // Where the notes name speakers for their talks and hold more title
    // lines without one, those are headings of the notes.
    let with = starts.iter().filter(|&&i| named(&ls, i)).count();
    if with >= 2 && starts.len() - with > 2 * with {
        starts.retain(|&i| named(&ls, i) || is_lightning(ls[i].text));
    }
    // Where the talks' title lines carry their time (`Day 1 - 1030 -
    // Title`), a title-like line without a time and without a speaker is a
    // heading of the notes (`Umuzi`, `How to resolve this?`).
    let timed = |i: usize| lines::time_prefix(ls[i].text).is_some();
    let timed_lines: Vec<usize> = (0..ls.len())
        .filter(|&i| title_like(&ls, i) && timed(i) && ls.get(i + 1).is_none_or(|n| n.is_blank()))
        .collect();
    let timed_titles = timed_lines.len() >= 3 && timed_lines.len() * 3 >= starts.len();
    if timed_titles {
        // A speaker in the line itself still makes a talk; one on the
        // lines below may be a subtitle's (`Let's extend its functionality`).
        let in_line = |i: usize| !super::names::split_title(ls[i].text).speakers.is_empty();
        starts.retain(|&i| timed(i) || in_line(i) || is_lightning(ls[i].text));
        // And a timed title line is a talk whatever follows it (a subtitle).
        starts.extend(timed_lines);
        starts.sort_unstable();
        starts.dedup();
    }
    // A title line standing alone between two talks (or after the last):
    // a talk the writer took no notes of (`Sponsor talk (skipped)`).
    if let Some(&first) = starts.first() {
        let lone: Vec<usize> = (first + 1..ls.len())
            .filter(|&i| {
                let next = (i + 1..ls.len()).find(|&j| !ls[j].is_blank());
                title_like(&ls, i)
                    && ls.get(i + 1).is_none_or(|n| n.is_blank())
                    && next.is_none_or(|j| starts.binary_search(&j).is_ok())
                    && !is_lightning(ls[i].text)
                    && (!timed_titles || timed(i))
            })
            .collect();
        starts.extend(lone);
        starts.sort_unstable();
        starts.dedup();
    }
    let pre_end = starts.first().copied().unwrap_or(ls.len());
    read_notes(&mut sink, &ls[..pre_end], false);
    for (k, &i) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(ls.len());
        let title = ls[i].text;
        if is_lightning(title) {
            lightning(&mut sink, title, &ls[i + 1..end]);
            continue;
        }
        let (before, mut talk, rest) = talk_from_title(title);
        if talk.speakers.is_empty() && super::names::is_single_name(title) {
            // `Matz`: a keynote noted by its speaker's name.
            talk.speakers.push(crate::import::model::Speaker {
                name: title.to_string(),
                handle: None,
            });
        }
        if let Some(b) = before {
            sink.para(&b);
        }
        sink.talk(talk);
        if let Some(r) = rest {
            sink.para(&r);
        }
        let mut from = i + 1;
        // A speaker line after one blank line.
        if from + 1 < end && ls[from].is_blank() && speaker_line_at(&ls, from + 1) {
            from += 1;
        }
        if from < end && !ls[from].is_blank() && ls[from].bullet.is_none() && ls[from].indent <= 1 {
            let line = ls[from].text;
            let t = sink.current().unwrap();
            if let Some(more) = by_speakers(t, line) {
                from += 1;
                if let Some(m) = more {
                    sink.para(&m);
                }
            } else if t.speakers.is_empty() {
                if let Some(v) = super::names::name_list(line, 2) {
                    super::give(t, v);
                    from += 1;
                }
            }
        }
        read_notes(&mut sink, &ls[from.min(end)..end], true);
    }
    sink.finish()
}

/// A "Lightning talks" heading: each top-level bullet under it is a talk,
/// its sub-bullets the notes. The heading itself is kept where it stands
/// (in the notes of the talk before, or the preamble).
pub(crate) fn lightning(sink: &mut Sink, heading: &str, ls: &[Line]) {
    sink.para(heading);
    let top = ls
        .iter()
        .filter(|l| l.bullet.is_some())
        .map(|l| l.indent)
        .min();
    let Some(top) = top else {
        read_notes(sink, ls, true);
        return;
    };
    let heads: Vec<usize> = (0..ls.len())
        .filter(|&k| ls[k].bullet.is_some() && ls[k].indent == top)
        .collect();
    read_notes(sink, &ls[..heads[0]], true);
    for (n, &k) in heads.iter().enumerate() {
        let end = heads.get(n + 1).copied().unwrap_or(ls.len());
        // A list number is a word: it stays, before the talk.
        if let Some(n) = ls[k].number() {
            sink.para(n);
        }
        let line = ls[k].bullet.unwrap_or(ls[k].text);
        let (talk, rest) = match emphasized(line) {
            // `*Rich tracebacks* – Will McGugan`, `*Tiny* (no speaker
            // listed)`: the emphasis marks the title.
            Some((title, after)) => {
                let mut talk = crate::import::model::Talk {
                    title: title.to_string(),
                    ..Default::default()
                };
                let names = after.trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '–' | '—' | '-' | ',' | ':' | '|')
                });
                let by = names.strip_prefix("by ");
                match super::names::name_list(by.unwrap_or(names), 1) {
                    Some(v) if !names.is_empty() => {
                        super::give(&mut talk, v);
                        talk.speaker_prefix = by.map(|_| "by".to_string());
                        (talk, None)
                    }
                    _ => (
                        talk,
                        (!after.trim().is_empty()).then(|| after.trim().to_string()),
                    ),
                }
            }
            None => {
                let (before, talk, rest) = talk_from_title(line);
                if let Some(b) = before {
                    sink.para(&b);
                }
                (talk, rest)
            }
        };
        sink.talk(talk);
        if let Some(r) = rest {
            sink.para(&r);
        }
        read_notes(sink, &ls[k + 1..end], true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::Block;

    const POST: &str = r"My notes from RiverConf 2025
Two days, three tracks, too much coffee.

Opening keynote – Dana Whitfield
  • Why small teams ship more
    - fewer handoffs, fewer meetings
  • Q&A was lively

Lists, dicts and sets: a tour, Mei Chen
  - dicts keep insertion order
  - sets are hash tables without values
    continued on a second line

Packaging in 2025
by Luis Ortega and Sam Ortiz
  * pyproject.toml everywhere
  1. build
  2. publish

Lightning talks
- Emoji in filenames – Priya Nair
  - please don't
- A tiny static site generator, Tom Berg
";

    #[test]
    fn reads_talks_speakers_and_notes() {
        let n = read(POST);
        let titles: Vec<&str> = n.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Opening keynote",
                "Lists, dicts and sets: a tour",
                "Packaging in 2025",
                "Emoji in filenames",
                "A tiny static site generator"
            ]
        );
        let sp = |i: usize| -> Vec<&str> {
            n.talks[i]
                .speakers
                .iter()
                .map(|s| s.name.as_str())
                .collect()
        };
        assert_eq!(sp(0), ["Dana Whitfield"]);
        assert_eq!(sp(1), ["Mei Chen"]);
        assert_eq!(sp(2), ["Luis Ortega", "Sam Ortiz"]);
        assert_eq!(n.talks[2].speaker_prefix.as_deref(), Some("by"));
        assert_eq!(sp(3), ["Priya Nair"]);
        assert_eq!(sp(4), ["Tom Berg"]);
        assert_eq!(n.preamble.len(), 1, "{:?}", n.preamble);
        let b = &n.talks[0].sections[0].blocks;
        assert_eq!(
            b[1],
            Block::Item {
                depth: 1,
                text: "fewer handoffs, fewer meetings".into()
            }
        );
        let b = &n.talks[1].sections[0].blocks;
        assert_eq!(
            b[1],
            Block::Item {
                depth: 0,
                text: "sets are hash tables without values continued on a second line".into()
            }
        );
        // The lightning heading stays, in the notes of the talk before.
        let last = n.talks[2].sections.last().unwrap().blocks.last().unwrap();
        assert_eq!(*last, Block::Para("Lightning talks".into()));
    }

    #[test]
    fn a_title_that_is_a_name_is_a_keynote() {
        let n = read("Grace Hopper\n- nanoseconds\n\nOther talk\n- x\n");
        assert_eq!(n.talks[0].title, "Grace Hopper");
        assert_eq!(n.talks[0].speakers[0].name, "Grace Hopper");
        assert!(n.talks[1].speakers.is_empty());
    }

    #[test]
    fn timed_titles_make_untimed_lines_headings() {
        let text = "Notes from HarborConf, day one.

Day 1 - 0930 - Opening keynote

    • Dana Whitfield on ten years of the conference

Day 1 - 1015 - Queues by Hand

Tomasz Wrona

Content

    • three ways to run background work

Lessons from production

    • measure before you tune

A closing remark on queues, standing alone

Day 1 - 1100 - Reviews That Teach

A subtitle about teaching

Keiko Arai

Why it matters

    • reviews spread knowledge
";
        let n = read(text);
        let titles: Vec<&str> = n.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Opening keynote", "Queues by Hand", "Reviews That Teach"]
        );
    }
}
