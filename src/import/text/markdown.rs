//! Markdown notes: a heading per talk (`#`/`##`, or the level that holds
//! the talks), speakers in the heading, a `by …` or `**Speaker:** …`
//! line; lists and paragraphs for the notes, deeper headings as sections.

use super::lines::{self, Line};
use super::{by_speakers, read_notes, talk_from_title, Sink};
use crate::import::model::Notes;

/// A heading of the file: line index, level, text.
struct Heading<'a> {
    at: usize,
    level: usize,
    text: &'a str,
}

fn headings<'a>(ls: &[Line<'a>]) -> Vec<Heading<'a>> {
    let mut out = Vec::new();
    let mut fence = false;
    for (i, l) in ls.iter().enumerate() {
        if l.text.starts_with("```") || l.text.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence || l.indent >= 4 {
            continue;
        }
        if let Some((level, text)) = lines::md_heading(l.text) {
            out.push(Heading { at: i, level, text });
            continue;
        }
        // Setext: a text line underlined by `===` or `---`.
        if i + 1 < ls.len()
            && !l.is_blank()
            && l.bullet.is_none()
            && (i == 0 || ls[i - 1].is_blank())
        {
            let u = ls[i + 1].text;
            if u.len() >= 3 && (u.bytes().all(|b| b == b'=') || u.bytes().all(|b| b == b'-')) {
                out.push(Heading {
                    at: i,
                    level: if u.starts_with('=') { 1 } else { 2 },
                    text: l.text,
                });
            }
        }
    }
    out
}

fn has_bullets(ls: &[Line]) -> bool {
    ls.iter().any(|l| l.bullet.is_some())
}

/// The speaker line under a heading: `by X`, `**Speaker:** X`, `*by X*`,
/// `Speakers: A, B`, `Presenter: X`; the line with its emphasis taken off.
fn speaker_line(t: &str) -> Option<String> {
    let plain: String = t.chars().filter(|c| !matches!(c, '*' | '_')).collect();
    let plain = plain.trim();
    let lower = plain.to_lowercase();
    let ok = lines::by_line(plain).is_some()
        || [
            "presenter:",
            "presenters:",
            "author:",
            "authors:",
            "speaker(s):",
        ]
        .iter()
        .any(|p| lower.starts_with(p));
    ok.then(|| plain.to_string())
}

/// The level that holds the talks: the one with the most headings that
/// are not section words, a heading with a speaker counting double; the
/// shallower on a tie. A lone top heading over several deeper ones is the
/// page's title.
fn talk_level(ls: &[Line], hs: &[Heading]) -> Option<usize> {
    let mut score = [0usize; 7];
    for h in hs {
        if lines::is_section_word(h.text) {
            continue;
        }
        score[h.level] += 2;
        let next = ls[h.at + 1..]
            .iter()
            .find(|l| !l.is_blank() && !l.text.bytes().all(|b| b == b'=' || b == b'-'));
        let named = next.is_some_and(|l| speaker_line(l.text).is_some())
            || !super::names::split_title(h.text).speakers.is_empty();
        if named {
            score[h.level] += 2;
        }
    }
    let best = (1..=6).max_by_key(|&l| (score[l], std::cmp::Reverse(l)))?;
    (score[best] > 0).then_some(best)
}

