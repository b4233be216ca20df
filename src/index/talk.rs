//! A talk's names: the one record of its title and speaker names that the
//! lint cache, the file's summary and the outline share.

use super::names::{normalize_title, speaker_key};
use crate::syntax::{Segment, Span};
use std::sync::Arc;

/// What document and workspace rules read of a talk: its title and its
/// speakers, with segment-relative spans. Those rules see nothing else of
/// the file, so while every segment's names are unchanged (and the index
/// and configuration are too) their findings are the same up to where each
/// segment now starts.
///
/// Made once per talk by the lint cache and shared with the file's summary
/// (which the index and the catalog hold) and its outline (a clone is a reference
/// count), so each talk's title and speaker names are held once however
/// many of them read it.
///
/// Everything is in one allocation: a header of 32-bit numbers (title and
/// key lengths, the title's span, the speaker count, then per speaker the
/// lengths of name and key and the name's span), then the strings end to
/// end: the title, its [`normalize_title`] key, each speaker's name as
/// written and its [`speaker_key`]. One allocation, not one per part,
/// because the outline reads the title and names of every talk on each
/// request: each part apart would be a cache miss, and an allocation's
/// overhead per talk (docs/perf.md).
#[derive(Clone, PartialEq, Eq)]
pub struct TalkNames(Arc<[u8]>);

/// Header words before the speakers', and per speaker.
const HEAD: usize = 5;
const PER_SPEAKER: usize = 4;

impl TalkNames {
    pub fn new(title: &str, title_span: Span, speakers: &[(&str, Span)]) -> TalkNames {
        let key = normalize_title(title);
        let keys: Vec<String> = speakers.iter().map(|s| speaker_key(s.0)).collect();
        let mut words = vec![
            title.len() as u32,
            key.len() as u32,
            title_span.start,
            title_span.end,
            speakers.len() as u32,
        ];
        let mut text = String::with_capacity(title.len() + key.len());
        text.push_str(title);
        text.push_str(&key);
        for ((name, span), key) in speakers.iter().zip(&keys) {
            words.extend([name.len() as u32, key.len() as u32, span.start, span.end]);
            text.push_str(name);
            text.push_str(key);
        }
        let mut bytes = Vec::with_capacity(words.len() * 4 + text.len());
        for w in words {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        TalkNames(bytes.into())
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

    /// Whether both are the very same record (not only equal).
    pub fn ptr_eq(&self, other: &TalkNames) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Header word `i` (0 past the end: never the case for our own bytes).
    fn word(&self, i: usize) -> u32 {
        let b = self.0.get(i * 4..i * 4 + 4);
        b.and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_le_bytes)
    }

    /// Where the strings start: after the header.
    fn text_start(&self) -> usize {
        (HEAD + PER_SPEAKER * self.speaker_count()) * 4
    }

    /// The bytes at `r` (empty past the end: never the case for our own
    /// bytes).
    fn bytes(&self, r: std::ops::Range<usize>) -> &[u8] {
        self.0.get(r).unwrap_or(&[])
    }

    /// A string of the record (each is checked alone: the outline reads two
    /// per talk on every request).
    fn str(&self, r: std::ops::Range<usize>) -> &str {
        std::str::from_utf8(self.bytes(r)).unwrap_or("")
    }

    /// Where the title and its key are.
    fn title_ranges(&self) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let at = self.text_start();
        let (t, k) = (self.word(0) as usize, self.word(1) as usize);
        (at..at + t, at + t..at + t + k)
    }

    /// Per speaker, where its name and key are, and the name's span.
    fn speaker_ranges(
        &self,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, std::ops::Range<usize>, Span)> + '_ {
        let mut at = self.title_ranges().1.end;
        (0..self.speaker_count()).map(move |k| {
            let w = HEAD + PER_SPEAKER * k;
            let (n, key) = (self.word(w) as usize, self.word(w + 1) as usize);
            let name = at..at + n;
            let key = at + n..at + n + key;
            at = key.end;
            let span = Span {
                start: self.word(w + 2),
                end: self.word(w + 3),
            };
            (name, key, span)
        })
    }

    pub fn title(&self) -> &str {
        self.str(self.title_ranges().0)
    }

    /// [`normalize_title`] of the title.
    pub fn title_key(&self) -> &str {
        self.str(self.title_ranges().1)
    }

    /// The title's span in the segment.
    pub fn title_span(&self) -> Span {
        Span {
            start: self.word(2),
            end: self.word(3),
        }
    }

    pub fn speaker_count(&self) -> usize {
        // Never more than the header can hold (for a hostile length).
        (self.word(4) as usize).min(self.0.len() / (4 * PER_SPEAKER))
    }

    /// Each speaker's name as written, key and relative span.
    pub fn speakers(&self) -> impl Iterator<Item = (&str, &str, Span)> {
        (self.speaker_ranges()).map(|(n, k, span)| (self.str(n), self.str(k), span))
    }

    /// The title's bytes, not checked again as UTF-8 (for writers that
    /// copy bytes, such as the outline's).
    pub fn title_bytes(&self) -> &[u8] {
        self.bytes(self.title_ranges().0)
    }

    /// Each speaker name's bytes, likewise.
    pub fn name_bytes(&self) -> impl Iterator<Item = &[u8]> {
        self.speaker_ranges().map(|(n, _, _)| self.bytes(n))
    }

    /// The `nth` speaker's name and key.
    pub fn speaker(&self, nth: usize) -> Option<(&str, &str)> {
        self.speakers().nth(nth).map(|(n, k, _)| (n, k))
    }
}

impl std::fmt::Debug for TalkNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TalkNames")
            .field("title", &self.title())
            .field("title_span", &self.title_span())
            .field("speakers", &self.speakers().collect::<Vec<_>>())
            .finish()
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
        assert_eq!(n.title_bytes(), n.title().as_bytes());
        let names: Vec<&[u8]> = n.name_bytes().collect();
        assert_eq!(names, [&b"Ann  L\xc3\xa9e"[..], b"Dr. Bo Li", b""]);
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
