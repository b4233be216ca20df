use notelint::syntax::{outline::outline, parse, pos::LineIndex, ParseOptions};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.last().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let tree = parse(&text, &ParseOptions::default());
    let o = outline(
        &text,
        &tree,
        &LineIndex::new(&text),
        &ParseOptions::default(),
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({"talks": o})).unwrap()
    );
}
