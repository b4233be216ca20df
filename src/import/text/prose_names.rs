//! The names a paragraph of prose says gave a talk: "Ada Lovelace talked
//! about …", "a talk by Ada Lovelace", "Ada Lovelace's keynote", "Steve
//! Sanderson, the creator of Blazor, showed …". Precision first: a name
//! only where a phrase of giving a talk stands right by it.

use super::names::{is_name, tok_kind, Tok};
use super::wordlists::{lower, BY_INTRO, NOT_NAME_SET, SPEAKING_VERBS_SET, TALK_NOUNS};

/// A word of prose with its punctuation taken off.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    /// The word without surrounding punctuation (`Lovelace` of `Lovelace,`).
    w: &'a str,
    /// Punctuation before and after it (breaks a name run).
    open: bool,
    close: bool,
    /// The punctuation after it.
    punct: &'a str,
}

fn words(text: &str) -> Vec<Word<'_>> {
    text.split_whitespace()
        .map(|raw| {
            let lead = raw.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@');
            let mut w = lead.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
            // Keep an initial's dot (`J.`), drop a sentence's (`Lovelace.`).
            if w.ends_with('.')
                && !matches!(tok_kind(w), Tok::Initial | Tok::Suffix | Tok::Honorific)
            {
                w = w.trim_end_matches('.');
            }
            Word {
                w,
                open: lead.len() < raw.len(),
                close: w.len() < lead.len(),
                punct: &lead[w.len()..],
            }
        })
        .collect()
}

fn lower_is(w: &str, set: &[&str]) -> bool {
    set.contains(&w.to_lowercase().as_str())
}

/// The name run ending at word `end` (inclusive), read backwards.
fn name_back(ws: &[Word], end: usize) -> Option<String> {
    let mut start = end + 1;
    let mut i = end as isize;
    while i >= 0 {
        let w = ws[i as usize];
        if tok_kind(w.w) == Tok::No || w.w.is_empty() {
            break;
        }
        if w.close && (i as usize) != end {
            break;
        }
        start = i as usize;
        if w.open {
            break;
        }
        i -= 1;
        if end + 1 - start >= 5 {
            break;
        }
    }
    // Trim leading particles.
    while start <= end && tok_kind(ws[start].w) == Tok::Particle {
        start += 1;
    }
    if start > end {
        return None;
    }
    let s = ws[start..=end]
        .iter()
        .map(|w| w.w)
        .collect::<Vec<_>>()
        .join(" ");
    is_name(&s).then_some(s)
}

/// The name run starting at word `start`, read forwards.
fn name_fwd(ws: &[Word], start: usize) -> Option<String> {
    let mut end = start;
    let mut i = start;
    while i < ws.len() && i < start + 5 {
        let w = ws[i];
        if tok_kind(w.w) == Tok::No || w.w.is_empty() || (w.open && i != start) {
            break;
        }
        end = i + 1;
        if w.close {
            break;
        }
        i += 1;
    }
    while end > start && tok_kind(ws[end - 1].w) == Tok::Particle {
        end -= 1;
    }
    if end <= start {
        return None;
    }
    let s = ws[start..end]
        .iter()
        .map(|w| w.w)
        .collect::<Vec<_>>()
        .join(" ");
    is_name(&s).then_some(s)
}

/// The number of words a name takes.
fn len_of(name: &str) -> usize {
    name.split_whitespace().count()
}

/// The names of [`speaker_groups`] in one list (what the tests read).
#[cfg(test)]
fn names_in_prose(text: &str) -> Vec<String> {
    speaker_groups(text).into_iter().flatten().collect()
}