pub fn read(text: &str) -> Notes {
    let ls = lines::lines(text);
    let hs = headings(&ls);
    let mut sink = Sink::new();
    let Some(level) = talk_level(&ls, &hs) else {
        read_notes(&mut sink, &ls, true);
        return sink.finish();
    };
    // The page's own title at the talks' level: the first heading, at the
    // top, with words of a report (`VueConf Toronto 2023`) and no speaker.
    let talks = hs.iter().filter(|h| h.level == level).count();
    let page_title = hs.first().filter(|h| {
        h.level == level
            && talks >= 3
            && ls[..h.at].iter().all(|l| l.is_blank())
            && super::prose::is_page_heading(h.text)
            && super::names::split_title(h.text).speakers.is_empty()
    });
    let page_title = page_title.map(|h| h.at);
    // Each heading's body runs to the next heading.
    let first = hs.first().map_or(ls.len(), |h| h.at);
    read_notes(&mut sink, &ls[..first], false);
    for (k, h) in hs.iter().enumerate() {
        let end = hs.get(k + 1).map_or(ls.len(), |n| n.at);
        let mut from = h.at + 1;
        // A setext heading's underline is no text.
        if from < end
            && ls[from].text.len() >= 3
            && ls[from].text.bytes().all(|b| b == b'=' || b == b'-')
        {
            from += 1;
        }
        if Some(h.at) == page_title {
            sink.para(h.text);
            read_notes(&mut sink, &ls[from..end], true);
        } else if h.level >= level
            && super::blog::is_lightning(h.text)
            && has_bullets(&ls[from..end])
        {
            // Each top-level bullet under it is a talk.
            super::blog::lightning(&mut sink, h.text, &ls[from..end]);
        } else if h.level == level && !lines::is_section_word(h.text) {
            let (before, talk, rest) = talk_from_title(h.text);
            if let Some(b) = before {
                sink.para(&b);
            }
            sink.talk(talk);
            if let Some(r) = rest {
                sink.para(&r);
            }
            // The speaker line: the first text line under the heading.
            if let Some(j) = (from..end).find(|&j| !ls[j].is_blank()) {
                let name_line = super::names::name_list(ls[j].text, 2)
                    .filter(|_| ls[j].bullet.is_none())
                    .map(|_| format!("by {}", ls[j].text));
                if let Some(v) = name_line
                    .as_deref()
                    .and_then(|_| super::names::name_list(ls[j].text, 2))
                {
                    // `Calvin Hendryx-Parker` alone under the heading.
                    super::give(sink.current().unwrap(), v);
                    from = j + 1;
                } else if let Some(plain) = speaker_line(ls[j].text) {
                    let t = sink.current().unwrap();
                    let plain = plain.trim_end_matches('.');
                    let taken = if let Some(more) = by_speakers(t, plain) {
                        if let Some(m) = more {
                            sink.para(&m);
                        }
                        true
                    } else {
                        label_speakers(t, plain)
                    };
                    if taken {
                        read_notes(&mut sink, &ls[from..j], true);
                        from = j + 1;
                    }
                }
            }
            // Or a speaker line further down (after a description, or a
            // `* speaker: X` item): its names go on the speaker line and the
            // line stays where it is, so the words keep their order.
            let t = sink.current().unwrap();
            if t.speakers.is_empty() {
                let near = (from..end).filter(|&j| !ls[j].is_blank()).take(4);
                for j in near {
                    let found = speaker_line(ls[j].content()).and_then(|plain| {
                        let rest = match lines::by_line(&plain) {
                            Some((_, rest)) => rest.to_string(),
                            None => plain.split_once(':')?.1.trim().to_string(),
                        };
                        super::names::name_list(rest.trim_end_matches('.'), 1)
                    });
                    if let Some(v) = found {
                        super::give(t, v);
                        break;
                    }
                }
            }
            read_notes(&mut sink, &ls[from..end], true);
        } else if h.level > level && !sink.notes.talks.is_empty() {
            sink.heading(h.text);
            read_notes(&mut sink, &ls[from..end], true);
        } else {
            // A page title, a day heading: kept where it stands.
            sink.para(h.text);
            read_notes(&mut sink, &ls[from..end], true);
        }
    }
    sink.finish()
}

/// `Presenter: X`, `Authors: A, B`: a label and names.
fn label_speakers(t: &mut crate::import::model::Talk, line: &str) -> bool {
    let Some(colon) = line.find(':') else {
        return false;
    };
    if !t.speakers.is_empty() {
        return false;
    }
    match super::names::speakers_and_rest(line[colon + 1..].trim()) {
        Some((v, None)) => {
            super::give(t, v);
            t.speaker_prefix = Some(line[..=colon].to_string());
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::SectionKind;

    #[test]
    fn talks_at_the_level_that_holds_them() {
        let md = "# RiverConf 2025\n\nMy notes.\n\n## Day 1\n\n### Opening keynote\n\n**Speaker:** Dana Whitfield\n\n- small teams\n  - fewer handoffs\n\n#### Takeaways\n\n- ship\n\n### Async views – Luis Ortega\n\nSome prose here.\n\n### Packaging\n\n*by Sam Ortiz and Mei Chen*\n\n1. build\n";
        let n = read(md);
        let titles: Vec<&str> = n.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Opening keynote", "Async views", "Packaging"]);
        assert_eq!(n.talks[0].speakers[0].name, "Dana Whitfield");
        assert_eq!(n.talks[0].speaker_prefix.as_deref(), Some("Speaker:"));
        assert_eq!(n.talks[1].speakers[0].name, "Luis Ortega");
        assert_eq!(n.talks[2].speakers.len(), 2);
        assert!(n.talks[0]
            .sections
            .iter()
            .any(|s| s.kind == SectionKind::Heading("Takeaways".into())));
    }

    #[test]
    fn code_fences_hide_headings() {
        let md = "## A\n\n```\n# not a heading\n```\n\n## B\n\n- x\n";
        let n = read(md);
        assert_eq!(n.talks.len(), 2);
    }
}
