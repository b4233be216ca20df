//! Line splitting and line kinds. A line's kind is decided by the line alone
//! (spec §1), which is what makes incremental reparsing cheap and exact.

use super::labels::{Label, Labels};

/// One physical line: `start..content_end` is its text, `content_end..end`
/// its terminator (`\n`, `\r\n`, `\r` or nothing at end of input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawLine {
    pub start: usize,
    pub content_end: usize,
    pub end: usize,
}

/// Iterate the lines of `text`. Lines end at `\n`, `\r\n` or `\r` only, as LSP
/// defines them; U+2028 and U+0085 are ordinary characters. An empty input has
/// no lines; input ending in a terminator has no empty last line here (the
/// position layer still knows that the cursor can stand on it).
pub fn lines(text: &str) -> LineIter<'_> {
    LineIter {
        bytes: text.as_bytes(),
        pos: 0,
    }
}

pub struct LineIter<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Iterator for LineIter<'_> {
    type Item = RawLine;
    #[inline]
    fn next(&mut self) -> Option<RawLine> {
        let start = self.pos;
        if start >= self.bytes.len() {
            return None;
        }
        let rest = &self.bytes[start..];
        match memchr::memchr2(b'\n', b'\r', rest) {
            None => {
                self.pos = self.bytes.len();
                Some(RawLine {
                    start,
                    content_end: self.pos,
                    end: self.pos,
                })
            }
            Some(i) => {
                let content_end = start + i;
                let mut end = content_end + 1;
                if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') {
                    end += 1;
                }
                self.pos = end;
                Some(RawLine {
                    start,
                    content_end,
                    end,
                })
            }
        }
    }
}

/// Bullet markers (spec §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Marker {
    Star,
    Dash,
    Plus,
    Dot,
    /// `1.`
    NumberDot,
    /// `1)`
    NumberParen,
}

impl Marker {
    pub fn describe(self) -> &'static str {
        match self {
            Marker::Star => "`*`",
            Marker::Dash => "`-`",
            Marker::Plus => "`+`",
            Marker::Dot => "`•`",
            Marker::NumberDot => "`1.`",
            Marker::NumberParen => "`1)`",
        }
    }
}

/// The kind of a line, decided by the line alone, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Comment,
    Separator,
    /// One space then a non-space.
    Title,
    /// A known label at column 0: `label_end` is the byte length of the label
    /// as written; `colon` whether a `:` follows (else the label is bare).
    Field {
        label: Label,
        label_end: usize,
        colon: bool,
    },
    /// `indent` bytes of leading spaces/tabs, `tabs` of them tabs, then the
    /// marker, then a space; the bullet text starts at `text_start`.
    Bullet {
        indent: usize,
        tabs: usize,
        marker: Marker,
        text_start: usize,
    },
    /// Indented by a tab or by two or more spaces.
    Item {
        indent: usize,
        tabs: usize,
    },
    Text,
}

impl LineKind {
    pub fn is_boundary(self) -> bool {
        matches!(self, LineKind::Separator | LineKind::Title)
    }
    /// An indented item or an indented bullet: what makes the column-0 text
    /// line before it a heading.
    pub fn is_indented_content(self) -> bool {
        match self {
            LineKind::Item { .. } => true,
            LineKind::Bullet { indent, .. } => indent > 0,
            _ => false,
        }
    }
}

/// Whitespace for the purpose of blank lines: Unicode White_Space, so a line of
/// only no-break spaces (seed 004 has several) is blank.
#[inline]
pub fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t') || s.chars().all(char::is_whitespace)
}

/// Classify one line's content (without terminator).
pub fn classify(s: &str, labels: &Labels) -> LineKind {
    let b = s.as_bytes();
    if is_blank(s) {
        return LineKind::Blank;
    }
    let indent = b.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
    let rest = &b[indent..];
    if rest.starts_with(b"//") {
        return LineKind::Comment;
    }
    if is_separator(rest) {
        return LineKind::Separator;
    }
    if indent == 1 && b[0] == b' ' {
        // Exactly one space then a non-space (the next byte is not a space or
        // tab, and a line of only whitespace was already blank).
        if !s[1..].starts_with(char::is_whitespace) {
            return LineKind::Title;
        }
    }
    if indent == 0 {
        if let Some(k) = field(s, labels) {
            return k;
        }
    }
    let tabs = b[..indent].iter().filter(|&&c| c == b'\t').count();
    if let Some((marker, len)) = bullet_marker(rest) {
        return LineKind::Bullet {
            indent,
            tabs,
            marker,
            text_start: indent + len,
        };
    }
    if tabs > 0 || indent >= 2 {
        return LineKind::Item { indent, tabs };
    }
    LineKind::Text
}

