//! Whether a piece of text reads as a person's name, a list of names
//! (`A, B and C`), a title with its speaker (`Title – Speaker`), and the
//! names a paragraph says gave a talk ("Ada Lovelace talked about …", in
//! `prose_names`, which builds on this module).
//!
//! A name is 1–4 capitalised words (2–4 where nothing else says it is a
//! name), with particles (`van`, `de`, `bin`), initials (`J.`, `J.R.`),
//! apostrophes, hyphens, accents and combining marks; no word of it may be
//! a word titles, rooms and schedules are made of (`Keynote`, `Room`,
//! `Python`, `Monday`). Precision first: a title part that might be a name
//! and might not stays in the title, where no word is lost.

use super::wordlists::{
    lower, GIVEN_WORDS, HONORIFICS, NOT_NAME_SET, PARTICLES, SUFFIXES, SURNAME_WORDS,
};
use crate::import::model::Speaker;

pub use title::{is_single_name, split_title, TitleSplit};

mod title;

/// What one word is to a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    /// A capitalised word that may be a given name or a surname.
    Core,
    /// `van`, `de`, `bin`: only between core words.
    Particle,
    /// `J.`, `J.R.`, `J`.
    Initial,
    /// `Jr.`, `III`.
    Suffix,
    /// `Dr.`, `Prof.`: before the name.
    Honorific,
    /// `"Katya"`: a nickname in quotes, inside the name.
    Nick,
    No,
}

pub(super) fn tok_kind(tok: &str) -> Tok {
    let lower = lower(tok);
    if PARTICLES.contains(&lower.as_ref()) && tok.chars().next().is_some_and(char::is_lowercase) {
        return Tok::Particle;
    }
    if SUFFIXES.contains(&lower.as_ref()) {
        return Tok::Suffix;
    }
    if HONORIFICS.contains(&lower.as_ref()) && tok.chars().next().is_some_and(char::is_uppercase) {
        return Tok::Honorific;
    }
    if NOT_NAME_SET.has(&lower) {
        return Tok::No;
    }
    let quoted = |o: char, c: char| tok.len() > 2 && tok.starts_with(o) && tok.ends_with(c);
    if quoted('"', '"') || quoted('“', '”') || quoted('\'', '\'') {
        let inner = tok.trim_matches(['"', '“', '”', '\'']);
        return if tok_kind(inner) == Tok::Core {
            Tok::Nick
        } else {
            Tok::No
        };
    }
    // Initials: `J.`, `J.R.`, `J`, `CS`.
    let letters: Vec<char> = tok.chars().filter(|c| *c != '.').collect();
    if !letters.is_empty()
        && letters.len() <= 3
        && letters.iter().all(|c| c.is_uppercase())
        && (tok.ends_with('.') || letters.len() <= 2)
        && tok.chars().all(|c| c == '.' || c.is_uppercase())
    {
        return Tok::Initial;
    }
    // `al-Khwarizmi`, `d'Artagnan`.
    let body = ["al-", "el-", "d'", "d’", "o'", "o’"]
        .iter()
        .find_map(|p| {
            lower
                .starts_with(p)
                .then(|| &tok[p.len()..])
                .filter(|r| r.chars().next().is_some_and(char::is_uppercase))
        })
        .unwrap_or(tok);
    let mut chars = body.chars();
    let Some(first) = chars.next() else {
        return Tok::No;
    };
    let caseless = first.is_alphabetic() && !first.is_lowercase() && !first.is_uppercase();
    if !(first.is_uppercase() || caseless) {
        return Tok::No;
    }
    let mut lower_seen = false;
    let mut upper_run = 1;
    for c in chars {
        if c.is_lowercase() {
            lower_seen = true;
            upper_run = 0;
        } else if c.is_uppercase() {
            upper_run += 1;
            // `IBM`, `LLMs`: acronyms, not names (`McDonald` is fine).
            if upper_run > 2 {
                return Tok::No;
            }
        } else if c.is_alphabetic() || is_mark(c) || matches!(c, '\'' | '’' | '-') {
            upper_run = 0;
        } else {
            return Tok::No;
        }
    }
    if !lower_seen && !caseless {
        return Tok::No;
    }
    if body.ends_with(['-', '\'']) {
        return Tok::No;
    }
    Tok::Core
}

