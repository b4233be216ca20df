//! Print every finding for the given files (linted together, one index),
//! one per line: `file:line:col: code name severity: message`.
//! `cargo run --example lint_files -- ../shared/seeds/*.txt`

use notelint::analysis::{index_entry, lint_text};
use notelint::index::Index;
use notelint::lint::LintConfig;
use notelint::syntax::SourceText;
use notelint::syntax::{parse, pos::LineIndex};

fn main() {
    let config = LintConfig::default();
    let files: Vec<(String, String)> = std::env::args()
        .skip(1)
        .map(|f| {
            let t = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{f}: {e}"));
            (f, t)
        })
        .collect();
    let mut index = Index::default();
    for (f, t) in &files {
        let tree = parse(t, &config.parse);
        let st = SourceText::new(&tree.segments, t);
        index.set_file(f, index_entry(st));
    }
    for (f, t) in &files {
        let li = LineIndex::new(t);
        for d in lint_text(f, t, &config, &index) {
            let line = li.line_of(d.range.start);
            let snippet: String = t[d.range.clone()].chars().take(50).collect();
            let fix = d
                .fix
                .as_ref()
                .map(|x| format!(" [fix: {}]", x.title))
                .unwrap_or_default();
            let rel: Vec<String> = d
                .related
                .iter()
                .map(|r| format!("{}@{}", r.file.as_deref().unwrap_or(""), r.range.start))
                .collect();
            println!(
                "{}:{}: {} {} {}: {} «{}»{} {}",
                f.rsplit('/').next().unwrap_or(f),
                line + 1,
                d.code,
                d.name,
                d.severity.as_str(),
                d.message,
                snippet.escape_debug(),
                fix,
                rel.join(",")
            );
        }
    }
}
