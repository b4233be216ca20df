//! The packed outline against the outline model converted through
//! lsp-types and serde, after edits, byte for byte.

use super::expand::{Count, Sink, SECTION_RANGE, TALK_RANGE};
use super::pack::{put_name, put_num, Reader};
use super::*;
use crate::analysis::ide::catalog::file_summary;
use crate::syntax::ParseOptions;
use tower_lsp_server::ls_types as lsp;

#[test]
fn kinds_are_lsp_kinds() {
    for (run, kind) in [
        (TALK_RANGE, lsp::SymbolKind::CLASS),
        (SECTION_RANGE, lsp::SymbolKind::FIELD),
    ] {
        let kind = serde_json::to_string(&kind).unwrap();
        let want = format!(",\"kind\":{kind},");
        assert!(run.starts_with(want.as_bytes()));
    }
}

#[test]
fn packed_numbers_read_back() {
    let nums = [
        0,
        1,
        127,
        128,
        300,
        16_383,
        16_384,
        u32::MAX as u64,
        u64::MAX,
    ];
    let mut out = Vec::new();
    for n in nums {
        put_num(&mut out, n);
    }
    put_name(&mut out, b"\"x\"");
    let before = out.len();
    put_name(&mut out, b"\"Bio\"");
    // A common name is one byte.
    assert_eq!(out.len() - before, 1);
    put_name(&mut out, b"\"Bio:\"");
    let mut r = Reader(&out);
    for n in nums {
        assert_eq!(r.num(), n);
    }
    assert_eq!(r.name(), b"\"x\"");
    assert_eq!(r.name(), b"\"Bio\"");
    assert_eq!(r.name(), b"\"Bio:\"");
    // Past the end: zeros and nothing, no panic.
    assert_eq!((r.num(), r.name()), (0, &b""[..]));
    let mut count = Count(0);
    for n in nums {
        count.num(n);
    }
    let digits: usize = nums.iter().map(|n| n.to_string().len()).sum();
    assert_eq!(count.0, digits);
}

/// The outline as lsp-types serialises it (the wire's reference).
fn fresh(doc: &Document, enc: Encoding) -> Vec<u8> {
    serde_json::to_vec(&crate::lsp::wire::outline::document_symbols(doc, enc)).unwrap()
}

/// The answer the server writes for `talks`, parsed back.
fn answer(doc: &Document, talks: &[PlacedTalk], enc: Encoding, cache: &mut SymbolCache) -> Vec<u8> {
    let parts = outline(doc, talks, enc, cache);
    let frame = crate::lsp::wire::array_response(
        &tower_lsp_server::jsonrpc::Id::Number(7),
        Box::new(parts),
    )
    .into_vec();
    let body = frame.split(|&b| b == b'\n').next_back().unwrap();
    let msg: serde_json::Value = serde_json::from_slice(body).unwrap();
    let header = String::from_utf8_lossy(&frame[..frame.len() - body.len()]).to_string();
    assert_eq!(header, format!("Content-Length: {}\r\n\r\n", body.len()));
    assert_eq!(msg["id"], 7);
    let head = br#"{"jsonrpc":"2.0","id":7,"result":"#;
    assert!(body.starts_with(head) && body.ends_with(b"}"));
    body[head.len()..body.len() - 1].to_vec()
}

/// Talks of every shape the walk must place right: CRLF and lone CR,
/// tabs, emoji (UTF-16 surrogate pairs), combining marks, quotes and
/// backslashes in names, several speakers, headings, a preamble, and
/// more talks than one chunk holds.
fn sample() -> String {
    let mut text = String::from("preamble line\n\n");
    for i in 0..300 {
        text.push_str(&match i % 5 {
            0 => format!(" Talk {i} 😀\r\nby Ann Lee\n\nDescription: d\n\nNotes\n\t* x\n\n"),
            1 => format!(
                " \"Quoted\" \\ talk {i}\rAnn Lee, Bo \"B\\\" Li\r\rAbstract:\te\u{301}t\u{e9} 𝄞\r\r"
            ),
            2 => format!(" Tabs\t{i}\n\tAnn\n\nBio: x\u{1F600}y\n\tmore 😀😀\n"),
            3 => {
                format!(" Ünïcödé {i}\r\nBo Li\r\nWeb, Beginner\r\n\r\nCafé notes\r\n\t- ü\r\n")
            }
            _ => format!("___\n\n Sep {i}\n\nAuthor: Cy Do\n\tACME 😀\n\nDescription:\n"),
        });
    }
    text
}

#[test]
fn the_kept_outline_equals_lsp_types_after_edits() {
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
        let mut doc = Document::new(&sample(), ParseOptions::default());
        let mut ft = None;
        let mut cache = SymbolCache::default();
        // No edit; a character; a new line at the top; a talk split; a
        // deletion across talks; a retitled talk; lines added and
        // removed; a text ending without a terminator, then in a lone
        // `\r`.
        let len = doc.text().len();
        let edits: &[(usize, usize, &str)] = &[
            (0, 0, ""),
            (300, 0, "x"),
            (0, 0, "\n"),
            (500, 0, "\n Split 𝄞\nNotes\n\t* y\n"),
            (100, 200, ""),
            (17, 4, "Renamed"),
            (0, 1, ""),
            (700, 0, "\r\n\r\n"),
            (900, 0, "\r"),
            (200, 0, "\n\n\n"),
            (150, 3, ""),
            (len - 30, 100, " Last talk 😀\nBio: é"),
            (len + 100, 0, "\r"),
        ];
        for &(at, del, ins) in edits {
            let t = doc.text();
            let a = (0..=at.min(t.len()))
                .rev()
                .find(|&x| t.is_char_boundary(x))
                .unwrap();
            let b = (a..=(a + del).min(t.len()))
                .rev()
                .find(|&x| t.is_char_boundary(x))
                .unwrap();
            doc.edit(a..b, ins);
            let rope = doc.rope();
            let next = file_summary(
                crate::syntax::SourceText::document(&doc),
                &|o| rope.byte_to_line(o) as u32,
                ft.take(),
                &|_| None,
            );
            let got = answer(&doc, &next.talks, enc, &mut cache);
            let n = serde_json::from_slice::<serde_json::Value>(&got).unwrap();
            assert!(n.as_array().unwrap().len() > 200);
            // Byte for byte what lsp-types and serde write.
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(fresh(&doc, enc)).unwrap(),
                "{enc:?}, after {ins:?} at {a}"
            );
            ft = Some(next);
        }
    }
}
