//! Write `docs/rules.md` from the rule metadata: `cargo run --example gen_rules_doc`.

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/docs")).expect("create docs/");
    std::fs::write(path, notelint::lint::docs::rules_markdown()).expect("write docs/rules.md");
    println!("wrote {path}");
}
