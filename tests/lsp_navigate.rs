//! documentLink, documentHighlight, selectionRange, speaker completion of
//! roster aliases without misspellings, and "Add to roster" against a
//! roster changed on disk — through the real binary, with positions checked
//! in UTF-16 and UTF-8 on text with emoji, tabs and CRLF.

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{file_uri, lsp_pos, lsp_range, temp_dir, LspClient};
use serde_json::{json, Value};

/// CRLF line ends, tabs, and astral characters (two UTF-16 units, four
/// UTF-8 bytes) before every range the tests look at.
const NOTE: &str = "___\r\n\r\n🎉 Party Talk\r\n\r\n🎉 Ada Lovelace\r\n\r\nCore, Beginner\r\n\r\nDescription: 🎉🎉 see https://example.org/a_(b). And [the slides](https://s.io/deck) too.\r\n\r\nAbstract: A.\r\n\r\nBio: B.\r\n\r\n___\r\n\r\nSecond\r\n\r\nBob Roe and ADA 🎉LOVELACE\r\n\r\nCore, Beginner\r\n\r\nDescription: D.\r\n\r\nNotes\r\n\t* 🎉 first point\r\n\t* mail mailto:ada@example.org\r\n\r\nAbstract: A.\r\n\r\nBio: B.\r\n";

fn start(utf8: bool, dir: &std::path::Path) -> LspClient {
    let mut c = LspClient::spawn();
    let caps = if utf8 {
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}, "window": {"workDoneProgress": true}})
    } else {
        json!({"window": {"workDoneProgress": true}})
    };
    let init = c.initialize(caps, Some(&file_uri(dir)));
    let enc = &init["capabilities"]["positionEncoding"];
    assert_eq!(enc, if utf8 { "utf-8" } else { "utf-16" });
    let caps = &init["capabilities"];
    assert!(caps["documentLinkProvider"].is_object(), "{caps}");
    assert_eq!(caps["documentHighlightProvider"], true);
    assert_eq!(caps["selectionRangeProvider"], true);
    // Semantic token types are the specification's predefined ones, which
    // clients and themes colour without configuration.
    const STANDARD: [&str; 23] = [
        "namespace",
        "type",
        "class",
        "enum",
        "interface",
        "struct",
        "typeParameter",
        "parameter",
        "variable",
        "property",
        "enumMember",
        "event",
        "function",
        "method",
        "macro",
        "keyword",
        "modifier",
        "comment",
        "string",
        "number",
        "regexp",
        "operator",
        "decorator",
    ];
    let types = caps["semanticTokensProvider"]["legend"]["tokenTypes"]
        .as_array()
        .unwrap();
    assert_eq!(types.len(), 8);
    for t in types {
        assert!(
            STANDARD.contains(&t.as_str().unwrap()),
            "{t} is not a standard type"
        );
    }
    c.wait_for("index end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    c
}

fn find(text: &str, needle: &str) -> std::ops::Range<usize> {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    i..i + needle.len()
}

fn nth(text: &str, needle: &str, n: usize) -> std::ops::Range<usize> {
    let i = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle} #{n} not in text"))
        .0;
    i..i + needle.len()
}

