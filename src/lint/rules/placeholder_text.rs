//! NL034 placeholder-text: TODO, TBD, "stub:", lorem ipsum standing in for
//! content.

use super::util::*;

pub struct PlaceholderText;

pub static META: RuleMeta = RuleMeta {
    code: "NL034",
    name: "placeholder-text",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A placeholder (TODO, TBD, `stub:`, lorem ipsum) stands in for content.",
    explanation: r#"Placeholders get published by accident. This rule reports a title, speaker,
field or line whose text *is* a placeholder — `TODO`, `TBD`, `TBA`, `FIXME`,
`XXX`, `to be announced`, `coming soon` — or starts with one as a note
(`TODO: write abstract`, `stub: …`), and any *lorem ipsum*. A word in running
prose is not a placeholder: "Downloadable notebooks (WIP)" describes the talk's
subject and is left alone, as is "a todo-list app".

**Bad**

```talk
 Python tracing superpowers
Eben Freeman
Abstract: TBD
Bio: TODO: ask Eben for a bio
```

**Good**

```talk
 Python tracing superpowers
Eben Freeman
Abstract: Modern system tracers like SystemTap are incredibly powerful…
Bio: Eben is a software engineer based in San Francisco.
```

**Options**: none.

**Fix**: none — the real text has to be written."#,
};

const WHOLE: [&str; 12] = [
    "todo",
    "tbd",
    "tba",
    "tbc",
    "fixme",
    "xxx",
    "to do",
    "to be determined",
    "to be announced",
    "to be confirmed",
    "coming soon",
    "placeholder",
];

/// Where "lorem ipsum" (any case: `Lorem Ipsum`, `LOREM IPSUM`) starts in
/// `t`. Each `m` is a candidate end, found with one vector scan: this runs
/// on every line, and most lines hold no `m` worth a second look.
fn lorem(t: &str) -> Option<usize> {
    const WORDS: &[u8] = b"lorem ipsum";
    let b = t.as_bytes();
    let tail = b.get(WORDS.len() - 1..)?;
    memchr::memchr2_iter(b'm', b'M', tail)
        .find(|&start| b[start..start + WORDS.len()].eq_ignore_ascii_case(WORDS))
}

/// The byte range within `t` of a placeholder standing in for content.
pub fn placeholder(t: &str) -> Option<std::ops::Range<usize>> {
    let core = t.trim_matches(|c: char| !c.is_alphanumeric());
    let core_at = t.len() - t.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    if core.len() <= 20 && WHOLE.iter().any(|w| core.eq_ignore_ascii_case(w)) {
        return Some(core_at..core_at + core.len());
    }
    if let Some(i) = lorem(t) {
        return Some(i..t.len());
    }
    note(t, true)
}

/// The longest label before a placeholder (`Slides: TODO`), in bytes.
const LABEL_MAX: usize = 24;

/// Words that mark a note as unwritten, in any case.
const NOTE_WORDS: [&str; 7] = ["TODO", "TBD", "TBA", "TBC", "FIXME", "XXX", "stub"];
/// The lowercase first letters of [`NOTE_WORDS`].
const NOTE_FIRST: [u8; 4] = [b't', b'f', b'x', b's'];

/// A note at the start of `t` (`TODO: …`, `TBA – …`, `TBD, later`), or,
/// when `prefixed` may be taken, after a short label of its own
/// (`Slides: TODO - ask for the link`): the placeholder word (with its
/// colon when a colon follows it).
fn note(t: &str, prefixed: bool) -> Option<std::ops::Range<usize>> {
    let lead = t.len() - t.trim_start().len();
    let s = &t[lead..];
    // Most lines start with none of the words' first letters: they skip
    // the comparisons (a test keeps `NOTE_FIRST` in step with the words).
    let first = s.bytes().next().map(|b| b.to_ascii_lowercase());
    let words = if first.is_some_and(|f| NOTE_FIRST.contains(&f)) {
        &NOTE_WORDS[..]
    } else {
        &[]
    };
    for &w in words {
        if s.len() > w.len() && s.is_char_boundary(w.len()) && s[..w.len()].eq_ignore_ascii_case(w)
        {
            let rest = &s[w.len()..];
            if rest.starts_with(':') {
                return Some(lead..lead + w.len() + 1);
            }
            // Other punctuation only after the word in capitals: `Todo, …`
            // and `Stub.` may be prose.
            let upper = &s[..w.len()] == w && w != "stub";
            let after = rest.trim_start_matches([' ', '\t']);
            // A hyphen only as a dash (`TBA - …`, not `XXX-large`).
            let dash_ok = !after.starts_with('-') || rest.starts_with([' ', '\t']);
            let punct =
                dash_ok && after.starts_with(['-', '–', '—', ',', ';', '.', '!', '?', '(', '/']);
            if upper && punct {
                return Some(lead..lead + w.len());
            }
        }
    }
    if prefixed {
        // `Label: rest` with a label of one to three words. A label is at
        // most 24 bytes, so only the first 26 bytes can hold its `: `: a
        // longer line costs no search through it (this runs on every line).
        let window = &s.as_bytes()[..s.len().min(LABEL_MAX + 2)];
        let at = window.windows(2).position(|w| w == b": ")?;
        let (label, rest) = (&s[..at], &s[at + 2..]);
        let words = label.split(' ').count();
        if label.len() <= LABEL_MAX
            && words <= 3
            && label.chars().all(|c| c.is_alphabetic() || c == ' ')
        {
            let at = lead + label.len() + 2;
            return note(rest, false).map(|r| r.start + at..r.end + at);
        }
    }
    None
}

