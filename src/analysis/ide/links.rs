//! Document links: bare URLs and Markdown-style `[text](url)` links in a
//! note, so an editor makes them clickable (as VS Code's Markdown server
//! does).
//!
//! Only targets with a scheme are links (`http:`, `https:`, `mailto:`,
//! `ftp:`, `file:`): a note is not a Markdown file and `[x](y)` with a bare
//! word in the parentheses is more often prose than a relative path.

use super::seg_text;
use crate::syntax::Document;
use std::ops::Range;

/// A clickable stretch: absolute byte range and the URL it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub range: Range<usize>,
    /// A valid URI: what the note says, percent-encoded where a URI
    /// cannot hold the character ([`uri_target`]).
    pub target: String,
}

/// What a URI cannot hold as it is (RFC 3986): controls, space, quote,
/// angle brackets, backslash, caret, backtick, braces and bar; every
/// non-ASCII byte is encoded too. `%` stays, so a target already
/// percent-encoded is not encoded twice.
const NOT_IN_URI: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The URI a link written as `url` opens: `https://example.com/😀` →
/// `https://example.com/%F0%9F%98%80`.
pub fn uri_target(url: &str) -> String {
    percent_encoding::utf8_percent_encode(url, NOT_IN_URI).to_string()
}

const SCHEMES: [&str; 5] = ["https://", "http://", "mailto:", "ftp://", "file://"];

/// Every link of the document, in order, never overlapping.
pub fn document_links(doc: &Document) -> Vec<Link> {
    let mut out = Vec::new();
    for p in doc.segments() {
        let text = seg_text(doc, p);
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            line_links(line, p.start + line_start, &mut out);
            line_start += line.len();
        }
    }
    out
}

/// Links on one line (`base`: the line's absolute offset).
fn line_links(line: &str, base: usize, out: &mut Vec<Link>) {
    // `[text](url)` first; bare URLs outside them.
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    while let Some(i) = line[from..].find("](") {
        let close = from + i;
        from = close + 2;
        let Some(open) = line[..close].rfind('[') else {
            continue;
        };
        let rest = &line[close + 2..];
        let Some(end) = rest.find([')', ' ', '\t', '\r', '\n']) else {
            continue;
        };
        if !rest[end..].starts_with(')') {
            continue;
        }
        let target = rest[..end].trim_start_matches('<').trim_end_matches('>');
        if !has_scheme(target) || taken.iter().any(|t| t.end > open) {
            continue;
        }
        let r = open..close + 2 + end + 1;
        out.push(Link {
            range: base + r.start..base + r.end,
            target: uri_target(target),
        });
        taken.push(r);
        from = close + 2 + end + 1;
    }
    let mut at = 0;
    while at < line.len() {
        let Some((i, _)) = SCHEMES
            .iter()
            .filter_map(|s| line[at..].find(s).map(|i| (i, *s)))
            .min_by_key(|(i, _)| *i)
        else {
            break;
        };
        let start = at + i;
        let len = url_len(&line[start..]);
        let r = start..start + len;
        at = r.end.max(start + 1);
        // The scheme alone (`http://` then a space) is no link.
        if SCHEMES.iter().any(|s| *s == &line[r.clone()]) {
            continue;
        }
        if taken.iter().any(|t| t.start < r.end && r.start < t.end) {
            continue;
        }
        out.push(Link {
            range: base + r.start..base + r.end,
            target: uri_target(&line[r]),
        });
    }
    out.sort_by_key(|l| l.range.start);
}

fn has_scheme(t: &str) -> bool {
    SCHEMES.iter().any(|s| t.starts_with(s)) && SCHEMES.iter().all(|s| t != *s)
}

/// The length of the URL at the start of `s`: up to whitespace or a
/// delimiter, without trailing sentence punctuation, and with a closing
/// parenthesis only when the URL opened one (`…/Rust_(language)`).
fn url_len(s: &str) -> usize {
    let mut depth = 0usize;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        match c {
            c if c.is_whitespace() => break,
            '<' | '>' | '"' | '\'' | '`' | '[' | ']' => break,
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            _ => {}
        }
        end = i + c.len_utf8();
    }
    s[..end]
        .trim_end_matches(['.', ',', ';', ':', '!', '?'])
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ParseOptions;

    fn links(t: &str) -> Vec<(&str, String)> {
        let doc = Document::new(t, ParseOptions::default());
        document_links(&doc)
            .into_iter()
            .map(|l| (&t[l.range], l.target))
            .collect()
    }

    #[test]
    fn bare_and_bracketed() {
        let t = " Talk\nby Ada\nNotes\n\t* see https://x.org/a_(b). And [the slides](https://s.io/deck) too\n\t* mail mailto:ada@x.org, or http:// alone\n";
        assert_eq!(
            links(t),
            [
                ("https://x.org/a_(b)", "https://x.org/a_(b)".to_string()),
                (
                    "[the slides](https://s.io/deck)",
                    "https://s.io/deck".to_string()
                ),
                ("mailto:ada@x.org", "mailto:ada@x.org".to_string()),
            ]
        );
    }

    #[test]
    fn non_ascii_targets_are_percent_encoded() {
        let t = " T\nby A\nNotes\n\t* é https://example.com/😀 and [x](https://ex.org/über?q=a%20b|c) too\n";
        assert_eq!(
            links(t),
            [
                (
                    "https://example.com/😀",
                    "https://example.com/%F0%9F%98%80".to_string()
                ),
                (
                    "[x](https://ex.org/über?q=a%20b|c)",
                    "https://ex.org/%C3%BCber?q=a%20b%7Cc".to_string()
                ),
            ]
        );
    }

    #[test]
    fn no_scheme_no_link_and_odd_brackets() {
        assert!(links(" T\nby A\nNotes\n\t* [x](y) and ](https://a.b) [z](\n").len() == 1);
        assert!(links("[a](https://q.r")
            .iter()
            .all(|(s, _)| *s == "https://q.r"));
    }
}
