//! A prose report: a title-only heading per session, paragraphs of prose
//! that name the speakers ("Ada Lovelace talked about …"), sometimes a
//! closing link line repeating the title. The paragraphs are kept whole;
//! the names found in them are added to the speaker line.

use super::lines::{self, Line};
use super::prose_names;
use super::{read_notes, talk_from_title, Sink};
use crate::import::model::{Notes, Speaker};

/// Whether line `i` reads as a heading: a short line standing alone
/// between blank lines, not a sentence, no link.
fn is_heading(ls: &[Line], i: usize) -> bool {
    let l = &ls[i];
    if l.is_blank() || l.bullet.is_some() || l.indent > 1 {
        return false;
    }
    let alone = (i == 0 || ls[i - 1].is_blank()) && (i + 1 >= ls.len() || ls[i + 1].is_blank());
    let t = l.text.trim_start_matches('#').trim();
    (alone || between_paragraphs(ls, i))
        && !t.is_empty()
        && t.chars().count() <= 120
        && lines::word_count(t) <= 16
        && !lines::ends_sentence(t)
        && !t.ends_with([',', ';'])
        && !lines::has_url(t)
        && t.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// A heading of a page saved without blank lines: right after a sentence's
/// end (or a blank line) and right before a paragraph line.
pub(crate) fn between_paragraphs(ls: &[Line], i: usize) -> bool {
    let before = i == 0 || ls[i - 1].is_blank() || lines::ends_sentence(ls[i - 1].text);
    let after = ls.get(i + 1).is_some_and(|n| {
        n.bullet.is_none()
            && n.indent <= 1
            && n.text.chars().count() >= 60
            // A paragraph starts a sentence; a wrapped line goes on with one.
            && n.text.chars().next().is_some_and(char::is_uppercase)
    });
    // Not a line of a wrapped paragraph: short, and no sentence inside it.
    let t = ls[i].text.trim();
    before
        && after
        && lines::word_count(t) <= 12
        && t.chars().count() <= 80
        && ![": ", ". ", "; ", "? ", "! "].iter().any(|p| t.contains(p))
}

/// Titles compared loosely (a closing link line repeats the title).
fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && (a == b || (b.len() > 8 && a.contains(&b)) || (a.len() > 8 && b.contains(&a)))
}

/// Words that mark a report's own title or a day heading.
pub(crate) fn is_page_heading(t: &str) -> bool {
    let lower = t.to_lowercase();
    let year = t
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
    year || [
        "report",
        "recap",
        "notes",
        "day ",
        "highlights",
        "review",
        "trip",
        "my ",
    ]
    .iter()
    .any(|k| lower.contains(k) || lower.starts_with(k.trim()))
}

