//! Which shape a text looks like: the structured exports by their syntax,
//! talk-note markup by the lines only it has (a title line of one leading
//! space, a `Description:` field, a separator), the text shapes by the
//! anchors their readers go by (Markdown headings, bulleted titles with a
//! `by` or time line, title lines over bullet lists, short headings over
//! paragraphs of prose).
//!
//! One pass over the lines, no parse: the linter asks it on a keystroke
//! when its own counts say a note might not be talk notes.

use super::text::lines::{self, Line};
use super::text::names;
use super::Shape;
use crate::syntax::line::{classify, LineKind};
use crate::syntax::ParseOptions;

/// The detector's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    pub shape: Shape,
    /// How many lines said so (talks found by the shape's anchors, or the
    /// talk-note lines): 0 when nothing did and the verdict is the default.
    pub evidence: usize,
}

/// Name the shape `text` looks like.
pub fn detect(text: &str) -> Detection {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(shape) = structured(text) {
        return Detection { shape, evidence: 1 };
    }
    if reads_cleanly(text) {
        return Detection {
            shape: Shape::TalkNotes,
            evidence: 1,
        };
    }
    let f = Features::of(text);
    let (shape, evidence) = f.text_shape();
    let talk_notes = f.talk_note_lines();
    // Talk-note markup wins when its own lines are there and no text shape
    // has more to show (a blog post with one stray ` indented` line stays a
    // blog post; a note whose headings sit over tab-indented items stays a
    // note).
    if talk_notes > 0 && talk_notes * 2 >= evidence {
        return Detection {
            shape: Shape::TalkNotes,
            evidence: talk_notes,
        };
    }
    if evidence == 0 {
        return Detection {
            shape: Shape::TalkNotes,
            evidence: 0,
        };
    }
    Detection { shape, evidence }
}

/// Whether the parser reads `text` as talk-note markup with nothing left
/// over: talks opened by title lines (` Title`, a line only this format
/// writes), no stray line, few lines before the first talk, no talk of a
/// page of sections. What `import` writes reads so, whatever its headings
/// and bullets look like to the text shapes' features.
fn reads_cleanly(text: &str) -> bool {
    let tree = crate::syntax::parse(text, &ParseOptions::default());
    let (mut titled, mut outside) = (0, 0);
    for p in tree.segments.iter() {
        let seg = p.seg;
        if !seg.stray().is_empty() || seg.sections.len() > 30 {
            return false;
        }
        let body = &text[p.range()];
        if seg.is_talk() {
            titled += usize::from(seg.opener == crate::syntax::Opener::Title);
            if let Some(pre) = seg.preamble {
                outside += non_blank(body.get(pre.start as usize..pre.end as usize));
            }
        } else {
            outside += non_blank(Some(body));
        }
    }
    titled > 0 && outside < 12
}

