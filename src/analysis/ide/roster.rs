//! "Add NAME to the roster": the quick fix for unknown-speaker that edits
//! the roster file, which is usually not open in the editor.
//!
//! The edit is computed from the roster's text as it is *now* (the editor's
//! copy, or the file re-read from disk by the caller), never from what the
//! configuration held when it was loaded: a roster changed on disk since
//! (a `git pull`, a client that does not report file changes) would
//! otherwise get a second entry for a name it already has. The text is
//! parsed first; a roster that is not valid TOML is not edited.

use crate::index::Index;
use crate::lint::rules::unknown_speaker;
use crate::lint::{Diagnostic, LintConfig, TextEdit};
use crate::syntax::Document;
use crate::workspace::config::RosterFile;

/// "Add NAME to the roster" for the finding `d` of `doc`.
pub struct AddToRoster {
    pub title: String,
    /// The edit, in byte offsets of `roster_text`.
    pub edit: TextEdit,
    /// The roster's text the edit was made against.
    pub roster_text: String,
}

/// The "Add to roster" fix for finding `d` of `doc`, when it is an
/// unknown-speaker finding that should get one ([`offer_add`]) and the
/// roster, whose current text `roster_text` reads (the editor's copy or the
/// file on disk, read only when needed), does not name the person yet.
pub fn add_to_roster(
    doc: &Document,
    d: &Diagnostic,
    index: &Index,
    config: &LintConfig,
    roster_text: impl FnOnce() -> Option<String>,
) -> Option<AddToRoster> {
    if d.code != unknown_speaker::META.code {
        return None;
    }
    let name = doc.slice(d.range.clone()).into_owned();
    if !offer_add(d, &name, index, config) {
        return None;
    }
    let roster_text = roster_text()?;
    let edit = add_edit(&roster_text, &name)?;
    Some(AddToRoster {
        title: format!("Add {name} to the roster"),
        edit,
        roster_text,
    })
}

/// Whether "Add to roster" belongs beside this unknown-speaker finding:
/// not when the name looks like a misspelling — of a roster name (the
/// finding then carries a "Replace with" fix) or of a more used spelling
/// in the workspace (similar-speaker reports it).
fn offer_add(d: &Diagnostic, name: &str, index: &Index, config: &LintConfig) -> bool {
    d.code == unknown_speaker::META.code
        && d.fix.is_none()
        && crate::lint::rules::similar_speaker::misspelling(index, config, name).is_none()
}

/// The edit that appends a `[[person]]` entry for `name` to the roster
/// whose current text is `text`; `None` when the roster already names the
/// person (as a name or an alias, compared as unknown-speaker does) or
/// is not a roster file we can read.
pub fn add_edit(text: &str, name: &str) -> Option<TextEdit> {
    let rf: RosterFile = toml::from_str(text).ok()?;
    let key = crate::index::speaker_key(name);
    let known = rf.person.iter().any(|p| {
        std::iter::once(&p.name)
            .chain(&p.aliases)
            .any(|n| crate::index::speaker_key(n) == key)
    });
    if known || key.is_empty() {
        return None;
    }
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lead = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        nl
    };
    let quoted = toml::Value::String(name.to_string()).to_string();
    Some(TextEdit {
        range: text.len()..text.len(),
        replacement: format!("{lead}{nl}[[person]]{nl}name = {quoted}{nl}"),
    })
}

/// A roster entry renamed: the edit to its `name` value, made against the
/// roster's current text, and the name it had there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRename {
    /// In byte offsets of the roster text: exactly the `name` string (its
    /// quotes included), so the file's layout and comments are kept.
    pub edit: TextEdit,
    /// The entry's name before the rename.
    pub old_name: String,
}

