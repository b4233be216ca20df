//! The server agrees with the CLI: for every note of generated trees with
//! nested `notelint.toml`s (one of them broken, one with a roster), the
//! diagnostics the server gives an open document (by pull, after indexing)
//! equal what `notelint check --format json` reports for that file —
//! code, severity, message and range (check's byte offsets converted to
//! UTF-16 positions). The notes governed by the broken config get none
//! from either. The same comparison through pytest-lsp is
//! tests/pylsp/test_agreement_tree.py.

mod cli_support;
#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{file_uri, lsp_range, LspClient};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// A small deterministic generator (xorshift), so a failing tree can be
/// made again from its seed.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn chance(&mut self, in_ten: u64) -> bool {
        self.next() % 10 < in_ten
    }
}

const TITLES: [&str; 6] = [
    "Embracing The GIL",
    "Fast Python 🎉",
    "Testing With Hypothesis",
    "Café Internals",
    "A Very Long Title That Goes On And On Past Any Sensible Limit",
    "Packaging",
];
const SPEAKERS: [&str; 9] = [
    "Alex Martelli",
    "Alex Martell",
    "José Lee",
    "Jose Lee",
    "Jose\u{301} Lee",
    "Ann Lee",
    "A. Lee",
    "Bob Ray & Cy Lo",
    "",
];
const METAS: [&str; 4] = ["Core, Beginner", "Core, Begginer", "Web, Advanced", ""];

fn talk(g: &mut Gen) -> String {
    let mut t = format!(" {}\n", g.pick(&TITLES));
    let sp = g.pick(&SPEAKERS);
    if !sp.is_empty() {
        t.push_str(&format!("by {sp}\n"));
    }
    let meta = g.pick(&METAS);
    if !meta.is_empty() {
        t.push_str(&format!("\n{meta}\n"));
    }
    if g.chance(3) {
        t.push_str("a stray line here\n");
    }
    t.push_str("\nDescription: A talk about things. ");
    if g.chance(3) {
        t.push_str("Lorem ipsum dolor sit amet.");
    }
    t.push('\n');
    if g.chance(5) {
        t.push_str("\nNotes\n\t* first 🎉 point  \n\t* see https://example.com/😀\n");
    }
    if g.chance(6) {
        t.push_str("\nAbstract: Why.\n\nBio: Someone.\n");
    }
    t
}

fn note(g: &mut Gen) -> String {
    let n = 1 + g.next() % 3;
    (0..n).map(|_| talk(g)).collect::<Vec<_>>().join("___\n")
}

/// A tree: a root config with a roster, a subfolder that turns rules off
/// and sets a limit, a deeper folder governed by it, and a folder whose
/// config is broken (its notes, and its subfolder's, are not checked).
fn make_tree(dir: &Path, seed: u64) {
    let mut g = Gen(seed);
    let w = |rel: &str, text: &str| cli_support::write(dir, rel, text);
    w(
        "notelint.toml",
        "roster = \"people.toml\"\n\n[rules]\ntrailing-whitespace = \"info\"\n",
    );
    w(
        "people.toml",
        "[[person]]\nname = \"José Lee\"\naliases = [\"A. Lee\"]\n\n[[person]]\nname = \"Alex Martelli\"\n",
    );
    w(
        "sub/notelint.toml",
        "[rules]\nbad-meta = \"off\"\nunknown-speaker = \"off\"\n\n[limits]\ntitle = 20\n",
    );
    let broken = g.pick(&[
        "[rules]\nno-such-rule = \"off\"\n",
        "[rules\nbad-meta = \"off\"\n",
        "nonsense = 1\n",
    ]);
    w("broken/notelint.toml", broken);
    for rel in [
        "a.talk",
        "b.talk",
        "sub/c.talk",
        "sub/deeper/d.talk",
        "broken/e.talk",
        "broken/inner/f.talk",
    ] {
        w(rel, &note(&mut g));
    }
}

type Finding = (String, String, String, Value);

fn severity_name(n: &Value) -> String {
    match n.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        Some(4) => "hint",
        _ => "?",
    }
    .to_string()
}

/// `check --format json`'s findings per file (path relative to `dir`), and
/// the config errors it reported.
fn check_findings(dir: &Path) -> (BTreeMap<String, Vec<Finding>>, Vec<String>) {
    let r = cli_support::run(dir, &["check", "--format", "json"]);
    let v = cli_support::json(&r.stdout);
    let mut out = BTreeMap::new();
    for f in v["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap().to_string();
        let text = std::fs::read_to_string(dir.join(&path)).unwrap();
        let mut list: Vec<Finding> = f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let off = |p: &Value| p["offset"].as_u64().unwrap() as usize;
                let r = off(&d["range"]["start"])..off(&d["range"]["end"]);
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                    lsp_range(&text, r, true),
                )
            })
            .collect();
        list.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        out.insert(path, list);
    }
    let errors = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.to_string())
        .collect();
    (out, errors)
}

/// The server's findings for every note under `dir`, each opened and its
/// diagnostics pulled once the workspace is indexed.
fn server_findings(dir: &Path, notes: &[String]) -> BTreeMap<String, Vec<Finding>> {
    let mut c = LspClient::spawn();
    c.initialize(
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}},
               "window": {"workDoneProgress": true}}),
        Some(&file_uri(dir)),
    );
    c.wait_for("index end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let mut out = BTreeMap::new();
    for rel in notes {
        let text = std::fs::read_to_string(dir.join(rel)).unwrap();
        let uri = file_uri(&dir.join(rel));
        c.open(&uri, &text, 1);
        let r = c.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        let mut list: Vec<Finding> = r["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{rel}: {r}"))
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or_default().to_string(),
                    severity_name(&d["severity"]),
                    d["message"].as_str().unwrap().to_string(),
                    d["range"].clone(),
                )
            })
            .collect();
        list.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        out.insert(rel.clone(), list);
    }
    c.shutdown_exit();
    out
}

#[test]
fn the_server_and_check_agree_on_every_note_of_nested_configs() {
    let notes: Vec<String> = [
        "a.talk",
        "b.talk",
        "sub/c.talk",
        "sub/deeper/d.talk",
        "broken/e.talk",
        "broken/inner/f.talk",
    ]
    .map(String::from)
    .to_vec();
    let mut compared = 0;
    for seed in [1u64, 7, 42, 1234, 99991, 0xDEADBEEF] {
        let d = cli_support::tmp();
        make_tree(d.path(), seed);
        let (cli, errors) = check_findings(d.path());
        assert_eq!(
            errors.len(),
            1,
            "seed {seed}: the broken config: {errors:?}"
        );
        assert!(errors[0].contains("broken/notelint.toml"), "{errors:?}");
        let server = server_findings(d.path(), &notes);
        for rel in &notes {
            let want = cli.get(rel).cloned().unwrap_or_default();
            let got = &server[rel];
            assert_eq!(got, &want, "seed {seed}, {rel}");
            if rel.starts_with("broken/") {
                assert!(got.is_empty(), "seed {seed}, {rel}: not checked");
            }
            compared += want.len();
        }
    }
    assert!(
        compared > 30,
        "the trees have findings to compare: {compared}"
    );
}
