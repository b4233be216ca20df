//! A talk's `DocumentSymbol` packed: the outline model's positions in the
//! client's encoding, lines counted from the talk's first, and its section
//! names as JSON, a fraction of the JSON's size (see [`pack_talk`]).

use super::Fragment;
use crate::analysis::ide::{non_empty, PlacedTalk};
use crate::syntax::outline;
use crate::syntax::pos::{Cursor, Encoding, StrLines};
use crate::syntax::{Document, ParseOptions, Segment};
use crate::util::json::push_json_str;
use rayon::prelude::*;
use std::sync::Arc;

/// Talks packed per task on the first request.
const CHUNK: usize = 128;

/// LEB128, as `Reader::num` reads it.
pub(super) fn put_num(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Section names as JSON that most talks have, each kept as one number
/// (odd: its index here) instead of its bytes (even: twice its length,
/// then the bytes).
pub(super) const SECTION_NAMES: [&[u8]; 10] = [
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

pub(super) fn put_name(out: &mut Vec<u8>, json: &[u8]) {
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
    let Some(t) = outline::talk(seg, talk, opts) else {
        return;
    };
    // Positions first, in document order (a range's end after what it
    // holds), so the cursor only moves forward: the talk's start, its
    // title, each section's start, name and end, the talk's end. Lines are
    // counted from the talk's first: the cursor reads only its text.
    let pos = &mut scratch.pos;
    let mut c = Cursor::new(StrLines::scanned(talk), enc);
    let mut at = |o: usize| {
        let lc = c.pos(o);
        (lc.line, lc.col)
    };
    pos.clear();
    pos.push(at(t.range.start));
    pos.push(at(t.title_span.start));
    pos.push(at(t.title_span.end));
    for s in &t.sections {
        pos.push(at(s.range.start));
        pos.push(at(s.name_span.start));
        pos.push(at(s.name_span.end));
        pos.push(at(s.range.end.max(s.range.start)));
    }
    pos.push(at(t.range.end));

    let json = &mut scratch.json;
    put_range(out, pos[0], pos[pos.len() - 1]);
    put_range(out, pos[1], pos[2]);
    put_num(out, t.sections.len() as u64);
    for (s, at) in t.sections.iter().zip(pos[3..].chunks_exact(4)) {
        json.clear();
        push_json_str(json, non_empty(s.name));
        put_name(out, json);
        put_range(out, at[0], at[3]);
        put_range(out, at[1], at[2]);
    }
}

/// Write the entries of `todo` (indices into `all`, increasing), on every
/// core. A run of neighbouring talks (all of them, on the first request)
/// is copied out of the rope in one piece.
pub(super) fn pack_talks(
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

/// Reads what `pack_talk` wrote. Past the end it reads zeros and empty
/// strings (never the case: the bytes are our own).
pub(super) struct Reader<'p>(pub(super) &'p [u8]);

impl<'p> Reader<'p> {
    pub(super) fn num(&mut self) -> u64 {
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
    pub(super) fn name(&mut self) -> &'p [u8] {
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
