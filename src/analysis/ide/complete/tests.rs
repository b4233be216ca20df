//! Unit tests of `complete`.

use super::*;
use crate::analysis::ide::catalog::file_summary;
use crate::syntax::ParseOptions;

fn ws_of(doc: &Document) -> Catalog {
    let mut w = Catalog::default();
    let ft = file_summary(
        crate::syntax::SourceText::document(doc),
        &|o| doc.rope().byte_to_line(o) as u32,
        None,
        &|_| None,
    );
    w.files.insert("a".into(), std::sync::Arc::new(ft));
    w
}

#[test]
fn a_name_starts_after_the_last_separator_whatever_the_case_mapping() {
    // `Ⱥ` lowercases to a longer `ⱥ`: an offset found in a lowercased
    // copy fell inside `é` here and panicked (fuzz `lint`).
    assert_eq!(name_start("Ⱥ:éé"), 3);
    assert_eq!(name_start("ẞ, Ⱥnn"), 5);
    assert_eq!(name_start("Ann AND Bo"), 8);
    assert_eq!(name_start("  Talk BY Ada"), 10);
    assert_eq!(name_start("Ada"), 0);
}

fn labels(doc: &Document, offset: usize) -> Vec<(String, CompletionKind)> {
    completions(doc, &ws_of(doc), &LintConfig::default(), offset)
        .into_iter()
        .map(|c| (c.label, c.kind))
        .collect()
}

#[test]
fn speakers_by_prefix_initials_and_use() {
    let t = " One\nby Van Lindberg\n Two\nby Van Lindberg\n Three\nby Vera Lynn\n Four\nby Vl";
    let doc = Document::new(t, ParseOptions::default());
    let got = labels(&doc, t.len());
    assert_eq!(
        got,
        [
            ("Van Lindberg".to_string(), CompletionKind::Speaker),
            ("Vera Lynn".to_string(), CompletionKind::Speaker)
        ]
    );
    let t2 = format!("{t}\n Five\nby Ve");
    let doc = Document::new(&t2, ParseOptions::default());
    let got = labels(&doc, t2.len());
    assert_eq!(got, [("Vera Lynn".to_string(), CompletionKind::Speaker)]);
}

#[test]
fn labels_levels_snippet() {
    let t = "___\n\nTitle\n\nAda\n\nCore, Int\n\nDe";
    let doc = Document::new(t, ParseOptions::default());
    let got = labels(&doc, t.len());
    assert_eq!(got, [("Description:".to_string(), CompletionKind::Label)]);
    let at = t.find("Int").unwrap() + 3;
    let got = labels(&doc, at);
    assert_eq!(got, [("Intermediate".to_string(), CompletionKind::Level)]);
    let t = "x\n";
    let doc = Document::new(t, ParseOptions::default());
    assert!(labels(&doc, 2)
        .iter()
        .any(|(l, k)| l == "new talk" && *k == CompletionKind::Snippet));
}

/// Mid-word, an item replaces the whole word: what was typed before
/// the cursor (`replace`) and the rest of the word after it.
#[test]
fn mid_word_items_reach_the_end_of_the_word() {
    let t = "___\n\nTitle\n\nAda Lovelace\n\nCore, Advnced\n\nDescription: x\n";
    let doc = Document::new(t, ParseOptions::default());
    let at = t.find("Advnced").unwrap() + 3;
    let got = completions(&doc, &ws_of(&doc), &LintConfig::default(), at);
    let adv = got
        .iter()
        .find(|c| c.label == "Advanced")
        .expect("Advanced");
    assert_eq!(&t[adv.replace.clone()], "Adv");
    assert_eq!(&t[adv.replace.start..adv.word_end], "Advnced");
    // At the end of a word there is no tail.
    let end = t.find("Advnced").unwrap() + "Advnced".len();
    for c in completions(&doc, &ws_of(&doc), &LintConfig::default(), end) {
        assert_eq!(c.word_end, c.replace.end, "{c:?}");
    }
    // A speaker's tail stops at the separator; combining marks belong.
    let t = " T\nby Ada Lo\u{301}velace, Bob\n";
    let doc = Document::new(t, ParseOptions::default());
    let at = t.find("Lo").unwrap() + 2;
    let got = completions(&doc, &ws_of(&doc), &LintConfig::default(), at);
    let c = got.first().expect("a speaker");
    assert_eq!(&t[c.replace.start..c.word_end], "Ada Lo\u{301}velace");
}
