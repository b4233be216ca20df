//! Renaming a speaker: where the new name goes in a file's *current* text,
//! and whether it would still read as that one name.
//!
//! A speaker line is split at `,`, `&` and ` and `, and a head line with
//! digits is not a speaker line at all, so a new name such as `Ann Lee 2`,
//! `Alex & Bob` or `Alex and Anna` would turn a speaker into a stray line or
//! two speakers. The check re-parses the text with every occurrence
//! replaced and requires the same speakers, in the same places, with
//! exactly the new name where the old one was.

use super::catalog::{short_file, Catalog};
use super::roster::rename_in_roster;
use crate::index::speaker_key;
use crate::syntax::{parse, ParseOptions};
use std::collections::BTreeSet;
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

/// A file's text as it is now, and how it is parsed (its own settings).
pub struct Source {
    pub text: String,
    pub opts: ParseOptions,
}

/// One file's part of a rename: the text the edits were checked against
/// and the byte ranges in it to replace with `new_text` (possibly none,
/// when the text changed since the file was summarised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdits {
    pub file: String,
    pub text: String,
    pub ranges: Vec<Range<usize>>,
    /// The new name in a note; in a roster, the name as a TOML string.
    pub new_text: String,
}

/// Rename the person `name` to `new_name` in every file the catalog knows
/// they are named in, and in the rosters (`rosters`, by file key) that list
/// them. `source_of(file)` gives each file's current text (the editor's
/// copy, or read from disk again); every range comes from parsing that
/// text and is checked by [`rename_ranges`], never taken from the
/// catalog's positions, which may be older than the text.
///
/// A person a roster lists is renamed there (the entry's `name`, found in
/// the roster's current text, [`rename_in_roster`]) and in the notes where
/// they are written as that name; the roster's aliases (`A. Lee`) stay as
/// they are, still aliases of the renamed entry. A person no roster lists
/// is renamed in every spelling with their key. One file or roster that
/// cannot be read, or a note that would no longer read as the same
/// speakers, refuses the whole rename (no file is half renamed, and no
/// note is renamed away from its roster entry).
pub fn rename_edits(
    catalog: &Catalog,
    name: &str,
    new_name: &str,
    rosters: &[String],
    source_of: impl Fn(&str) -> Option<Source>,
) -> Result<Vec<FileEdits>, String> {
    let new = check_name(new_name)?;
    let unreadable = |f: &str| format!("cannot rename: {} could not be read", short_file(f));
    let mut out = Vec::new();
    let mut roster_name = None;
    for r in rosters {
        let src = source_of(r).ok_or_else(|| unreadable(r))?;
        let found = rename_in_roster(&src.text, name, new)
            .map_err(|e| format!("cannot rename: roster {}: {e}", short_file(r)))?;
        if let Some(found) = found {
            roster_name.get_or_insert(speaker_key(&found.old_name));
            out.push(FileEdits {
                file: r.clone(),
                text: src.text,
                ranges: vec![found.edit.range],
                new_text: found.edit.replacement,
            });
        }
    }
    let person = catalog.person_key(name);
    let is_target = |n: &str| match &roster_name {
        // Listed: the name itself is renamed, its aliases stay.
        Some(k) => speaker_key(n) == *k,
        None => catalog.person_key(n) == person,
    };
    let files: BTreeSet<String> = (catalog.references(name).into_iter())
        .map(|l| l.file)
        .collect();
    for file in files {
        let src = source_of(&file).ok_or_else(|| unreadable(&file))?;
        let ranges = rename_ranges(&src.text, &src.opts, is_target, new)?;
        out.push(FileEdits {
            file,
            text: src.text,
            ranges,
            new_text: new.to_string(),
        });
    }
    Ok(out)
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

    /// Edits come from each file's current text, every file the catalog
    /// names the person in gets its part, and one file that cannot be read
    /// or would not read as the same speakers refuses the whole rename.
    #[test]
    fn edits_are_made_against_each_files_current_text() {
        use crate::index::summary::summary_of;
        use std::sync::Arc;
        let b = " Later\nAnn Lee\n";
        let mut cat = Catalog::default();
        for (f, t) in [("a", NOTE), ("b", b), ("c", " Third\nBob Ray\n")] {
            cat.files.insert(f.into(), Arc::new(summary_of(t)));
        }
        // `b` changed since it was summarised: a line above the name.
        let b_now = format!("\n\n{b}");
        let source = |f: &str| {
            let text = match f {
                "a" => NOTE.to_string(),
                "b" => b_now.clone(),
                _ => return None,
            };
            Some(Source {
                text,
                opts: ParseOptions::default(),
            })
        };
        let got = rename_edits(&cat, "ann lee", " Ann Smith ", &[], source).unwrap();
        let files: Vec<&str> = got.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(files, ["a", "b"], "c does not name Ann");
        for f in &got {
            assert!(!f.ranges.is_empty());
            assert!(f.ranges.iter().all(|r| &f.text[r.clone()] == "Ann Lee"));
        }
        assert_eq!(got[1].text, b_now);
        // A file that cannot be read refuses the rename.
        let e = rename_edits(&cat, "Bob Ray", "Bo Ray", &[], source).unwrap_err();
        assert_eq!(e, "cannot rename: c could not be read");
        // So does a name one file's speaker line cannot hold.
        let e = rename_edits(&cat, "Ann Lee", "Ann & Bo", &[], source).unwrap_err();
        assert!(e.starts_with("cannot rename to `Ann & Bo`"), "{e}");
    }

    /// A rename of a roster person renames the roster entry (against the
    /// roster's current text) and the notes that write the name, and leaves
    /// alias spellings alone: they stay aliases of the renamed entry.
    #[test]
    fn a_roster_person_is_renamed_in_the_roster_and_keeps_aliases() {
        use crate::index::summary::summary_of;
        use crate::lint::config::Person;
        use std::sync::Arc;
        let a = " One\nAnn Lee, Bob Ray\n Two\nA. Lee\n Three\nANN LEE\n";
        let roster = "[[person]]\nname = \"Ann Lee\"  # keynote\naliases = [\"A. Lee\"]\n";
        let mut cat = Catalog::default();
        cat.files.insert("a".into(), Arc::new(summary_of(a)));
        cat.roster = vec![Person {
            name: "Ann Lee".into(),
            aliases: vec!["A. Lee".into()],
            handle: None,
            affiliation: None,
        }];
        let source = |f: &str| {
            let text = match f {
                "a" => a,
                "people.toml" => roster,
                "broken.toml" => "[[person]\n",
                _ => return None,
            };
            Some(Source {
                text: text.to_string(),
                opts: ParseOptions::default(),
            })
        };
        let rosters = ["people.toml".to_string()];
        for from in ["Ann Lee", "A. Lee"] {
            let got = rename_edits(&cat, from, "Ann Smith", &rosters, source).unwrap();
            let files: Vec<&str> = got.iter().map(|f| f.file.as_str()).collect();
            assert_eq!(files, ["people.toml", "a"], "{from}");
            assert_eq!(&roster[got[0].ranges[0].clone()], "\"Ann Lee\"");
            assert_eq!(got[0].new_text, "\"Ann Smith\"");
            let renamed: Vec<&str> = got[1].ranges.iter().map(|r| &a[r.clone()]).collect();
            assert_eq!(renamed, ["Ann Lee", "ANN LEE"], "the alias `A. Lee` stays");
            assert_eq!(got[1].new_text, "Ann Smith");
        }
        // A roster that cannot be read refuses the rename.
        let e = rename_edits(
            &cat,
            "Ann Lee",
            "Ann Smith",
            &["broken.toml".into()],
            source,
        )
        .unwrap_err();
        assert!(e.starts_with("cannot rename: roster broken.toml"), "{e}");
        // Someone no roster lists: every spelling with their key, no roster edit.
        let got = rename_edits(&cat, "Bob Ray", "Bo Ray", &rosters, source).unwrap();
        assert_eq!(got.len(), 1);
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
