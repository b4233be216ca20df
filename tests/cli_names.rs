//! Names through the real `notelint check`: an accent typed as a combining
//! mark is the same name (NFC), and accents fold as the index folds them.

mod cli_support;
use cli_support::*;

const NOTE: &str = " Embracing The GIL\nby Jose\u{301} Lee\n\nIntro\n\tAimed at all communities.\n\nDescription: A short talk.\n\nAbstract: Why the GIL exists.\n\nBio: José is a developer.\n";

/// `Jose` + U+0301 is read as the speaker José Lee (no missing-author or
/// stray-line), and the roster's precomposed `José Lee` knows them.
#[test]
fn a_name_typed_with_combining_accents_is_a_speaker() {
    let d = tmp();
    write(d.path(), "a.talk", NOTE);
    write(d.path(), "people.toml", "[[person]]\nname = \"José Lee\"\n");
    write(d.path(), "notelint.toml", "roster = \"people.toml\"\n");
    let r = run(d.path(), &["check", "--format", "json"]);
    let v = json(&r.stdout);
    let codes: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().iter())
        .map(|d| d["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(codes.is_empty(), "{codes:?}\n{}", r.stdout);
    let r = run(d.path(), &["speakers", "--format", "json"]);
    assert!(
        r.stdout.contains("Jose\\u0301 Lee") || r.stdout.contains("Jose\u{301} Lee"),
        "{r:?}"
    );
}