fn non_blank(t: Option<&str>) -> usize {
    t.unwrap_or("")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// Whether a text starts like a schedule export (frab/pretalx XML or JSON,
/// CSV with a header row): only its first bytes are read.
pub fn structured_head(text: &str) -> bool {
    structured(text.strip_prefix('\u{feff}').unwrap_or(text)).is_some()
}

/// frab/pretalx XML or JSON, or CSV with a header row of talk columns.
fn structured(text: &str) -> Option<Shape> {
    let t = text.trim_start();
    if t.starts_with('<') {
        let head = &t[..floor(t, 4096)];
        if head.contains("<schedule") || head.contains("<conference") {
            return Some(Shape::FrabXml);
        }
        return None;
    }
    if t.starts_with('{') || t.starts_with('[') {
        let head = &t[..floor(t, 4096)];
        if head.contains("\"schedule\"")
            || head.contains("\"conference\"")
            || head.contains("\"talks\"")
        {
            return Some(Shape::FrabJson);
        }
        return None;
    }
    let first = t.lines().next()?;
    csv_header(first).then_some(Shape::Csv)
}

fn floor(t: &str, mut n: usize) -> usize {
    n = n.min(t.len());
    while !t.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// Column names of talk tables.
const COLUMNS: &[&str] = &[
    "title",
    "talk",
    "talk title",
    "session",
    "session title",
    "name",
    "speaker",
    "speakers",
    "author",
    "authors",
    "presenter",
    "presenters",
    "persons",
    "abstract",
    "description",
    "bio",
    "track",
    "level",
    "room",
    "start",
    "end",
    "date",
    "time",
    "day",
    "duration",
    "type",
    "language",
    "id",
    "slot",
    "location",
    "subtitle",
    "tags",
    "url",
    "audience",
];

/// A header row: two or more cells split by `,` `;` or a tab, at least two
/// of them known column names, none of them long.
fn csv_header(line: &str) -> bool {
    let line = line.trim();
    for sep in [',', ';', '\t'] {
        let cells: Vec<&str> = line
            .split(sep)
            .map(|c| c.trim().trim_matches('"').trim())
            .collect();
        if cells.len() < 2 || cells.iter().any(|c| c.chars().count() > 40) {
            continue;
        }
        let known = cells
            .iter()
            .filter(|c| COLUMNS.contains(&c.to_lowercase().as_str()))
            .count();
        if known >= 2 {
            return true;
        }
    }
    false
}

/// What the lines of a text show.
#[derive(Debug, Default)]
struct Features {
    /// Talk-note markup: ` Title` lines, field lines, separators.
    title_lines: usize,
    fields: usize,
    separators: usize,
    /// Markdown ATX headings (outside code fences), and the count of text
    /// lines up to the first.
    md_headings: usize,
    first_md_at: Option<usize>,
    /// Schedule: bulleted (or plain) titles with a `by` line or a time
    /// line right after; time lines.
    sessions: usize,
    by_lines: usize,
    time_lines: usize,
    /// Table rows: `09:00 - 09:45  Room A  Title - Speaker`.
    rows: usize,
    /// An accepted-talks page: titles over descriptions and `Speaker:
    /// Name` lines; those lines (fields to talk-note markup).
    labelled: usize,
    speaker_labels: usize,
    /// Blog: title lines over a bullet list.
    blog_titles: usize,
    /// Those with a speaker in the title line or a `by` line under it.
    blog_named: usize,
    /// Title lines with a line of names right under them (`Title` /
    /// `Ada Lovelace`), whatever follows: a talk and its speaker.
    named_heads: usize,
    /// Lines that are bullets.
    bullets: usize,
    /// Prose: headings standing alone over paragraphs; lines of running
    /// text (long, ending in sentence punctuation).
    prose_headings: usize,
    prose_lines: usize,
    text_lines: usize,
}

impl Features {
    fn of(text: &str) -> Features {
        let mut f = Features::default();
        let ls = lines::lines(text);
        let opts = ParseOptions::default();
        let mut fence = false;
        for (i, l) in ls.iter().enumerate() {
            if l.is_blank() {
                continue;
            }
            f.text_lines += 1;
            if l.text.starts_with("```") || l.text.starts_with("~~~") {
                fence = !fence;
                continue;
            }
            if fence {
                continue;
            }
            match classify(l.raw, &opts) {
                LineKind::Title => f.title_lines += 1,
                LineKind::Field { .. } => {
                    f.fields += 1;
                    if super::text::schedule_speaker_label(&ls, i) {
                        f.speaker_labels += 1;
                    }
                }
                LineKind::Separator => f.separators += 1,
                _ => {}
            }
            if lines::md_heading(l.text).is_some() && l.indent == 0 {
                f.md_headings += 1;
                f.first_md_at.get_or_insert(f.text_lines);
            }
            if l.bullet.is_some() {
                f.bullets += 1;
            }
            if lines::is_time_line(l.text) {
                f.time_lines += 1;
                if super::text::schedule_row(l.text) {
                    f.rows += 1;
                }
            }
            if let Some((_, rest)) = lines::by_line(l.text) {
                if names::speakers_and_rest(rest).is_some() {
                    f.by_lines += 1;
                }
            }
            if session_title(&ls, i) {
                f.sessions += 1;
            }
            // A title over a list of glyph bullets (talk-note headings sit
            // over tab-indented items).
            if super::text::blog_title(&ls, i)
                && ls[i + 1..]
                    .iter()
                    .find(|n| !n.is_blank() && (n.bullet.is_some() || n.indent >= 2))
                    .is_some_and(|n| n.bullet.is_some())
            {
                f.blog_titles += 1;
                let named = !names::split_title(l.text).speakers.is_empty()
                    || ls
                        .get(i + 1)
                        .is_some_and(|n| lines::by_line(n.text).is_some());
                f.blog_named += usize::from(named);
            }
            if super::text::blog_title(&ls, i)
                && ls.get(i + 1).is_some_and(|n| {
                    !n.is_blank()
                        && n.indent == 0
                        && n.bullet.is_none()
                        && (names::name_list(n.text, 2).is_some()
                            || super::text::blog_by_titled(l.text))
                })
            {
                f.named_heads += 1;
            }
            if prose_heading(&ls, i) {
                f.prose_headings += 1;
            }
            if l.bullet.is_none() && l.text.chars().count() >= 60 {
                f.prose_lines += 1;
            }
        }
        if f.speaker_labels >= 2 {
            f.labelled = super::text::schedule_labelled(&ls);
        }
        f
    }

    /// How many lines only talk-note markup has. Fields count only where
    /// they are not a schedule's `Track:` or a Markdown page's front matter.
    fn talk_note_lines(&self) -> usize {
        let separators = if self.md_headings > 0 {
            0
        } else {
            self.separators
        };
        let fields = if self.md_headings >= 2 {
            0
        } else if self.title_lines == 0 && self.labelled >= 2 {
            // `Speaker: Name` under a schedule page's sessions, no talk-note
            // title line anywhere: the page's own lines, not fields.
            self.fields - self.speaker_labels
        } else {
            self.fields
        };
        self.title_lines + separators + fields
    }

    /// The text shape with the most evidence, and how much.
    fn text_shape(&self) -> (Shape, usize) {
        // Markdown: two headings, or one over a page of text (at its top: a
        // `# comment` line of pasted code further down is none).
        let one_on_top = self.md_headings == 1 && self.first_md_at.is_some_and(|n| n <= 3);
        if self.md_headings >= 2 || (one_on_top && self.text_lines >= 3) {
            return (Shape::Markdown, self.md_headings);
        }
        // A schedule: sessions with `by` or time lines under their titles,
        // or with a `Speaker: Name` line after their descriptions.
        if self.labelled >= 2 && self.labelled > self.sessions {
            return (Shape::Schedule, self.labelled);
        }
        let schedule = self.sessions.min(self.by_lines + self.time_lines);
        if schedule >= 2 || (schedule == 1 && self.blog_titles == 0) {
            return (Shape::Schedule, schedule);
        }
        if self.rows >= 3 && self.rows * 3 >= self.text_lines {
            return (Shape::Schedule, self.rows);
        }
        // Titles each over its speaker's name: notes of talks (blog notes),
        // however the notes below them are written; a prose report names
        // its speakers only in its paragraphs.
        if self.named_heads >= 2 && self.named_heads >= self.prose_headings / 2 {
            return (Shape::Blog, self.named_heads.max(self.blog_titles));
        }
        // Blog notes: title lines over bullet lists, bullets outnumbering
        // the lines of running prose.
        // One unnamed heading over a list is a note's heading as well.
        let blog = if self.blog_titles >= 2 || self.blog_named >= 1 {
            self.blog_titles
        } else {
            0
        };
        if blog >= 1 && self.bullets * 2 >= self.prose_lines {
            return (Shape::Blog, blog);
        }
        if self.prose_headings >= 1
            && self.prose_lines >= self.prose_headings
            && self.bullets * 2 < self.prose_lines
        {
            return (Shape::Prose, self.prose_headings);
        }
        if blog >= 1 {
            return (Shape::Blog, blog);
        }
        // Headings over paragraphs and lists both (a write-up that mixes
        // prose and bullets under its session headings): a report.
        if self.prose_headings >= 2 && self.prose_lines >= self.prose_headings {
            return (Shape::Prose, self.prose_headings);
        }
        (Shape::TalkNotes, 0)
    }
}

/// A schedule's session title: a short line (bulleted or not) with a `by`
/// line naming people, or a time line, right after it.
fn session_title(ls: &[Line], i: usize) -> bool {
    let l = &ls[i];
    let t = l.content();
    if t.chars().count() > 160
        || lines::ends_sentence(t)
        || lines::is_time_line(t)
        || lines::by_line(t).is_some()
    {
        return false;
    }
    if l.is_blank() || (l.bullet.is_none() && l.indent > 1) {
        return false;
    }
    // The next line, or the one after a blank line.
    let mut j = i + 1;
    if ls.get(j).is_some_and(|n| n.is_blank()) {
        j += 1;
    }
    let Some(n) = ls.get(j).filter(|n| !n.is_blank()) else {
        return false;
    };
    match lines::by_line(n.text) {
        Some((_, rest)) => names::speakers_and_rest(rest).is_some(),
        None => l.bullet.is_some() && lines::is_time_line(n.text),
    }
}

/// A prose heading: a short line alone between blank lines, a paragraph
/// of running text after it.
fn prose_heading(ls: &[Line], i: usize) -> bool {
    let l = &ls[i];
    if l.bullet.is_some() || l.indent > 1 {
        return false;
    }
    let dense = super::text::prose_between_paragraphs(ls, i);
    if !dense && ((i > 0 && !ls[i - 1].is_blank()) || ls.get(i + 1).is_some_and(|n| !n.is_blank()))
    {
        return false;
    }
    let t = l.text;
    if t.chars().count() > 100 || lines::ends_sentence(t) || t.ends_with([',', ';', ':']) {
        return false;
    }
    let next = ls[i + 1..].iter().find(|n| !n.is_blank());
    next.is_some_and(|n| n.bullet.is_none() && n.indent <= 1 && n.text.chars().count() >= 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text starting with `<` whose 4,096th byte falls inside a
    /// character: the head is cut at a character boundary (this panicked;
    /// found by the `lint` fuzz target through not-talk-notes).
    #[test]
    fn a_head_cut_inside_a_character_does_not_panic() {
        let text = format!("<{}é and more", "x".repeat(4094));
        assert!(!text.is_char_boundary(4096));
        assert!(!structured_head(&text));
        let json = format!("{{{}é", " ".repeat(4094));
        assert!(!structured_head(&json));
    }

    #[test]
    fn structured_exports() {
        assert_eq!(
            detect("<?xml version=\"1.0\"?>\n<schedule>").shape,
            Shape::FrabXml
        );
        assert_eq!(detect("{\"schedule\": {}}").shape, Shape::FrabJson);
        assert_eq!(detect("Title,Speaker,Room\nA,B,C\n").shape, Shape::Csv);
        assert_eq!(detect("ID;Session title;Persons\n").shape, Shape::Csv);
    }

    #[test]
    fn talk_notes_and_text_shapes() {
        let note = " Writing Parsers\nGrace Okafor\n\nIntro\n\tUsers type broken documents.\n";
        assert_eq!(detect(note).shape, Shape::TalkNotes);
        let blog = "Writing parsers – Grace Okafor\n  - users type broken documents\n  - recover\n";
        assert_eq!(detect(blog).shape, Shape::Blog);
        let md = "# Notes\n\n## Writing parsers\n\nby Grace Okafor\n\n- recover\n";
        assert_eq!(detect(md).shape, Shape::Markdown);
        let sched = "* Writing parsers\nby Grace Okafor\nAt 10:50am to 11:30am\n\n* Lunch\nAt 12:00 to 13:00\n";
        assert_eq!(detect(sched).shape, Shape::Schedule);
        let long = "Users type broken documents all day long, and the parser must cope with them.";
        let prose =
            format!("Writing parsers\n\nGrace Okafor talked about parsers. {long}\n\n{long}\n");
        assert_eq!(detect(&prose).shape, Shape::Prose);
        // Titles each over the speaker's name, paragraphs below: blog notes
        // (they were taken for a prose report, and no talk was found).
        let named = format!(
            "Conference highlights\n\nWriting Parsers That Never Fail\nGrace Okafor\n{long}\n\n\
             Fast Feedback for Prose\nMateo Alvarez\n{long}\n\nThe Quiet Art of Review\nPriya Raman\n{long}\n"
        );
        assert_eq!(detect(&named).shape, Shape::Blog);
        let notes = crate::import::read(&named, Shape::Blog, &Default::default()).unwrap();
        let titles: Vec<_> = notes.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Writing Parsers That Never Fail",
                "Fast Feedback for Prose",
                "The Quiet Art of Review"
            ]
        );
        // Session headings over paragraphs and lists both: a report (it
        // was taken for talk-note markup, and NL037 stayed quiet).
        let mixed = format!(
            "HarborConf day one\n\nA few words on the day, which was long and good and full of people.\n\n\
             Keynote: Odile Marchetti\n\n{long}\n\n  \u{2022} one point\n  \u{2022} another point\n\n\
             Talk: Queues by Hand\n\n{long}\n\n  \u{2022} measure first\n  \u{2022} then tune\n"
        );
        assert_eq!(detect(&mixed).shape, Shape::Prose);
        let notes = crate::import::read(&mixed, Shape::Prose, &Default::default()).unwrap();
        let titles: Vec<_> = notes.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Keynote", "Queues by Hand"]);
        // `Title by Name` lines with their notes right under them, and a
        // `# comment` of pasted code further down (no Markdown heading).
        let by_notes = format!(
            "HarborConf, day one\n\n{long}\n\nQueues by Hand by Tomasz Wrona (slides)\n{long}\n\n\
             def run(job):\n# retry once, then give up\nreturn job()\n\n\
             Reviews That Teach by Keiko Arai\n{long}\n"
        );
        assert_eq!(detect(&by_notes).shape, Shape::Blog);
        let notes = crate::import::read(&by_notes, Shape::Blog, &Default::default()).unwrap();
        let titles: Vec<_> = notes.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Queues by Hand", "Reviews That Teach"]);
        assert_eq!(detect("").shape, Shape::TalkNotes);
        assert_eq!(detect("just a line").shape, Shape::TalkNotes);
    }
}
