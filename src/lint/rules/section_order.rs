//! NL005 section-order: Description, Abstract, Bio in that order.

use super::util::*;

pub struct SectionOrder;

pub static META: RuleMeta = RuleMeta {
    code: "NL005",
    name: "section-order",
    default_severity: Severity::Info,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "Description, Abstract and Bio are out of order.",
    explanation: r#"Proposals read best, and compare easily side by side, when the fields come in
one order: `Description`, then `Abstract`, then `Bio`. The finding is on the
first field that comes too late, with the field it should precede as related
information.

**Bad**

```talk
 Stop Writing Classes
Jack Diederich
Bio: Jack has written Python since 1.5.
Description: Classes are great, but overused.
```

**Good**

```talk
 Stop Writing Classes
Jack Diederich
Description: Classes are great, but overused.
Bio: Jack has written Python since 1.5.
```

**Options**: none.

**Fix**: none — moving paragraphs is left to a person (it is easy to get
blank lines and comments wrong)."#,
};

fn rank(l: Label) -> Option<u8> {
    match l {
        Label::Description => Some(0),
        Label::Abstract => Some(1),
        Label::Bio => Some(2),
        _ => None,
    }
}

impl Rule for SectionOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        if !cx.seg.is_talk() {
            return;
        }
        let mut latest: Option<(u8, &Section)> = None;
        for s in &cx.seg.sections {
            let Some(k) = s.label().and_then(rank) else {
                continue;
            };
            match latest {
                Some((m, later)) if k < m => {
                    let name = s.name.text(cx.text);
                    let other = later.name.text(cx.text);
                    out.push(
                        Diagnostic::new(
                            &META,
                            r(s.name),
                            format!("`{name}` should come before `{other}`"),
                        )
                        .with_related(r(later.name), format!("`{other}` is here")),
                    );
                    return;
                }
                Some((m, _)) if k == m => {}
                _ => latest = Some((k, s)),
            }
        }
    }
}
