//! The outline (`textDocument/documentSymbol`) of an open document, kept
//! packed per talk between requests and written out as JSON on the way to
//! the client.
//!
//! A 10 MB note's outline is about 14 MB of JSON; editors ask for it after
//! every edit (outline view, breadcrumbs). A talk's symbol depends only on
//! its text, so an unchanged talk (same segment `Arc`) keeps its packed
//! form (`pack_talk`: names and positions, lines counted from the talk's
//! first, a quarter of the JSON's size); a talk that moved keeps it too.
//! An edit costs the talks it touched.
//!
//! The answer is expanded by the output writer a buffer at a time
//! (`outbox::Frame::Array`), never made into one 14 MB buffer nor kept as
//! JSON. Measured at 10 MB: memory 67 MB → 55 MB, documentSymbol 7.6 ms →
//! 7.5–8.3 ms; expanding 21 MB of JSON takes 3.4 ms on one core (line
//! numbers from the talk's first line's digits, `json::Digits`).
//!
//! A new talk is packed straight from the tree and the text: positions by
//! a forward scan of the talk's own bytes, names with the JSON string
//! writer. The first request of a big note packs every talk, on every core.

use super::outbox::Elements;
use crate::analysis::ide::{non_empty, PlacedTalk};
use crate::analysis::json::{self, decimal_len, push_json_str, push_usize, Digits};
use crate::index::TalkNames;
use crate::syntax::outline::section_name;
use crate::syntax::pos::Encoding;
use crate::syntax::{common_ends, Document, ParseOptions, Segment};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
struct Fragment {
    /// The segment, held so its address cannot be reused by another.
    seg: Arc<Segment>,
    line: u32,
    /// The length of its JSON at `line`.
    len: usize,
    /// The talk's symbol, packed (see `pack_talk`); empty for a talk
    /// without one.
    packed: Arc<[u8]>,
    /// Its title and speaker names (the editor summary's, shared).
    names: TalkNames,
    /// Whether they are written as they are (see `expand`).
    plain: bool,
}

impl Fragment {
    fn new(seg: Arc<Segment>, line: u32, packed: &[u8], names: TalkNames) -> Fragment {
        let plain = plain_names(&names);
        Fragment {
            seg,
            line,
            len: json_len(packed, &names, plain, line),
            packed: packed.into(),
            names,
            plain,
        }
    }

    /// The same talk, now starting on `line`. Its lines are kept relative
    /// to its first: only the length (digits) can change.
    fn move_to(&mut self, line: u32) {
        if self.line != line {
            self.line = line;
            self.len = json_len(&self.packed, &self.names, self.plain, line);
        }
    }
}

/// The length of a packed talk's JSON when it starts on `line`.
fn json_len(packed: &[u8], names: &TalkNames, plain: bool, line: u32) -> usize {
    let mut count = Count(0);
    expand(packed, names, plain, line, &mut count);
    count.0
}

/// Whether a talk's title and speaker names go into JSON as they are: no
/// character to escape, and a title that `non_empty` keeps. Checked once
/// per talk, when it is packed, not on every request.
fn plain_names(names: &TalkNames) -> bool {
    let title = names.title();
    json::plain(title) && non_empty(title) == title && names.speakers().all(|s| json::plain(s.0))
}

/// The answer's elements: every talk's fragment that has a symbol, to be
/// expanded on the way out. The list itself is shared, not copied: the
/// next edit changes it in place once the writer is done with it (or, if
/// it is not yet, a copy).
fn elements(frags: &Arc<Vec<Fragment>>) -> Outline {
    let (with, sum) = frags.iter().fold((0, 0), |(n, sum), f| {
        (n + usize::from(!f.packed.is_empty()), sum + f.len)
    });
    let len = sum + with.saturating_sub(1);
    Outline {
        frags: Arc::clone(frags),
        len,
        next: 0,
        written: 0,
    }
}

/// An outline answer's elements: the kept fragments (packed talks, their
/// names and first lines), written out as JSON a buffer at a time by the
/// output writer.
pub struct Outline {
    frags: Arc<Vec<Fragment>>,
    len: usize,
    /// The next fragment, and how many were written (for the commas).
    next: usize,
    written: usize,
}

impl Elements for Outline {
    fn len(&self) -> usize {
        self.len
    }

