//! A talk's names: the one record of its title and speaker names that the
//! lint cache, the index and the editor summary share.

use super::names::{normalize_title, speaker_key};
use super::strs::{Packer, Unpacker};
use crate::syntax::{Segment, Span};

/// What document and workspace rules read of a talk: its title and its
/// speakers, with segment-relative spans. Those rules see nothing else of
/// the file, so while every segment's names are unchanged (and the index
/// and configuration are too) their findings are the same up to where each
/// segment now starts.
///
/// Made once per talk by the lint cache and shared (`Arc`) with the index
/// entry and the editor summary of the file, so each talk's title and
/// speaker names are held once however many of them read it.
///
/// The strings are kept end to end in one box ([`super::strs`]): the title,
/// its [`normalize_title`] key, then each speaker's name as written and its
/// [`speaker_key`].
#[derive(Debug, PartialEq, Eq)]
pub struct TalkNames {
    text: Box<str>,
    /// Lengths of the title and its key in `text`.
    title_len: u32,
    key_len: u32,
    title_span: Span,
    /// Per speaker: the lengths of name and key in `text`, and the name's
    /// relative span.
    speakers: Box<[(u32, u32, Span)]>,
}

impl TalkNames {
    pub fn new(title: &str, title_span: Span, speakers: &[(&str, Span)]) -> TalkNames {
        let mut p = Packer::default();
        let title_len = p.put(Some(title));
        let key_len = p.put(Some(&normalize_title(title)));
        let speakers = speakers
            .iter()
            .map(|&(name, span)| {
                let n = p.put(Some(name));
                (n, p.put(Some(&speaker_key(name))), span)
            })
            .collect();
        TalkNames {
            text: p.finish(),
            title_len,
            key_len,
            title_span,
            speakers,
        }
    }

    /// The names of a talk segment (`text` is its text); `None` for a
    /// segment that is not a talk.
    pub fn of(seg: &Segment, text: &str) -> Option<TalkNames> {
        let title = seg.head.title?;
        let speakers: Vec<(&str, Span)> = seg
            .speakers
            .iter()
            .map(|s| (s.name.text(text), s.name))
            .collect();
        Some(TalkNames::new(title.text(text), title, &speakers))
    }

    pub fn title(&self) -> &str {
        Unpacker::new(&self.text).next(self.title_len).unwrap_or("")
    }

    /// [`normalize_title`] of the title.
    pub fn title_key(&self) -> &str {
        Unpacker::new(&self.text)
            .skip([self.title_len])
            .next(self.key_len)
            .unwrap_or("")
    }

    /// The title's span in the segment.
    pub fn title_span(&self) -> Span {
        self.title_span
    }

    pub fn speaker_count(&self) -> usize {
        self.speakers.len()
    }

    /// Each speaker's name as written, key and relative span.
    pub fn speakers(&self) -> impl Iterator<Item = (&str, &str, Span)> {
        let mut u = Unpacker::new(&self.text).skip([self.title_len, self.key_len]);
        self.speakers.iter().map(move |&(n, k, span)| {
            let name = u.next(n).unwrap_or("");
            (name, u.next(k).unwrap_or(""), span)
        })
    }

    /// The `nth` speaker's name and key.
    pub fn speaker(&self, nth: usize) -> Option<(&str, &str)> {
        self.speakers().nth(nth).map(|(n, k, _)| (n, k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_what_was_stored() {
        let s = |a, b| Span { start: a, end: b };
        let make = || {
            TalkNames::new(
                "  Ünïcode   Talk 😀 ",
                s(3, 20),
                &[
                    ("Ann  Lée", s(30, 39)),
                    ("Dr. Bo Li", s(41, 50)),
                    ("", s(52, 52)),
                ],
            )
        };
        let n = make();
        assert_eq!(n.title(), "  Ünïcode   Talk 😀 ");
        assert_eq!(n.title_key(), normalize_title("  Ünïcode   Talk 😀 "));
        assert_eq!(n.title_span(), s(3, 20));
        let got: Vec<(String, String, Span)> = n
            .speakers()
            .map(|(a, b, sp)| (a.to_string(), b.to_string(), sp))
            .collect();
        let want: Vec<(String, String, Span)> =
            [("Ann  Lée", 30, 39), ("Dr. Bo Li", 41, 50), ("", 52, 52)]
                .iter()
                .map(|&(name, a, b)| (name.to_string(), speaker_key(name), s(a, b)))
                .collect();
        assert_eq!(got, want);
        assert_eq!(n.speaker_count(), 3);
        assert_eq!(
            n.speaker(1),
            Some(("Dr. Bo Li", &*speaker_key("Dr. Bo Li")))
        );
        assert_eq!(n.speaker(3), None);
        // Made again from the same names: equal (how the memo compares).
        let again = make();
        assert_eq!(n, again);
        let none = TalkNames::new("T", s(0, 1), &[]);
        assert_eq!((none.title(), none.speakers().count()), ("T", 0));
    }
}
