//! NL002 incomplete-proposal: a talk with some of Description/Abstract/Bio
//! must have all three (and every configured required section).

use super::util::*;

pub struct IncompleteProposal;

pub static META: RuleMeta = RuleMeta {
    code: "NL002",
    name: "incomplete-proposal",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A proposal lacks one of Description, Abstract and Bio (or a required section).",
    explanation: r#"A talk that has any of `Description`, `Abstract` or `Bio` is a proposal, and a
proposal needs all three: reviewers read the abstract, the programme prints the
description, and the bio introduces the speaker. Sections listed in
`required_sections` are required of every talk.

**Bad**

```talk
___
The Tower of Abstraction
Alex Martelli
Fundamentals, Intermediate

Description: Abstraction is a powerful servant, but a dangerous master.
```

**Good**

```talk
___
The Tower of Abstraction
Alex Martelli
Fundamentals, Intermediate

Description: Abstraction is a powerful servant, but a dangerous master.

Abstract: We code, design and debug on a tower of abstractions…

Bio: Author of "Python in a Nutshell".
```

**Options**: `required_sections` (e.g. `["Author"]`) adds sections every talk
must have.

**Fix**: none — the missing text has to be written."#,
};

impl Rule for IncompleteProposal {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        let Some(title) = cx.seg.head.title else {
            return;
        };
        let seg = cx.seg;
        let proposal = [Label::Description, Label::Abstract, Label::Bio];
        let mut missing: Vec<&str> = Vec::new();
        if proposal.iter().any(|&l| has_label(seg, l)) {
            for l in proposal {
                if !has_label(seg, l) {
                    missing.push(l.canonical());
                }
            }
        }
        for name in &cx.config.required_sections {
            let Some(l) = cx.config.parse.lookup(name.trim()) else {
                continue;
            };
            let present = if l.is_speaker() {
                has_speaker(seg)
            } else {
                has_label(seg, l)
            };
            let shown = match l {
                Label::Extra(_) => name.trim(),
                l if l.is_speaker() => "Author",
                l => l.canonical(),
            };
            if !present && !missing.contains(&shown) {
                missing.push(shown);
            }
        }
        if missing.is_empty() {
            return;
        }
        let list = match missing.len() {
            1 => missing[0].to_string(),
            n => format!("{} or {}", missing[..n - 1].join(", "), missing[n - 1]),
        };
        out.push(Diagnostic::new(
            &META,
            r(title),
            format!("talk {} has no {list}", quote(title.text(cx.text))),
        ));
    }
}