    fn fill(&mut self, buf: &mut Vec<u8>, limit: usize) -> bool {
        while let Some(f) = self.frags.get(self.next) {
            if f.packed.is_empty() {
                self.next += 1;
                continue;
            }
            if buf.len() >= limit {
                return true;
            }
            if self.written > 0 {
                buf.push(b',');
            }
            // The names and packed bytes of the talk eight ahead are
            // elsewhere on the heap: ask for them now, so they are in cache
            // when its turn comes.
            if let Some(ahead) = self.frags.get(self.next + 8) {
                prefetch(ahead.names.as_ptr());
                prefetch(ahead.packed.as_ptr());
            }
            expand(&f.packed, &f.names, f.plain, f.line, buf);
            self.next += 1;
            self.written += 1;
        }
        false
    }
}

/// A hint that `p`'s cache line is read soon. Never faults, whatever `p`.
#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint to the cache: it reads nothing
    // into the program and cannot fault, for any address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Entries of the last outline, one per talk, in order.
#[derive(Default)]
pub struct SymbolCache {
    frags: Arc<Vec<Fragment>>,
}

/// Talks written per task on the first request.
const CHUNK: usize = 128;

/// Line and column of byte offsets in one talk's text, as the LSP counts
/// them (lines end at `\n`, `\r\n` or a lone `\r`; columns in `enc`, an
/// offset in a terminator or inside a character taken back to the content's
/// end or the character's start, as `convert::Conv` does). Offsets usually
/// come in increasing order and each costs the bytes since the last one.
struct Walk<'t> {
    text: &'t [u8],
    enc: Encoding,
    /// Line (from the talk's first) and start of the line the cursor is on.
    line: u32,
    line_start: usize,
    /// Terminators before `at` are counted.
    at: usize,
}

impl<'t> Walk<'t> {
    fn new(text: &'t str, enc: Encoding) -> Walk<'t> {
        Walk {
            text: text.as_bytes(),
            enc,
            line: 0,
            line_start: 0,
            at: 0,
        }
    }

    fn pos(&mut self, offset: usize) -> (u32, u32) {
        let t = self.text;
        let mut off = offset.min(t.len());
        if off < self.at {
            self.line = 0;
            self.line_start = 0;
            self.at = 0;
        }
        for i in memchr::memchr2_iter(b'\n', b'\r', &t[self.at..off]) {
            let i = self.at + i;
            // `\r\n` is one terminator: count it at its `\n`.
            if t[i] == b'\r' && t.get(i + 1) == Some(&b'\n') {
                continue;
            }
            self.line += 1;
            self.line_start = i + 1;
        }
        self.at = off;
        // Back to a character's start.
        while off > self.line_start && t.get(off).is_some_and(|&b| b & 0xC0 == 0x80) {
            off -= 1;
        }
        let mut piece = &t[self.line_start..off];
        // The one terminator byte that can precede the offset on its line:
        // the `\r` of a `\r\n` it splits.
        if let [rest @ .., b'\r'] = piece {
            piece = rest;
        }
        let col = match self.enc {
            Encoding::Utf8 => piece.len(),
            _ if piece.is_ascii() => piece.len(),
            // Every character has one leading byte; those of four bytes
            // are two UTF-16 units.
            Encoding::Utf16 => piece
                .iter()
                .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
                .sum(),
            Encoding::Utf32 => piece.iter().filter(|&&b| b & 0xC0 != 0x80).count(),
        };
        (self.line, col as u32)
    }
}

/// The JSON text between a symbol's values, in the order written.
const NAME: &[u8] = b"{\"name\":";
const DETAIL: &[u8] = b",\"detail\":";
const DETAIL_OPEN: &[u8] = b",\"detail\":\"";
/// `SymbolKind::CLASS`, then the range's start line.
const TALK_RANGE: &[u8] = b",\"kind\":5,\"range\":{\"start\":{\"line\":";
/// `SymbolKind::FIELD`, then the range's start line.
const SECTION_RANGE: &[u8] = b",\"kind\":8,\"range\":{\"start\":{\"line\":";
const CHARACTER: &[u8] = b",\"character\":";
const END_LINE: &[u8] = b"},\"end\":{\"line\":";
const SELECTION_LINE: &[u8] = b"}},\"selectionRange\":{\"start\":{\"line\":";
const CHILDREN: &[u8] = b"}},\"children\":[";
const CLOSE_SECTION: &[u8] = b"}}}";

/// Where expanded JSON goes: a buffer, or a count of its bytes.
trait Sink {
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

struct Count(usize);

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

/// LEB128, as `Reader::num` reads it.
fn put_num(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads what `pack_talk` wrote. Past the end it reads zeros and empty
/// strings (never the case: the bytes are our own).
struct Reader<'p>(&'p [u8]);

impl<'p> Reader<'p> {
    fn num(&mut self) -> u64 {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let Some((&b, rest)) = self.0.split_first() else {
                break;
            };
            self.0 = rest;
            n |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                break;
            }
        }
        n
    }

