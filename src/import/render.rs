//! Writing the model as talk-note markup in the canonical layout (what
//! `notelint fmt` leaves unchanged), such that parsing the result gives the
//! model's talks back: the same titles, speakers, track and level, sections
//! in order, and every word.
//!
//! The layout: the preamble as plain lines; then per talk a title line
//! (` Title`), the speaker line, the `Track, Level` meta line, and the
//! sections — a field as `Label: first paragraph` with further paragraphs
//! at column 0, a heading (and notes without one, under `Notes`) with its
//! content indented by tabs. List items are `- ` bullets, one tab per
//! depth. One blank line between paragraphs, sections and talks.
//!
//! Text is never trusted to read as what it is: every line is classified
//! with the parser's own [`classify`] before it is written, and a line that
//! would read as something else is written in a form that cannot (see
//! each `*_line` function; `docs/spec.md` § Import lists the rules). Line
//! breaks inside a text become spaces; whitespace at its ends goes.

use super::model::{Block, Notes, Section, SectionKind, Speaker, Talk};
use crate::syntax::line::{classify, LineKind};
use crate::syntax::speaker::{is_speaker_like, parse_meta, split_speakers};
use crate::syntax::tree::LevelStatus;
use crate::syntax::{Label, ParseOptions, Span};
use std::borrow::Cow;

/// The model as talk-note markup.
pub fn render(notes: &Notes) -> String {
    let opts = ParseOptions::default();
    let mut out = Out::default();
    render_preamble(&notes.preamble, &opts, &mut out);
    for t in &notes.talks {
        out.blank();
        render_talk(t, &opts, &mut out);
    }
    out.finish()
}

/// The output, line by line: at most one blank line in a row, none at the
/// start, a line end after the last line.
#[derive(Default)]
struct Out {
    text: String,
    pending_blank: bool,
}

impl Out {
    fn line(&mut self, l: &str) {
        self.parts(&[l]);
    }
    /// A line written from its pieces: no `String` made for it first.
    fn parts(&mut self, parts: &[&str]) {
        if self.pending_blank && !self.text.is_empty() {
            self.text.push('\n');
        }
        self.pending_blank = false;
        for p in parts {
            self.text.push_str(p);
        }
        self.text.push('\n');
    }
    fn blank(&mut self) {
        self.pending_blank = true;
    }
    fn finish(self) -> String {
        self.text
    }
}

/// One line of text: line breaks (`\n`, `\r\n`, `\r`) become spaces, and
/// whitespace at both ends goes.
pub fn flatten(s: &str) -> Cow<'_, str> {
    let t = s.trim_matches(char::is_whitespace);
    if !t.contains(['\n', '\r']) {
        // Most texts have no line break: borrowed, no allocation.
        return Cow::Borrowed(t);
    }
    Cow::Owned(t.replace("\r\n", " ").replace(['\r', '\n'], " "))
}

fn is_text(line: &str, opts: &ParseOptions) -> bool {
    classify(line, opts) == LineKind::Text
}

/// Preamble: plain column-0 lines. A line that would read as anything but
/// text (a field, a bullet, a comment, a separator) is quoted with `> `;
/// a last line that would read as a meta line (which would turn the
/// preamble into a talk) has its last commas turned into semicolons.
fn render_preamble(blocks: &[Block], opts: &ParseOptions, out: &mut Out) {
    let mut lines: Vec<(bool, String)> = Vec::new();
    for b in blocks {
        let (para, text) = match b {
            Block::Para(t) => (true, flatten(t)),
            Block::Item { text, .. } => (false, flatten(text)),
        };
        if text.is_empty() {
            continue;
        }
        let line = if is_text(&text, opts) {
            text.into_owned()
        } else {
            format!("> {text}")
        };
        lines.push((para, line));
    }
    if let Some((_, last)) = lines.last_mut() {
        while parse_meta(last, Span::new(0, last.len()), opts, false).is_some() {
            match last.rfind(',') {
                Some(i) => last.replace_range(i..i + 1, ";"),
                None => break,
            }
        }
    }
    let mut prev_para = false;
    for (i, (para, line)) in lines.iter().enumerate() {
        if i > 0 && (*para || prev_para) {
            out.blank();
        }
        out.line(line);
        prev_para = *para;
    }
}