/// The rename of the person that `spelling` names (their name or one of
/// their aliases, compared by [`crate::index::speaker_key`]) to `new_name`
/// in the roster whose current text is `text`: `Ok(None)` when this roster
/// does not list them, `Err` when the text is not a roster that can be
/// read (then no rename is safe: the notes would no longer match it).
pub fn rename_in_roster(
    text: &str,
    spelling: &str,
    new_name: &str,
) -> Result<Option<RosterRename>, String> {
    use toml_edit::{Item, Value};
    // Read with the loader's rules first (unknown keys refused), then with
    // toml_edit for the places.
    toml::from_str::<RosterFile>(text).map_err(|e| e.message().to_string())?;
    let doc = toml_edit::ImDocument::parse(text).map_err(|e| e.message().to_string())?;
    let key = crate::index::speaker_key(spelling);
    let names_them = |name: &str, aliases: &[String]| {
        std::iter::once(name)
            .chain(aliases.iter().map(String::as_str))
            .any(|n| crate::index::speaker_key(n) == key)
    };
    let mut entries: Vec<(Option<Value>, Vec<String>)> = Vec::new();
    let aliases_of = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    match doc.get("person") {
        Some(Item::ArrayOfTables(a)) => {
            for t in a.iter() {
                let name = t.get("name").and_then(Item::as_value).cloned();
                let aliases = aliases_of(t.get("aliases").and_then(Item::as_value));
                entries.push((name, aliases));
            }
        }
        Some(Item::Value(Value::Array(a))) => {
            for t in a.iter().filter_map(Value::as_inline_table) {
                entries.push((t.get("name").cloned(), aliases_of(t.get("aliases"))));
            }
        }
        _ => {}
    }
    for (name, aliases) in entries {
        let Some(v) = name else { continue };
        let (Some(old), Some(span)) = (v.as_str(), v.span()) else {
            continue;
        };
        if !names_them(old, &aliases) {
            continue;
        }
        let quoted = toml::Value::String(new_name.to_string()).to_string();
        return Ok(Some(RosterRename {
            edit: TextEdit {
                range: span,
                replacement: quoted,
            },
            old_name: old.to_string(),
        }));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rename_edits_only_the_name_value_of_the_right_entry() {
        let r = "# Speakers\n[[person]]\nname = \"Bo Ray\"\n\n[[person]]\nname   =   'Ann Lee'  # the keynote\naliases = [\"A. Lee\"]\nhandle = \"@ann\"\n";
        for spelling in ["Ann Lee", "ANN  LEE", "A. Lee", "a lee"] {
            let got = rename_in_roster(r, spelling, "Ann \"Smith\"")
                .unwrap()
                .unwrap();
            assert_eq!(got.old_name, "Ann Lee");
            let mut s = r.to_string();
            s.replace_range(got.edit.range, &got.edit.replacement);
            // Only the value changed: the comment, spacing and other keys stay.
            assert_eq!(
                s,
                r.replace("'Ann Lee'", &got.edit.replacement),
                "{spelling}"
            );
            let back: RosterFile = toml::from_str(&s).unwrap();
            assert_eq!(back.person[1].name, "Ann \"Smith\"");
            assert_eq!(back.person[1].aliases, ["A. Lee"]);
        }
        assert_eq!(rename_in_roster(r, "Cy Lo", "X").unwrap(), None);
        let inline = "person = [{ name = \"Ann Lee\" }]\n";
        let got = rename_in_roster(inline, "ann lee", "Ann Smith")
            .unwrap()
            .unwrap();
        assert_eq!(&inline[got.edit.range], "\"Ann Lee\"");
        // Not a roster that can be read: no rename.
        assert!(rename_in_roster("[[person]\nname=", "Ann Lee", "X").is_err());
        assert!(rename_in_roster("[[person]]\nnom = \"Ann\"\n", "Ann", "X").is_err());
    }

    fn applied(text: &str, name: &str) -> Option<String> {
        let e = add_edit(text, name)?;
        let mut s = text.to_string();
        s.replace_range(e.range, &e.replacement);
        Some(s)
    }

    #[test]
    fn appends_once_from_the_current_text() {
        let r = "[[person]]\nname = \"Ada Lovelace\"\naliases = [\"Countess of Lovelace\"]\n";
        let quoted = applied(r, "Grace \"Amazing\" Hopper").unwrap();
        assert!(quoted.starts_with(&format!("{r}\n[[person]]\nname = ")));
        let back: RosterFile = toml::from_str(&quoted).unwrap();
        assert_eq!(back.person[1].name, "Grace \"Amazing\" Hopper");
        assert_eq!(applied(r, "ada lovelace"), None);
        assert_eq!(applied(r, "Countess of Lovelace"), None);
        // CRLF kept; a missing final newline supplied.
        let crlf = "[[person]]\r\nname = \"Ada\"";
        assert_eq!(
            applied(crlf, "Bo Li").unwrap(),
            "[[person]]\r\nname = \"Ada\"\r\n\r\n[[person]]\r\nname = \"Bo Li\"\r\n"
        );
        // Not a roster we understand: no edit.
        assert_eq!(applied("[[person]\nname=", "Bo Li"), None);
        let added = applied(r, "Bo Li").unwrap();
        let back: RosterFile = toml::from_str(&added).unwrap();
        assert_eq!(back.person.len(), 2);
    }
}
