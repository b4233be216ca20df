//! The seeds' outlines must match `../shared/golden/*.outline.json` exactly.
//! Skips, saying so on stderr, when `../shared` is absent (a user's clone);
//! under `CI=true` its absence fails.

#[path = "common/shared.rs"]
mod shared;

use notelint::syntax::{outline::outline, parse, pos::LineIndex, ParseOptions};
use serde_json::{json, Value};
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    shared::shared_dir("golden").map(|g| g.join(".."))
}

#[test]
fn seeds_match_golden_outlines() {
    let Some(shared) = shared() else { return };
    let mut talks = 0;
    let mut files: Vec<_> = std::fs::read_dir(shared.join("golden"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for g in files {
        let golden: Value = serde_json::from_str(&std::fs::read_to_string(&g).unwrap()).unwrap();
        let seed = shared.join(golden["file"].as_str().unwrap());
        let text = std::fs::read_to_string(&seed).unwrap();
        let tree = parse(&text, &ParseOptions::default());
        let got: Vec<Value> = outline(
            &text,
            &tree,
            &LineIndex::new(&text),
            &ParseOptions::default(),
        )
        .into_iter()
        .map(|t| {
            json!({"title": t.title, "line": t.line, "speakers": t.speakers, "meta": t.meta,
                       "sections": t.sections.iter().map(|s| s.name.clone()).collect::<Vec<_>>()})
        })
        .collect();
        let want = golden["talks"].as_array().unwrap();
        for (i, w) in want.iter().enumerate() {
            assert_eq!(got.get(i), Some(w), "{}: talk {}", g.display(), i + 1);
        }
        assert_eq!(got.len(), want.len(), "{}: talk count", g.display());
        talks += want.len();
    }
    assert_eq!(talks, 48);
}