fn is_separator(rest: &[u8]) -> bool {
    let Some(&c) = rest.first() else { return false };
    if !matches!(c, b'_' | b'-' | b'=') {
        return false;
    }
    let run = rest.iter().take_while(|&&x| x == c).count();
    run >= 3 && rest[run..].iter().all(|&x| x == b' ' || x == b'\t')
}

/// Returns the marker and the byte length of marker plus the space after it
/// (none at the end of the line: `12)` alone is an empty bullet, as `12) `
/// is, so removing trailing whitespace never turns a bullet into text).
fn bullet_marker(rest: &[u8]) -> Option<(Marker, usize)> {
    let after = |n: usize| match rest.get(n) {
        None => Some(n),
        Some(b' ' | b'\t') => Some(n + 1),
        Some(_) => None,
    };
    match rest.first()? {
        b'*' => Some((Marker::Star, after(1)?)),
        b'-' => Some((Marker::Dash, after(1)?)),
        b'+' => Some((Marker::Plus, after(1)?)),
        0xE2 if rest.starts_with("•".as_bytes()) => Some((Marker::Dot, after(3)?)),
        b'0'..=b'9' => {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 {
                return None;
            }
            let m = match rest.get(digits)? {
                b'.' => Marker::NumberDot,
                b')' => Marker::NumberParen,
                _ => return None,
            };
            Some((m, after(digits + 1)?))
        }
        _ => None,
    }
}

fn field(s: &str, labels: &Labels) -> Option<LineKind> {
    // The label is the text before the first `:`, or the whole line when the
    // label stands alone (bare labels are only the speaker/proposal ones).
    // Labels are short: look for the colon only where a label could end, so
    // long prose lines are not scanned twice.
    let head = &s.as_bytes()[..s.len().min(41)];
    if let Some(colon) = memchr::memchr(b':', head) {
        let name = &s[..colon];
        if let Some(label) = labels.lookup(name) {
            return Some(LineKind::Field {
                label,
                label_end: colon,
                colon: true,
            });
        }
    }
    if s.len() > 48 {
        return None;
    }
    let bare = s.trim_end();
    let label = labels.lookup(bare)?;
    label.may_stand_alone().then_some(LineKind::Field {
        label,
        label_end: bare.len(),
        colon: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> LineKind {
        classify(s, &Labels::default())
    }

    #[test]
    fn line_endings_are_lsp_ones_only() {
        let t = "a\nb\r\nc\rd\u{2028}e\u{85}f";
        let got: Vec<_> = lines(t).map(|l| &t[l.start..l.content_end]).collect();
        assert_eq!(got, vec!["a", "b", "c", "d\u{2028}e\u{85}f"]);
    }

    #[test]
    fn kinds() {
        assert_eq!(k(""), LineKind::Blank);
        assert_eq!(k(" \t\u{a0}"), LineKind::Blank);
        assert_eq!(k("  // x"), LineKind::Comment);
        assert_eq!(k("_____"), LineKind::Separator);
        assert_eq!(k(" --- "), LineKind::Separator);
        assert_eq!(k("--"), LineKind::Text);
        assert_eq!(k(" Title"), LineKind::Title);
        assert!(matches!(k("  Two"), LineKind::Item { indent: 2, tabs: 0 }));
        assert!(matches!(k("\tx"), LineKind::Item { indent: 1, tabs: 1 }));
        assert!(matches!(
            k("* a"),
            LineKind::Bullet {
                indent: 0,
                marker: Marker::Star,
                ..
            }
        ));
        assert!(matches!(
            k("  • a"),
            LineKind::Bullet {
                indent: 2,
                marker: Marker::Dot,
                text_start: 6,
                ..
            }
        ));
        assert!(matches!(
            k("12) a"),
            LineKind::Bullet {
                marker: Marker::NumberParen,
                text_start: 4,
                ..
            }
        ));
        // A marker ending the line is an empty bullet, with or without the
        // space after it: trailing whitespace never changes a line's kind.
        for (line, start) in [("12)", 3), ("12) ", 4), ("-", 1), ("\t* ", 3), ("•", 3)] {
            assert!(
                matches!(k(line), LineKind::Bullet { text_start, .. } if text_start == start),
                "{line:?}: {:?}",
                k(line)
            );
        }
        assert_eq!(k("*bold*"), LineKind::Text);
        assert_eq!(k("12)x"), LineKind::Text);
        assert!(matches!(
            k("Bio: x"),
            LineKind::Field {
                label: Label::Bio,
                colon: true,
                ..
            }
        ));
        assert!(matches!(
            k("author"),
            LineKind::Field {
                label: Label::Author,
                colon: false,
                ..
            }
        ));
        assert_eq!(k("Track"), LineKind::Text);
        assert_eq!(k("Wesley Chun"), LineKind::Text);
        assert_eq!(k("*bold*"), LineKind::Text);
    }
}
