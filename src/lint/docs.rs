//! `docs/rules.md`, generated from the rule metadata so the two cannot drift
//! (`cargo run --example gen_rules_doc`; a test fails when the file is stale).

use super::registry::all;
use super::{FixAvailability, RuleMeta, Scope};
use std::fmt::Write;

/// The base URL of the rule documentation; `#name` selects a rule. Every
/// link to a rule (CLI formats, `explain`, the language server) is made
/// from it. Set `NOTELINT_RULES_URL` when building to point the links at
/// another copy of docs/rules.md (a fork, a mirror, a docs site); by
/// default, docs/rules.md in the `repository` of Cargo.toml.
pub const DOCS_URL: &str = match option_env!("NOTELINT_RULES_URL") {
    Some(u) => u,
    None => concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md"),
};

/// The documentation link of a rule (LSP `codeDescription`, SARIF `helpUri`).
pub fn rule_url(name: &str) -> String {
    format!("{DOCS_URL}#{name}")
}

/// A rule's scope as `notelint rules` and `docs/rules.md` both name it
/// (one word, so the table's column reads the same in both). A document
/// rule that also looks across files (duplicate-title, through
/// `check_workspace`) is `document+workspace`.
pub fn scope(m: &RuleMeta) -> &'static str {
    match m.scope {
        Scope::Talk => "talk",
        Scope::Document if m.name == "duplicate-title" => "document+workspace",
        Scope::Document => "document",
        Scope::Workspace => "workspace",
    }
}

fn fix(f: FixAvailability) -> &'static str {
    match f {
        FixAvailability::None => "none",
        FixAvailability::Safe => "safe",
        FixAvailability::Unsafe => "unsafe",
    }
}

/// The whole of `docs/rules.md`.
pub fn rules_markdown() -> String {
    let mut s = String::new();
    s.push_str("# Rules\n\n");
    s.push_str("<!-- Generated from the rule metadata by `cargo run --example gen_rules_doc`. Do not edit. -->\n\n");
    s.push_str(
        "Every rule has a stable code and name; either can be used in `notelint.toml`,\n\
         `--select` / `--ignore` and suppression comments\n\
         (`// notelint: disable=NAME` for a talk, or for the whole file before the\n\
         first talk; `// notelint: disable-next-line=NAME`). A *safe* fix never\n\
         changes words and is applied by `--fix`; an *unsafe* fix changes words:\n\
         editors offer it as a quick fix, and `--fix` applies it only with\n\
         `--unsafe-fixes`.\n\n",
    );
    s.push_str(
        "**Layout rules** are the rules whose fix is safe (trailing-whitespace,\n\
         mixed-indentation, unindented-bullet, bullet-style, blank-lines). They\n\
         are *hints* by default: people leave layout to the formatter (ruff does;\n\
         markdownlint's trailing-spaces rule is among its most disabled), and on\n\
         real notes they outnumber every other finding (338 of 343 on one seed\n\
         file, burying the five that matter). So the editor shows them faintly,\n\
         `notelint check` counts them in one summary line instead of listing\n\
         them and never fails on them, in the formats people read (`human`,\n\
         `concise`) and those that put findings before reviewers (`github`,\n\
         `gitlab`, `junit`); `json` and `sarif` list them. A hint rule named in\n\
         `--select` is listed everywhere, and with `--fail-on hint` every hint is\n\
         (docs/cli.md, \"Hints\"). `--fix` and `notelint fmt` clear them (`fmt`\n\
         *is* these rules' fixes). To make them findings for good, set their\n\
         severity: `[rules] trailing-whitespace = \"warning\"`.\n\n",
    );
    s.push_str("| Code | Name | Default | Scope | Fix | Summary |\n| --- | --- | --- | --- | --- | --- |\n");
    for r in all() {
        let m = r.meta();
        let _ = writeln!(
            s,
            "| {} | [{}](#{}) | {} | {} | {} | {} |",
            m.code,
            m.name,
            m.name,
            m.default_severity.as_str(),
            scope(m),
            fix(m.fix),
            m.summary.replace('|', "\\|")
        );
    }
    for r in all() {
        let m = r.meta();
        let _ = write!(
            s,
            "\n## {}\n\n`{}` · default severity: {} · scope: {} · fix: {}\n\n{}\n\n{}\n",
            m.name,
            m.code,
            m.default_severity.as_str(),
            scope(m),
            fix(m.fix),
            m.summary,
            m.explanation.trim_end()
        );
    }
    s
}