impl Rule for PlaceholderText {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        let seg = cx.seg;
        if !seg.is_talk() {
            return;
        }
        let mut spans: Vec<Span> = Vec::new();
        spans.extend(seg.head.title);
        spans.extend(seg.speakers.iter().map(|s| s.name));
        for s in &seg.sections {
            if s.label().is_none() {
                spans.push(s.name);
            }
            spans.extend(pieces(seg, s));
        }
        spans.sort();
        spans.dedup();
        for sp in spans {
            let t = sp.text(cx.text);
            if let Some(rg) = placeholder(t) {
                let at = sp.start as usize;
                let word = t[rg.clone()].trim_end_matches(':');
                let word: String = word.chars().take(40).collect();
                out.push(Diagnostic::new(
                    &META,
                    at + rg.start..at + rg.end,
                    format!("placeholder `{word}` instead of content"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{placeholder, NOTE_FIRST, NOTE_WORDS};

    #[test]
    fn only_standing_in_for_content() {
        assert!(placeholder("TBD").is_some());
        assert!(placeholder("(TODO)").is_some());
        assert!(placeholder("TODO: write the abstract").is_some());
        assert!(placeholder("stub: bio").is_some());
        assert!(placeholder("Lorem ipsum dolor sit amet").is_some());
        for w in NOTE_WORDS {
            assert!(
                NOTE_FIRST.contains(&w.as_bytes()[0].to_ascii_lowercase()),
                "{w}"
            );
        }
        // Any case, as the rule's docs say (title case was missed).
        for t in [
            "Lorem Ipsum dolor",
            "LOREM IPSUM",
            "x lOrEm iPsUm",
            "lorem ipsum",
        ] {
            assert_eq!(placeholder(t).map(|r| r.start), t.find(['l', 'L']), "{t}");
        }
        assert!(placeholder("lorem  ipsum").is_none());
        assert!(placeholder("lorem ipsu").is_none());
        assert!(
            placeholder("Downloadable Notebooks created for K3-High School students (WIP)")
                .is_none()
        );
        assert!(placeholder("Todo list apps in Django").is_none());
        assert!(placeholder("We will look at what TODO comments say about a codebase").is_none());
        // Followed by punctuation, or after a label of its own.
        assert_eq!(placeholder("TBA – waiting on the speaker"), Some(0..3));
        assert_eq!(placeholder("Slides: TODO - ask for the link"), Some(8..12));
        assert_eq!(placeholder("TBD, later"), Some(0..3));
        assert_eq!(placeholder("TODO—ask"), Some(0..4));
        assert!(placeholder("XXX-large shirts").is_none());
        assert!(placeholder("Todo, the app, is a Django project").is_none());
        assert!(placeholder("Note: we will see TODO comments").is_none());
        // A label of exactly the longest length, and one byte longer.
        assert_eq!(
            placeholder("Abcdefghij klmnopqrstuvw: TODO: x"),
            Some(26..31)
        );
        assert!(placeholder("Abcdefghij klmnopqrstuvwx: TODO: x").is_none());
    }

    /// The label is looked for in a short window only: the same answers as
    /// splitting the whole line at its first `: `.
    #[test]
    fn label_window_agrees_with_a_split_of_the_whole_line() {
        fn reference(s: &str) -> Option<std::ops::Range<usize>> {
            let lead = s.len() - s.trim_start().len();
            let t = &s[lead..];
            let (label, rest) = t.split_once(": ")?;
            let words = label.split(' ').count();
            (label.len() <= super::LABEL_MAX
                && words <= 3
                && label.chars().all(|c| c.is_alphabetic() || c == ' '))
            .then(|| lead + label.len() + 2)
            .and_then(|at| super::note(rest, false).map(|r| r.start + at..r.end + at))
        }
        let labels = [
            "",
            "A",
            "Slides",
            "Zoë Ann",
            "a b c d",
            "Abcdefghij klmnopqrstuvw",
            "Abcdefghij klmnopqrstuvwx",
        ];
        let rests = ["TODO: x", "TBA - y", "stub: z", "fine", ": TODO: x", "TODO"];
        for l in labels {
            for sep in [": ", ":", " : ", ":  "] {
                for r in rests {
                    for pre in ["", "  "] {
                        let s = format!("{pre}{l}{sep}{r}");
                        if super::note(&s, false).is_none() {
                            assert_eq!(super::note(&s, true), reference(&s), "{s:?}");
                        }
                    }
                }
            }
        }
    }
}
