//! NL009 duplicate-title: two talks with the same title, in one file
//! (document scope) or across files (workspace scope, over the index).

use super::util::*;
use crate::lint::Related;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

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

impl Rule for DuplicateTitle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_document(&self, cx: &DocCtx, out: &mut Vec<Diagnostic>) {
        // `titles` holds normalized titles: first index of each.
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(cx.titles.len());
        for (i, t) in cx.titles.iter().enumerate() {
            let Some(key) = t else { continue };
            let j = *seen.entry(key).or_insert(i);
            if j == i {
                continue;
            }
            let (Some(ts), Some(fs)) = (
                cx.source.segments().at(i).seg.head.title,
                cx.source.segments().at(j).seg.head.title,
            ) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &META,
                    ts.abs(cx.source.segments().at(i).start),
                    same_title(),
                )
                .with_related(
                    fs.abs(cx.source.segments().at(j).start),
                    "first talk with this title",
                ),
            );
        }
    }
    fn check_workspace(&self, cx: &WorkspaceCtx, out: &mut Vec<Diagnostic>) {
        let titles = cx.index.titles_by_key();
        if titles.is_empty() {
            return;
        }
        for t in cx.talks {
            let Some(all) = titles.get(t.key) else {
                continue;
            };
            if all.iter().all(|(f, _)| **f == *cx.file) {
                continue;
            }
            let related: Vec<Related> = all
                .iter()
                .filter(|(f, _)| **f != *cx.file)
                .take(5)
                .map(|(f, range)| Related {
                    file: Some(f.to_string()),
                    range: range.clone(),
                    message: "a talk with the same title".into(),
                })
                .collect();
            let mut d = Diagnostic::new(
                &META,
                t.title_range.clone(),
                format!("a talk in another file is also titled {}", quote(t.title)),
            );
            d.related = related;
            out.push(d);
        }
    }
}

/// The message of every duplicate in a file, one copy (a note can have
/// thousands; each finding holds the message as an `Arc`).
fn same_title() -> Arc<str> {
    static TEXT: OnceLock<Arc<str>> = OnceLock::new();
    Arc::clone(TEXT.get_or_init(|| Arc::from("another talk in this file has the same title")))
}
