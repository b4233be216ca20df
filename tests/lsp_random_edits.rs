//! A session that types 1,000 random edits (seeded) with completion and
//! documentSymbol requests in between, then checks the server's final
//! diagnostics against the linter on the final text, and its outline
//! against the library's along the way.

#[path = "common/lsp_client.rs"]
mod lsp_client;
#[path = "common/outline_model.rs"]
mod outline_model;
use lsp_client::{line_starts, lsp_range, utf16_pos, LspClient};
use outline_model::outline_model;
use serde_json::{json, Value};

/// xorshift64*: a fixed seed gives the same session every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "a",
    "é",
    "😀",
    "𝄞",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "___\n",
    "\n___\n\n",
    " New Title\n",
    "by Ada Lovelace\n",
    "Ada Lovelace and Van Lindberg",
    "Core, Beginner\n",
    "Core, Intermediat\n",
    "Description: ",
    "Abstract: x\n",
    "Bio: y\n",
    "Author\n",
    "* ",
    "\t- item\n",
    "  ",
    "TODO",
    "// notelint: disable=NL030\n",
    "http://x.org ",
    "   \n",
    "Notes\n\tpoint\n",
];

const START: &str = "___\n\nFirst Talk\n\nAda Lovelace\n\nCore, Beginner\n\nDescription: Short.\n\nAbstract: Long.\n\nBio: Ada.\n\n___\n\nSecond Talk\n\nVan Lindberg\n\nDescription: x\n";

/// A random byte offset on a char boundary, never between `\r` and `\n`
/// (no LSP position names that spot).
fn inside_crlf(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    at > 0 && at < b.len() && b[at - 1] == b'\r' && b[at] == b'\n'
}

fn boundary(text: &str, rng: &mut Rng) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) || inside_crlf(text, at) {
        at -= 1;
    }
    at
}

fn expected_symbols(text: &str) -> Value {
    Value::Array(
        outline_model(text)
            .iter()
            .map(|(name, range, _, sections)| {
                json!({"name": name, "range": lsp_range(text, range.clone(), true),
                            "children": sections.len()})
            })
            .collect(),
    )
}

fn actual_symbols(r: &Value) -> Value {
    Value::Array(
        r.as_array()
            .unwrap()
            .iter()
            .map(|t| json!({"name": t["name"], "range": t["range"], "children": t["children"].as_array().map_or(0, |c| c.len())}))
            .collect(),
    )
}

fn comparable(list: impl Iterator<Item = (String, Value, String, u64)>) -> Vec<String> {
    let mut v: Vec<String> = list
        .map(|(c, r, m, s)| format!("{c} {r} {s} {m}"))
        .collect();
    v.sort();
    v
}

#[test]
fn thousand_random_edits_end_where_the_linter_does() {
    let uri = "file:///tmp/notelint-random.talk";
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut c = LspClient::start();
    let mut text = START.to_string();
    c.open(uri, &text, 1);
    let mut version = 1;
    let mut pending = Vec::new();
    for step in 0..1000 {
        let a = boundary(&text, &mut rng);
        let (range, new): (std::ops::Range<usize>, String) = match rng.below(4) {
            0 | 1 => (a..a, PIECES[rng.below(PIECES.len())].to_string()),
            2 => {
                let mut b = boundary(&text, &mut rng);
                if b < a || b - a > 40 {
                    b = a;
                    for _ in 0..rng.below(12) {
                        b += text[b..].chars().next().map_or(0, char::len_utf8);
                    }
                    while b > a && inside_crlf(&text, b) {
                        b += 1;
                    }
                }
                (a..b, String::new())
            }
            _ => {
                let mut b = a;
                for _ in 0..rng.below(6) {
                    b += text[b..].chars().next().map_or(0, char::len_utf8);
                }
                while b > a && inside_crlf(&text, b) {
                    b += 1;
                }
                (a..b, PIECES[rng.below(PIECES.len())].to_string())
            }
        };
        let lsp = lsp_range(&text, range.clone(), true);
        text.replace_range(range, &new);
        version += 1;
        // Sometimes two changes in one notification, like Eglot.
        if rng.below(10) == 0 {
            let at = boundary(&text, &mut rng);
            let p = utf16_pos(&text, at);
            text.insert(at, 'x');
            c.change(uri, version, json!([{"range": lsp, "text": new}, {"range": {"start": p, "end": p}, "text": "x"}]));
        } else {
            c.change(uri, version, json!([{"range": lsp, "text": new}]));
        }
        if step % 20 == 0 {
            let at = boundary(&text, &mut rng);
            pending.push(c.request_async(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": utf16_pos(&text, at)}),
            ));
        }
        if step % 50 == 49 {
            let syms = c.request(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uri}}),
            );
            assert_eq!(
                actual_symbols(&syms),
                expected_symbols(&text),
                "outline differs after step {step}"
            );
        }
    }
    for id in pending {
        let r = c.response(id);
        assert!(r.get("error").is_none(), "completion failed: {r}");
        assert!(r["result"]["items"].is_array(), "{r}");
    }
    assert!(
        line_starts(&text).len() > 10,
        "the session should have produced a real document"
    );
    let pushed = c.diagnostics_for(uri, version);
    let lint = notelint::analysis::lint_text(uri, &text, &Default::default(), &Default::default());
    assert!(
        !lint.is_empty(),
        "the final text should have findings to compare"
    );
    let want = comparable(lint.iter().map(|d| {
        (
            d.code.to_string(),
            lsp_range(&text, d.range.clone(), true),
            d.message.to_string(),
            match d.severity {
                notelint::lint::Severity::Error => 1,
                notelint::lint::Severity::Warning => 2,
                notelint::lint::Severity::Info => 3,
                notelint::lint::Severity::Hint => 4,
            },
        )
    }));
    let got = comparable(pushed.iter().map(|d| {
        (
            d["code"].as_str().unwrap().to_string(),
            d["range"].clone(),
            d["message"].as_str().unwrap().to_string(),
            d["severity"].as_u64().unwrap(),
        )
    }));
    assert_eq!(got, want);
    // And `notelint check --format json` on the same text agrees on the codes and lines.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_notelint"))
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "random.talk",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).expect("check --format json output");
    let from_check = comparable(
        report["files"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics in the JSON report")
            .iter()
            .map(|d| {
                let r = d["range"]["start"]["offset"].as_u64().unwrap() as usize
                    ..d["range"]["end"]["offset"].as_u64().unwrap() as usize;
                (
                    d["code"].as_str().unwrap().to_string(),
                    lsp_range(&text, r, true),
                    d["message"].as_str().unwrap().to_string(),
                    0,
                )
            }),
    );
    let from_lsp = comparable(pushed.iter().map(|d| {
        (
            d["code"].as_str().unwrap().to_string(),
            d["range"].clone(),
            d["message"].as_str().unwrap().to_string(),
            0,
        )
    }));
    assert_eq!(
        from_lsp, from_check,
        "LSP diagnostics differ from `notelint check --format json`"
    );
    c.shutdown_exit();
}
