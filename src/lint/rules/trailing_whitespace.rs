//! NL030 trailing-whitespace: spaces or tabs at the end of a line.

use super::util::*;

pub struct TrailingWhitespace;

pub static META: RuleMeta = RuleMeta {
    code: "NL030",
    name: "trailing-whitespace",
    default_severity: Severity::Hint,
    scope: Scope::Talk,
    fix: FixAvailability::Safe,
    summary: "A line ends in spaces or tabs (or a blank line holds them).",
    explanation: r#"Trailing spaces and tabs are invisible, make diffs noisy and can change how an
indented line is read. A blank line that holds only spaces or tabs is reported
too.

**Bad**

```talk
Bio: Wesley J Chun is the author of Core Python.␠␠
```

**Good**

```talk
Bio: Wesley J Chun is the author of Core Python.
```

**Options**: none.

**Fix**: safe — deletes the trailing run; applied by `--fix`."#,
};

impl Rule for TrailingWhitespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        for &s in cx.seg.trailing_ws() {
            let blank = s.start == 0
                || matches!(
                    cx.text.as_bytes().get(s.start as usize - 1),
                    Some(b'\n' | b'\r')
                );
            let msg = if blank {
                "blank line contains whitespace"
            } else {
                "trailing whitespace"
            };
            out.push(Diagnostic::new(&META, r(s), msg).with_fix(
                "Remove trailing whitespace",
                FixSafety::Safe,
                vec![TextEdit {
                    range: r(s),
                    replacement: String::new(),
                }],
            ));
        }
    }
}
