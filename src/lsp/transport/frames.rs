//! Framing: cutting the client's byte stream into message bodies by their
//! `Content-Length` headers, whatever the client sends.
//!
//! - A body is at most [`MAX_FRAME`] bytes. A longer one (or a length no
//!   integer holds) is refused with an error before anything is allocated,
//!   and its body is skipped as it streams in, so the next message is read.
//!   The skip stops early at a line that starts with `Content-Length:`: such
//!   a line cannot occur in a JSON body (a raw line break is only
//!   whitespace between tokens there, and no JSON token starts with `C`),
//!   so a client that lied about the length is back in step at its next
//!   message instead of having it swallowed.
//! - A header block without a usable `Content-Length` is an error; what
//!   follows it up to the next header is taken as its body and skipped.
//! - Bytes outside any frame (a body sent without headers) are an error of
//!   their own. A `Content-Length:` header right after them on the same
//!   line (the body had no line break) still starts the next message:
//!   searching from the end of the line finds the real header, not one
//!   quoted inside the junk.
//!
//! Lines are read with bounded memory: of a "line" of a gigabyte without a
//! line break only the last few kilobytes are kept.

use std::io::BufRead;

/// The biggest message body read: 512 MiB. A 50 MB note is a 50 MB
/// `didOpen`; ten times the largest note seen in practice is plenty, and
/// far less than what a lying header would make the server allocate.
/// Documented in docs/editors.md.
pub const MAX_FRAME: usize = 512 << 20;

/// A piece of the input: a body to decode, or a framing error to answer.
#[derive(Debug, PartialEq)]
pub enum Piece {
    Body(Vec<u8>),
    /// A JSON-RPC error code (-32700 or -32600) and what was wrong.
    Bad(i64, String),
}

/// A line is kept whole up to this many bytes; of a longer one, at least
/// its last this many (no header is that long).
const TAIL: usize = 4 << 10;

/// One line of input as far as it is kept.
#[derive(Default)]
struct Line {
    /// The line, or its end when it is too long to keep.
    kept: Vec<u8>,
    /// Its length in bytes.
    len: u64,
}

impl Line {
    fn truncated(&self) -> bool {
        self.len > self.kept.len() as u64
    }
    fn push(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if bytes.len() >= TAIL {
            self.kept.clear();
            self.kept.extend_from_slice(&bytes[bytes.len() - TAIL..]);
            return;
        }
        self.kept.extend_from_slice(bytes);
        if self.kept.len() > 2 * TAIL {
            self.kept.drain(..self.kept.len() - TAIL);
        }
    }
}

/// Read one line (with its `\n`), consuming at most `limit` bytes; `None`
/// at the end of input (or on a read error) before any byte.
fn read_line(r: &mut impl BufRead, limit: u64) -> Option<Line> {
    let mut line = Line::default();
    while line.len < limit {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        if buf.is_empty() {
            break;
        }
        let left = usize::try_from(limit - line.len).unwrap_or(usize::MAX);
        let buf = &buf[..buf.len().min(left)];
        let (n, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        line.push(&buf[..n]);
        r.consume(n);
        if done {
            break;
        }
    }
    (line.len > 0).then_some(line)
}

/// What a header line says about the length.
#[derive(Debug, PartialEq)]
enum Length {
    /// A length, or `None` for one no integer holds (over any cap).
    Bytes(Option<u64>),
    /// A value that is not a length (`-5`, `lots`).
    Bad(String),
}

/// A `Content-Length` header at the very start of `line`.
fn content_length(line: &[u8]) -> Option<Length> {
    const NAME: &[u8] = b"content-length";
    let name = line.get(..NAME.len())?;
    if !name.eq_ignore_ascii_case(NAME) {
        return None;
    }
    let rest = trim(&line[NAME.len()..]);
    let value = trim(rest.strip_prefix(b":")?);
    let text = String::from_utf8_lossy(value).into_owned();
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Some(Length::Bad(text));
    }
    Some(Length::Bytes(text.parse().ok()))
}

/// Where the last `Content-Length` header in `line` starts, if any.
fn last_content_length(line: &[u8]) -> Option<usize> {
    (0..line.len())
        .rev()
        .find(|&i| content_length(&line[i..]).is_some())
}

/// Whether `line` is a header (`Name: value`, the name an HTTP token).
fn is_header(line: &[u8]) -> bool {
    let Some(colon) = memchr::memchr(b':', line) else {
        return false;
    };
    let name = &line[..colon];
    !name.is_empty()
        && name
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c))
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|c| !c.is_ascii_whitespace());
    let end = b.iter().rposition(|c| !c.is_ascii_whitespace());
    match (start, end) {
        (Some(s), Some(e)) => &b[s..=e],
        _ => &[],
    }
}

