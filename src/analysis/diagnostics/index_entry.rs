//! A file's index entry (its talks and speakers) read from its segments.

use crate::index::{FileEntry, SpeakerEntry, TalkEntry, TalkNames};
use crate::lint::rules::not_talk_notes::Shape;
use crate::syntax::{Segments, SpeakerSource};
use std::borrow::Cow;

/// The index entry (titles, speakers with ranges, affiliations) of one
/// file, for `Index::set_file`.
pub fn index_entry<'a>(
    segments: &'a Segments,
    seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
) -> FileEntry {
    index_entry_with(segments, seg_text, &|_| None)
}

/// [`index_entry`], with each talk's [`TalkNames`] taken from `names_of`
/// (by segment number) where it has them, so they are shared, not made
/// again.
pub(super) fn index_entry_with<'a>(
    segments: &'a Segments,
    seg_text: &'a dyn Fn(usize) -> Cow<'a, str>,
    names_of: &dyn Fn(usize) -> Option<TalkNames>,
) -> FileEntry {
    let mut e = FileEntry::default();
    // A file that is not talk notes (a blog post, a schedule) has no real
    // titles or speakers: whatever sat where they would must not turn up in
    // `notelint speakers`, completion or other files' speaker checks.
    if Shape::of(segments, seg_text).is_not_talk_notes() {
        return e;
    }
    for (i, p) in segments.iter().enumerate() {
        let seg = &p.seg;
        if !seg.is_talk() {
            continue;
        }
        let text = seg_text(i);
        let text: &str = &text;
        let Some(names) = names_of(i).or_else(|| TalkNames::of(seg, text)) else {
            continue;
        };
        let talk = e.talks.len();
        let first = e.speakers.len();
        for (nth, sp) in seg.speakers.iter().enumerate() {
            let affiliation: Vec<&str> = match sp.source {
                SpeakerSource::Field(k) => seg
                    .sections
                    .get(k as usize)
                    .filter(|s| s.label().is_some_and(|l| !l.is_plural_speaker()))
                    .map(|s| {
                        seg.texts(s)
                            .filter(|x| !x.is_empty())
                            .skip(1)
                            .map(|x| x.text(text))
                            .collect()
                    })
                    .unwrap_or_default(),
                SpeakerSource::Head => Vec::new(),
            };
            e.speakers.push(SpeakerEntry::new(
                &names,
                nth,
                sp.handle.map(|h| h.text(text)),
                sp.link.map(|h| h.text(text)),
                &affiliation,
                talk,
                sp.name.abs(p.start),
            ));
        }
        e.talks.push(TalkEntry {
            names,
            range: p.range(),
            speakers: first..e.speakers.len(),
        });
    }
    // The entry is kept until the file changes again: without the growth
    // slack (up to half of each list in a large note).
    e.talks.shrink_to_fit();
    e.speakers.shrink_to_fit();
    e
}
