//! NL031 mixed-indentation: tabs and spaces mixed in one line's indentation.

use super::util::*;

pub struct MixedIndentation;

pub static META: RuleMeta = RuleMeta {
    code: "NL031",
    name: "mixed-indentation",
    default_severity: Severity::Info,
    scope: Scope::Talk,
    fix: FixAvailability::Safe,
    summary: "An indented line mixes tabs and spaces.",
    explanation: r#"Nesting depth is one level per tab, or per indentation unit of spaces.
Indentation that mixes both reads differently in every editor, so the depth a
reader sees may not be the depth the linter and the outline use.

**Bad**

```talk
Intro
	␠␠Aimed at all communities.
```

**Good**

```talk
Intro
	Aimed at all communities.
```

**Options**: none.

**Fix**: safe — rewrites the indentation as one tab per level of the depth
the line already has, so the outline does not change; applied by `--fix`."#,
};

impl Rule for MixedIndentation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        for s in &cx.seg.sections {
            for c in cx.seg.content(s).iter().filter(|c| c.mixed_indent) {
                let line = c.line.text(cx.text);
                let n = line.len() - line.trim_start_matches([' ', '\t']).len();
                let range = c.line.start as usize..c.line.start as usize + n;
                out.push(
                    Diagnostic::new(&META, range.clone(), "indentation mixes tabs and spaces")
                        .with_fix(
                            "Indent with tabs",
                            FixSafety::Safe,
                            vec![TextEdit {
                                range,
                                replacement: "\t".repeat(c.depth as usize),
                            }],
                        ),
                );
            }
        }
    }
}
