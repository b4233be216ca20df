//! A big text's talk phase runs on every core (`analysis::Host`, the
//! command line's path; the text is also parsed in pieces there, and its
//! talk phase made beside its index entry): it reports exactly what the
//! one-core `lint_document` does,
//! suppression comments (file-wide, per talk, next line) and the first
//! segment's preamble included.

use notelint::analysis::{index_entry, lint_document, Change, Host};
use notelint::index::Index;
use notelint::lint::LintConfig;
use notelint::syntax::parse;
use notelint::syntax::SourceText;
use notelint::workspace::Settings;
use std::sync::Arc;

const PIECES: &[&str] = &[
    " Python 103\nWesley Chun\nLanguage Internals, Intermediate\n\nDescription: d\n\nAbstract: a  \n\nBio: TODO: b\n___\n",
    "Magic\n\nFundamentals, Intermediat\n\nDescription: TBD\n___\n",
    " Lightning Talks\n\nVagrant\n\tDev boxes\n* sub point\n\t- x\n\t* y\n ___\n",
    " Lightning Talks\nVan Lindbergh\n\n[slides]()\n___\n",
    "// notelint: disable=NL034\n Slides talk\nJane Doe\nSlides: TODO - ask\n___\n",
    " Next line\nJane Doe\n// notelint: disable-next-line=all\nBio: TBD  \n___\n",
    " Unknown rule\nVan Lindberg\n// notelint: disable=nope\n___\n",
    "\nPlease reload\n\n  • Meetup\n\r\n",
];

/// A text of more than a megabyte (well over the size at which the talk
/// phase goes parallel) from the pieces in a scrambled order.
fn big(head: &str) -> String {
    let mut t = String::from(head);
    let mut k = 7usize;
    while t.len() < 1_200_000 {
        k = (k * 31 + 17) % 1009;
        t.push_str(PIECES[k % PIECES.len()]);
    }
    t
}

fn both(text: &str, config: &LintConfig) {
    let tree = parse(text, &config.parse);
    let st = SourceText::new(&tree.segments, text);
    let mut index = Index::default();
    index.set_file("big.talk", index_entry(st));
    let one = lint_document("big.talk", st, config, &index, None);
    let mut settings = Settings::defaults(std::path::Path::new("."));
    settings.lint = config.clone();
    let mut host = Host::new();
    host.apply(vec![Change::Set {
        name: "big.talk".into(),
        text: Arc::new(text.to_string()),
        settings: Arc::new(settings),
    }]);
    assert_eq!(host.snapshot().index().files().len(), 1);
    let all = host.snapshot().diagnostics("big.talk").unwrap();
    assert!(one.len() > 1000, "{}", one.len());
    assert_eq!(one.len(), all.len());
    for (a, b) in one.iter().zip(&all) {
        assert_eq!(a, b);
    }
}

#[test]
fn parallel_talk_phase_reports_what_one_core_does() {
    let config = LintConfig::default();
    both(&big("My notes\n\n"), &config);
    // A file-wide comment in the first segment silences a rule everywhere.
    both(&big("My notes\n// notelint: disable=NL001\n\n"), &config);
}
