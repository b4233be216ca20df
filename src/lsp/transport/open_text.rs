//! A `didOpen`'s text taken out of its message's own buffer.
//!
//! Decoding the message the usual way holds the text three times at once:
//! the message, serde_json's scratch copy of the unescaped string, and the
//! `String` made from that; the editor's rope follows. For a big note that
//! was the server's peak memory. Here the JSON string is unescaped in place
//! (unescaping never lengthens it), and the message's buffer becomes the
//! text; the rest of the message, a few hundred bytes, is decoded as usual.

use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
struct Open<'a> {
    #[serde(borrow)]
    params: Params<'a>,
}

#[derive(Deserialize)]
struct Params<'a> {
    #[serde(rename = "textDocument", borrow)]
    text_document: Doc<'a>,
}

#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(borrow)]
    text: &'a RawValue,
}

/// What [`take`] made of a body.
pub enum OpenBody {
    /// The message with `""` for its text, and the text.
    Split(Vec<u8>, String),
    /// Not a message with a string `params.textDocument.text` (or a field
    /// twice): decode it as usual.
    Untouched(Vec<u8>),
    /// Its text is not a string JSON allows (a lone surrogate): the body
    /// is spent, and serde_json would have refused it too.
    Invalid,
}

/// Split a `didOpen` body into the message without its text, and the text.
pub fn take(mut body: Vec<u8>) -> OpenBody {
    let span = match serde_json::from_slice::<Open>(&body) {
        Ok(o) => {
            let raw = o.params.text_document.text.get().as_bytes();
            let start = raw.as_ptr() as usize - body.as_ptr() as usize;
            start..start + raw.len()
        }
        Err(_) => return OpenBody::Untouched(body),
    };
    if span.len() < 2 || body[span.start] != b'"' {
        return OpenBody::Untouched(body);
    }
    let rest = [&body[..span.start], b"\"\"", &body[span.end..]].concat();
    let inner = span.start + 1..span.end - 1;
    let Some(n) = unescape_in_place(&mut body[inner.clone()]) else {
        return OpenBody::Invalid;
    };
    body.copy_within(inner.start..inner.start + n, 0);
    body.truncate(n);
    match String::from_utf8(body) {
        Ok(text) => OpenBody::Split(rest, text),
        Err(_) => OpenBody::Invalid,
    }
}

/// Unescape the inside of a JSON string (already checked by serde_json to
/// be well formed, quotes removed) into its own first bytes; the length of
/// the result. `None` for what serde_json refuses when it makes a string: a
/// bad escape, or a surrogate that is not half of a pair.
fn unescape_in_place(s: &mut [u8]) -> Option<usize> {
    let (mut r, mut w) = (0, 0);
    while r < s.len() {
        let b = s[r];
        if b != b'\\' {
            // A run of plain bytes moves as one.
            let end = s[r..]
                .iter()
                .position(|&c| c == b'\\')
                .map_or(s.len(), |i| r + i);
            s.copy_within(r..end, w);
            w += end - r;
            r = end;
            continue;
        }
        let e = *s.get(r + 1)?;
        r += 2;
        let c = match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = hex4(s.get(r..r + 4)?)?;
                r += 4;
                match hi {
                    0xD800..=0xDBFF => {
                        if s.get(r..r + 2)? != b"\\u" {
                            return None;
                        }
                        let lo = hex4(s.get(r + 2..r + 6)?)?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return None;
                        }
                        r += 6;
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                    }
                    _ => char::from_u32(hi)?,
                }
            }
            _ => return None,
        };
        // An escape is at least two bytes and makes at most as many as it
        // took (`\uXXXX`, six, makes at most three; a pair, twelve, four).
        let mut buf = [0u8; 4];
        let out = c.encode_utf8(&mut buf).as_bytes();
        s[w..w + out.len()].copy_from_slice(out);
        w += out.len();
    }
    Some(w)
}

fn hex4(h: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(h).ok()?;
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(s, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `s` as a JSON string's inside, every character escaped one of the
    /// ways JSON allows, chosen by `how`.
    fn escaped(s: &str, how: &[u8]) -> String {
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            let k = how.get(i % how.len().max(1)).copied().unwrap_or(0) % 3;
            let short = match c {
                '"' => Some("\\\""),
                '\\' => Some("\\\\"),
                '/' if k == 1 => Some("\\/"),
                '\n' => Some("\\n"),
                '\t' => Some("\\t"),
                '\r' => Some("\\r"),
                '\u{8}' => Some("\\b"),
                '\u{c}' => Some("\\f"),
                _ => None,
            };
            match short {
                Some(e) if k != 2 => out.push_str(e),
                _ if k == 2 || (c as u32) < 0x20 => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{u:04X}"));
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// Strings rich in what JSON escapes.
    fn texts() -> impl Strategy<Value = String> {
        let special = prop::sample::select(vec![
            '"',
            '\\',
            '/',
            '\n',
            '\t',
            '\r',
            '\u{8}',
            '\u{c}',
            '\u{0}',
            '\u{1f}',
            '\u{7f}',
            'é',
            '\u{301}',
            '😀',
            '\u{ffff}',
            '\u{10ffff}',
        ]);
        prop::collection::vec(prop_oneof![any::<char>(), special], 0..40)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// serde_json, an independent decoder, reads every escaped form
        /// as this does.
        #[test]
        fn unescapes_as_serde_json_does(s in texts(), how in prop::collection::vec(any::<u8>(), 1..8)) {
            let inner = escaped(&s, &how);
            let theirs: String = serde_json::from_str(&format!("\"{inner}\"")).unwrap();
            prop_assert_eq!(&theirs, &s);
            let mut bytes = inner.into_bytes();
            let n = unescape_in_place(&mut bytes).unwrap();
            prop_assert_eq!(std::str::from_utf8(&bytes[..n]).unwrap(), s.as_str());
        }

        /// A body split here decodes, text put back, to what serde_json
        /// makes of the whole body.
        #[test]
        fn a_split_open_is_the_open(s in texts(), how in prop::collection::vec(any::<u8>(), 1..8)) {
            let body = format!(
                r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"file:///a.talk","languageId":"talknote","version":1,"text":"{}"}}}}}}"#,
                escaped(&s, &how)
            );
            let whole: serde_json::Value = serde_json::from_str(&body).unwrap();
            match take(body.into_bytes()) {
                OpenBody::Split(rest, text) => {
                    let mut v: serde_json::Value = serde_json::from_slice(&rest).unwrap();
                    v["params"]["textDocument"]["text"] = text.into();
                    prop_assert_eq!(v, whole);
                }
                _ => prop_assert!(false, "not split"),
            }
        }
    }

    #[test]
    fn what_serde_json_refuses_is_refused() {
        for inner in [
            r"\ud800",
            r"\ud800x",
            r"\ud800\u0041",
            r"\udc00",
            r"\x",
            r"\u12",
            r"\u12g4",
            "\\",
        ] {
            let theirs = serde_json::from_str::<String>(&format!("\"{inner}\""));
            assert!(theirs.is_err(), "{inner}");
            let mut bytes = inner.as_bytes().to_vec();
            assert_eq!(unescape_in_place(&mut bytes), None, "{inner}");
        }
        // Not a string, or no text: left for the usual decoding.
        for body in [
            r#"{"params":{"textDocument":{"text":5}}}"#,
            r#"{"params":{"textDocument":{}}}"#,
            r#"{"params":{"textDocument":{"text":"a","text":"b"}}}"#,
        ] {
            assert!(
                matches!(take(body.as_bytes().to_vec()), OpenBody::Untouched(_)),
                "{body}"
            );
        }
    }
}
