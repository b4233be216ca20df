//! Speaker lines and meta lines (spec §2, head lines).

use super::labels::ParseOptions;
use super::span::Span;
use super::tree::{LevelStatus, Meta};
use unicode_normalization::char::is_combining_mark;

/// One name read off a speaker line, spans relative to the same base as the
/// line span passed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePart {
    pub name: Span,
    pub handle: Option<Span>,
    pub link: Option<Span>,
}

/// Split a speaker line (`by A, B and C (@c)`) into names. `line` is the span
/// of the trimmed line inside `src`.
pub fn split_speakers(src: &str, line: Span) -> Vec<NamePart> {
    let mut out = Vec::new();
    each_speaker(src, line, |p| {
        out.push(p);
        true
    });
    out
}

/// [`split_speakers`] without the vector: `f` gets each name in order and
/// returns whether to go on. Returns false when `f` stopped it.
fn each_speaker(src: &str, line: Span, mut f: impl FnMut(NamePart) -> bool) -> bool {
    let text = line.text(src);
    let base = line.start as usize;
    let mut from = 0;
    for prefix in ["talk by ", "by "] {
        if text.len() >= prefix.len()
            && text.is_char_boundary(prefix.len())
            && text[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            from = prefix.len();
            break;
        }
    }
    let mut part_start = from;
    let bytes = text.as_bytes();
    let mut i = from;
    let mut depth = 0i32;
    while i <= bytes.len() {
        // Separators: `,`, `&`, ` and ` — never inside parentheses (a URL).
        let sep_len = if i == bytes.len() {
            Some(0)
        } else if depth > 0 {
            None
        } else if bytes[i] == b',' || bytes[i] == b'&' {
            Some(1)
        } else if bytes[i..].starts_with(b" and ") {
            Some(5)
        } else {
            None
        };
        if i < bytes.len() {
            match bytes[i] {
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
        }
        if let Some(n) = sep_len {
            if let Some(p) = name_part(text, part_start, i) {
                let go_on = f(NamePart {
                    name: shift(p.name, base),
                    handle: p.handle.map(|s| shift(s, base)),
                    link: p.link.map(|s| shift(s, base)),
                });
                if !go_on {
                    return false;
                }
            }
            if i == bytes.len() {
                break;
            }
            i += n;
            part_start = i;
        } else {
            i += 1;
        }
    }
    true
}

fn shift(s: Span, base: usize) -> Span {
    Span::new(s.start as usize + base, s.end as usize + base)
}

/// One name with an optional trailing `(@handle)` / `(URL)` / `(note)`.
fn name_part(text: &str, start: usize, end: usize) -> Option<NamePart> {
    let (s, e) = trim(text, start, end);
    if s == e {
        return None;
    }
    let part = &text[s..e];
    let mut name_end = e;
    let mut handle = None;
    let mut link = None;
    if part.ends_with(')') {
        if let Some(open) = part.rfind('(') {
            let inner_s = s + open + 1;
            let inner_e = e - 1;
            let (is, ie) = trim(text, inner_s, inner_e);
            let inner = &text[is..ie];
            if inner.starts_with('@') && inner.len() > 1 {
                handle = Some(Span::new(is, ie));
            } else if looks_like_url(inner) {
                link = Some(Span::new(is, ie));
            }
            name_end = trim(text, s, s + open).1;
        }
    }
    if name_end == s {
        return None;
    }
    Some(NamePart {
        name: Span::new(s, name_end),
        handle,
        link,
    })
}

fn trim(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && text[s..e].starts_with(char::is_whitespace) {
        s += text[s..].chars().next().map_or(1, char::len_utf8);
    }
    while e > s && text[s..e].ends_with(char::is_whitespace) {
        e -= text[..e].chars().next_back().map_or(1, char::len_utf8);
    }
    (s, e)
}

pub fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

/// Whether a head line reads as a list of names: a few words each, starting
/// with letters, no digits or sentence punctuation (initials like `J.` are fine).
pub fn is_speaker_like(src: &str, line: Span) -> bool {
    let text = line.text(src);
    // Bytes bound characters from above: count only long lines.
    if text.len() > 120 && text.chars().count() > 120 {
        return false;
    }
    let mut any = false;
    let all = each_speaker(src, line, |p| {
        any = true;
        is_name(p.name.text(src))
    });
    any && all
}

fn is_name(name: &str) -> bool {
    let n = name.split_whitespace().take(6).count();
    if n == 0 || n > 5 {
        return false;
    }
    let mut capital = false;
    for w in name.split_whitespace() {
        let mut chars = w.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !first.is_alphabetic() {
            return false;
        }
        capital |= first.is_uppercase();
        let initial = w.chars().count() <= 3 && w.ends_with('.');
        for c in w.chars() {
            // A combining mark (`e` + U+0301, an accent typed on its own
            // key) is part of the letter before it.
            let ok = c.is_alphabetic()
                || is_combining_mark(c)
                || c == '\''
                || c == '’'
                || c == '-'
                || (c == '.' && initial);
            if !ok {
                return false;
            }
        }
    }
    capital
}

/// Read a meta line (`Track, Level`). Returns `None` when the line does not
/// look like one: no comma, or a last part that is neither a level nor a near
/// miss of one. `force` reads any line with a comma as a meta line with an
/// unknown level (used for the meta position after a speaker line).
pub fn parse_meta(src: &str, line: Span, opts: &ParseOptions, force: bool) -> Option<Meta> {
    let text = line.text(src);
    let comma = text.rfind(',')?;
    let base = line.start as usize;
    let (ts, te) = trim(text, 0, comma);
    let (ls, le) = trim(text, comma + 1, text.len());
    if ts == te || ls == le {
        return None;
    }
    let level = &text[ls..le];
    let status = if opts.exact_level(level).is_some() {
        LevelStatus::Known
    } else if opts.near_level(level).is_some() {
        LevelStatus::NearMiss
    } else if force {
        LevelStatus::Unknown
    } else {
        return None;
    };
    Some(Meta {
        line,
        track: Span::new(base + ts, base + te),
        level: Span::new(base + ls, base + le),
        level_status: status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<(String, Option<String>, Option<String>)> {
        split_speakers(s, Span::new(0, s.len()))
            .into_iter()
            .map(|p| {
                (
                    p.name.text(s).to_string(),
                    p.handle.map(|h| h.text(s).to_string()),
                    p.link.map(|h| h.text(s).to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn splits_names_handles_links() {
        assert_eq!(names("Talk by Jesse Noller")[0].0, "Jesse Noller");
        assert_eq!(
            names("David Beazley (@dabeaz)")[0],
            ("David Beazley".into(), Some("@dabeaz".into()), None)
        );
        assert_eq!(
            names("Kenneth Reitz (http://twitter.com/Kennethreitz)")[0]
                .2
                .as_deref(),
            Some("http://twitter.com/Kennethreitz")
        );
        let n: Vec<_> = names("by A One, B Two & C Three and D Four")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(n, ["A One", "B Two", "C Three", "D Four"]);
    }

    #[test]
    fn name_likeness() {
        let like = |s: &str| is_speaker_like(s, Span::new(0, s.len()));
        assert!(like("Wesley Chun"));
        assert!(like("Wesley J. Chun and Anna Ravenscroft"));
        assert!(!like("Python 103: Memory Model & Best Practices"));
        assert!(!like("For talks overview, click here."));
        assert!(!like("PyCon 2012"));
        // Accents typed as combining marks (NFD) are letters too.
        assert!(like("Jose\u{301} Lee"));
        assert!(like("Zoe\u{308} Ann and Ana\u{303}s Lee"));
        assert!(!like("Jose\u{301} 2"));
    }

    #[test]
    fn meta_lines() {
        let o = ParseOptions::default();
        let m = |s: &str| parse_meta(s, Span::new(0, s.len()), &o, false).map(|m| m.level_status);
        assert_eq!(
            m("Language Internals, Intermediate"),
            Some(LevelStatus::Known)
        );
        assert_eq!(m("Testing, Intermediat"), Some(LevelStatus::NearMiss));
        assert_eq!(m("Alex Martelli, Anna Ravenscroft"), None);
        assert_eq!(m("Ben, Ali"), None);
    }
}
