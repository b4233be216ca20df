//! Each fast path against its reference (`ls_types` values through
//! serde), over generated notes and edits: tabs, CRLF and LF (mixed too),
//! a last line without its end, emoji (UTF-16 surrogate pairs), combining
//! marks, quotes and backslashes, duplicate titles (related places),
//! suppression comments; in UTF-8 and UTF-16. The kept outline and report
//! are updated edit by edit, as the server keeps them.

use crate::analysis::diagnostics::lint_parts;
use crate::analysis::ide::catalog::{file_summary, FileSummary};
use crate::analysis::TalkCache;
use crate::index::Index;
use crate::lint::LintConfig;
use crate::lsp::report::{Context, ReportCache};
use crate::lsp::symbols::{outline, SymbolCache};
use crate::lsp::wire;
use crate::syntax::pos::Encoding;
use crate::syntax::{Document, SourceText};
use proptest::prelude::*;
use serde_json::Value;
use std::str::FromStr;
use tower_lsp_server::jsonrpc::Id;
use tower_lsp_server::ls_types as lsp;

const LINES: &[&str] = &[
    "",
    "",
    "   ",
    "\t",
    "___",
    " Title here",
    " Title here",
    " 🎤 Emoji talk 🎉  ",
    " \"Quoted\" \\ talk",
    " Cafe\u{301} talk",
    "Author",
    "Jane Doe",
    "Ada Lovelace and Van Lindberg",
    "Bo \"B\\\" Li",
    "Web, Beginner",
    "Description: words  ",
    "Abstract:\te\u{301}te\u{301} 𝄞",
    "Bio:\t",
    "Notes",
    "\titem",
    "\t\t- deeper 😀",
    "    * four",
    "  - two  ",
    " \t mixed",
    "* star",
    "+ plus",
    "- 𝄞 clef",
    "// notelint: disable=NL030",
    "// notelint: disable-next-line=bullet-style",
    "Café ☕ crème",
];

/// A note: lines from [`LINES`] (or a few letters), ended by `\n` or
/// `\r\n` (one kind per note, or mixed), the last maybe without one.
fn note() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => proptest::sample::select(LINES).prop_map(str::to_string),
        1 => "[a-zé ]{0,8}",
    ];
    (
        prop::collection::vec(line, 0..120),
        0u8..3,
        prop::collection::vec(any::<bool>(), 120),
        any::<bool>(),
    )
        .prop_map(|(ls, kind, coin, last)| {
            let mut s = String::new();
            for (i, l) in ls.iter().enumerate() {
                s.push_str(l);
                let crlf = match kind {
                    0 => false,
                    1 => true,
                    _ => coin[i],
                };
                if i + 1 < ls.len() || last {
                    s.push_str(if crlf { "\r\n" } else { "\n" });
                }
            }
            s
        })
}

/// An edit: where (a fraction of the text), how many bytes go, what comes.
fn edits() -> impl Strategy<Value = Vec<(f64, usize, String)>> {
    let insert = prop_oneof![
        proptest::sample::select(LINES).prop_map(|l| format!("{l}\n")),
        Just("\r\n".to_string()),
        Just("😀".to_string()),
        Just("e\u{301}".to_string()),
        "[a-z \t]{0,4}",
    ];
    prop::collection::vec((0.0..1.0f64, 0usize..40, insert), 0..4)
}

/// `text` with `(at, del, ins)` applied, cut at character boundaries.
fn apply(text: &str, (at, del, ins): &(f64, usize, String)) -> (usize, usize, String) {
    let snap = |mut x: usize| {
        x = x.min(text.len());
        while !text.is_char_boundary(x) {
            x -= 1;
        }
        x
    };
    let a = snap((text.len() as f64 * at) as usize);
    let b = snap(a + del).max(a);
    (a, b, ins.clone())
}

fn body(frame: &[u8]) -> &[u8] {
    let at = frame
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header");
    let body = &frame[at + 4..];
    let header = std::str::from_utf8(&frame[..at]).unwrap();
    assert_eq!(header, format!("Content-Length: {}", body.len()));
    body
}

fn parsed(frame: &[u8]) -> Value {
    serde_json::from_slice(body(frame)).unwrap()
}

/// The outline: the fast path's frame is the reference's, byte for byte.
fn check_outline(doc: &Document, summary: &FileSummary, enc: Encoding, cache: &mut SymbolCache) {
    let id = Id::Number(7);
    let fast = wire::array_response(&id, Box::new(outline(doc, &summary.talks, enc, cache)));
    let fast = fast.into_vec();
    let reference = wire::response(&id, &wire::outline::document_symbols(doc, enc));
    body(&fast);
    assert_eq!(
        String::from_utf8(fast).unwrap(),
        String::from_utf8(reference).unwrap(),
        "outline, {enc:?}"
    );
}

