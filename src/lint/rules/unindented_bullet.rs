//! NL032 unindented-bullet: a column-0 bullet under an indented item.

use super::util::*;
use crate::syntax::ContentKind;

pub struct UnindentedBullet;

pub static META: RuleMeta = RuleMeta {
    code: "NL032",
    name: "unindented-bullet",
    default_severity: Severity::Hint,
    scope: Scope::Talk,
    fix: FixAvailability::Safe,
    summary: "A column-0 bullet follows an indented item it belongs under.",
    explanation: r#"Notes often write sub-points as `*` bullets at column 0 right after an
indented item. They are read as nested under that item, but the layout says
otherwise and other tools will not nest them. Indent them one level deeper
than the item.

**Bad**

```talk
Interest
	Why the GIL matters:
* Ref counts
* Thread safety
```

**Good**

```talk
Interest
	Why the GIL matters:
		* Ref counts
		* Thread safety
```

**Options**: none.

**Fix**: safe — inserts indentation (tabs, or the section's spaces) one
level deeper than the item; it only makes explicit the nesting that is
already read; applied by `--fix`."#,
};

impl Rule for UnindentedBullet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        let bytes = cx.text.as_bytes();
        for s in &cx.seg.sections {
            // The indented line the current run of column-0 bullets follows.
            let mut anchor: Option<(u16, bool)> = None;
            for c in cx.seg.content(s) {
                let col0 = c.line.start == c.text.start
                    || bytes
                        .get(c.line.start as usize)
                        .is_some_and(|b| *b != b' ' && *b != b'\t');
                match c.kind {
                    ContentKind::Bullet(_) if col0 => {
                        let Some((depth, tabs)) = anchor else {
                            continue;
                        };
                        let at = c.line.start as usize;
                        let marker_end = cx
                            .text
                            .get(at..c.text.start as usize)
                            .and_then(|m| m.find([' ', '\t']))
                            .map_or(c.text.start as usize, |i| at + i);
                        let indent = if tabs {
                            "\t".repeat(depth as usize + 1)
                        } else {
                            " ".repeat((depth as usize + 1) * cx.seg.indent_unit as usize)
                        };
                        out.push(
                            Diagnostic::new(&META, at..marker_end, "bullet at column 0 follows an indented item; indent it under the item")
                                .with_fix(
                                    "Indent the bullet under the item",
                                    FixSafety::Safe,
                                    vec![TextEdit {
                                        range: at..at,
                                        replacement: indent,
                                    }],
                                ),
                        );
                    }
                    _ if !col0 => {
                        anchor = Some((c.depth, bytes.get(c.line.start as usize) == Some(&b'\t')));
                    }
                    _ => anchor = None,
                }
            }
        }
    }
}
