//! NL003 duplicate-section: the same field twice in one talk.

use super::util::*;

pub struct DuplicateSection;

pub static META: RuleMeta = RuleMeta {
    code: "NL003",
    name: "duplicate-section",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A talk has the same field (e.g. two `Bio:`) twice.",
    explanation: r#"A field such as `Description`, `Abstract` or `Bio` should appear once per talk;
a second one is usually a paste error, and tools read only the first. The
speaker labels (`Author`, `Authors`, `Speaker`, `Speakers`) count as one field.
Headings in free-form notes may repeat and are not checked.

**Bad**

```talk
 Breakdancer
Bio: Dustin writes test tools.
Bio: Dustin works at Couchbase.
```

**Good**

```talk
 Breakdancer
Bio: Dustin writes test tools and works at Couchbase.
```

**Options**: none.

**Fix**: none — which text to keep is a person's choice."#,
};

fn family(l: Label) -> Label {
    if l.is_speaker() {
        Label::Author
    } else {
        l
    }
}

impl Rule for DuplicateSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        if !cx.seg.is_talk() {
            return;
        }
        let secs = &cx.seg.sections;
        for (i, s) in secs.iter().enumerate() {
            let Some(l) = s.label() else { continue };
            if let Some(first) = secs[..i]
                .iter()
                .find(|p| p.label().map(family) == Some(family(l)))
            {
                let name = s.name.text(cx.text);
                out.push(
                    Diagnostic::new(
                        &META,
                        r(s.name),
                        format!("`{name}` appears twice in this talk"),
                    )
                    .with_related(r(first.name), "first one here"),
                );
            }
        }
    }
}