#[test]
fn links_highlights_and_selection_ranges_in_both_encodings() {
    // The speakers of the second talk are written differently here: the
    // "🎉 Ada Lovelace" of the first is a name with an emoji in it, so the
    // mentions of `Ada Lovelace` are matched by key on plain names below.
    let note = NOTE
        .replace("🎉 Ada Lovelace", "Ada Lovelace")
        .replace("ADA 🎉LOVELACE", "ADA LOVELACE");
    for utf8 in [false, true] {
        let utf16 = !utf8;
        let dir = temp_dir("navigate");
        let path = dir.join("a.talk");
        std::fs::write(&path, &note).unwrap();
        let uri = file_uri(&path);
        let mut c = start(utf8, &dir);
        c.open(&uri, &note, 1);
        let td = json!({"uri": uri});

        let links = c.request("textDocument/documentLink", json!({"textDocument": td}));
        let got: Vec<(Value, String)> = links
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["range"].clone(),
                    l["target"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    lsp_range(&note, find(&note, "https://example.org/a_(b)"), utf16),
                    "https://example.org/a_(b)".to_string()
                ),
                (
                    lsp_range(&note, find(&note, "[the slides](https://s.io/deck)"), utf16),
                    "https://s.io/deck".to_string()
                ),
                (
                    lsp_range(&note, find(&note, "mailto:ada@example.org"), utf16),
                    "mailto:ada@example.org".to_string()
                ),
            ],
            "utf8={utf8}"
        );

        // Every mention of the person under the cursor, whatever the case.
        let on_second = nth(&note, "ADA LOVELACE", 0).start + 3;
        let hl = c.request(
            "textDocument/documentHighlight",
            json!({"textDocument": td, "position": lsp_pos(&note, on_second, utf16)}),
        );
        let ranges: Vec<Value> = hl
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["range"].clone())
            .collect();
        assert_eq!(
            ranges,
            [
                lsp_range(&note, find(&note, "Ada Lovelace"), utf16),
                lsp_range(&note, find(&note, "ADA LOVELACE"), utf16),
            ],
            "utf8={utf8}"
        );
        // Not on a speaker: nothing.
        let none = c.request(
            "textDocument/documentHighlight",
            json!({"textDocument": td, "position": lsp_pos(&note, find(&note, "Core").start, utf16)}),
        );
        assert!(none.is_null() || none == json!([]), "{none}");

        // speaker → line → talk → document; word → line → section → talk.
        let bullet = find(&note, "first point").start + 2;
        let speaker = find(&note, "Bob Roe").start + 1;
        let sel = c.request(
            "textDocument/selectionRange",
            json!({"textDocument": td, "positions": [lsp_pos(&note, speaker, utf16), lsp_pos(&note, bullet, utf16)]}),
        );
        let chain = |v: &Value| -> Vec<Value> {
            let mut out = Vec::new();
            let mut at = v;
            while at.is_object() {
                out.push(at["range"].clone());
                at = &at["parent"];
            }
            out
        };
        let second = nth(&note, "___", 1).start;
        let talk2 = second..note.trim_end().len();
        assert_eq!(
            chain(&sel[0]),
            [
                lsp_range(&note, find(&note, "Bob Roe"), utf16),
                lsp_range(&note, find(&note, "Bob Roe and ADA LOVELACE"), utf16),
                lsp_range(&note, talk2.clone(), utf16),
                lsp_range(&note, 0..note.len(), utf16),
            ],
            "utf8={utf8}"
        );
        let notes = find(&note, "Notes\r\n").start;
        let section_end = find(&note, "mailto:ada@example.org").end;
        assert_eq!(
            chain(&sel[1]),
            [
                lsp_range(&note, find(&note, "first"), utf16),
                lsp_range(&note, find(&note, "\t* 🎉 first point"), utf16),
                lsp_range(&note, notes..section_end, utf16),
                lsp_range(&note, talk2, utf16),
                lsp_range(&note, 0..note.len(), utf16),
            ],
            "utf8={utf8}"
        );
        c.shutdown_exit();
    }
}

/// A workspace with a roster (an alias for Grace Hopper) and a spelling of
/// a speaker used less often than another.
fn roster_workspace(name: &str) -> (std::path::PathBuf, String) {
    let dir = temp_dir(name);
    std::fs::write(dir.join("notelint.toml"), "roster = \"people.toml\"\n").unwrap();
    std::fs::write(
        dir.join("people.toml"),
        "[[person]]\nname = \"Grace Hopper\"\naliases = [\"Amazing Grace\"]\n\n[[person]]\nname = \"Van Lindberg\"\n",
    )
    .unwrap();
    let talk = |t: &str, s: &str| {
        format!(
            "___\n\n{t}\n\n{s}\n\nCore, Beginner\n\nDescription: D.\n\nAbstract: A.\n\nBio: B.\n\n"
        )
    };
    let b = [
        talk("One", "Van Lindberg"),
        talk("Two", "Van Lindberg"),
        talk("Three", "Vanessa Lindbergh"),
        talk("Four", "Vanessa Lindberg"),
        talk("Five", "Vanessa Lindberg"),
    ]
    .concat();
    std::fs::write(dir.join("b.talk"), b).unwrap();
    let uri = file_uri(&dir.join("a.talk"));
    (dir, uri)
}

