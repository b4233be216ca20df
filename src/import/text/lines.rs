//! What one line of a text shape is: blank, a bullet (its glyph, depth
//! column and text), a Markdown heading, a time line, a `by` line. Pure
//! functions of the line; the readers decide what the line means in its
//! place.

/// One source line, read alone.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The line without its line end.
    pub raw: &'a str,
    /// Indentation in columns (a tab counts 4).
    pub indent: usize,
    /// The line without leading and trailing whitespace.
    pub text: &'a str,
    /// For a bullet line: the text after the marker.
    pub bullet: Option<&'a str>,
    /// For a bullet line: whether the marker is a number (`1.`, `2)`).
    pub numbered: bool,
}

impl<'a> Line<'a> {
    pub fn new(raw: &'a str) -> Line<'a> {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let mut indent = 0;
        for c in raw.chars() {
            match c {
                ' ' | '\u{a0}' => indent += 1,
                '\t' => indent += 4,
                _ => break,
            }
        }
        let text = raw.trim();
        let (bullet, numbered) = match bullet_text(text) {
            Some((b, n)) => (Some(b), n),
            None => (None, false),
        };
        Line {
            raw,
            indent,
            text,
            bullet,
            numbered,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// A numbered bullet's number as written (`1.`): a word of the source
    /// when the line's text goes elsewhere (a title).
    pub fn number(&self) -> Option<&'a str> {
        let b = self.bullet.filter(|_| self.numbered)?;
        Some(self.text[..self.text.len() - b.len()].trim())
    }

    /// The line's words without a bullet marker.
    pub fn content(&self) -> &'a str {
        self.bullet.unwrap_or(self.text)
    }
}

/// Every line of `text`.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    text.split('\n').map(Line::new).collect()
}

/// Glyphs that open a bullet when a space follows.
const GLYPHS: [char; 11] = ['-', '*', '+', '•', '·', '◦', '▪', '‣', '–', '○', '●'];

/// The text after a bullet marker, and whether the marker is a number.
pub fn bullet_text(t: &str) -> Option<(&str, bool)> {
    let mut chars = t.char_indices();
    let (_, c) = chars.next()?;
    if GLYPHS.contains(&c) {
        let rest = &t[c.len_utf8()..];
        // `---` and `- - -` are rules, `**bold**` is emphasis.
        if rest.starts_with([' ', '\t']) && !rest.trim().is_empty() {
            let r = rest.trim_start();
            if !(c == '-' || c == '*') || !r.chars().all(|x| x == c || x == ' ') {
                return Some((r, false));
            }
        }
        return None;
    }
    // `1.`, `12)`, `a.`, `(3)`: at most three digits or one letter.
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(['.', ')']) {
            if r.starts_with([' ', '\t']) && !r.trim().is_empty() {
                return Some((r.trim_start(), true));
            }
        }
    }
    None
}

/// A Markdown ATX heading: its level and text (`## Title ##` → 2, `Title`).
pub fn md_heading(t: &str) -> Option<(usize, &str)> {
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    // `#Title words` without the space (real notes have it): two words or
    // more, so a `#hashtag` stays text.
    let spaced = rest.is_empty() || rest.starts_with([' ', '\t']);
    if !spaced
        && (level > 3
            || rest.split_whitespace().count() < 2
            || !rest.starts_with(char::is_alphanumeric))
    {
        return None;
    }
    let rest = rest.trim();
    // A closing `###` needs a space before it: `C#` keeps its `#`.
    let stripped = rest.trim_end_matches('#');
    let rest = if stripped.len() < rest.len() && (stripped.is_empty() || stripped.ends_with(' ')) {
        stripped.trim_end()
    } else {
        rest
    };
    Some((level, rest))
}