/// Diagnostics, pushed and pulled (a document's and the workspace's): the
/// fast path's frames parse to the reference's, and the list of
/// diagnostics is the reference's byte for byte.
fn check_diagnostics(doc: &Document, enc: Encoding, cache: &mut TalkCache, rc: &mut ReportCache) {
    let name = "file:///notes/a%20b.talk";
    let uri = lsp::Uri::from_str(name).unwrap();
    let config = LintConfig::default();
    let index = Index::default();
    let parts = lint_parts(name, SourceText::document(doc), &config, &index, cache);
    let related = |_: &str, _: &std::ops::Range<usize>| None;
    let cx = Context {
        doc,
        uri: &uri,
        enc,
        related: &related,
    };
    rc.update(&parts, &cx);
    let mut conv = crate::lsp::convert::Conv::new(doc.rope(), enc);
    let reference: Vec<lsp::Diagnostic> = parts
        .all()
        .iter()
        .map(|d| wire::diagnostic::diagnostic(&mut conv, &uri, d, &related))
        .collect();

    // The list itself.
    let mut list = b"[".to_vec();
    let mut report = rc.current();
    while crate::lsp::transport::outbox::Elements::fill(&mut report, &mut list, usize::MAX) {}
    list.push(b']');
    assert_eq!(
        String::from_utf8(list).unwrap(),
        serde_json::to_string(&reference).unwrap(),
        "diagnostics, {enc:?}"
    );

    // Pushed.
    let fast = wire::publish_report(&uri, Some(3), Box::new(rc.current())).into_vec();
    let want = wire::publish_diagnostics(&uri, &reference, Some(3));
    assert_eq!(parsed(&fast), parsed(&want), "publishDiagnostics, {enc:?}");

    // Pulled, one document.
    let id = Id::String("p".into());
    let fast = wire::pulled_report(&id, "r1", Box::new(rc.current())).into_vec();
    let full = lsp::FullDocumentDiagnosticReport {
        result_id: Some("r1".into()),
        items: reference.clone(),
    };
    let want = wire::response(
        &id,
        &lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Full(
            lsp::RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: full.clone(),
            },
        )),
    );
    assert_eq!(
        parsed(&fast),
        parsed(&want),
        "textDocument/diagnostic, {enc:?}"
    );
    assert_eq!(body(&fast), body(&want), "textDocument/diagnostic, {enc:?}");

    // Pulled, the workspace: this document open, another from disk.
    let other = lsp::Uri::from_str("file:///notes/other.talk").unwrap();
    let rest = vec![lsp::WorkspaceDocumentDiagnosticReport::Full(
        lsp::WorkspaceFullDocumentDiagnosticReport {
            uri: other,
            version: None,
            full_document_diagnostic_report: full.clone(),
        },
    )];
    let answer = crate::lsp::pull::WorkspaceAnswer::new(
        vec![(uri.clone(), 3, "r1".into(), rc.current())],
        rest.clone(),
    );
    let fast = match wire::Answer::split(answer, &id) {
        Ok((frame, _)) => frame.into_vec(),
        Err(_) => panic!("the workspace answer takes the fast path"),
    };
    let mut items = vec![lsp::WorkspaceDocumentDiagnosticReport::Full(
        lsp::WorkspaceFullDocumentDiagnosticReport {
            uri: uri.clone(),
            version: Some(3),
            full_document_diagnostic_report: full,
        },
    )];
    items.extend(rest);
    let want = wire::response(
        &id,
        &lsp::WorkspaceDiagnosticReportResult::Report(lsp::WorkspaceDiagnosticReport { items }),
    );
    assert_eq!(
        parsed(&fast),
        parsed(&want),
        "workspace/diagnostic, {enc:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn fast_paths_write_what_serde_writes(text in note(), edits in edits(), utf16 in any::<bool>()) {
        let enc = if utf16 { Encoding::Utf16 } else { Encoding::Utf8 };
        let mut doc = Document::new(&text, LintConfig::default().parse);
        let mut symbols = SymbolCache::default();
        let mut talks = TalkCache::lean();
        let mut rc = ReportCache::default();
        let mut summary: Option<FileSummary> = None;
        for step in std::iter::once(None).chain(edits.iter().map(Some)) {
            if let Some(e) = step {
                let (a, b, ins) = apply(&doc.text(), e);
                doc.edit(a..b, &ins);
            }
            let rope = doc.rope();
            let next = file_summary(
                SourceText::document(&doc),
                &|o| rope.byte_to_line(o) as u32,
                summary.take(),
                &|_| None,
            );
            for t in &next.talks {
                let line = rope.byte_to_line(t.start) as u32;
                prop_assert_eq!(t.line, line, "the summary's line of the talk at byte {}", t.start);
            }
            check_outline(&doc, &next, enc, &mut symbols);
            check_diagnostics(&doc, enc, &mut talks, &mut rc);
            summary = Some(next);
        }
    }
}