/// The title as it can stand on a title line: empty, or reading as a
/// comment or separator there, it gets `Untitled` in front (no word lost).
pub fn title_text(title: &str, opts: &ParseOptions) -> String {
    let t = flatten(title);
    if t.is_empty() {
        return "Untitled".to_string();
    }
    if classify(&format!(" {t}"), opts) == LineKind::Title {
        t.into_owned()
    } else {
        format!("Untitled: {t}")
    }
}

/// A speaker as written on a speaker line: `Name (@handle)`.
fn speaker_text(s: &Speaker) -> Option<String> {
    let name = flatten(&s.name);
    if name.is_empty() {
        return None;
    }
    match s.handle.as_deref().map(flatten).filter(|h| !h.is_empty()) {
        Some(h) => Some(format!("{name} ({h})")),
        None => Some(name.into_owned()),
    }
}

/// The speakers as one line (`by A (@a), B`), and whether it reads back as
/// exactly these names and handles.
fn speaker_line(t: &Talk) -> Option<(String, bool)> {
    let names: Vec<String> = t.speakers.iter().filter_map(speaker_text).collect();
    if names.is_empty() {
        return None;
    }
    // The source's own joiners (` and ` is a word to keep) when the reader
    // gave one per gap, else `, `.
    let mut line =
        if t.speaker_joiners.len() + 1 == t.speakers.len() && names.len() == t.speakers.len() {
            let mut l = names[0].clone();
            for (j, n) in t.speaker_joiners.iter().zip(&names[1..]) {
                let j = j.replace(['\n', '\r'], " ");
                l.push_str(if j.trim().is_empty() { ", " } else { &j });
                l.push_str(n);
            }
            l
        } else {
            names.join(", ")
        };
    if let Some(p) = t.speaker_prefix.as_deref().map(flatten) {
        if !p.is_empty() {
            line = format!("{p} {line}");
        }
    }
    let want: Vec<(String, Option<String>)> = t
        .speakers
        .iter()
        .filter(|s| !flatten(&s.name).is_empty())
        .map(|s| {
            let h = s
                .handle
                .as_deref()
                .map(flatten)
                .filter(|h| !h.is_empty())
                .map(Cow::into_owned);
            (flatten(&s.name).into_owned(), h)
        })
        .collect();
    let got: Vec<(String, Option<String>)> = split_speakers(&line, Span::new(0, line.len()))
        .into_iter()
        .map(|p| {
            let h = p.handle.or(p.link).map(|h| h.text(&line).to_string());
            (p.name.text(&line).to_string(), h)
        })
        .collect();
    let exact = want == got;
    Some((line, exact))
}

/// A heading or paragraph line's section start, as the renderer writes it.
enum Start {
    /// `Label: inline` (the inline text may be empty).
    Field(String, Option<String>),
    Heading(String),
}

/// A line of a section's body.
enum Body {
    /// A column-0 paragraph line (may become indented, see [`body_lines`]).
    Para(String),
    /// Indented by `depth` tabs; `bullet` writes a `- ` marker.
    Indented {
        depth: usize,
        text: String,
        bullet: bool,
    },
}

