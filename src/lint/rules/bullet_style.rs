//! NL033 bullet-style: mixed bullet markers in one list.

use super::util::*;
use crate::syntax::line::Marker;
use crate::syntax::ContentKind;

pub struct BulletStyle;

pub static META: RuleMeta = RuleMeta {
    code: "NL033",
    name: "bullet-style",
    default_severity: Severity::Hint,
    scope: Scope::Talk,
    fix: FixAvailability::Safe,
    summary: "A list mixes bullet markers (`*`, `-`, `+`, `•`).",
    explanation: r#"The bullets of one list (same section, same depth, not broken by a paragraph)
should use one marker. The list's first marker is the expected one. Numbered
lists are not compared with unnumbered ones.

**Bad**

```talk
Topics
	* Bytecode rewriting
	- Import hooks
```

**Good**

```talk
Topics
	* Bytecode rewriting
	* Import hooks
```

**Options**: none.

**Fix**: safe — replaces the marker with the list's first marker; applied by
`--fix`."#,
};

fn glyph(m: Marker) -> Option<&'static str> {
    match m {
        Marker::Star => Some("*"),
        Marker::Dash => Some("-"),
        Marker::Plus => Some("+"),
        Marker::Dot => Some("•"),
        _ => None,
    }
}

impl Rule for BulletStyle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        for s in &cx.seg.sections {
            // First unnumbered marker of the open list at each depth.
            let mut first: Vec<Option<(Marker, Span)>> = Vec::new();
            for c in cx.seg.content(s) {
                let d = c.depth as usize;
                match c.kind {
                    ContentKind::Para => {
                        first.clear();
                        continue;
                    }
                    ContentKind::Item => {
                        first.truncate(d + 1);
                        continue;
                    }
                    ContentKind::Bullet(m) => {
                        first.truncate(d + 1);
                        if first.len() <= d {
                            first.resize(d + 1, None);
                        }
                        let Some(g) = glyph(m) else { continue };
                        let line = c.line.text(cx.text);
                        let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
                        let at = c.line.start as usize + lead;
                        let span = Span::new(at, at + g.len());
                        match first[d] {
                            None => first[d] = Some((m, span)),
                            Some((want, fs)) if want != m => {
                                let w = glyph(want).unwrap_or("*");
                                out.push(
                                    Diagnostic::new(
                                        &META,
                                        r(span),
                                        format!("bullet `{g}` in a list that uses `{w}`"),
                                    )
                                    .with_related(r(fs), "the list's first bullet")
                                    .with_fix(
                                        format!("Use `{w}`"),
                                        FixSafety::Safe,
                                        vec![TextEdit {
                                            range: r(span),
                                            replacement: w.to_string(),
                                        }],
                                    ),
                                );
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
}
