//! NL010 description-too-long: a Description over the limit (400 characters).

use super::util::*;

pub struct DescriptionTooLong;

pub static META: RuleMeta = RuleMeta {
    code: "NL010",
    name: "description-too-long",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A Description is longer than the limit (400 characters by default).",
    explanation: r#"The Description is what the printed programme shows, and proposal systems
cap it (400 characters is the common limit, and every Description in a real
call-for-proposals export keeps it). Characters are counted, not bytes; lines
of a multi-line Description count one character for each line break. The
range starts at the first character over the limit.

**Bad**

```talk
Description: (a 600-character summary that repeats the abstract)
```

**Good**

```talk
Description: One or two sentences that make people want to attend.
```

**Options**: `limits.description` (default 400).

**Fix**: none — shortening text is an editor's job."#,
};

/// Shared by description-too-long and too-long.
pub(crate) fn check_limit(
    meta: &'static RuleMeta,
    cx: &TalkCtx,
    label: Label,
    limit: Option<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(limit) = limit else { return };
    if !cx.seg.is_talk() {
        return;
    }
    for s in &cx.seg.sections {
        if s.label() != Some(label) {
            continue;
        }
        let (n, over) = measure(cx.text, cx.seg, s, Some(limit));
        let (Some(over), Some(last)) = (over, pieces(cx.seg, s).last()) else {
            continue;
        };
        out.push(Diagnostic::new(
            meta,
            over..(last.end as usize).max(over),
            format!(
                "{} is {n} characters long; the limit is {limit}",
                label.canonical()
            ),
        ));
    }
}

impl Rule for DescriptionTooLong {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        check_limit(
            &META,
            cx,
            Label::Description,
            cx.config.limits.description,
            out,
        );
    }
}