fn render_talk(t: &Talk, opts: &ParseOptions, out: &mut Out) {
    out.parts(&[" ", &title_text(&t.title, opts)]);
    let mut sections: Vec<(Start, Vec<Body>)> = Vec::new();

    // Speakers: on the head's speaker line when it reads back exactly and
    // as a speaker line; else in a speaker field, which reads any names.
    let mut head_speaker = false;
    if let Some((line, exact)) = speaker_line(t) {
        let head_ok = exact
            && is_text(&line, opts)
            && parse_meta(&line, Span::new(0, line.len()), opts, false).is_none()
            && is_speaker_like(&line, Span::new(0, line.len()));
        if head_ok {
            out.line(&line);
            head_speaker = true;
        } else {
            let label = if t.speakers.len() == 1 {
                "Speaker"
            } else {
                "Speakers"
            };
            sections.push((Start::Field(label.into(), Some(line)), Vec::new()));
        }
    }

    // Track and level: a meta line when the level is a known one and the
    // line reads back as exactly this track and level; else a `Track:`
    // field, a `Level:` field for a known level, and an unknown level under
    // a `Level` heading (a `Level:` field with it would be bad-meta).
    let track = t
        .track
        .as_deref()
        .map(flatten)
        .filter(|s| !s.is_empty())
        .map(Cow::into_owned);
    let level = t
        .level
        .as_deref()
        .map(flatten)
        .filter(|s| !s.is_empty())
        .map(Cow::into_owned);
    let mut meta_done = false;
    // Speakers in a field come after the head: the track and level follow
    // them there, so the words keep their order.
    let speakers_in_field = !sections.is_empty();
    if let (Some(tr), Some(lv), false) = (&track, &level, speakers_in_field) {
        let line = format!("{tr}, {lv}");
        let span = Span::new(0, line.len());
        if is_text(&line, opts) {
            if let Some(m) = parse_meta(&line, span, opts, head_speaker) {
                if m.level_status == LevelStatus::Known
                    && m.track.text(&line) == tr
                    && m.level.text(&line) == lv
                {
                    out.line(&line);
                    meta_done = true;
                }
            }
        }
    }
    if !meta_done {
        if let Some(tr) = track {
            sections.push((Start::Field("Track".into(), Some(tr)), Vec::new()));
        }
        if let Some(lv) = level {
            if opts.exact_level(&lv).is_some() {
                sections.push((Start::Field("Level".into(), Some(lv)), Vec::new()));
            } else {
                sections.push((Start::Heading("Level".into()), vec![item_line(1, lv, opts)]));
            }
        }
    }

    for s in &t.sections {
        if let Some(sec) = section(s, opts) {
            sections.push(sec);
        }
    }
    for (start, body) in sections {
        out.blank();
        match start {
            Start::Field(label, inline) => match inline {
                Some(i) => out.parts(&[&label, ": ", &i]),
                None => out.parts(&[&label, ":"]),
            },
            Start::Heading(h) => out.line(&h),
        }
        write_body(body, opts, out);
    }
}

