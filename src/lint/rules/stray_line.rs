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
            for s in &seg.stray {
                let msg = match s.kind {
                    StrayKind::Head => format!("line after the head of {t} belongs to no section"),
                    StrayKind::Content => format!("indented line before the first section of {t} belongs to no section"),
                };
                out.push(Diagnostic::new(&META, r(s.line), msg));
            }
            return;
        }
        // No title: everything here except a first segment's preamble and
        // fields (field-outside-talk) belongs to no talk. One finding for all.
        let mut lines: Vec<Span> = seg.stray.iter().map(|s| s.line).collect();
        for s in &seg.sections {
            if matches!(s.kind, SectionKind::Heading) {
                lines.push(s.line);
                lines.extend(s.content.iter().map(|c| c.line));
            }
        }
        if lines.is_empty() {
            return;
        }
        lines.sort();
        lines.dedup();
        let n = lines.len();
        let what = if n == 1 { "1 line".to_string() } else { format!("{n} lines") };
        out.push(Diagnostic::new(
            &META,
            r(lines[0]),
            format!("{what} here belong to no talk (no title before them)"),
        ));
    }
}
