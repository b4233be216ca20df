//! The JSON pieces of a rendered diagnostic: an [`Item`] (24 bytes: its
//! range relative to its part's first line, and by number its prefix and
//! message) and the [`Texts`] those numbers name, each kept once. The
//! texts are cut from what `wire::diagnostic` serialises (the one
//! diagnostic conversion); only the range is written here.

use super::convert;
use crate::lint::Diagnostic;
use crate::lsp::wire;
use crate::util::json::{decimal_len, push_json_str, push_usize};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::ls_types as lsp;

/// One diagnostic: its range with lines relative to its part's first line,
/// and by number (in [`Texts`]) the JSON before its message and its
/// message. 24 bytes: a big note has a hundred thousand.
#[derive(Clone)]
pub(super) struct Item {
    pub(super) start: (u32, u32),
    pub(super) end: (u32, u32),
    /// The text's number; the high bit says related places follow.
    pub(super) prefix: u32,
    pub(super) message: u32,
}

/// Texts by number: what a diagnostic's JSON says between its range and
/// its message (severity, code, link, source), and messages as JSON
/// strings.
pub(super) type TextList = Arc<Vec<Arc<[u8]>>>;

pub(super) const RELATED: u32 = 1 << 31;

pub(super) fn text_of(texts: &[Arc<[u8]>], i: u32) -> &[u8] {
    texts
        .get((i & !RELATED) as usize)
        .map_or(&[][..], |t| &t[..])
}

pub(super) const OPEN: &[u8] = br#"{"range":{"start":{"line":"#;

pub(super) const CHAR: &[u8] = br#","character":"#;

pub(super) const END: &[u8] = br#"},"end":{"line":"#;

pub(super) const CLOSE: &[u8] = br#"}},"#;

pub(super) const RELATED_OPEN: &[u8] = br#","relatedInformation":["#;

pub(super) const RELATED_CLOSE: &[u8] = b"]}";

impl Item {
    pub(super) fn has_related(&self) -> bool {
        self.prefix & RELATED != 0
    }

    /// Its JSON's length at `line`, without its related places.
    pub(super) fn len(&self, line: u32, texts: &[Arc<[u8]>]) -> usize {
        OPEN.len()
            + 2 * CHAR.len()
            + END.len()
            + CLOSE.len()
            + decimal_len(u64::from(line + self.start.0))
            + decimal_len(u64::from(self.start.1))
            + decimal_len(u64::from(line + self.end.0))
            + decimal_len(u64::from(self.end.1))
            + text_of(texts, self.prefix).len()
            + text_of(texts, self.message).len()
            + if self.has_related() { 0 } else { 1 }
    }

    /// Its JSON up to its message; then `}`, unless related places follow.
    pub(super) fn write(&self, line: u32, texts: &[Arc<[u8]>], out: &mut Vec<u8>) {
        out.extend_from_slice(OPEN);
        push_usize(out, (line + self.start.0) as usize);
        out.extend_from_slice(CHAR);
        push_usize(out, self.start.1 as usize);
        out.extend_from_slice(END);
        push_usize(out, (line + self.end.0) as usize);
        out.extend_from_slice(CHAR);
        push_usize(out, self.end.1 as usize);
        out.extend_from_slice(CLOSE);
        out.extend_from_slice(text_of(texts, self.prefix));
        out.extend_from_slice(text_of(texts, self.message));
        if !self.has_related() {
            out.push(b'}');
        }
    }
}

pub(super) fn items_len(items: &[Item], related: &[u32], texts: &[Arc<[u8]>], line: u32) -> usize {
    let related: usize = related
        .iter()
        .map(|&r| RELATED_OPEN.len() + text_of(texts, r).len() + RELATED_CLOSE.len())
        .sum();
    items.iter().map(|i| i.len(line, texts)).sum::<usize>()
        + related
        + items.len().saturating_sub(1)
}

/// The texts items name by number, each kept once: few prefixes (one per
/// code and severity), each distinct message, each distinct list of
/// related places. Only added to (see `ReportCache::update` for when it
/// starts afresh).
#[derive(Default)]
pub(super) struct Texts {
    pub(super) prefixes: HashMap<(&'static str, u8), u32>,
    /// Messages and related places.
    pub(super) messages: HashMap<Arc<[u8]>, u32>,
    pub(super) list: TextList,
    pub(super) scratch: Vec<u8>,
}

impl Texts {
    pub(super) const MAX: usize = 1 << 16;

    pub(super) fn add(&mut self, text: Arc<[u8]>) -> u32 {
        let i = u32::try_from(self.list.len()).unwrap_or(u32::MAX) & !RELATED;
        // A copy only while the writer still holds the last report's.
        Arc::make_mut(&mut self.list).push(text);
        i
    }

    /// The numbers of `d`'s prefix (with the related flag) and message.
    pub(super) fn get(&mut self, d: &Diagnostic, related: bool) -> (u32, u32) {
        let sev = severity_number(convert::severity(d.severity));
        let prefix = match self.prefixes.get(&(d.code, sev)) {
            Some(&i) => i,
            None => {
                let i = self.add(wire::diagnostic::prefix(d).into());
                self.prefixes.insert((d.code, sev), i);
                i
            }
        };
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        push_json_str(&mut scratch, &d.message);
        let message = self.intern(&scratch);
        self.scratch = scratch;
        (if related { prefix | RELATED } else { prefix }, message)
    }

    /// The number of `text` (a message, or related places), added when new.
    pub(super) fn intern(&mut self, text: &[u8]) -> u32 {
        match self.messages.get(text) {
            Some(&i) => i,
            None => {
                let text: Arc<[u8]> = Arc::from(text);
                let i = self.add(Arc::clone(&text));
                self.messages.insert(text, i);
                i
            }
        }
    }
}

pub(super) fn severity_number(s: lsp::DiagnosticSeverity) -> u8 {
    match s {
        lsp::DiagnosticSeverity::ERROR => 1,
        lsp::DiagnosticSeverity::WARNING => 2,
        lsp::DiagnosticSeverity::INFORMATION => 3,
        _ => 4,
    }
}
