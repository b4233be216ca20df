//! Code actions: each diagnostic's fix, suppression comments ("disable RULE
//! for this talk / this line"), and fix-all of the safe fixes.

use crate::lint::{Diagnostic, FixSafety, LintConfig, TextEdit};
use crate::syntax::Document;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    /// `source.fixAll.notelint`.
    FixAll,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<TextEdit>,
    /// Index into the diagnostics passed in, when the action answers one.
    pub diagnostic: Option<usize>,
    pub preferred: bool,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Actions for the diagnostics overlapping `range`.
pub fn code_actions(doc: &Document, diags: &[Diagnostic], range: Range<usize>) -> Vec<Action> {
    let mut out = Vec::new();
    for (i, d) in diags.iter().enumerate() {
        if !overlaps(&d.range, &range) {
            continue;
        }
        if let Some(f) = &d.fix {
            out.push(Action {
                title: f.title.clone(),
                kind: ActionKind::QuickFix,
                edits: f.edits.clone(),
                diagnostic: Some(i),
                preferred: f.safety == FixSafety::Safe,
            });
        }
        // `disable-next-line` reaches the next line that is neither blank
        // nor a comment: on such a line it would promise what it cannot do.
        if !line_skipped_by_next_line(doc, d.range.start) {
            out.push(Action {
                title: format!("Disable {} for this line", d.name),
                kind: ActionKind::QuickFix,
                edits: vec![disable_line(doc, d.range.start, d.name)],
                diagnostic: Some(i),
                preferred: false,
            });
        }
        let (edit, scope) = disable_talk(doc, d.range.start, d.name);
        out.push(Action {
            title: format!("Disable {} for this {scope}", d.name),
            kind: ActionKind::QuickFix,
            edits: vec![edit],
            diagnostic: Some(i),
            preferred: false,
        });
    }
    out
}

/// Whether the line holding `offset` is blank or a comment, which a
/// `disable-next-line` comment above it passes over.
fn line_skipped_by_next_line(doc: &Document, offset: usize) -> bool {
    let rope = doc.rope();
    let line = rope.line(rope.byte_to_line(offset.min(rope.len_bytes())));
    let text: std::borrow::Cow<'_, str> = line.into();
    let t = text.trim();
    t.is_empty() || t.starts_with("//")
}

/// `// notelint: disable-next-line=NAME` above the diagnostic's line, indented like it.
pub fn disable_line(doc: &Document, offset: usize, name: &str) -> TextEdit {
    let rope = doc.rope();
    let line = rope.byte_to_line(offset.min(rope.len_bytes()));
    let start = rope.line_to_byte(line);
    let text = rope.line(line).to_string();
    let indent: String = text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let nl = line_ending(doc);
    TextEdit {
        range: start..start,
        replacement: format!("{indent}// notelint: disable-next-line={name}{nl}"),
    }
}

/// `// notelint: disable=NAME` for the talk holding `offset` (at the end of
/// the talk, or added to a disable comment it already has); before any talk
/// it is for the whole file and goes at the top. Returns the edit and the
/// scope's word ("talk" or "file").
pub fn disable_talk(doc: &Document, offset: usize, name: &str) -> (TextEdit, &'static str) {
    let nl = line_ending(doc);
    let tree = doc.tree();
    let Some(si) = tree.segment_at(offset) else {
        return (
            TextEdit {
                range: 0..0,
                replacement: format!("// notelint: disable={name}{nl}"),
            },
            "file",
        );
    };
    let p = tree.segments.at(si);
    let text = doc.slice(p.range());
    // An existing `disable=` comment in this segment: append to its list.
    for c in p.seg.comments() {
        let line = c.text(&text);
        if let Some(i) = line.find("notelint: disable=") {
            let list_end = c.start as usize + line.trim_end().len();
            let list = &line[i + "notelint: disable=".len()..];
            if list.split(',').any(|r| r.trim().eq_ignore_ascii_case(name)) {
                continue;
            }
            return (
                TextEdit {
                    range: p.start + list_end..p.start + list_end,
                    replacement: format!(",{name}"),
                },
                if p.seg.is_talk() { "talk" } else { "file" },
            );
        }
    }
    if !p.seg.is_talk() {
        return (
            TextEdit {
                range: 0..0,
                replacement: format!("// notelint: disable={name}{nl}"),
            },
            "file",
        );
    }
    // After the talk's last non-blank line.
    let body_end = text.trim_end().len();
    let edit = match text[body_end..].find(['\n', '\r']) {
        Some(i) => {
            let after = &text[body_end + i..];
            let term = if after.starts_with("\r\n") { 2 } else { 1 };
            let at = p.start + body_end + i + term;
            TextEdit {
                range: at..at,
                replacement: format!("// notelint: disable={name}{nl}"),
            }
        }
        None => {
            let at = p.start + text.len();
            TextEdit {
                range: at..at,
                replacement: format!("{nl}// notelint: disable={name}"),
            }
        }
    };
    (edit, "talk")
}

fn line_ending(doc: &Document) -> &'static str {
    // `slice` snaps to char boundaries: byte 4096 may fall inside a character.
    let probe = doc.slice(0..4096);
    if probe.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Fix-all (`source.fixAll.notelint`): the edits `check --fix` would make
/// with `config` — every safe fix, re-linted and fixed again until none is
/// left, so a second fix-all offers nothing — as the smallest edits.
pub fn fix_all(text: &str, config: &LintConfig) -> Vec<TextEdit> {
    crate::analysis::fix::fix_safe(text, config).edits(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Fix, Severity};
    use crate::syntax::ParseOptions;

    fn diag(range: Range<usize>, fix: Option<Fix>) -> Diagnostic {
        Diagnostic {
            code: "NL030",
            name: "trailing-whitespace",
            severity: Severity::Warning,
            message: "m".into(),
            range,
            related: vec![],
            fix: fix.map(Box::new),
        }
    }

    fn apply(text: &str, mut edits: Vec<TextEdit>) -> String {
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut s = text.to_string();
        for e in edits {
            s.replace_range(e.range, &e.replacement);
        }
        s
    }

    #[test]
    fn suppression_comments() {
        let t = " One\nby Ada\nNotes  \n\n Two\n";
        let doc = Document::new(t, ParseOptions::default());
        let at = t.find("Notes").unwrap();
        let d = diag(at + 5..at + 7, None);
        let acts = code_actions(&doc, std::slice::from_ref(&d), at..at + 6);
        assert_eq!(acts.len(), 2);
        assert_eq!(
            apply(t, acts[0].edits.clone()),
            " One\nby Ada\n// notelint: disable-next-line=trailing-whitespace\nNotes  \n\n Two\n"
        );
        let once = apply(t, acts[1].edits.clone());
        assert_eq!(
            once,
            " One\nby Ada\nNotes  \n// notelint: disable=trailing-whitespace\n\n Two\n"
        );
        // A second rule joins the existing comment.
        let doc2 = Document::new(&once, ParseOptions::default());
        let (e, scope) = disable_talk(&doc2, 1, "bullet-style");
        assert_eq!(scope, "talk");
        assert!(apply(&once, vec![e]).contains("disable=trailing-whitespace,bullet-style\n"));
    }

    #[test]
    fn fix_all_is_complete() {
        // Deleting the trailing spaces leaves three blank lines in a row:
        // one pass of fixes is not enough.
        let t = " One\nAda\n\n  \n\nNotes\n";
        let config = crate::lint::LintConfig::default();
        let once = apply(t, fix_all(t, &config));
        assert_eq!(once, " One\nAda\n\nNotes\n");
        assert!(fix_all(&once, &config).is_empty());
    }
}
