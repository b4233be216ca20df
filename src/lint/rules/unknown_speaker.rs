//! NL021 unknown-speaker: a speaker not in the configured roster.

use super::util::*;
use crate::index::{similar_names, speaker_key};

pub struct UnknownSpeaker;

pub static META: RuleMeta = RuleMeta {
    code: "NL021",
    name: "unknown-speaker",
    default_severity: Severity::Warning,
    scope: Scope::Workspace,
    fix: FixAvailability::Unsafe,
    summary: "A speaker is not in the configured roster.",
    explanation: r#"When `notelint.toml` names a roster (canonical names with aliases), every
speaker must be one of them: a name or an alias, ignoring case, accents and
dots. This catches misspellings that have no more used twin to compare with.
Without a roster the rule finds nothing.

**Bad** (roster: `Alex Martelli`)

```talk
 The Tower of Abstraction
Alex Martell
```

**Good**

```talk
 The Tower of Abstraction
Alex Martelli
```

**Options**: `roster`.

**Fix**: unsafe — when a roster name is close, replaces the name with it;
offered in editors and applied by `--fix` only with `--unsafe-fixes`."#,
};

impl Rule for UnknownSpeaker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_workspace(&self, cx: &WorkspaceCtx, out: &mut Vec<Diagnostic>) {
        let Some(roster) = &cx.config.roster else {
            return;
        };
        let keys: std::collections::HashMap<String, &str> = roster
            .iter()
            .flat_map(|p| {
                std::iter::once(&p.name)
                    .chain(p.aliases.iter())
                    .map(move |n| (speaker_key(n), p.name.as_str()))
            })
            .collect();
        for s in cx.speakers {
            if keys.contains_key(s.key) {
                continue;
            }
            let mut d = Diagnostic::new(
                &META,
                s.range.clone(),
                format!("`{}` is not in the roster", s.name),
            );
            let close = keys
                .iter()
                .filter(|(k, _)| similar_names(s.key, k, cx.config.speaker_distance.max(1)))
                .min_by_key(|(k, _)| k.as_str());
            if let Some((_, canon)) = close {
                d.message =
                    format!("`{}` is not in the roster; did you mean `{canon}`?", s.name).into();
                d = d.with_fix(
                    format!("Replace with `{canon}`"),
                    FixSafety::Unsafe,
                    vec![TextEdit {
                        range: s.range.clone(),
                        replacement: canon.to_string(),
                    }],
                );
            }
            out.push(d);
        }
    }
}
