//! Packed talks (see [`super::pack`]) written out as `DocumentSymbol`
//! JSON, or only counted (a fragment's length is known before it is
//! written: the frame's `Content-Length` comes first).

use super::pack::Reader;
use crate::analysis::ide::non_empty;
use crate::index::TalkNames;
use crate::util::json::{self, decimal_len, push_json_str, push_usize, Digits};

/// The length of a packed talk's JSON when it starts on `line`.
pub(super) fn json_len(packed: &[u8], names: &TalkNames, plain: bool, line: u32) -> usize {
    let mut count = Count(0);
    expand(packed, names, plain, line, &mut count);
    count.0
}

/// Whether a talk's title and speaker names go into JSON as they are: no
/// character to escape, and a title that `non_empty` keeps. Checked once
/// per talk, when it is packed, not on every request.
pub(super) fn plain_names(names: &TalkNames) -> bool {
    let title = names.title();
    json::plain(title) && non_empty(title) == title && names.speakers().all(|s| json::plain(s.0))
}

/// The JSON text between a symbol's values, in the order written.
const NAME: &[u8] = b"{\"name\":";
const DETAIL: &[u8] = b",\"detail\":";
const DETAIL_OPEN: &[u8] = b",\"detail\":\"";
/// `SymbolKind::CLASS`, then the range's start line.
pub(super) const TALK_RANGE: &[u8] = b",\"kind\":5,\"range\":{\"start\":{\"line\":";
/// `SymbolKind::FIELD`, then the range's start line.
pub(super) const SECTION_RANGE: &[u8] = b",\"kind\":8,\"range\":{\"start\":{\"line\":";
const CHARACTER: &[u8] = b",\"character\":";
const END_LINE: &[u8] = b"},\"end\":{\"line\":";
const SELECTION_LINE: &[u8] = b"}},\"selectionRange\":{\"start\":{\"line\":";
const CHILDREN: &[u8] = b"}},\"children\":[";
const CLOSE_SECTION: &[u8] = b"}}}";

/// Where expanded JSON goes: a buffer, or a count of its bytes.
pub(super) trait Sink {
    fn raw(&mut self, b: &[u8]);
    fn num(&mut self, n: u64);
    /// `s` as a JSON string.
    fn json_str(&mut self, s: &str);
    /// Line `first + k`: most lines of a talk are a few past its first.
    fn line(&mut self, first: &Digits, k: u64) {
        self.num(first.value() + k);
    }
}

impl Sink for Vec<u8> {
    #[inline(always)]
    fn raw(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
    #[inline(always)]
    fn num(&mut self, n: u64) {
        push_usize(self, n as usize);
    }
    fn json_str(&mut self, s: &str) {
        push_json_str(self, s);
    }
    #[inline(always)]
    fn line(&mut self, first: &Digits, k: u64) {
        match first.plus(k) {
            Some(d) => d.push(self),
            None => push_usize(self, (first.value() + k) as usize),
        }
    }
}

pub(super) struct Count(pub usize);

impl Sink for Count {
    fn raw(&mut self, b: &[u8]) {
        self.0 += b.len();
    }
    fn num(&mut self, n: u64) {
        self.0 += decimal_len(n);
    }
    fn json_str(&mut self, s: &str) {
        if json::plain(s) {
            self.0 += s.len() + 2;
        } else {
            // Rare: counted by writing it, so the count is exact by
            // construction.
            let mut v = Vec::new();
            push_json_str(&mut v, s);
            self.0 += v.len();
        }
    }
}

/// A range as JSON, opened by `open` (which ends with the start's
/// `"line":`), lines from the talk's first line `line`.
#[inline(always)]
fn expand_range<S: Sink>(r: &mut Reader<'_>, open: &[u8], line: &Digits, s: &mut S) {
    s.raw(open);
    s.line(line, r.num());
    s.raw(CHARACTER);
    s.num(r.num());
    s.raw(END_LINE);
    s.line(line, r.num());
    s.raw(CHARACTER);
    s.num(r.num());
}

/// A packed talk's `DocumentSymbol` as JSON, for the talk starting on
/// document line `line`; its title and speakers (the detail) from `names`,
/// copied as they are when `plain` (see `plain_names`).
pub(super) fn expand<S: Sink>(packed: &[u8], names: &TalkNames, plain: bool, line: u32, s: &mut S) {
    if packed.is_empty() {
        return;
    }
    let line = &Digits::of(line.into());
    let mut r = Reader(packed);
    s.raw(NAME);
    if plain {
        s.raw(b"\"");
        s.raw(names.title_bytes());
        s.raw(b"\"");
        let mut first = true;
        for n in names.name_bytes() {
            s.raw(if first { DETAIL_OPEN } else { b", " });
            s.raw(n);
            first = false;
        }
        if !first {
            s.raw(b"\"");
        }
    } else {
        s.json_str(non_empty(names.title()));
        if names.speaker_count() > 0 {
            let all: Vec<&str> = names.speakers().map(|n| n.0).collect();
            s.raw(DETAIL);
            s.json_str(&all.join(", "));
        }
    }
    expand_range(&mut r, TALK_RANGE, line, s);
    expand_range(&mut r, SELECTION_LINE, line, s);
    s.raw(CHILDREN);
    for i in 0..r.num() {
        if i > 0 {
            s.raw(b",");
        }
        s.raw(NAME);
        s.raw(r.name());
        expand_range(&mut r, SECTION_RANGE, line, s);
        expand_range(&mut r, SELECTION_LINE, line, s);
        s.raw(CLOSE_SECTION);
    }
    s.raw(b"]}");
}
