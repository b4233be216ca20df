//! NL011 too-long: Abstract, Bio or title over a configured limit.

use super::description_too_long::check_limit;
use super::util::*;

pub struct TooLong;

pub static META: RuleMeta = RuleMeta {
    code: "NL011",
    name: "too-long",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "An Abstract, Bio or title is longer than its configured limit.",
    explanation: r#"Like `description-too-long`, for the other limits a conference may set. It
finds nothing unless a limit is configured. Characters are counted, not bytes.
The range starts at the first character over the limit.

**Bad** (with `limits.title = 60`)

```talk
 Unspeakably Evil Hacks in Service of Marginally Improved Syntax: "Compile-Time" Python Programming
```

**Good**

```talk
 Compile-Time Python: Evil Hacks for Better Syntax
```

**Options**: `limits.abstract`, `limits.bio`, `limits.title` (all unset by default).

**Fix**: none."#,
};

impl Rule for TooLong {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        let l = &cx.config.limits;
        check_limit(&META, cx, Label::Abstract, l.abstract_, out);
        check_limit(&META, cx, Label::Bio, l.bio, out);
        if let (Some(limit), Some(t)) = (l.title, cx.seg.head.title) {
            let s = t.text(cx.text);
            let n = s.chars().count();
            if n > limit {
                let off = s.char_indices().nth(limit).map_or(s.len(), |(i, _)| i);
                out.push(Diagnostic::new(
                    &META,
                    t.start as usize + off..t.end as usize,
                    format!("title is {n} characters long; the limit is {limit}"),
                ));
            }
        }
    }
}
