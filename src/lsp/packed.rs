//! Packed JSON: JSON text with its most common key runs written as one
//! byte each, for answers the server keeps between requests (the outline of
//! a 10 MB note is 14 MB of JSON, most of it the same few keys; packed it is
//! about a third of that).
//!
//! A JSON text never holds a byte below 0x20 outside a string, and inside a
//! string such a byte must be escaped, so those bytes are free to stand for
//! the runs in [`RUNS`]. Expanding is a copy with lookups, done by the
//! writer as the answer goes out; the expanded length is known beforehand,
//! for the `Content-Length` header.

/// What each byte below 0x20 stands for (0 stands for nothing).
pub const RUNS: [&[u8]; 10] = [
    b"",
    b"{\"name\":",
    b",\"detail\":",
    b",\"kind\":5,\"range\":{\"start\":{\"line\":",
    b",\"kind\":8,\"range\":{\"start\":{\"line\":",
    b",\"character\":",
    b"},\"end\":{\"line\":",
    b"}},\"selectionRange\":{\"start\":{\"line\":",
    b"}},\"children\":[",
    b"}}}",
];

pub const NAME: u8 = 1;
pub const DETAIL: u8 = 2;
/// `kind` 5 (`SymbolKind::CLASS`), then the range's start line.
pub const TALK_RANGE: u8 = 3;
/// `kind` 8 (`SymbolKind::FIELD`), then the range's start line.
pub const SECTION_RANGE: u8 = 4;
pub const CHARACTER: u8 = 5;
/// End of a start position, then the end's line.
pub const END_LINE: u8 = 6;
/// End of a range, then the selection range's start line.
pub const SELECTION_LINE: u8 = 7;
/// End of a range, then a talk's children.
pub const CHILDREN: u8 = 8;
/// End of a range and of a section's symbol.
pub const CLOSE_SECTION: u8 = 9;

/// Whether the run for `b` ends with `"line":` (a line number follows).
pub fn before_line(b: u8) -> bool {
    matches!(b, TALK_RANGE | SECTION_RANGE | END_LINE | SELECTION_LINE)
}

/// Bytes that `packed` expands to (writers of packed text count as they
/// go; this is the tests' check).
#[cfg(test)]
pub fn expanded_len(packed: &[u8]) -> usize {
    packed
        .iter()
        .map(|&b| match RUNS.get(b as usize) {
            Some(run) if b != 0 => run.len(),
            _ => 1,
        })
        .sum()
}

/// The elements of an array answer, packed, and the length of their JSON
/// text (without the commas between them).
#[derive(Debug, Default)]
pub struct PackedArray {
    pub elements: Vec<std::sync::Arc<[u8]>>,
    pub len: usize,
}

/// Append the JSON text of `packed` to `out`.
pub fn expand(packed: &[u8], out: &mut Vec<u8>) {
    // A byte at a time: runs of literal bytes are short (numbers, names),
    // and this measured faster than copying them as slices.
    out.reserve(packed.len() * 4);
    for &b in packed {
        match RUNS.get(b as usize) {
            Some(run) if b != 0 => out.extend_from_slice(run),
            _ => out.push(b),
        }
    }
}

/// `packed` with every line number moved by `delta` (a talk that moved
/// down or up).
pub fn rebase(packed: &[u8], delta: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(packed.len() + 8);
    let mut i = 0;
    while i < packed.len() {
        let b = packed[i];
        out.push(b);
        i += 1;
        if before_line(b) {
            let digits = packed[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let n = packed[i..i + digits].iter().fold(0i64, |n, d| {
                n.saturating_mul(10).saturating_add(i64::from(d - b'0'))
            });
            crate::analysis::json::push_usize(&mut out, (n + delta).max(0) as usize);
            i += digits;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_expand_and_count() {
        let packed = [
            &[NAME][..],
            b"\"a \\\"line\\\":7\"",
            &[TALK_RANGE],
            b"10",
            &[CHARACTER],
            b"3",
            &[END_LINE],
            b"12",
            &[CHARACTER],
            b"0",
            &[SELECTION_LINE],
            b"10",
            &[CHARACTER],
            b"0",
            &[END_LINE],
            b"10",
            &[CHARACTER],
            b"1",
            &[CHILDREN],
            b"]}",
        ]
        .concat();
        let mut out = Vec::new();
        expand(&packed, &mut out);
        let want = r#"{"name":"a \"line\":7","kind":5,"range":{"start":{"line":10,"character":3},"end":{"line":12,"character":0}},"selectionRange":{"start":{"line":10,"character":0},"end":{"line":10,"character":1}},"children":[]}"#;
        assert_eq!(String::from_utf8(out).unwrap(), want);
        assert_eq!(expanded_len(&packed), want.len());

        let moved = rebase(&packed, 95);
        let mut out = Vec::new();
        expand(&moved, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            want.replace("\"line\":10", "\"line\":105")
                .replace("\"line\":12", "\"line\":107")
        );
        assert_eq!(rebase(&packed, 0), packed);
    }
}
