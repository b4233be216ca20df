//! NL036 blank-lines: blank lines the canonical layout does not keep.

use super::util::*;
use crate::syntax::line::{is_blank, lines};

pub struct BlankLines;

pub static META: RuleMeta = RuleMeta {
    code: "NL036",
    name: "blank-lines",
    default_severity: Severity::Hint,
    scope: Scope::Talk,
    fix: FixAvailability::Safe,
    summary:
        "Blank lines in a row, blank lines at the start of the file, or no line end at its end.",
    explanation: r#"One blank line separates paragraphs and talks; more say nothing and make
a note long to scroll. The canonical layout (`notelint fmt`) keeps at most
one blank line in a row, none at the start of the file, and ends the file
with a line end. (One blank line at the very end is left alone, as between
talks.)

**Bad**

```talk
Intro
	Aimed at all communities.



What is Python?
```

**Good**

```talk
Intro
	Aimed at all communities.

What is Python?
```

**Options**: none.

**Fix**: safe — deletes the extra blank lines (or adds the missing line
end); applied by `--fix`, and by `notelint fmt`."#,
};

fn plural(n: usize) -> String {
    if n == 1 {
        "1 blank line".to_string()
    } else {
        format!("{n} blank lines")
    }
}

impl Rule for BlankLines {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        let text = cx.text;
        // Reported on the first line to delete (its blank text, so the
        // range holds no line end); the fix deletes them all.
        let delete = |range: std::ops::Range<usize>, msg: String| {
            let shown = lines(&text[range.start..])
                .next()
                .map_or(range.start..range.start, |l| {
                    range.start..range.start + l.content_end
                });
            Diagnostic::new(&META, shown, msg).with_fix(
                "Delete the extra blank lines",
                FixSafety::Safe,
                vec![TextEdit {
                    range,
                    replacement: String::new(),
                }],
            )
        };
        // The blank lines since the last line with content: how many, where
        // the first one and the second one start.
        let (mut run, mut first_blank, mut second_blank) = (0usize, 0usize, 0usize);
        let mut seen_content = false;
        let mut last_term = "\n";
        let mut last = None;
        let flush = |run: usize, second: usize, to: usize, seen: bool, out: &mut Vec<_>| {
            if run >= 2 && seen {
                out.push(delete(
                    second..to,
                    format!("{} in a row; one is enough", plural(run)),
                ));
            }
        };
        for l in lines(text) {
            last = Some(l);
            if l.end > l.content_end {
                last_term = &text[l.content_end..l.end];
            }
            if is_blank(&text[l.start..l.content_end]) {
                if run == 0 {
                    first_blank = l.start;
                } else if run == 1 {
                    second_blank = l.start;
                }
                run += 1;
                continue;
            }
            if !seen_content && cx.first && run > 0 {
                out.push(delete(
                    first_blank..l.start,
                    format!("{} at the start of the file", plural(run)),
                ));
            } else {
                flush(run, second_blank, l.start, seen_content, out);
            }
            run = 0;
            seen_content = true;
        }
        if !seen_content && cx.first && run > 0 {
            // Nothing but blank lines: the file's whole text.
            out.push(delete(
                first_blank..text.len(),
                format!("{} and nothing else", plural(run)),
            ));
        } else {
            flush(run, second_blank, text.len(), seen_content, out);
        }
        // Only the document's last segment can end without a line end.
        if let Some(l) = last {
            if l.end == l.content_end && !is_blank(&text[l.start..l.content_end]) {
                out.push(
                    Diagnostic::new(&META, l.end..l.end, "no line end at the end of the file")
                        .with_fix(
                            "Add a line end",
                            FixSafety::Safe,
                            vec![TextEdit {
                                range: l.end..l.end,
                                replacement: last_term.to_string(),
                            }],
                        ),
                );
            }
        }
    }
}
