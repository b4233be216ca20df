//! NL000 unknown-rule: a suppression comment names a rule that does not exist.
//! The findings come from `lint::suppress`; this entry gives them a code, a
//! severity and documentation.

use super::util::*;

pub struct UnknownRule;

pub static META: RuleMeta = RuleMeta {
    code: "NL000",
    name: "unknown-rule",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A suppression comment names a rule that does not exist.",
    explanation: r#"A `// notelint: disable=…` or `disable-next-line=…` comment names a rule by
code or name. A misspelt name would silently suppress nothing, so it is
reported instead. `all` is accepted and means every rule.

**Bad**

```talk
// notelint: disable=missing-autor
```

**Good**

```talk
// notelint: disable=missing-author
```

**Options**: none (turn it off with `unknown-rule = "off"` under `[rules]`).

**Fix**: none — the intended rule cannot be guessed safely."#,
};

impl Rule for UnknownRule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
