//! NL031 mixed-indentation: tabs and spaces mixed in one line's indentation,
//! or within one talk (some lines indented with tabs, others with spaces).

use super::util::*;

pub struct MixedIndentation;

pub static META: RuleMeta = RuleMeta {
    code: "NL031",
    name: "mixed-indentation",
    default_severity: Severity::Hint,
    scope: Scope::Talk,
    fix: FixAvailability::Safe,
    summary: "An indented line mixes tabs and spaces, or a talk indents with both.",
    explanation: r#"Nesting depth is one level per tab, or per indentation unit of spaces.
Indentation that mixes both reads differently in every editor, so the depth a
reader sees may not be the depth the linter and the outline use. The same
goes for a talk that indents some lines with tabs and others with spaces:
the lines in the talk's less used style are reported (its style is the one
most of its indented lines use; tabs on a tie).

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

**Fix**: safe — rewrites the indentation in the talk's style (one tab, or
one unit of spaces, per level) at the depth the line already has, so the
outline does not change; applied by `--fix`."#,
};

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Tabs,
    Spaces,
    Mixed,
}

impl Rule for MixedIndentation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        // Each indented content line: its indentation's range, depth, style.
        let mut lines = Vec::new();
        let (mut tabs, mut spaces) = (0usize, 0usize);
        for s in &cx.seg.sections {
            for c in cx.seg.content(s) {
                let line = c.line.text(cx.text);
                let n = line.len() - line.trim_start_matches([' ', '\t']).len();
                if n == 0 {
                    continue;
                }
                let ws = &line[..n];
                let style = if c.mixed_indent || (ws.contains('\t') && ws.contains(' ')) {
                    Style::Mixed
                } else if ws.starts_with('\t') {
                    tabs += 1;
                    Style::Tabs
                } else {
                    spaces += 1;
                    Style::Spaces
                };
                let at = c.line.start as usize;
                lines.push((at..at + n, c.depth as usize, style));
            }
        }
        // The talk's own style is what most of its lines use (tabs on a
        // tie: one tab per level is what `notelint fmt` writes).
        let want = if spaces > tabs {
            Style::Spaces
        } else {
            Style::Tabs
        };
        let unit = cx.seg.indent_unit as usize;
        for (range, depth, style) in lines {
            let msg = match (style, want) {
                (Style::Mixed, _) => "indentation mixes tabs and spaces",
                (Style::Spaces, Style::Tabs) => {
                    "indented with spaces; the rest of this talk indents with tabs"
                }
                (Style::Tabs, Style::Spaces) => {
                    "indented with tabs; the rest of this talk indents with spaces"
                }
                _ => continue,
            };
            // The same depth in the talk's style, so the outline and the
            // nesting do not change. (The talk's unit of spaces stays what
            // it is: it is read from the lines indented with spaces only,
            // and when spaces are the talk's style those are left alone.)
            let (title, replacement) = if want == Style::Spaces {
                ("Indent with spaces", " ".repeat(depth * unit))
            } else {
                ("Indent with tabs", "\t".repeat(depth))
            };
            out.push(Diagnostic::new(&META, range.clone(), msg).with_fix(
                title,
                FixSafety::Safe,
                vec![TextEdit { range, replacement }],
            ));
        }
    }
}
