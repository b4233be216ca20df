//! NL006 stray-line: lines that belong to no part of a talk.

use super::util::*;
use crate::syntax::{SectionKind, StrayKind};

pub struct StrayLine;

pub static META: RuleMeta = RuleMeta {
    code: "NL006",
    name: "stray-line",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A line belongs to no part of a talk.",
    explanation: r#"After a separator the head is title, speaker line and meta line; further text
lines before the first section belong to nothing. Indented content right
after the head (before any section) has no heading to belong to. Text after a
separator that never becomes a talk (no title, only content, such as web page
debris at the end of an export) is reported once for the whole stretch. The
preamble at the top of a document is allowed.

**Bad**

```talk
___
Advanced Celery
Ask Solem
Intermediate talk, room B
Description: Chords, routing and Cyme.
```

**Good**

```talk
___
Advanced Celery
Ask Solem
Scalable Python, Intermediate
Description: Chords, routing and Cyme. Room B.
```

**Options**: none.

**Fix**: none — the line may need to move or go."#,
};

impl Rule for StrayLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        let seg = cx.seg;
        if let Some(title) = seg.head.title {
            let t = quote(title.text(cx.text));
            // Consecutive stray lines of one kind (blank lines and comments
            // between are fine: a comment never changes the structure, so a
            // suppression comment must not split a run) are one finding: a
            // table of contents is one mistake.
            let mut i = 0;
            while i < seg.stray().len() {
                let s = &seg.stray()[i];
                let mut j = i + 1;
                while j < seg.stray().len()
                    && seg.stray()[j].kind == s.kind
                    && cx
                        .text
                        .get(
                            seg.stray()[j - 1].line.end as usize
                                ..seg.stray()[j].line.start as usize,
                        )
                        .is_some_and(|gap| {
                            gap.lines().all(|l| {
                                let l = l.trim();
                                l.is_empty() || l.starts_with("//")
                            })
                        })
                {
                    j += 1;
                }
                let n = j - i;
                let lines = if n == 1 {
                    "line".to_string()
                } else {
                    format!("{n} lines")
                };
                let msg = match (s.kind, n) {
                    (StrayKind::Head, 1) => format!("line after the head of {t} belongs to no section"),
                    (StrayKind::Head, _) => format!("{lines} after the head of {t} belong to no section"),
                    (StrayKind::Content, 1) => format!("indented line before the first section of {t} belongs to no section"),
                    (StrayKind::Content, _) => format!("{lines} of indented content before the first section of {t} belong to no section"),
                };
                out.push(Diagnostic::new(&META, r(s.line), msg));
                i = j;
            }
            return;
        }
        // No title: everything here except a first segment's preamble and
        // fields (field-outside-talk) belongs to no talk. One finding for all.
        let mut lines: Vec<Span> = seg.stray().iter().map(|s| s.line).collect();
        for s in &seg.sections {
            if matches!(s.kind, SectionKind::Heading) {
                lines.push(s.line);
                lines.extend(seg.content(s).iter().map(|c| c.line));
            }
        }
        if lines.is_empty() {
            return;
        }
        lines.sort();
        lines.dedup();
        let n = lines.len();
        let (what, verb) = if n == 1 {
            ("1 line".to_string(), "belongs")
        } else {
            (format!("{n} lines"), "belong")
        };
        let place = match seg.opener {
            crate::syntax::Opener::Separator(_) => "after this separator",
            _ => "before the first talk",
        };
        out.push(Diagnostic::new(
            &META,
            r(lines[0]),
            format!("{what} {place} {verb} to no talk (there is no title)"),
        ));
    }
}