/// A clock time in the line: `10:50`, `9.30`, `10am`, `3 pm`, `14h30`.
pub fn has_time(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let n = i - start;
            if n <= 2 {
                // 10:50, 9.30, 14h30
                if i + 2 < b.len()
                    && matches!(b[i], b':' | b'.' | b'h')
                    && b[i + 1].is_ascii_digit()
                    && b[i + 2].is_ascii_digit()
                    && (i + 3 == b.len() || !b[i + 3].is_ascii_digit())
                {
                    return true;
                }
                // 10am, 3 pm
                let mut j = i;
                if j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                let r = &t[j..];
                let lower = r.get(..2).map(str::to_ascii_lowercase);
                if matches!(lower.as_deref(), Some("am" | "pm"))
                    && r[2..].chars().next().is_none_or(|c| !c.is_alphanumeric())
                {
                    return true;
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A line that says when a session is: `At 10:50am to 11:30am, Saturday 3rd
/// May`, `10:00 - 10:30`, `Time: 14:00`, `Saturday, 11:00–11:45`.
pub fn is_time_line(t: &str) -> bool {
    if t.chars().count() > 140 || !has_time(t) {
        return false;
    }
    let lower = t.to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    t.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            first,
            "at" | "from" | "time" | "when" | "starts" | "start" | "begins" | "on" | "date"
        )
        || WEEKDAYS.iter().any(|d| first.starts_with(&d[..3]))
}

/// A title's leading time: `10:30 – Title`, `Day 1 - 1030 - Title`,
/// `09:00-09:45 | Title`. The prefix as written (through its last
/// separator) and the title after it.
pub fn time_prefix(t: &str) -> Option<(&str, &str)> {
    // `A. Title`, `3) Title`: an enumeration of the talks.
    let b = t.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let n = if n == 0 && b.first().is_some_and(u8::is_ascii_uppercase) {
        1
    } else {
        n
    };
    if (1..=2).contains(&n)
        && matches!(b.get(n), Some(b'.' | b')'))
        && b.get(n + 1) == Some(&b' ')
        && t[n + 2..]
            .trim_start()
            .starts_with(|c: char| c.is_alphanumeric())
    {
        return Some((&t[..n + 1], t[n + 2..].trim_start()));
    }
    let mut end = 0;
    let mut timed = false;
    let mut rest = t;
    loop {
        let cut = [" - ", " – ", " — ", " | ", ": "]
            .iter()
            .filter_map(|sep| rest.find(sep).map(|p| (p, sep.len())))
            .min();
        let Some((p, len)) = cut else { break };
        let part = rest[..p].trim();
        if !is_time_part(part) {
            break;
        }
        timed |= !part.to_lowercase().starts_with("day");
        end += p + len;
        rest = &t[end..];
    }
    (timed && !rest.trim().is_empty()).then(|| (t[..end].trim_end(), rest.trim_start()))
}

/// A piece of a title's prefix that says when: `10:30`, `1030`, `9am`,
/// `10:00-10:45`, `Day 1`, `Monday`.
fn is_time_part(p: &str) -> bool {
    let lower = p.to_lowercase();
    if let Some(n) = lower.strip_prefix("day ") {
        return n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty();
    }
    if WEEKDAYS.contains(&lower.as_str()) {
        return true;
    }
    // `1030`, not a year.
    let four = p.len() == 4
        && p.bytes().all(|b| b.is_ascii_digit())
        && p[..2] <= *"23"
        && p[2..] <= *"59"
        && !p.starts_with("19")
        && !p.starts_with("20");
    four || (has_time(p)
        && p.chars()
            .all(|c| c.is_ascii_digit() || " :.-–apmAPM".contains(c)))
}

/// A line naming where a session is: `Room 2`, `Hall A`, `Location: Ballroom`.
pub fn is_room_line(t: &str) -> bool {
    if t.chars().count() > 60 {
        return false;
    }
    let lower = t.to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let labelled = lower.starts_with(&format!("{first}:"));
    match first {
        "room" | "hall" | "auditorium" | "stage" | "ballroom" | "salon" | "theatre" | "theater" => {
            lines_words(t) <= 5
        }
        "location" | "venue" | "where" | "track" => labelled,
        "in" => lines_words(t) <= 5 && (lower.contains("room") || lower.contains("hall")),
        _ => false,
    }
}

fn lines_words(t: &str) -> usize {
    t.split_whitespace().count()
}

/// A `by …` line: its prefix words (`by`, `Talk by`, `Speaker:`) and the
/// rest.
pub fn by_line(t: &str) -> Option<(&str, &str)> {
    for p in [
        "by ",
        "talk by ",
        "presented by ",
        "speakers: ",
        "speaker: ",
        "speakers - ",
        "speaker - ",
        "with ",
        "hosted by ",
        "led by ",
        "given by ",
        "moderated by ",
    ] {
        if t.len() > p.len() && t.is_char_boundary(p.len()) && t[..p.len()].eq_ignore_ascii_case(p)
        {
            return Some((t[..p.len()].trim_end(), t[p.len()..].trim()));
        }
    }
    None
}

/// Whether the line has a URL.
pub fn has_url(t: &str) -> bool {
    t.contains("http://") || t.contains("https://") || t.contains("www.")
}

/// The line ends a sentence (a period, not an abbreviation or an initial).
pub fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '\'', ')', '”', '’']);
    if !t.ends_with('.') || t.ends_with("...") {
        return false;
    }
    let last = t.split_whitespace().last().unwrap_or("");
    // `J.` or `U.S.` do not end a sentence on their own; a number does
    // (`pretty solid on day 1.`).
    let core = last.trim_end_matches('.');
    let number = !core.is_empty() && core.chars().all(|c| c.is_ascii_digit());
    let initial = core.chars().count() <= 1 && !number;
    !(initial || core.contains('.'))
}