fn labels(list: &Value) -> Vec<(String, String)> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["label"].as_str().unwrap().to_string(),
                i["detail"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn completion_offers_aliases_and_not_misspellings() {
    let (dir, uri) = roster_workspace("complete");
    let mut c = start(false, &dir);
    let text = "___\n\nNew\n\nby Ama";
    std::fs::write(dir.join("a.talk"), text).unwrap();
    c.open(&uri, text, 1);
    let end = lsp_pos(text, text.len(), true);
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": end}),
    );
    assert_eq!(
        labels(&list),
        [
            ("Grace Hopper".to_string(), "0 talks · roster".to_string()),
            (
                "Amazing Grace".to_string(),
                "alias of Grace Hopper · roster".to_string()
            )
        ],
        "{list}"
    );
    // `Vanessa Lindbergh` (once) is reported as a misspelling of
    // `Vanessa Lindberg` (twice): only the right spelling is offered.
    let text = "___\n\nNew\n\nby Vanes";
    c.change(&uri, 2, json!([{"text": text}]));
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": lsp_pos(text, text.len(), true)}),
    );
    let got: Vec<String> = labels(&list).into_iter().map(|l| l.0).collect();
    assert_eq!(got, ["Vanessa Lindberg"], "{list}");
    c.shutdown_exit();
}

use lsp_client::apply_edits as apply;

fn roster_actions(c: &mut LspClient, uri: &str, text: &str, name: &str) -> Vec<Value> {
    let r = find(text, name);
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": lsp_range(text, r, true), "context": {"diagnostics": []}}),
    );
    actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.contains("to the roster"))
        })
        .cloned()
        .collect()
}

#[test]
fn add_to_roster_reads_the_roster_as_it_is_now() {
    let (dir, uri) = roster_workspace("roster-stale");
    let roster = dir.join("people.toml");
    let roster_uri = file_uri(&roster);
    let mut c = start(false, &dir);
    let text = "___\n\nNew\n\nAnn Smith\n\nCore, Beginner\n\nDescription: D.\n\nAbstract: A.\n\nBio: B.\n\n___\n\nOther\n\nGrace Hoper\n\nCore, Beginner\n\nDescription: D.\n\nAbstract: A.\n\nBio: B.\n";
    std::fs::write(dir.join("a.talk"), text).unwrap();
    c.open(&uri, text, 1);
    let d = c.diagnostics_for(&uri, 1);
    assert_eq!(
        d.iter().filter(|x| x["code"] == "NL021").count(),
        2,
        "{d:?}"
    );
    // A misspelling of a roster name gets "Replace with", not "Add".
    assert!(roster_actions(&mut c, &uri, text, "Grace Hoper").is_empty());
    let add = roster_actions(&mut c, &uri, text, "Ann Smith");
    assert_eq!(add.len(), 1, "{add:?}");

    // The roster changes on disk and nobody tells the server (a `git
    // pull` under a client without file watching); it is now CRLF and
    // longer. The edit must be made against this text.
    let now = "# people we know\r\n[[person]]\r\nname = \"Grace Hopper\"\r\naliases = [\"Amazing Grace\"]\r\n\r\n[[person]]\r\nname = \"Van Lindberg\"\r\nhandle = \"@van\"\r\n";
    std::fs::write(&roster, now).unwrap();
    let add = roster_actions(&mut c, &uri, text, "Ann Smith");
    let edits = add[0]["edit"]["changes"][&roster_uri].as_array().unwrap();
    let after = apply(now, edits);
    assert_eq!(
        after,
        format!("{now}\r\n[[person]]\r\nname = \"Ann Smith\"\r\n")
    );
    // Someone else added her already: no second entry is offered.
    let added = format!("{now}\r\n[[person]]\r\nname = \"Ann Smith\"\r\n");
    std::fs::write(&roster, &added).unwrap();
    assert!(
        roster_actions(&mut c, &uri, text, "Ann Smith").is_empty(),
        "the roster on disk already names Ann Smith"
    );
    // A roster that no longer parses is not edited.
    std::fs::write(&roster, "[[person]\nname =").unwrap();
    assert!(roster_actions(&mut c, &uri, text, "Ann Smith").is_empty());
    c.shutdown_exit();
}
