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