    /// A section name written by `put_name`.
    fn name(&mut self) -> &'p [u8] {
        let n = self.num();
        if n & 1 == 1 {
            return SECTION_NAMES
                .get((n >> 1) as usize)
                .copied()
                .unwrap_or(b"\"\"");
        }
        let n = ((n >> 1) as usize).min(self.0.len());
        let (b, rest) = self.0.split_at(n);
        self.0 = rest;
        b
    }
}

/// Section names as JSON that most talks have, each kept as one number
/// (odd: its index here) instead of its bytes (even: twice its length,
/// then the bytes).
const SECTION_NAMES: [&[u8]; 10] = [
    b"\"Description\"",
    b"\"Abstract\"",
    b"\"Bio\"",
    b"\"Notes\"",
    b"\"Author\"",
    b"\"Authors\"",
    b"\"Speaker\"",
    b"\"Speakers\"",
    b"\"Track\"",
    b"\"Level\"",
];

fn put_name(out: &mut Vec<u8>, json: &[u8]) {
    match SECTION_NAMES.iter().position(|n| *n == json) {
        Some(i) => put_num(out, (i as u64) << 1 | 1),
        None => {
            put_num(out, (json.len() as u64) << 1);
            out.extend_from_slice(json);
        }
    }
}

/// A range's two positions, lines relative to the talk's first.
fn put_range(out: &mut Vec<u8>, start: (u32, u32), end: (u32, u32)) {
    for n in [start.0, start.1, end.0, end.1] {
        put_num(out, n.into());
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
fn expand<S: Sink>(packed: &[u8], names: &TalkNames, plain: bool, line: u32, s: &mut S) {
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

/// Scratch space reused from talk to talk.
#[derive(Default)]
struct Scratch {
    pos: Vec<(u32, u32)>,
    json: Vec<u8>,
}

/// A talk's `DocumentSymbol` (speakers as detail, sections as children),
/// packed: its positions as numbers, lines counted from the talk's first,
/// each a LEB128 number, and its section names (`put_name`: a number for
/// a common one, else the JSON string preceded by its length):
///
/// ```text
/// range and selection (4 numbers each), section count,
/// then per section: name, range, selection
/// ```
///
/// The title and the speakers are not kept here: `expand` reads them from
/// the talk's `TalkNames` (held for the editor summary anyway) as it
/// writes the JSON. A ninth of the JSON's size, and a talk that moves to
/// another line is unchanged. Nothing for a segment without a title.
/// `talk` is the segment's text.
fn pack_talk(
    out: &mut Vec<u8>,
    seg: &Segment,
    talk: &str,
    enc: Encoding,
    opts: &ParseOptions,
    scratch: &mut Scratch,
) {
    let Some(title) = seg.head.title else {
        return;
    };
    // Positions first, in document order (a range's end after what it
    // holds), so the walk only moves forward: the talk's start, its title,
    // each section's start, name and end, the talk's end.
    let pos = &mut scratch.pos;
    let mut w = Walk::new(talk, enc);
    pos.clear();
    pos.push(w.pos(crate::analysis::ide::talk_start(seg)));
    pos.push(w.pos(title.start as usize));
    pos.push(w.pos(title.end as usize));
    for s in &seg.sections {
        let (a, b) = (s.span.start as usize, s.span.end as usize);
        pos.push(w.pos(a));
        pos.push(w.pos(s.name.start as usize));
        pos.push(w.pos(s.name.end as usize));
        pos.push(w.pos(b.max(a)));
    }
    pos.push(w.pos(talk.len()));

    let json = &mut scratch.json;
    put_range(out, pos[0], pos[pos.len() - 1]);
    put_range(out, pos[1], pos[2]);
    put_num(out, seg.sections.len() as u64);
    for (s, at) in seg.sections.iter().zip(pos[3..].chunks_exact(4)) {
        json.clear();
        push_json_str(json, non_empty(section_name(s, talk, opts)));
        put_name(out, json);
        put_range(out, at[0], at[3]);
        put_range(out, at[1], at[2]);
    }
}

/// Write the entries of `todo` (indices into `all`, increasing), on every
/// core. A run of neighbouring talks (all of them, on the first request)
/// is copied out of the rope in one piece.
fn pack_talks(
    doc: &Document,
    all: &[PlacedTalk],
    todo: &[usize],
    enc: Encoding,
) -> Vec<(usize, Fragment)> {
    let opts = doc.options();
    let end = |t: &PlacedTalk| t.start + t.seg.len as usize;
    todo.par_chunks(CHUNK)
        .flat_map_iter(|run| {
            let mut scratch = Scratch::default();
            let mut out = Vec::new();
            let (first, last) = (&all[run[0]], &all[run[run.len() - 1]]);
            let span = first.start..end(last).max(first.start);
            let talks: usize = run.iter().map(|&i| all[i].seg.len as usize).sum();
            let shared = (span.len() <= 2 * talks + (64 << 10)).then(|| doc.slice(span.clone()));
            run.iter()
                .map(|&i| {
                    let t = &all[i];
                    let own;
                    let text = match shared.as_deref().and_then(|s| {
                        s.get(t.start.checked_sub(span.start)?..end(t).checked_sub(span.start)?)
                    }) {
                        Some(x) => x,
                        None => {
                            own = doc.slice(t.start..end(t));
                            &own
                        }
                    };
                    out.clear();
                    pack_talk(&mut out, &t.seg, text, enc, opts, &mut scratch);
                    let names = t.info.names().clone();
                    (i, Fragment::new(Arc::clone(&t.seg), t.line, &out, names))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The outline: each talk's `DocumentSymbol`, packed, in order (the
/// elements of the answer's array, expanded as they are sent). `talks` are
/// the document's talks with their start lines (the editor summary, kept
/// current incrementally).
///
/// An unchanged talk (same segment `Arc`) reuses its entry; when it has
/// moved to another line, only its JSON length is recounted. Talks are
/// matched by identity from both ends, so no hashing is needed but for the
/// edited stretch in between.
pub fn outline(
    doc: &Document,
    talks: &[PlacedTalk],
    enc: Encoding,
    cache: &mut SymbolCache,
) -> Outline {
    if talks.len() == cache.frags.len() {
        // Talks kept one for one (typing inside a talk): fragments are
        // checked and replaced in place, no list of them rebuilt. (A talk
        // moved among the others is written again: that takes a cut and
        // paste.)
        let frags = Arc::make_mut(&mut cache.frags);
        let mut todo = Vec::new();
        for (i, (f, t)) in frags.iter_mut().zip(talks).enumerate() {
            if Arc::ptr_eq(&f.seg, &t.seg) {
                f.move_to(t.line);
            } else {
                todo.push(i);
            }
        }
        for (i, f) in pack_talks(doc, talks, &todo, enc) {
            frags[i] = f;
        }
        return elements(&cache.frags);
    }
    let kept = std::mem::take(&mut cache.frags);
    let kept = Arc::try_unwrap(kept).unwrap_or_else(|shared| (*shared).clone());
    let mut old: Vec<Option<Fragment>> = kept.into_iter().map(Some).collect();
    let same = |f: &Option<Fragment>, t: &PlacedTalk| {
        f.as_ref().is_some_and(|f| Arc::ptr_eq(&f.seg, &t.seg))
    };
    let (prefix, suffix) = common_ends(&old, talks.iter(), talks.len(), |_, f, _, t| same(f, t));
    let (n_old, n_new) = (old.len(), talks.len());
    let mut middle: HashMap<usize, Fragment> = old[prefix..n_old - suffix]
        .iter_mut()
        .filter_map(|f| f.take())
        .map(|f| (Arc::as_ptr(&f.seg) as usize, f))
        .collect();
    let mut frags: Vec<Option<Fragment>> = talks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let reused = if i < prefix {
                old[i].take()
            } else if i >= n_new - suffix {
                old[n_old - (n_new - i)].take()
            } else {
                middle.remove(&(Arc::as_ptr(&t.seg) as usize))
            };
            reused.map(|mut f| {
                f.move_to(t.line);
                f
            })
        })
        .collect();
    let todo: Vec<usize> = (0..n_new).filter(|&i| frags[i].is_none()).collect();
    for (i, f) in pack_talks(doc, talks, &todo, enc) {
        frags[i] = Some(f);
    }
    // At its size: collected through `flatten` (no size hint) the list
    // grows by doubling and keeps the slack as long as the document is open.
    let mut kept = Vec::with_capacity(n_new);
    kept.extend(frags.into_iter().flatten());
    cache.frags = Arc::new(kept);
    elements(&cache.frags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ide::{self, catalog::file_talks};
    use crate::lsp::convert::Conv;
    use crate::syntax::ParseOptions;
    use tower_lsp_server::ls_types as lsp;

    /// The outline through lsp-types and serde (the reference).
    #[allow(deprecated)] // `DocumentSymbol::deprecated` must still be named.
    fn convert(sym: ide::Symbol, c: &mut Conv) -> lsp::DocumentSymbol {
        let start = c.pos(sym.range.start);
        let selection_range = c.range(&sym.selection);
        let children: Vec<lsp::DocumentSymbol> =
            sym.children.into_iter().map(|x| convert(x, c)).collect();
        let end = c.pos(sym.range.end.max(sym.range.start));
        let talk = matches!(sym.kind, ide::SymbolKind::Talk);
        lsp::DocumentSymbol {
            name: sym.name,
            detail: sym.detail,
            kind: match sym.kind {
                ide::SymbolKind::Talk => lsp::SymbolKind::CLASS,
                ide::SymbolKind::Section => lsp::SymbolKind::FIELD,
            },
            tags: None,
            deprecated: None,
            range: lsp::Range { start, end },
            selection_range,
            // Sections are leaves: no `"children": []` for each on the
            // wire. A talk always lists its (maybe no) sections.
            children: (talk || !children.is_empty()).then_some(children),
        }
    }

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

    fn fresh(doc: &Document, enc: Encoding) -> serde_json::Value {
        let mut c = Conv::new(doc.rope(), enc);
        let syms: Vec<lsp::DocumentSymbol> = ide::document_symbols(doc)
            .into_iter()
            .map(|s| convert(s, &mut c))
            .collect();
        serde_json::to_value(syms).unwrap()
    }

    /// The answer the server writes for `talks`, parsed back.
    fn answer(
        doc: &Document,
        talks: &[PlacedTalk],
        enc: Encoding,
        cache: &mut SymbolCache,
    ) -> serde_json::Value {
        let parts = outline(doc, talks, enc, cache);
        let frame = super::super::outbox::raw_array_response(
            &tower_lsp_server::jsonrpc::Id::Number(7),
            Box::new(parts),
        )
        .into_vec();
        let body = frame.split(|&b| b == b'\n').next_back().unwrap();
        let msg: serde_json::Value = serde_json::from_slice(body).unwrap();
        let header = String::from_utf8_lossy(&frame[..frame.len() - body.len()]).to_string();
        assert_eq!(header, format!("Content-Length: {}\r\n\r\n", body.len()));
        assert_eq!(msg["id"], 7);
        msg["result"].clone()
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
                let segs = doc.segments();
                let rope = doc.rope();
                let next = file_talks(
                    segs,
                    &|i| doc.slice(segs.at(i).range()),
                    &|o| rope.byte_to_line(o) as u32,
                    ft.take(),
                    &|_| None,
                );
                let got = answer(&doc, &next.talks, enc, &mut cache);
                assert!(got.as_array().unwrap().len() > 200);
                assert_eq!(got, fresh(&doc, enc), "{enc:?}, after {ins:?} at {a}");
                ft = Some(next);
            }
        }
    }

    #[test]
    fn offsets_inside_a_terminator_or_a_character_are_taken_back() {
        let text = "a\r\n😀b\rc";
        let mut walk = Walk::new(text, Encoding::Utf16);
        // As if the talk started on line 10.
        let mut w = |o| {
            let (line, col) = walk.pos(o);
            (line + 10, col)
        };
        assert_eq!(w(2), (10, 1)); // between `\r` and `\n`
        assert_eq!(w(3), (11, 0));
        assert_eq!(w(5), (11, 0)); // inside 😀
        assert_eq!(w(7), (11, 2));
        assert_eq!(w(9), (12, 0)); // after a lone `\r`
        assert_eq!(w(1), (10, 1)); // backwards: from the start again
        assert_eq!(w(99), (12, 1));
    }
}
