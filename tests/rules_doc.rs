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
