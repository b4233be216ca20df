//! Fixture tests for docs/spec.md: every rule in the spec has a fixture under
//! `tests/spec/` named after it. A fixture is
//!
//! ```text
//! # S2.3 …description…
//! --- input
//! …note text (`<TAB>` = tab, `<CR>` = carriage return, `<BOM>` = U+FEFF)…
//! --- tree
//! …expected dump…
//! ```
//!
//! `UPDATE_EXPECT=1 cargo test --test spec` rewrites the expectations; review
//! the diff before committing it.

use notelint::syntax::{dump::dump, parse, Document, ParseOptions};
use std::path::Path;

fn decode(s: &str) -> String {
    s.replace("<TAB>", "\t")
        .replace("<CR>", "\r")
        .replace("<BOM>", "\u{feff}")
}

#[test]
fn spec_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec");
    let spec = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/spec.md"))
        .unwrap();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut seen = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let raw = std::fs::read_to_string(&path).unwrap();
        let (head, rest) = raw
            .split_once("--- input\n")
            .expect("fixture has --- input");
        let (input, expected) = rest.split_once("--- tree\n").unwrap_or((rest, ""));
        let id = head
            .trim_start_matches("# ")
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
        seen.push(id.clone());
        let text = decode(input);
        let got = dump(&text, &parse(&text, &ParseOptions::default()));
        // The incremental path must agree: type the fixture in line by line.
        let mut doc = Document::new("", ParseOptions::default());
        for chunk in text.split_inclusive('\n') {
            let end = doc.len();
            doc.edit(end..end, chunk);
        }
        assert_eq!(
            doc.tree(),
            &parse(&text, &ParseOptions::default()),
            "{}",
            path.display()
        );
        if got != expected {
            if update {
                std::fs::write(&path, format!("{head}--- input\n{input}--- tree\n{got}")).unwrap();
            } else {
                failures.push(format!(
                    "{}:\n--- want\n{expected}--- got\n{got}",
                    path.display()
                ));
            }
        }
    }
    // Every numbered rule in the spec has a fixture, and every fixture names a rule.
    for line in spec.lines() {
        if let Some(rest) = line.strip_prefix("**S") {
            let id = format!("S{}", rest.split("**").next().unwrap_or(""));
            let id = id.trim_end_matches('.').to_string();
            assert!(
                seen.contains(&id),
                "spec rule {id} has no fixture in tests/spec/"
            );
        }
    }
    for id in &seen {
        assert!(
            spec.contains(&format!("**{id}.**")),
            "fixture {id} names no rule in docs/spec.md"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
