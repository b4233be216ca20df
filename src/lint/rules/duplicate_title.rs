//! NL009 duplicate-title: two talks with the same title, in one file
//! (document scope) or across files (workspace scope, over the index).

use super::util::*;
use crate::index::{normalize_title, WorkspaceCtx};
use crate::lint::Related;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

pub struct DuplicateTitle;

pub static META: RuleMeta = RuleMeta {
    code: "NL009",
    name: "duplicate-title",
    default_severity: Severity::Warning,
    scope: Scope::Document,
    fix: FixAvailability::None,
    summary: "Two talks have the same title.",
    explanation: r#"Titles identify talks in outlines, the programme and cross-references; two
talks with the same title (ignoring case and spacing) are ambiguous. Within a
file the later one is reported, with the first as related information; across
files (in `notelint check` over several files and in the language server) each
copy is reported with the others as related information.

**Bad**

```talk
 Lightning Talks
…
 Lightning Talks
…
```

**Good**

```talk
 Lightning Talks (Friday)
…
 Lightning Talks (Saturday)
…
```

**Options**: none.

**Fix**: none — only a person can tell the talks apart."#,
};

/// Hash of the normalized title without building it.
fn title_hash(s: &str, state: &impl BuildHasher) -> u64 {
    let mut h = state.build_hasher();
    for w in s.split_whitespace() {
        for c in w.chars().flat_map(char::to_lowercase) {
            h.write_u32(c as u32);
        }
        h.write_u8(0);
    }
    h.finish()
}

fn same_title(a: &str, b: &str) -> bool {
    let mut x = a
        .split_whitespace()
        .flat_map(|w| w.chars().flat_map(char::to_lowercase).chain([' ']));
    let mut y = b
        .split_whitespace()
        .flat_map(|w| w.chars().flat_map(char::to_lowercase).chain([' ']));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (a, b) if a == b => {}
            _ => return false,
        }
    }
}

impl Rule for DuplicateTitle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_document(&self, cx: &DocCtx, out: &mut Vec<Diagnostic>) {
        let state = std::collections::hash_map::RandomState::new();
        // hash -> indices of segments with that title hash (first first).
        let mut seen: HashMap<u64, Vec<usize>> = HashMap::with_capacity(cx.titles.len());
        for (i, t) in cx.titles.iter().enumerate() {
            let Some(t) = t else { continue };
            let v = seen.entry(title_hash(t, &state)).or_default();
            let first = v
                .iter()
                .copied()
                .find(|&j| cx.titles[j].is_some_and(|u| same_title(t, u)));
            v.push(i);
            let Some(j) = first else { continue };
            let (Some(ts), Some(fs)) =
                (cx.segments[i].seg.head.title, cx.segments[j].seg.head.title)
            else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &META,
                    ts.abs(cx.segments[i].start),
                    format!("another talk in this file is also titled {}", quote(t)),
                )
                .with_related(fs.abs(cx.segments[j].start), "first talk with this title"),
            );
        }
    }
    fn check_workspace(&self, cx: &WorkspaceCtx, out: &mut Vec<Diagnostic>) {
        let titles = cx.index.titles_by_key();
        for t in &cx.entry.talks {
            let Some(all) = titles.get(&normalize_title(&t.title)) else {
                continue;
            };
            let related: Vec<Related> = all
                .iter()
                .filter(|(f, _)| f != cx.file)
                .take(5)
                .map(|(f, range)| Related {
                    file: Some(f.clone()),
                    range: range.clone(),
                    message: "a talk with the same title".to_string(),
                })
                .collect();
            if related.is_empty() {
                continue;
            }
            let mut d = Diagnostic::new(
                &META,
                t.title_range.clone(),
                format!("a talk in another file is also titled {}", quote(&t.title)),
            );
            d.related = related;
            out.push(d);
        }
    }
}
