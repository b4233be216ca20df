//! Byte offsets ⇄ LSP positions (in the negotiated encoding), and lint
//! diagnostics → LSP diagnostics.

use crate::analysis::ide::Loc;
use crate::lint::{Diagnostic, Severity};
use crate::syntax::pos::{rope_to_line_col, rope_to_offset, Encoding, LineCol};
use ropey::Rope;
use std::ops::Range;
use tower_lsp::lsp_types as lsp;

pub const RULES_URL: &str = "https://github.com/notelint/notelint/blob/main/docs/rules.md#";

pub fn pos(rope: &Rope, offset: usize, enc: Encoding) -> lsp::Position {
    lc_to_pos(rope_to_line_col(rope, offset, enc))
}

pub fn lc_to_pos(lc: LineCol) -> lsp::Position {
    lsp::Position {
        line: lc.line,
        character: lc.col,
    }
}

pub fn range(rope: &Rope, r: &Range<usize>, enc: Encoding) -> lsp::Range {
    lsp::Range {
        start: pos(rope, r.start, enc),
        end: pos(rope, r.end.max(r.start), enc),
    }
}

/// Clamped: a position past a line's end is its end, past the last line the
/// document's end, inside a surrogate pair the character's start.
pub fn offset(rope: &Rope, p: lsp::Position, enc: Encoding) -> usize {
    rope_to_offset(
        rope,
        LineCol {
            line: p.line,
            col: p.character,
        },
        enc,
    )
}

pub fn byte_range(rope: &Rope, r: lsp::Range, enc: Encoding) -> Range<usize> {
    let a = offset(rope, r.start, enc);
    let b = offset(rope, r.end, enc);
    a.min(b)..a.max(b)
}

pub fn loc_range(l: &Loc) -> lsp::Range {
    lsp::Range {
        start: lc_to_pos(l.start),
        end: lc_to_pos(l.end),
    }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// `related_loc` resolves a related range in another file (by its index
/// key) to a range there, when it can.
pub fn diagnostic(
    rope: &Rope,
    uri: &lsp::Url,
    d: &Diagnostic,
    enc: Encoding,
    related_loc: &dyn Fn(&str, &Range<usize>) -> Option<(lsp::Url, lsp::Range)>,
) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let (u, range) = match &r.file {
                None => (uri.clone(), range(rope, &r.range, enc)),
                Some(f) => related_loc(f, &r.range)?,
            };
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri: u, range },
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(rope, &d.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: lsp::Url::parse(&format!("{RULES_URL}{}", d.name))
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("notelint".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

pub fn text_edit(rope: &Rope, e: &crate::lint::TextEdit, enc: Encoding) -> lsp::TextEdit {
    lsp::TextEdit {
        range: range(rope, &e.range, enc),
        new_text: e.replacement.clone(),
    }
}
