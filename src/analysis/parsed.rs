//! Parsing a whole text the way the command line does: a big one in
//! pieces on every core ([`parse_big`]), giving the same tree as one
//! `syntax::parse`.

use crate::syntax::parse::{parse_segments, segment_cuts};
use crate::syntax::{parse, ParseOptions, Segments, Tree};
use rayon::prelude::*;

/// From this size on a text is parsed, and its talk phase run, in pieces
/// on every core; smaller ones are parsed and linted one per core (a run
/// of many small files keeps every core busy already).
pub const BIG_FILE_BYTES: usize = 1 << 20;

/// Parse a text, a big one in pieces on every core (the same tree).
pub fn parse_big(text: &str, opts: &ParseOptions) -> Tree {
    if text.len() < BIG_FILE_BYTES {
        return parse(text, opts);
    }
    // Several pieces per core, so that a core that is busy elsewhere
    // (another file) holds up little.
    let mut cuts = segment_cuts(text, rayon::current_num_threads() * 8, opts);
    cuts.push(text.len());
    let parts: Vec<Vec<_>> = cuts
        .par_windows(2)
        .map(|w| parse_segments(&text[w[0]..w[1]], w[0], w[0] == 0, opts))
        .collect();
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for p in parts {
        all.extend(p);
    }
    Tree {
        segments: Segments::from_vec(all),
    }
}
