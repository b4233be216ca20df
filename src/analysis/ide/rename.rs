//! Renaming a speaker: where the new name goes in a file's *current* text,
//! and whether it would still read as that one name.
//!
//! A speaker line is split at `,`, `&` and ` and `, and a head line with
//! digits is not a speaker line at all, so a new name such as `Ann Lee 2`,
//! `Alex & Bob` or `Alex and Anna` would turn a speaker into a stray line or
//! two speakers. The check re-parses the text with every occurrence
//! replaced and requires the same speakers, in the same places, with
//! exactly the new name where the old one was.

use crate::syntax::{parse, ParseOptions};
use std::ops::Range;

/// Every speaker in `text` as (name text, absolute range), in order.
fn speakers(text: &str, opts: &ParseOptions) -> (usize, Vec<(String, Range<usize>)>) {
    let tree = parse(text, opts);
    let mut out = Vec::new();
    for p in tree.segments.iter() {
        let seg_text = &text[p.range()];
        for s in p.seg.speakers.iter() {
            out.push((s.name.text(seg_text).to_string(), s.name.abs(p.start)));
        }
    }
    (tree.segments.len(), out)
}

/// The ranges in `text` to replace to rename every speaker for which
/// `is_target(name)` holds to `new_name` (trimmed), or why the rename is
/// refused. The ranges come from parsing `text` now, never from an index
/// that may be older than the text.
pub fn rename_ranges(
    text: &str,
    opts: &ParseOptions,
    is_target: impl Fn(&str) -> bool,
    new_name: &str,
) -> Result<Vec<Range<usize>>, String> {
    let new = check_name(new_name)?;
    let (segs, old) = speakers(text, opts);
    let targets: Vec<Range<usize>> = old
        .iter()
        .filter(|(n, _)| is_target(n))
        .map(|(_, r)| r.clone())
        .collect();
    if targets.is_empty() {
        return Ok(targets);
    }
    let mut renamed = String::with_capacity(text.len() + targets.len() * new.len());
    let mut at = 0;
    for r in &targets {
        renamed.push_str(&text[at..r.start]);
        renamed.push_str(new);
        at = r.end;
    }
    renamed.push_str(&text[at..]);
    let want: Vec<String> = old
        .iter()
        .map(|(n, _)| {
            if is_target(n) {
                new.to_string()
            } else {
                n.clone()
            }
        })
        .collect();
    let (segs2, got) = speakers(&renamed, opts);
    let got: Vec<String> = got.into_iter().map(|(n, _)| n).collect();
    if segs2 != segs || got != want {
        return Err(format!(
            "cannot rename to `{new}`: the speaker line would no longer read as one speaker named `{new}` \
             (a name has no digits, commas, `&` or ` and `)"
        ));
    }
    Ok(targets)
}

/// The trimmed new name, or why no speaker line could hold it.
pub fn check_name(new_name: &str) -> Result<&str, String> {
    let new = new_name.trim();
    if new.is_empty() {
        return Err("cannot rename: a speaker's name cannot be empty".into());
    }
    if new.contains(['\n', '\r']) {
        return Err("cannot rename: a speaker's name is one line".into());
    }
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str =
        " Talk\nAnn Lee, Bob Ray\n\nIntro\n\tx\n ___\n Other\nAnn Lee\n\nIntro\n\ty\n";

    fn rename(new: &str) -> Result<Vec<Range<usize>>, String> {
        rename_ranges(NOTE, &ParseOptions::default(), |n| n == "Ann Lee", new)
    }

    #[test]
    fn a_plain_name_renames_every_occurrence() {
        let r = rename("Ann Smith").unwrap();
        assert_eq!(r.len(), 2);
        assert!(r.iter().all(|r| &NOTE[r.clone()] == "Ann Lee"));
        assert_eq!(rename("  Ann Smith ").unwrap(), r);
    }

    #[test]
    fn names_that_change_the_speaker_line_are_refused() {
        for bad in [
            "Ann Lee 2",
            "Alex & Bob",
            "Alex and Anna",
            "Lee, Ann",
            "",
            "  ",
            "A\nB",
        ] {
            let e = rename(bad).expect_err(bad);
            assert!(e.starts_with("cannot rename"), "{bad}: {e}");
        }
    }
}
