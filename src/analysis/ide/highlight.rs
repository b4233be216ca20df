//! Document highlights: every mention of the speaker under the cursor in
//! one document (each speaker entry naming the same person: any spelling
//! with the same key, or a roster alias of them).

use super::speaker_at;
use crate::syntax::Document;
use std::ops::Range;

/// The ranges of every mention, in order, of the speaker at `offset`;
/// empty when the cursor is not on a speaker. `same(a, b)` says whether two
/// spellings name the same person (the workspace's roster decides).
pub fn document_highlights(
    doc: &Document,
    offset: usize,
    same: &dyn Fn(&str, &str) -> bool,
) -> Vec<Range<usize>> {
    let Some((name, _)) = speaker_at(doc, offset) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in doc.segments() {
        for s in p.seg.speakers.iter() {
            let r = s.name.abs(p.start);
            if same(&name, &doc.slice(r.clone())) {
                out.push(r);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::same_person;
    use crate::syntax::ParseOptions;

    #[test]
    fn every_mention_of_one_person() {
        let t =
            " One\nby Ada Lovelace\n Two\nby Bob and ADA LOVELACE\n Three\nby Ada Lovelace & Bob\n";
        let doc = Document::new(t, ParseOptions::default());
        let same = same_person;
        let at = t.find("Ada").unwrap() + 2;
        let got: Vec<&str> = document_highlights(&doc, at, &same)
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(got, ["Ada Lovelace", "ADA LOVELACE", "Ada Lovelace"]);
        let bob = t.find("Bob").unwrap();
        assert_eq!(document_highlights(&doc, bob, &same).len(), 2);
        assert!(document_highlights(&doc, 2, &same).is_empty());
    }
}