/// Count of words (runs of letters or digits).
pub fn word_count(t: &str) -> usize {
    // The runs of alphanumeric characters, counted in one pass; ASCII is
    // decided byte by byte (the readers ask this of most lines).
    let mut n = 0;
    let mut in_word = false;
    for c in t.chars() {
        let w = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// A heading that names a part of a talk's notes (`Notes`, `Q&A`,
/// `Takeaways:`), not a talk.
pub(crate) fn is_section_word(t: &str) -> bool {
    let t = t.trim_end_matches(':').trim().to_lowercase();
    super::wordlists::SECTION_WORDS.contains(&t.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_lower_case() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("Ref-counts: 3 (of 4)… naïve Zürich²"), 7);
        assert_eq!(word_count("--a--"), 1);
        use super::super::wordlists::lower;
        use std::borrow::Cow;
        assert!(matches!(lower("ada"), Cow::Borrowed("ada")));
        assert_eq!(lower("Ada"), "ada");
        assert_eq!(lower("ÉCOLE Σ"), "ÉCOLE Σ".to_lowercase());
    }

    #[test]
    fn bullets() {
        assert_eq!(bullet_text("- a"), Some(("a", false)));
        assert_eq!(bullet_text("• a b"), Some(("a b", false)));
        assert_eq!(bullet_text("12. x"), Some(("x", true)));
        assert_eq!(bullet_text("3) x"), Some(("x", true)));
        assert_eq!(bullet_text("---"), None);
        assert_eq!(bullet_text("- - -"), None);
        assert_eq!(bullet_text("**bold**"), None);
        assert_eq!(bullet_text("2024. was"), None);
        assert_eq!(bullet_text("-x"), None);
    }

    #[test]
    fn headings() {
        assert_eq!(md_heading("## Title"), Some((2, "Title")));
        assert_eq!(md_heading("# Title ##"), Some((1, "Title")));
        assert_eq!(md_heading("## Why C#"), Some((2, "Why C#")));
        assert_eq!(md_heading("#hashtag"), None);
        assert_eq!(md_heading("#jQuery Mobile"), Some((1, "jQuery Mobile")));
        assert_eq!(md_heading("####### x"), None);
    }

    #[test]
    fn times() {
        for t in [
            "At 10:50am to 11:30am, Saturday 3rd May",
            "10:00 - 10:30",
            "Saturday, 11:00–11:45",
            "Time: 3pm",
            "From 9.30 to 10.15",
        ] {
            assert!(is_time_line(t), "{t}");
        }
        for t in [
            "Python 3.12 is out",
            "We met at 10 people",
            "At the end of the day",
            "Version 2.10 notes",
        ] {
            assert!(!is_time_line(t), "{t}");
        }
    }

    #[test]
    fn time_prefixes() {
        assert_eq!(
            time_prefix("Day 1 - 1030 - What IMPACT will you have?"),
            Some(("Day 1 - 1030 -", "What IMPACT will you have?"))
        );
        assert_eq!(time_prefix("10:30 – Keynote"), Some(("10:30 –", "Keynote")));
        assert_eq!(time_prefix("Day 1 - Keynote"), None);
        assert_eq!(time_prefix("Python 3.12 - what's new"), None);
        assert_eq!(time_prefix("2024 - a year in review"), None);
    }

    #[test]
    fn rooms_and_by() {
        assert!(is_room_line("Room 2"));
        assert!(is_room_line("Location: Main Hall"));
        assert!(!is_room_line("Roomba hacking for fun and profit at length"));
        assert_eq!(by_line("by Ada Lovelace"), Some(("by", "Ada Lovelace")));
        assert_eq!(by_line("Talk by A and B"), Some(("Talk by", "A and B")));
        assert_eq!(by_line("bye"), None);
    }

    #[test]
    fn sentences() {
        assert!(ends_sentence("It was good."));
        assert!(!ends_sentence("Guido van Rossum J."));
        assert!(!ends_sentence("A title"));
        // A number ends a sentence; an initial does not.
        assert!(ends_sentence("The sessions were solid on day 1."));
        assert!(!ends_sentence("Talk by Ada Q."));
    }
}