/// A short, printable excerpt of junk for an error message.
fn excerpt(b: &[u8]) -> String {
    let t = String::from_utf8_lossy(trim(b));
    let mut s: String = t.chars().take(40).collect();
    if t.chars().count() > 40 {
        s.push('…');
    }
    s.escape_debug().to_string()
}

fn mib(n: usize) -> usize {
    n >> 20
}

/// Cut `r` into pieces, handing each to `emit` until it returns false or
/// the input ends. `max` is the biggest body read ([`MAX_FRAME`]).
pub fn read_frames(r: &mut impl BufRead, max: usize, mut emit: impl FnMut(Piece) -> bool) {
    // The header block being read: whether it has a header yet, and its
    // `Content-Length`.
    let mut in_block = false;
    let mut length: Option<Length> = None;
    // Junk seen since the last header or blank line, not yet reported.
    let mut junk: Option<String> = None;
    // The last block had no usable length: the junk after it is taken as
    // its body, already reported.
    let mut bodyless = false;
    // Bytes of a refused body still to skip.
    let mut skip: u64 = 0;
    loop {
        let Some(line) = read_line(r, if skip > 0 { skip } else { u64::MAX }) else {
            return;
        };
        let mut from = 0;
        if skip > 0 {
            skip -= line.len;
            if line.truncated() || content_length(&line.kept).is_none() {
                continue;
            }
            // A header where a JSON body cannot have one: the client is
            // sending its next message.
            skip = 0;
        }
        let text = &line.kept[..];
        let t = trim(text);
        if t.is_empty() {
            if let Some(j) = junk.take() {
                if !emit(outside(&j)) {
                    return;
                }
            }
            if !in_block {
                continue;
            }
            in_block = false;
            let piece = match length.take() {
                Some(Length::Bytes(Some(n))) if n <= max as u64 => {
                    bodyless = false;
                    let mut body = vec![0; n as usize];
                    if r.read_exact(&mut body).is_err() {
                        return;
                    }
                    Piece::Body(body)
                }
                Some(Length::Bytes(n)) => {
                    bodyless = false;
                    skip = n.unwrap_or(u64::MAX);
                    let said = n.map_or_else(|| "more than 2^64".into(), |n| n.to_string());
                    Piece::Bad(
                        -32600,
                        format!(
                            "a message of {said} bytes (its Content-Length) is over the limit of \
                             {} MiB; its body is skipped",
                            mib(max)
                        ),
                    )
                }
                Some(Length::Bad(v)) => {
                    bodyless = true;
                    Piece::Bad(
                        -32700,
                        format!(
                            "a message without a valid Content-Length (`{}`); skipped up to \
                             the next header",
                            excerpt(v.as_bytes())
                        ),
                    )
                }
                None => {
                    bodyless = true;
                    Piece::Bad(
                        -32700,
                        "a message without a valid Content-Length (no such header); skipped \
                         up to the next header"
                            .into(),
                    )
                }
            };
            if !emit(piece) {
                return;
            }
            continue;
        }
        // Junk before a header on the same line: a body sent without
        // headers, or the tail of one.
        if line.truncated() || !is_header(t) {
            match last_content_length(text) {
                Some(i) => {
                    note_junk(&mut junk, &text[..i], bodyless);
                    from = i;
                }
                None => {
                    note_junk(&mut junk, text, bodyless);
                    // A header block that met junk is junk.
                    in_block = false;
                    length = None;
                    continue;
                }
            }
        }
        if let Some(j) = junk.take() {
            if !emit(outside(&j)) {
                return;
            }
            in_block = false;
            length = None;
        }
        bodyless = false;
        let header = trim(&text[from..]);
        if !in_block {
            in_block = true;
            length = None;
        }
        if let Some(l) = content_length(header) {
            length = Some(l);
        }
    }
}

/// Remember junk to report, unless it is the body of a bad block (already
/// reported) or only whitespace.
fn note_junk(junk: &mut Option<String>, bytes: &[u8], bodyless: bool) {
    if bodyless || trim(bytes).is_empty() {
        return;
    }
    junk.get_or_insert_with(|| excerpt(bytes));
}