pub fn read(text: &str) -> Notes {
    let ls = lines::lines(text);
    let mut heads: Vec<usize> = Vec::new();
    for i in 0..ls.len() {
        if !is_heading(&ls, i) {
            continue;
        }
        // A heading with another heading right after it is a day or part
        // heading, not a session.
        let next = (i + 1..ls.len()).find(|&j| !ls[j].is_blank());
        if next.is_none_or(|j| is_heading(&ls, j)) {
            continue;
        }
        // A line repeating the session's title closes it.
        if let Some(&h) = heads.last() {
            if same_title(ls[i].text, ls[h].text) {
                continue;
            }
        }
        heads.push(i);
    }
    // The report's own title: the first line, with words of a report, and
    // no speaker named under it.
    if let Some(&h) = heads.first() {
        let first = (0..ls.len()).find(|&j| !ls[j].is_blank());
        let end = heads.get(1).copied().unwrap_or(ls.len());
        let body: Vec<&str> = ls[h + 1..end].iter().map(|l| l.text).collect();
        if first == Some(h)
            && heads.len() > 1
            && is_page_heading(ls[h].text)
            && prose_names::speaker_groups(&body.join(" ")).is_empty()
        {
            heads.remove(0);
        }
    }
    let mut sink = Sink::new();
    let pre_end = heads.first().copied().unwrap_or(ls.len());
    read_notes(&mut sink, &ls[..pre_end], false);
    for (k, &h) in heads.iter().enumerate() {
        let end = heads.get(k + 1).copied().unwrap_or(ls.len());
        let (before, mut talk, rest) = talk_from_title(ls[h].text);
        let body: Vec<&str> = ls[h + 1..end].iter().map(|l| l.text).collect();
        let groups = prose_names::speaker_groups(&body.join("\n"));
        // A heading that reads as a name alone (`Twisted Mixing`) is a
        // title when the prose names who gave the talk.
        if talk.speakers.len() == 1 && talk.speakers[0].name == talk.title && !groups.is_empty() {
            talk.speakers.clear();
        }
        if talk.speakers.is_empty() {
            if let Some(g) = groups.into_iter().next() {
                talk.speakers = g
                    .into_iter()
                    .map(|name| Speaker { name, handle: None })
                    .collect();
            }
        }
        if let Some(b) = before {
            sink.para(&b);
        }
        sink.talk(talk);
        if let Some(r) = rest {
            sink.para(&r);
        }
        read_notes(&mut sink, &ls[h + 1..end], false);
    }
    sink.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::Block;

    const REPORT: &str = r"RiverConf 2025: a report

This year the conference moved to the old mill.

Small teams ship more

The opening keynote was given by Dana Whitfield, who argued that
small teams ship more because they talk less.

She had numbers to back it.

Async views in practice

After the break Luis Ortega (from Acme) showed where async views pay off.

Async views in practice: https://example.org/talks/async

The hallway track

Mostly coffee, and a long talk with friends.
";

    /// A report saved from a web page without blank lines: headings sit
    /// between paragraphs; a wrapped paragraph's lines are no headings.
    #[test]
    fn headings_between_paragraphs_without_blank_lines() {
        let text = "All in all a good first day.
Caching Without Tears
The room was full for this one, and Mei Chen gave a clear tour of the cache layers we use.
Most of it was new to me, and I took plenty of notes during the talk.
Testing the Untestable
Luis Ortega talked about property tests for code that talks to the network, and
mocks were not the answer
he gave us. It was the best session of the day for me by a wide margin.
";
        assert_eq!(
            crate::import::detect(text).shape,
            crate::import::Shape::Prose
        );
        let n = read(text);
        let titles: Vec<&str> = n.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Caching Without Tears", "Testing the Untestable"]);
        assert_eq!(n.talks[1].speakers[0].name, "Luis Ortega");
    }

    #[test]
    fn headings_prose_and_names() {
        let n = read(REPORT);
        let titles: Vec<&str> = n.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Small teams ship more",
                "Async views in practice",
                "The hallway track"
            ]
        );
        assert_eq!(n.talks[0].speakers[0].name, "Dana Whitfield");
        assert_eq!(n.talks[1].speakers[0].name, "Luis Ortega");
        assert!(n.talks[2].speakers.is_empty());
        assert_eq!(n.preamble.len(), 2);
        // The paragraph is kept whole, its lines joined.
        assert_eq!(
            n.talks[0].sections[0].blocks[0],
            Block::Para(
                "The opening keynote was given by Dana Whitfield, who argued that small teams ship more because they talk less."
                    .into()
            )
        );
        // The closing link line stays in the talk.
        assert_eq!(n.talks[1].sections[0].blocks.len(), 2);
    }

    #[test]
    fn a_heading_that_reads_as_a_name_gives_way_to_the_prose() {
        let text = "Harbor notes

Tangled Knitting

Odile Marchetti gave a careful talk about trimming search trees before they grow too large.

Quiet Mornings

The talk was about sleep and it was a good one, with charts and a long question round.
";
        // Alone, the heading reads as a name (a keynote noted by its speaker).
        assert_eq!(
            super::super::names::split_title("Tangled Knitting")
                .speakers
                .len(),
            1
        );
        let n = read(text);
        assert_eq!(n.talks[0].title, "Tangled Knitting");
        assert_eq!(n.talks[0].speakers[0].name, "Odile Marchetti");
    }
}
