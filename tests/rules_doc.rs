//! `docs/rules.md` is generated from the rule metadata; this fails when it
//! is stale. Regenerate with `cargo run --example gen_rules_doc`.

#[test]
fn docs_rules_md_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    let want = notelint::lint::docs::rules_markdown();
    assert!(
        on_disk == want,
        "docs/rules.md is stale: run `cargo run --example gen_rules_doc`"
    );
    for r in notelint::lint::registry::all() {
        assert!(want.contains(&format!("\n## {}\n", r.meta().name)));
    }
}

/// `notelint rules` and the table of `docs/rules.md` agree, rule by rule,
/// on code, name, default severity, scope and fix (they once disagreed on
/// duplicate-title's scope).
#[test]
fn rules_command_matches_docs_table() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_notelint"))
        .arg("rules")
        .output()
        .expect("run notelint rules");
    assert!(out.status.success());
    let cli: Vec<Vec<String>> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| {
            l.split_whitespace()
                .take(5)
                .map(|w| if w == "-" { "none" } else { w }.to_string())
                .collect()
        })
        .collect();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let md = std::fs::read_to_string(path).unwrap();
    let docs: Vec<Vec<String>> = md
        .lines()
        .filter(|l| l.starts_with("| NL"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").map(|c| c.trim_matches(['|', ' '])).collect();
            // `[name](#name)` → `name`.
            let name = cells[1]
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("");
            vec![cells[0], name, cells[2], cells[3], cells[4]]
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    assert_eq!(cli.len(), notelint::lint::registry::all().len());
    assert_eq!(cli, docs);
}

/// `explain` says what `rules` and docs/rules.md say, rule by rule (it
/// once said duplicate-title's scope was `document`, they
/// `document+workspace`).
#[test]
fn explain_matches_rules_command() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_notelint"))
            .args(args)
            .output()
            .expect("run notelint");
        assert!(out.status.success(), "{args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let rules = run(&["rules"]);
    for line in rules.lines().skip(1) {
        let w: Vec<&str> = line.split_whitespace().collect();
        let (code, sev, scope, fix) = (w[0], w[2], w[3], w[4]);
        let fix = if fix == "-" { "-" } else { fix };
        let explain = run(&["explain", code]);
        let want = format!("Default severity: {sev}. Scope: {scope}. Fix: {fix}.");
        assert!(
            explain.contains(&want),
            "{code}: want {want:?} in\n{explain}"
        );
    }
}