/// The people a paragraph says gave the talk, first mention first:
/// "Ada Lovelace talked about …", "a talk by Ada Lovelace", "Ada
/// Lovelace's keynote", "Ada Lovelace (from Acme) showed", "presented by
/// Ada Lovelace and Grace Hopper", "Ada Lovelace and Grace Hopper spoke";
/// grouped by the phrase that named them (`X and Y spoke` is one group),
/// first phrase first.
pub fn speaker_groups(text: &str) -> Vec<Vec<String>> {
    let ws = words(text);
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut add = |pos: usize, n: String, group: usize| {
        if !found.iter().any(|(_, _, m)| *m == n) {
            found.push((pos, group, n));
        }
    };
    for i in 0..ws.len() {
        // One group per word: the phrase found at it.
        let mut add = |pos: usize, n: String| add(pos, n, i);
        let lw = lower(ws[i].w);
        // The verb lists are ASCII: a word with another character is asked
        // in its lower case's lower case, as it always was.
        let verb = if lw.is_ascii() {
            SPEAKING_VERBS_SET.has(&lw)
        } else {
            SPEAKING_VERBS_SET.has(&lw.to_lowercase())
        };
        // `X talked`, `X (from Acme) showed`, `X, from Acme, showed`.
        if verb && i > 0 {
            let mut end = i - 1;
            // Skip a parenthetical or an appositive just before the verb.
            if ws[end].close && ws[end].w.is_empty() {
                continue;
            }
            if ws[end].punct.contains(')') {
                // `Ada Lovelace (Acme) showed`: walk back to the opening.
                let mut k = end;
                while k > 0 && !ws[k].open {
                    k -= 1;
                }
                if k > 0 && k + 5 >= end {
                    end = k - 1;
                }
            } else if ws[end].punct.contains(',') {
                // `Steve Sanderson, the creator of Blazor, showed`.
                if let Some(k) = (end.saturating_sub(10)..end)
                    .rev()
                    .find(|&k| ws[k].punct.contains(',') && name_back(&ws, k).is_some())
                {
                    end = k;
                }
            }
            if matches!(&*lw, "is" | "was") {
                // Only `X is/was speaking|presenting|…` counts.
                let next = ws
                    .get(i + 1)
                    .map(|w| w.w.to_lowercase())
                    .unwrap_or_default();
                if !matches!(
                    next.as_str(),
                    "speaking" | "presenting" | "talking" | "up" | "next" | "giving"
                ) {
                    continue;
                }
            }
            let acronym = || {
                // `DHH opened the day`: an all-capitals handle of a person,
                // only first in its sentence and before a verb of giving.
                let w = ws[end].w;
                let sentence_start = end == 0 || ws[end - 1].punct.contains(['.', '!', '?']);
                (2..=4).contains(&w.chars().count())
                    && w.chars().all(|c| c.is_ascii_uppercase())
                    && !NOT_NAME_SET.has(&w.to_lowercase())
                    && sentence_start
                    && end + 1 == i
                    && matches!(
                        &*lw,
                        "opened" | "closed" | "kicked" | "gave" | "talked" | "spoke" | "presented"
                    )
            };
            if ws[end].w.is_empty() {
                continue;
            }
            if acronym() {
                add(end, ws[end].w.to_string());
                continue;
            }
            if let Some(n) = name_back(&ws, end) {
                let start = end + 1 - len_of(&n);
                // `X and Y spoke`.
                if start >= 2 && ws[start - 1].w.eq_ignore_ascii_case("and") {
                    if let Some(m) = name_back(&ws, start - 2) {
                        add(start - 1 - len_of(&m), m);
                    }
                }
                add(start, n);
            }
            continue;
        }
        // `X's talk`.
        if let Some(base) = ws[i].w.strip_suffix("'s").or(ws[i].w.strip_suffix("’s")) {
            let next = ws
                .get(i + 1)
                .map(|w| w.w.to_lowercase())
                .unwrap_or_default();
            let next2 = ws
                .get(i + 2)
                .map(|w| w.w.to_lowercase())
                .unwrap_or_default();
            if lower_is(&next, TALK_NOUNS) || lower_is(&next2, TALK_NOUNS) {
                let mut copy = ws[..=i].to_vec();
                copy[i].w = base;
                if let Some(n) = name_back(&copy, i) {
                    add(i + 1 - len_of(&n), n);
                }
            }
            continue;
        }
        // `a talk by X (and Y)`, `presented by X`, `with X`, `speaker X`.
        let intro = (lw == "by"
            && i > 0
            && (lower_is(ws[i - 1].w, BY_INTRO) || (i > 1 && lower_is(ws[i - 2].w, BY_INTRO))))
            || (lw == "from" && i > 0 && lower_is(ws[i - 1].w, &["talk", "keynote", "session"]))
            || (lw == "with"
                && i > 0
                && lower_is(
                    ws[i - 1].w,
                    &[
                        "conversation",
                        "chat",
                        "fireside",
                        "interview",
                        "session",
                        "workshop",
                        "panel",
                        "q&a",
                    ],
                ))
            || (matches!(&*lw, "speaker" | "presenter" | "keynoter") && !ws[i].close);
        if intro && !ws[i].close {
            if let Some(n) = name_fwd(&ws, i + 1) {
                let after = i + 1 + len_of(&n);
                add(i + 1, n);
                // `by Josh Long — who works on Spring — and Holly Cummins`.
                let mut after = after;
                if after < ws.len() && ws[after].w.is_empty() {
                    if let Some(k) =
                        (after + 1..ws.len().min(after + 14)).find(|&k| ws[k].w.is_empty())
                    {
                        after = k + 1;
                    }
                } else if after > 0 && ws[after - 1].close {
                    after = ws.len();
                }
                if after + 1 < ws.len() && ws[after].w.eq_ignore_ascii_case("and") {
                    if let Some(m) = name_fwd(&ws, after + 1) {
                        add(after + 1, m);
                    }
                }
            }
        }
    }
    found.sort_by_key(|(p, _, _)| *p);
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for (_, g, n) in found {
        match out.iter_mut().find(|(h, _)| *h == g) {
            Some((_, v)) => v.push(n),
            None => out.push((g, vec![n])),
        }
    }
    out.into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose() {
        let p = "After lunch Ada Lovelace talked about engines. Later Grace Hopper joked.";
        assert_eq!(names_in_prose(p), ["Ada Lovelace"]);
        let p = "The best session was a talk by Grace Hopper and Alan Turing on compilers.";
        assert_eq!(names_in_prose(p), ["Grace Hopper", "Alan Turing"]);
        let p = "Mei Chen's keynote opened the day.";
        assert_eq!(names_in_prose(p), ["Mei Chen"]);
        let p = "Luis Ortega (from Acme) showed us async views.";
        assert_eq!(names_in_prose(p), ["Luis Ortega"]);
        let p = "Dana Whitfield and Sam Ortiz spoke about teams.";
        assert_eq!(names_in_prose(p), ["Dana Whitfield", "Sam Ortiz"]);
        let p = "Then Python Software Foundation talked.";
        assert!(names_in_prose(p).is_empty());
        let p = "We had lunch in Main Hall. The Django Girls workshop was full.";
        assert!(names_in_prose(p).is_empty());
    }
}