/// Combining marks (a decomposed accent).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether `s` reads as one person's name. `min` is the fewest core words
/// (given name, surname) it needs: 2 where nothing else says it is a name,
/// 1 on a `by` line.
pub fn is_name_min(s: &str, min: usize) -> bool {
    let toks: Vec<&str> = s.split_whitespace().collect();
    if toks.is_empty() || toks.len() > 6 {
        return false;
    }
    let mut kinds: Vec<Tok> = toks.iter().map(|t| tok_kind(t)).collect();
    // `Evan You`, `Josh Long`: a surname that is also an English word, after
    // a given name that is none.
    // `Will McGugan`, `Grace Hopper`: a given name that is also a word,
    // before a surname that is none.
    if kinds.len() >= 2
        && kinds[0] == Tok::No
        && kinds[1] == Tok::Core
        && toks[0].chars().next().is_some_and(char::is_uppercase)
        && GIVEN_WORDS.contains(&toks[0].to_lowercase().as_str())
    {
        kinds[0] = Tok::Core;
    }
    for i in 1..kinds.len() {
        if kinds[i] == Tok::No
            && kinds[0] == Tok::Core
            && toks[i].chars().next().is_some_and(char::is_uppercase)
            && SURNAME_WORDS.contains(&toks[i].to_lowercase().as_str())
        {
            kinds[i] = Tok::Core;
        }
    }
    if kinds.contains(&Tok::No) {
        return false;
    }
    // Honorifics only before the name.
    let lead = kinds.iter().take_while(|k| **k == Tok::Honorific).count();
    let kinds = &kinds[lead..];
    if kinds.is_empty()
        || kinds.contains(&Tok::Honorific)
            && !toks[lead..].iter().any(|t| t.eq_ignore_ascii_case("st."))
    {
        return false;
    }
    let kinds: Vec<Tok> = kinds
        .iter()
        .map(|k| {
            if *k == Tok::Honorific {
                Tok::Particle
            } else {
                *k
            }
        })
        .collect();
    let core = kinds.iter().filter(|k| **k == Tok::Core).count();
    let initials = kinds.iter().filter(|k| **k == Tok::Initial).count();
    if core == 0 || core + initials < min || core + initials > 4 {
        return false;
    }
    // A particle or a suffix stands inside or after the name, not first.
    if matches!(kinds[0], Tok::Particle | Tok::Suffix | Tok::Nick) {
        return false;
    }
    let last_core = kinds.iter().rposition(|k| *k == Tok::Core).unwrap_or(0);
    // Suffixes only at the end, particles never last.
    if kinds[last_core + 1..].iter().any(|k| *k != Tok::Suffix) {
        // `Smith J.` reads as a name too.
        if !(kinds[last_core + 1..] == [Tok::Initial]) {
            return false;
        }
    }
    // A lone core word with initials needs its initials first (`J. Smith`).
    true
}

/// Whether `s` reads as a person's name of two to four words.
pub fn is_name(s: &str) -> bool {
    is_name_min(s, 2)
}

/// A handle or link: `@ada`, `https://…`.
fn is_handle(t: &str) -> bool {
    (t.len() > 1
        && t.starts_with('@')
        && t[1..]
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '@')))
        || t.starts_with("http://")
        || t.starts_with("https://")
}

/// One speaker: a name and an optional trailing `(@handle)`, `@handle`,
/// `(URL)` or `(Company)`.
fn one_speaker(piece: &str, min: usize) -> Option<Speaker> {
    let piece = piece.trim();
    if let Some(open) = piece.rfind(" (") {
        if piece.ends_with(')') {
            let name = piece[..open].trim();
            let inner = piece[open + 2..piece.len() - 1].trim();
            if is_name_min(name, min) && !inner.is_empty() && !inner.contains(['(', ')']) {
                return Some(Speaker {
                    name: name.to_string(),
                    handle: Some(inner.to_string()),
                });
            }
            return None;
        }
    }
    if let Some(sp) = piece.rfind(' ') {
        let last = &piece[sp + 1..];
        if is_handle(last) && is_name_min(piece[..sp].trim(), min) {
            return Some(Speaker {
                name: piece[..sp].trim().to_string(),
                handle: Some(last.to_string()),
            });
        }
    }
    is_name_min(piece, min).then(|| Speaker {
        name: piece.to_string(),
        handle: None,
    })
}

/// A list of names and the joining text between them as the source wrote
/// it (`, `, ` and `), which the renderer writes back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub speakers: Vec<Speaker>,
    pub joiners: Vec<String>,
}

impl Names {
    pub fn len(&self) -> usize {
        self.speakers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.speakers.is_empty()
    }
}

