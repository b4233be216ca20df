//! NL020 similar-speaker: two spellings of one person across the workspace.

use super::util::*;
use crate::index::{similar_names, speaker_key};
use crate::lint::Related;

pub struct SimilarSpeaker;

pub static META: RuleMeta = RuleMeta {
    code: "NL020",
    name: "similar-speaker",
    default_severity: Severity::Warning,
    scope: Scope::Workspace,
    fix: FixAvailability::Unsafe,
    summary: "A speaker's name is spelt differently elsewhere in the workspace.",
    explanation: r#"The speakers index groups talks by name, so `Van Lindberg` and `Van Lindbergh`
are two people to it. Spellings that differ only in case or accents, by a
small typo in one word, by an initial for a first name (`A. Martelli`), or by
a dropped middle initial are reported on the less used spelling, with a place
where the more used one appears as related information.

**Bad**

```talk
 Graph Processing in Python
Van Lindbergh
…
 Python-Dev Panel
Van Lindberg
…
 PyCon Keynote
Van Lindberg
```

**Good**

```talk
 Graph Processing in Python
Van Lindberg
```

**Options**: `speaker_distance` (largest edit distance in one word, default 2;
short words allow less); a `roster` makes `unknown-speaker` the stricter check.

**Fix**: unsafe — replaces the name with the most used spelling. Two people
can have similar names, so it is offered in editors and applied by `--fix`
only with `--unsafe-fixes`."#,
};

/// The more used spelling `name` looks like a misspelling of, when this
/// rule reports it: what the editor must not suggest (completion, "Add to
/// roster") beside the right one.
pub fn misspelling<'a>(
    index: &'a crate::index::Index,
    config: &crate::lint::LintConfig,
    name: &str,
) -> Option<&'a crate::index::Suggestion> {
    let sug = index.suggestion(name)?;
    if sug.preferred == name {
        return None;
    }
    // The index may have been built with a wider distance than this
    // configuration allows (same-key variants always count).
    let pk = speaker_key(&sug.preferred);
    let key = speaker_key(name);
    if pk != key && !similar_names(&key, &pk, config.speaker_distance) {
        return None;
    }
    Some(sug)
}

impl Rule for SimilarSpeaker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_workspace(&self, cx: &WorkspaceCtx, out: &mut Vec<Diagnostic>) {
        for s in cx.speakers {
            let Some(sug) = misspelling(cx.index, cx.config, s.name) else {
                continue;
            };
            let mut d = Diagnostic::new(
                &META,
                s.range.clone(),
                format!(
                    "`{}` looks like `{}` (used {} time{})",
                    s.name,
                    sug.preferred,
                    sug.preferred_count,
                    if sug.preferred_count == 1 { "" } else { "s" }
                ),
            )
            .with_fix(
                format!("Replace with `{}`", sug.preferred),
                FixSafety::Unsafe,
                vec![TextEdit {
                    range: s.range.clone(),
                    replacement: sug.preferred.clone(),
                }],
            );
            if let Some(e) = cx.index.occurrence(&sug.example) {
                d.related.push(Related {
                    file: (*sug.example.file != *cx.file).then(|| sug.example.file.to_string()),
                    range: e.range.clone(),
                    message: format!("`{}` here", sug.preferred).into(),
                });
            }
            out.push(d);
        }
    }
}
