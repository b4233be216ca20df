//! NL001 missing-author: a talk with no speaker.

use super::util::*;

pub struct MissingAuthor;

pub static META: RuleMeta = RuleMeta {
    code: "NL001",
    name: "missing-author",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A talk names no speaker.",
    explanation: r#"Every talk should say who gives it: a speaker line under the title, or an
`Author` / `Speaker` field. Without one the talk is missing from the speakers
index, from completion and from `notelint speakers`.

**Bad**

```talk
 Lightning Talks

Vagrant
	Reproducible dev boxes
```

**Good**

```talk
 Lightning Talks
Various speakers

Vagrant
	Reproducible dev boxes
```

**Options**: none.

**Fix**: none — only a person knows the speaker."#,
};

impl Rule for MissingAuthor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        let Some(title) = cx.seg.head.title else {
            return;
        };
        if !has_speaker(cx.seg) {
            out.push(Diagnostic::new(
                &META,
                r(title),
                format!("talk {} has no speaker", quote(title.text(cx.text))),
            ));
        }
    }
}