/// Split a list of names: `A, B and C`, `A & B`, `A; B`. `None` unless
/// every piece reads as a name.
pub fn name_list(s: &str, min: usize) -> Option<Names> {
    let mut s = s.trim().trim_end_matches([',', ';']).trim();
    // A sentence's period goes, an initial's stays (`Nader D.`).
    if s.ends_with('.') {
        let last = s.split_whitespace().last().unwrap_or("");
        if !matches!(tok_kind(last), Tok::Initial | Tok::Suffix | Tok::Honorific) {
            s = s.trim_end_matches('.');
        }
    }
    if s.is_empty() {
        return None;
    }
    let (pieces, joiners) = split_list(s);
    let mut out = Vec::new();
    for part in pieces {
        out.push(one_speaker(part, min)?);
    }
    (!out.is_empty()).then(|| Names {
        speakers: out,
        joiners: joiners.into_iter().map(String::from).collect(),
    })
}

/// The pieces of a list of names, split at `,`, `;`, `&`, `/` and ` and `
/// (outside parentheses), and the text between them as written (`, `,
/// ` and `, `, and `).
fn split_list(s: &str) -> (Vec<&str>, Vec<&str>) {
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0i32;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' | b';' | b'&' | b'/' if depth == 0 => cuts.push((i, i + 1)),
            b' ' if depth == 0
                && s.get(i..i + 5)
                    .is_some_and(|x| x.eq_ignore_ascii_case(" and ")) =>
            {
                cuts.push((i, i + 4));
                i += 3;
            }
            _ => {}
        }
        i += 1;
    }
    let mut pieces = Vec::new();
    let mut joiners = Vec::new();
    let mut start = 0;
    let mut join_from: Option<usize> = None;
    for (from, to) in cuts.into_iter().chain([(s.len(), s.len())]) {
        let raw = &s[start..from];
        let lead = raw.len() - raw.trim_start().len();
        let mut p_start = start + lead;
        // `, and C`: the `and` is the joiner's (never the first piece's).
        if join_from.is_some()
            && from > p_start + 4
            && s.get(p_start..p_start + 4)
                .is_some_and(|x| x.eq_ignore_ascii_case("and "))
        {
            p_start += 4;
        }
        let piece = s[p_start..from].trim();
        if !piece.is_empty() {
            if let Some(j) = join_from {
                joiners.push(&s[j..p_start]);
            }
            pieces.push(piece);
            join_from = Some(p_start + piece.len());
        }
        start = to;
    }
    (pieces, joiners)
}

/// A `by` line's names, with what follows them when it is not a name
/// (`by Ada Lovelace, Analytical Engines` → Ada Lovelace, and
/// `Analytical Engines` to keep in the notes).
pub fn speakers_and_rest(s: &str) -> Option<(Names, Option<String>)> {
    if let Some(v) = name_list(s, 1) {
        return Some((v, None));
    }
    // The longest head of the list that reads as names.
    let cuts: Vec<usize> = s
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, ',' | ';' | '|' | '–' | '—' | '(')
                || (c == '-' && s[i..].starts_with("- "))
                || (c == ' ' && s[i..].starts_with(" from "))
                || (c == ' ' && s[i..].starts_with(" at "))
        })
        .map(|(i, _)| i)
        .collect();
    for &cut in cuts.iter().rev() {
        if let Some(v) = name_list(&s[..cut], 1) {
            let rest = s[cut..].trim();
            return Some((v, (!rest.is_empty()).then(|| rest.to_string())));
        }
    }
    None
}

/// A `by` line's list read loosely: pieces of one to five words (a
/// nickname such as `erdgeist` or `maha` counts), none a sentence, the
/// first word of none a word of titles (`by the Kotlin team` is no list of
/// people).
pub fn loose_list(s: &str) -> Option<Names> {
    let s = s.trim().trim_end_matches(['.', ',', ';']).trim();
    if s.is_empty() || s.chars().count() > 120 {
        return None;
    }
    let (pieces, joiners) = split_list(s);
    let mut out = Vec::new();
    for p in pieces {
        let toks: Vec<&str> = p.split_whitespace().collect();
        let first = toks.first()?.to_lowercase();
        let ok = (1..=5).contains(&toks.len())
            && !NOT_NAME_SET.has(&first)
            && p.chars()
                .all(|c| c.is_alphanumeric() || is_mark(c) || " .'’-_@\"".contains(c));
        if !ok {
            return None;
        }
        out.push(Speaker {
            name: p.to_string(),
            handle: None,
        });
    }
    Some(Names {
        speakers: out,
        joiners: joiners.into_iter().map(String::from).collect(),
    })
}

#[cfg(test)]
mod tests;
