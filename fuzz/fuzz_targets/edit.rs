//! Random edit scripts on `syntax::Document`: after every edit the incremental
//! tree must equal a fresh parse of the text, and the splice must account for
//! the segment count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use notelint::syntax::{Document, ParseOptions};
use notelint_fuzz::invariants::check_document;
use notelint_fuzz::{render, Script};

fuzz_target!(|script: Script| {
    let mut opts = ParseOptions::default();
    if script.extra_label {
        opts.extra_labels = vec!["Slides".into()];
    }
    let mut doc = Document::new(&render(&script.initial), opts);
    check_document(&doc);
    for e in script.edits.iter().take(64) {
        let before = doc.segments().len();
        let text = render(&e.text);
        let splice = doc.edit(e.range(doc.len()), &text);
        assert_eq!(
            doc.segments().len(),
            before - splice.removed + splice.inserted,
            "splice {splice:?} does not account for the segment count"
        );
        check_document(&doc);
    }
});
