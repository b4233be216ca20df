//! NL007 field-outside-talk: a field that no talk holds.

use super::util::*;

pub struct FieldOutsideTalk;

pub static META: RuleMeta = RuleMeta {
    code: "NL007",
    name: "field-outside-talk",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A field (`Bio:`, `Abstract:` …) stands outside any talk.",
    explanation: r#"Fields describe a talk, so they must follow a talk's title. A field in the
preamble, or after a separator with no title, describes nothing: most often
the title line was deleted or the separator is one too many.

**Bad**

```talk
My notes from PyCon
Bio: Wesley J Chun is the author of Core Python.
```

**Good**

```talk
My notes from PyCon

 Python 103: Memory Model & Best Practices
Wesley Chun
Bio: Wesley J Chun is the author of Core Python.
```

**Options**: none.

**Fix**: none."#,
};

impl Rule for FieldOutsideTalk {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        if cx.seg.is_talk() {
            return;
        }
        for s in &cx.seg.sections {
            if s.label().is_some() {
                let name = s.name.text(cx.text);
                out.push(Diagnostic::new(
                    &META,
                    r(s.name),
                    format!("field `{name}` is outside any talk (no title before it)"),
                ));
            }
        }
    }
}
