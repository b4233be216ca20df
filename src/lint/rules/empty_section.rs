//! NL004 empty-section: a field with no text.

use super::util::*;

pub struct EmptySection;

pub static META: RuleMeta = RuleMeta {
    code: "NL004",
    name: "empty-section",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A field has a label but no text.",
    explanation: r#"A field label with nothing after it and no content lines under it is either
unfinished or left over. (A missing field is `incomplete-proposal`'s concern;
this one is about a label that is there but empty.)

**Bad**

```talk
 Advanced Celery
Ask Solem
Bio:
```

**Good**

```talk
 Advanced Celery
Ask Solem
Bio: Ask maintains Celery.
```

**Options**: none.

**Fix**: none — write the text or delete the label."#,
};

impl Rule for EmptySection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        if !cx.seg.is_talk() {
            return;
        }
        for s in &cx.seg.sections {
            if s.label().is_some() && pieces(cx.seg, s).next().is_none() {
                let name = s.name.text(cx.text);
                out.push(Diagnostic::new(
                    &META,
                    r(s.name),
                    format!("`{name}` is empty"),
                ));
            }
        }
    }
}