/// A section's opening line and body lines; `None` for one with nothing in
/// it to write (notes without a heading and without text).
fn section(s: &Section, opts: &ParseOptions) -> Option<(Start, Vec<Body>)> {
    let blocks: Vec<(bool, usize, Cow<'_, str>)> = s
        .blocks
        .iter()
        .filter_map(|b| {
            let (para, depth, text) = match b {
                Block::Para(t) => (true, 0, flatten(t)),
                Block::Item { depth, text } => (false, *depth as usize, flatten(text)),
            };
            (!text.is_empty()).then_some((para, depth, text))
        })
        .collect();
    let heading = |name: String, blocks: &[(bool, usize, Cow<'_, str>)]| {
        let body = blocks
            .iter()
            .map(|(para, depth, text)| {
                if *para {
                    plain_line(1, text.to_string(), opts)
                } else {
                    item_line(depth + 1, text.to_string(), opts)
                }
            })
            .collect();
        (Start::Heading(name), body)
    };
    let field_label = match &s.kind {
        SectionKind::Field(l) => {
            let l = flatten(l);
            match opts.lookup(&l) {
                // A level field whose value is not a known level would be
                // bad-meta: it goes under a `Level` heading.
                Some(Label::Level)
                    if !matches!(blocks.first(), Some((true, _, v)) if opts.exact_level(v).is_some()) =>
                {
                    None
                }
                Some(label) => Some(opts.label_name(label).to_string()),
                None => None,
            }
            .ok_or_else(|| l.into_owned())
        }
        SectionKind::Heading(h) => Err(flatten(h).into_owned()),
        SectionKind::Notes => Err("Notes".to_string()),
    };
    match field_label {
        Ok(label) => {
            let mut rest = &blocks[..];
            let inline = match rest.first() {
                Some((true, _, t)) => {
                    rest = &rest[1..];
                    Some(t.to_string())
                }
                _ => None,
            };
            let mut body = Vec::new();
            for (para, depth, text) in rest {
                body.push(if *para {
                    Body::Para(text.to_string())
                } else {
                    item_line(depth + 1, text.to_string(), opts)
                });
            }
            Some((Start::Field(label, inline), body))
        }
        Err(name) => {
            if blocks.is_empty() {
                if matches!(s.kind, SectionKind::Notes) || name.is_empty() {
                    return None;
                }
                // A heading with nothing under it would be a paragraph of
                // the section before: its words go under `Notes`.
                return Some(heading("Notes".into(), &[(false, 0, Cow::Owned(name))]));
            }
            if name.is_empty() {
                return Some(heading("Notes".into(), &blocks));
            }
            if is_text(&name, opts) {
                Some(heading(name, &blocks))
            } else {
                // A heading that would read as a field, bullet, comment or
                // separator: its words become the first note under `Notes`.
                let mut all = vec![(false, 0, Cow::Owned(name))];
                all.extend(blocks.iter().map(|(p, d, t)| (*p, d + 1, t.clone())));
                Some(heading("Notes".into(), &all))
            }
        }
    }
}

/// An indented list item: `depth` tabs, `- `, the text.
fn item_line(depth: usize, text: String, _opts: &ParseOptions) -> Body {
    Body::Indented {
        depth,
        text,
        bullet: true,
    }
}

/// An indented paragraph line: without a marker when it reads as an item
/// so, else (it starts like a bullet, a comment or a separator) as a
/// bullet, whose marker makes the rest plain text.
fn plain_line(depth: usize, text: String, opts: &ParseOptions) -> Body {
    let bullet = !matches!(
        classify(&indented(depth, &text, false), opts),
        LineKind::Item { .. }
    );
    Body::Indented {
        depth,
        text,
        bullet,
    }
}

fn indented(depth: usize, text: &str, bullet: bool) -> String {
    let mut s = "\t".repeat(depth);
    if bullet {
        s.push_str("- ");
    }
    s.push_str(text);
    s
}

/// Write a section's body. A column-0 paragraph is written as it is only
/// when it reads as text and the next line is not indented (a column-0 line
/// before indented content is a heading); otherwise it is indented one tab.
fn write_body(mut body: Vec<Body>, opts: &ParseOptions, out: &mut Out) {
    // Backwards, so a paragraph indented here makes the one before it see
    // indented content next.
    let mut next_indented = false;
    for b in body.iter_mut().rev() {
        if let Body::Para(t) = b {
            if next_indented || !is_text(t, opts) {
                let text = std::mem::take(t);
                *b = plain_line(1, text, opts);
            }
        }
        next_indented = matches!(b, Body::Indented { .. });
    }
    // A blank line before and after each paragraph; none between items.
    let mut prev_para = true; // the opening line (inline text) counts as one
    for b in &body {
        let para = match b {
            Body::Para(_) => true,
            Body::Indented { bullet, .. } => !bullet,
        };
        if para || prev_para {
            out.blank();
        }
        match b {
            Body::Para(t) => out.line(t),
            Body::Indented {
                depth,
                text,
                bullet,
            } => {
                const TABS: &str = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
                let tabs = TABS
                    .get(..*depth)
                    .map_or(Cow::Owned("\t".repeat(*depth)), Cow::Borrowed);
                out.parts(&[&tabs, if *bullet { "- " } else { "" }, text]);
            }
        }
        prev_para = para;
    }
}