fn outside(excerpt: &str) -> Piece {
    Piece::Bad(
        -32700,
        format!("bytes outside any message (no Content-Length header before them): `{excerpt}`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// The pieces of `input` (bodies as text, errors by code).
    fn pieces(input: &[u8], max: usize) -> Vec<String> {
        let mut out = Vec::new();
        read_frames(&mut std::io::BufReader::with_capacity(7, input), max, |p| {
            out.push(match p {
                Piece::Body(b) => String::from_utf8(b).unwrap(),
                Piece::Bad(code, detail) => format!("{code}: {detail}"),
            });
            true
        });
        out
    }

    fn codes(input: &[u8], max: usize) -> Vec<String> {
        pieces(input, max)
            .into_iter()
            .map(|p| match p.split_once(": ") {
                Some((c, _)) if c.starts_with("-32") => c.to_string(),
                _ => p,
            })
            .collect()
    }

    #[test]
    fn frames_are_read_with_any_header_case_and_extra_headers() {
        let input = format!(
            "{}content-length:2\r\nContent-Type: x\r\n\r\n{{}}\r\n\r\n{}",
            frame("[1]"),
            frame("\"a\"")
        );
        assert_eq!(pieces(input.as_bytes(), 100), ["[1]", "{}", "\"a\""]);
    }

    #[test]
    fn an_oversized_body_is_refused_and_skipped() {
        // A real body over the cap, then a frame: the body is skipped
        // whole, even with line breaks and a `Content-Length` inside.
        let big = "{\"a\":\r\n\"Content-Length: 3\"\r\n,\"b\":\"xxxxxxxxxxxxxxxxxxxx\"}";
        let input = format!("{}{}", frame(big), frame("{}"));
        let got = pieces(input.as_bytes(), 16);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].starts_with(&format!("-32600: a message of {} bytes", big.len())),
            "{got:?}"
        );
        assert_eq!(got[1], "{}");
        // A lying length (no body follows): back in step at the next header.
        for claimed in [
            "99999999999999",
            "18446744073709551615",
            "1".repeat(30).as_str(),
        ] {
            let input = format!("Content-Length: {claimed}\r\n\r\n{}", frame("{}"));
            assert_eq!(codes(input.as_bytes(), 16), ["-32600", "{}"], "{claimed}");
        }
        // A body of the cap exactly is read.
        let input = frame(&"x".repeat(16));
        assert_eq!(pieces(input.as_bytes(), 16), ["x".repeat(16)]);
    }

    #[test]
    fn a_message_without_content_length_does_not_swallow_the_next() {
        let req = r#"{"jsonrpc":"2.0","id":7,"method":"x"}"#;
        let next = frame(r#"{"id":8}"#);
        for (bad, want) in [
            // A body with no headers at all, straight before the next frame.
            (req.to_string(), vec!["-32700"]),
            // Headers without a length, then the body.
            (format!("Content-Type: x\r\n\r\n{req}"), vec!["-32700"]),
            (format!("Content-Type: x\r\n\r\n{req}\r\n"), vec!["-32700"]),
            (format!("Content-Length: lots\r\n\r\n{req}"), vec!["-32700"]),
            // A body ending in a line break, then a blank line.
            (format!("{req}\r\n\r\n"), vec!["-32700"]),
            // Junk quoting a header: the real one (the last) wins.
            (
                r#"{"text":"Content-Length: 5"}"#.to_string(),
                vec!["-32700"],
            ),
            // An HTTP request: its junk line, then its header block.
            (
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n".into(),
                vec!["-32700", "-32700"],
            ),
        ] {
            let mut want: Vec<String> = want.into_iter().map(String::from).collect();
            want.push(r#"{"id":8}"#.into());
            let input = format!("{bad}{next}");
            assert_eq!(codes(input.as_bytes(), 100), want, "{bad:?}");
        }
    }

    #[test]
    fn a_huge_line_is_read_in_bounded_memory() {
        // 1 MiB of junk without a line break, then a frame on the same line.
        let input = format!("{}{}", "y".repeat(1 << 20), frame("{}"));
        assert_eq!(codes(input.as_bytes(), 100), ["-32700", "{}"]);
        let mut r = std::io::BufReader::new(input.as_bytes());
        let line = read_line(&mut r, u64::MAX).unwrap();
        assert!(line.truncated() && line.kept.len() <= 2 * TAIL);
        assert_eq!(line.len as usize, (1 << 20) + "Content-Length: 2\r\n".len());
        assert!(line.kept.ends_with(b"Content-Length: 2\r\n"));
    }

    #[test]
    fn the_input_ending_anywhere_ends_reading() {
        for input in [
            &b"Content-Length: 5\r\n\r\n{}"[..],
            b"Content-Length: 5",
            b"Content-Length: 999999999999\r\n\r\nabc",
            b"junk",
            b"",
        ] {
            let got = codes(input, 100);
            assert!(got.len() <= 1, "{got:?}");
        }
    }
}
