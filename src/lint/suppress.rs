//! Suppression comments: `// notelint: disable=RULE[,RULE]` (for the talk that
//! holds it; before any talk, for the whole file) and
//! `// notelint: disable-next-line=RULE[,RULE]` (for the next line that is
//! neither blank nor a comment). RULE is a code or a name, or `all`.
//!
//! A rule name that matches no rule is reported as `NL000 unknown-rule` (a
//! misspelt suppression would otherwise silently suppress nothing).
//!
//! Everything here is per segment and relative to the segment start, so the
//! engine can cache it with the segment's other findings.

use super::registry::all;
use super::rules::unknown_rule;
use super::Diagnostic;
use crate::syntax::line::{is_blank, lines};
use crate::syntax::{Opener, Segment, Span};
use std::ops::Range;

/// A set of rules as bits over the registry's order; `ALL` is every rule.
pub type RuleSet = u64;
pub const ALL: RuleSet = u64::MAX;

/// The bit of a rule, by code (`NL001`) or name (`missing-author`).
pub fn rule_bit(key: &str) -> Option<RuleSet> {
    if key.eq_ignore_ascii_case("all") {
        return Some(ALL);
    }
    all()
        .iter()
        .position(|r| {
            r.meta().code.eq_ignore_ascii_case(key) || r.meta().name.eq_ignore_ascii_case(key)
        })
        .map(|i| 1u64 << i.min(63))
}

/// The bit of a diagnostic's rule (by its code).
pub fn code_bit(code: &str) -> RuleSet {
    all()
        .iter()
        .position(|r| r.meta().code == code)
        .map_or(0, |i| 1u64 << i.min(63))
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suppressions {
    /// Rules off for the whole segment.
    pub segment: RuleSet,
    /// Rules off for the whole file (comments in the first segment before
    /// its title, or in a first segment with no talk).
    pub file: RuleSet,
    /// Target line (relative, without terminator) and the rules off on it.
    pub lines: Vec<(Range<usize>, RuleSet)>,
    /// A `disable-next-line` with no line after it in this segment: it
    /// applies to the next segment's first line.
    pub carry: RuleSet,
    /// Unknown rule names (NL000), relative ranges.
    pub unknown: Vec<Diagnostic>,
}

impl Suppressions {
    pub fn is_empty(&self) -> bool {
        !self.turns_off_any() && self.unknown.is_empty()
    }
    /// Whether any comment here turns a rule off (anywhere, for anything).
    pub fn turns_off_any(&self) -> bool {
        self.segment | self.file | self.carry != 0 || !self.lines.is_empty()
    }
    /// Whether rule `bit` is off at relative offset `rel` by this segment's
    /// own comments (segment-wide or next-line).
    pub fn covers(&self, bit: RuleSet, rel: usize) -> bool {
        self.segment & bit != 0
            || self
                .lines
                .iter()
                .any(|(r, m)| m & bit != 0 && r.start <= rel && rel <= r.end)
    }
}

/// The first line of a segment opened by a boundary line (where a carried
/// `disable-next-line` lands).
pub fn first_line(seg: &Segment) -> Option<Span> {
    match seg.opener {
        Opener::Title => seg.title_line,
        Opener::Separator(s) => Some(s),
        Opener::DocumentStart => None,
    }
}

/// Rule names with their byte ranges in the comment line.
type Names<'a> = Vec<(&'a str, Range<usize>)>;

enum Kind {
    Disable,
    NextLine,
}

/// Parse a comment line: the directive kind and the rule names with their
/// byte ranges in `line`.
fn parse_comment(line: &str) -> Option<(Kind, Names<'_>)> {
    let lead = line.len() - line.trim_start().len();
    let rest = line[lead..].strip_prefix("//")?;
    let mut at = lead + 2;
    let t = rest.trim_start();
    at += rest.len() - t.len();
    let t2 = t.strip_prefix("notelint:")?;
    at += "notelint:".len();
    let t3 = t2.trim_start();
    at += t2.len() - t3.len();
    let (kind, body) = if let Some(b) = t3.strip_prefix("disable-next-line=") {
        at += "disable-next-line=".len();
        (Kind::NextLine, b)
    } else if let Some(b) = t3.strip_prefix("disable=") {
        at += "disable=".len();
        (Kind::Disable, b)
    } else {
        return None;
    };
    // The list ends at the first space after a name (a reason may follow).
    let list_len = body.trim_end().len();
    let mut names = Vec::new();
    let mut off = 0;
    for part in body[..list_len].split(',') {
        let lead = part.len() - part.trim_start().len();
        let word = part.trim_start();
        let word_len = word.find(char::is_whitespace).unwrap_or(word.len());
        if word_len > 0 {
            let s = at + off + lead;
            names.push((&word[..word_len], s..s + word_len));
        }
        let stop = word_len < word.trim_end().len();
        off += part.len() + 1;
        if stop {
            break;
        }
    }
    Some((kind, names))
}

/// Read the suppression comments of one segment.
pub fn parse_segment(text: &str, seg: &Segment, first: bool) -> Suppressions {
    let mut s = Suppressions::default();
    if seg.comments().is_empty() {
        return s;
    }
    let title_start = seg.title_line.map(|t| t.start as usize);
    for c in seg.comments() {
        let line = c.text(text);
        let Some((kind, names)) = parse_comment(line) else {
            continue;
        };
        let base = c.start as usize;
        let mut mask = 0;
        for (name, rg) in names {
            match rule_bit(name) {
                Some(b) => mask |= b,
                None => s.unknown.push(Diagnostic::new(
                    &unknown_rule::META,
                    base + rg.start..base + rg.end,
                    unknown_in_comment(name),
                )),
            }
        }
        match kind {
            Kind::Disable => {
                let file_wide = first && title_start.is_none_or(|t| base < t);
                if file_wide {
                    s.file |= mask;
                } else {
                    s.segment |= mask;
                }
            }
            Kind::NextLine => match next_line(text, c.end as usize) {
                Some(r) => s.lines.push((r, mask)),
                None => s.carry |= mask,
            },
        }
    }
    s
}

/// The next line after `from` that is neither blank nor a comment.
fn next_line(text: &str, from: usize) -> Option<Range<usize>> {
    let rest = text.get(from..)?;
    for l in lines(rest) {
        let c = &text[from + l.start..from + l.content_end];
        if is_blank(c) || c.trim_start().starts_with("//") {
            continue;
        }
        return Some(from + l.start..from + l.content_end);
    }
    None
}

/// The NL000 message: which name is unknown and, when a rule name is
/// close, which one was probably meant.
fn unknown_in_comment(name: &str) -> String {
    let near = crate::lint::registry::similar_names(name);
    match near.first() {
        Some(n) => format!("unknown rule `{name}` in suppression comment; did you mean `{n}`?"),
        None => format!("unknown rule `{name}` in suppression comment"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_reasons() {
        let (_, n) = parse_comment("// notelint: disable=NL001, bad-meta  because").unwrap();
        let got: Vec<_> = n.iter().map(|x| x.0).collect();
        assert_eq!(got, ["NL001", "bad-meta"]);
        let line = "  //notelint: disable-next-line=all";
        let (k, n) = parse_comment(line).unwrap();
        assert!(matches!(k, Kind::NextLine));
        assert_eq!(&line[n[0].1.clone()], "all");
        assert!(parse_comment("// just a note").is_none());
    }
}
