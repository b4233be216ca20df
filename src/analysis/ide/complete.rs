//! Completions: speakers in speaker contexts, field labels at line start,
//! levels and tracks on the meta line, and a snippet for a whole new talk.

use super::catalog::Catalog;
use crate::lint::LintConfig;
use crate::syntax::line::{classify, LineKind};
use crate::syntax::{Document, Label};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Speaker,
    Label,
    Level,
    Track,
    Snippet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// Text replacing `replace`; a snippet (`$1`, `${2:x}`) when `snippet`.
    pub insert: String,
    pub snippet: bool,
    /// What typing the item replaces: from where the word being completed
    /// starts to the cursor (LSP's *insert* range).
    pub replace: Range<usize>,
    /// Where the word under the cursor ends (at or after `replace.end`):
    /// accepting an item mid-word replaces the rest of the word too
    /// (LSP's *replace* range is `replace.start..word_end`), so
    /// `Core, Adv|nced` becomes `Core, Advanced`, not `Advancednced`.
    pub word_end: usize,
    /// Sorts the list (most used speakers first).
    pub sort: String,
    /// What the client filters on (names plus their initials).
    pub filter: String,
}

/// The line around `offset`: its start, the text before the cursor, and the
/// whole line without terminator.
struct Line {
    start: usize,
    prefix: String,
    number: usize,
}

fn line_at(doc: &Document, offset: usize) -> Line {
    let rope = doc.rope();
    let offset = offset.min(rope.len_bytes());
    let number = rope.byte_to_line(offset);
    let start = rope.line_to_byte(number);
    Line {
        start,
        prefix: doc.slice(start..offset).into_owned(),
        number,
    }
}

fn line_text(doc: &Document, n: usize) -> String {
    let rope = doc.rope();
    if n >= rope.len_lines() {
        return String::new();
    }
    let s = rope.line(n).to_string();
    s.trim_end_matches(['\n', '\r']).to_string()
}

/// The nearest non-blank line above line `n`, not above `floor` (a line number).
fn prev_nonblank(doc: &Document, n: usize, floor: usize) -> Option<String> {
    let mut i = n;
    for _ in 0..50 {
        if i == 0 || i <= floor {
            return None;
        }
        i -= 1;
        let t = line_text(doc, i);
        if !t.trim().is_empty() {
            return Some(t);
        }
    }
    None
}

/// Where the name being typed starts in `prefix`: after the last `,`, `&`,
/// ` and `, `by ` or `:`. The separators are ASCII, so they are looked for
/// in an ASCII-lowercased copy, whose byte offsets are the prefix's own
/// (`to_lowercase` can change a character's length: `Ⱥ` is 2 bytes, `ⱥ` 3,
/// and an offset found in it could fall inside a character of the prefix).
fn name_start(prefix: &str) -> usize {
    let lower = prefix.to_ascii_lowercase();
    let mut at = 0;
    for sep in [",", "&", " and ", ":"] {
        if let Some(i) = lower.rfind(sep) {
            at = at.max(i + sep.len());
        }
    }
    for lead in ["talk by ", "by "] {
        if lower.trim_start().starts_with(lead) {
            let ws = lower.len() - lower.trim_start().len();
            at = at.max(ws + lead.len());
            break;
        }
    }
    let at = at.min(prefix.len());
    let rest = prefix.get(at..).unwrap_or("");
    at + (rest.len() - rest.trim_start().len())
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Prefix of the name or of any of its words, or its initials.
pub fn name_matches(name: &str, query: &str) -> bool {
    if query.is_empty() {
        return true;
    }
    let q = query.to_lowercase();
    let n = name.to_lowercase();
    n.starts_with(&q)
        || n.split_whitespace().any(|w| w.starts_with(&q))
        || (q.chars().count() >= 2 && initials(name).starts_with(&q))
}

#[derive(Debug, PartialEq, Eq)]
enum Ctx {
    Speaker,
    Level,
    Track,
    None,
}

fn context(doc: &Document, line: &Line) -> Ctx {
    let tree = doc.tree();
    let Some(si) = tree.segment_at(line.start) else {
        return Ctx::None;
    };
    let p = tree.segments.at(si);
    let rel = line.start.saturating_sub(p.start);
    let seg = &p.seg;
    let prefix = line.prefix.as_str();
    let lower = prefix.trim_start().to_lowercase();
    if lower.starts_with("by ") || lower.starts_with("talk by ") {
        return Ctx::Speaker;
    }
    let opts = doc.options();
    let kind = classify(&line_text(doc, line.number), opts);
    if let LineKind::Field { label, .. } = kind {
        if prefix.contains(':') {
            return match label {
                l if l.is_speaker() => Ctx::Speaker,
                Label::Level => Ctx::Level,
                Label::Track => Ctx::Track,
                _ => Ctx::None,
            };
        }
        return Ctx::None;
    }
    let on = |s: crate::syntax::Span| s.start as usize <= rel && rel <= s.end as usize;
    if seg.head.speaker_line.is_some_and(on) {
        return Ctx::Speaker;
    }
    if let Some(m) = &seg.head.meta {
        if on(m.line) {
            return if prefix.contains(',') {
                Ctx::Level
            } else {
                Ctx::Track
            };
        }
    }
    // Content lines of a speaker field, or the line after a bare speaker label.
    for s in &seg.sections {
        if s.label().is_some_and(Label::is_speaker) && seg.content(s).iter().any(|c| on(c.line)) {
            return Ctx::Speaker;
        }
    }
    let seg_first_line = doc.rope().byte_to_line(p.start.min(doc.len()));
    let prev = prev_nonblank(doc, line.number, seg_first_line.saturating_sub(1));
    if let Some(prev) = prev {
        match classify(&prev, opts) {
            LineKind::Field { label, colon, .. } if label.is_speaker() => {
                let bare = !colon || prev.trim_end().ends_with(':');
                if bare {
                    return Ctx::Speaker;
                }
            }
            LineKind::Title
                if matches!(kind, LineKind::Text | LineKind::Blank)
                    && seg.sections.iter().all(|s| s.span.start as usize > rel) =>
            {
                return Ctx::Speaker;
            }
            _ => {}
        }
        // In a separator-opened head: the line after the title is the
        // speaker line, the line after that the meta line.
        if let Some(t) = seg.head.title {
            let before_sections = seg.sections.iter().all(|s| s.span.start as usize > rel);
            if before_sections && matches!(kind, LineKind::Text | LineKind::Blank) {
                let text = doc.slice(p.range());
                let title = t.text(&text).trim();
                if prev.trim() == title && !prefix.contains(',') {
                    return Ctx::Speaker;
                }
                if let Some(sl) = seg.head.speaker_line {
                    if prev.trim() == sl.text(&text).trim() {
                        return if prefix.contains(',') {
                            Ctx::Level
                        } else {
                            Ctx::Track
                        };
                    }
                }
            }
        }
    }
    Ctx::None
}

/// The text of a new talk: a snippet with placeholders and the configured
/// levels (and tracks, when `tracks` is set) as choices, or, for a client
/// without snippet support, plain text with the first of each.
fn new_talk(levels: &[String], tracks: Option<&[String]>, snippet: bool) -> String {
    if !snippet {
        let track = tracks
            .and_then(|t| t.first())
            .map_or("Track", |t| t.as_str());
        let level = levels.first().map_or("Level", |l| l.as_str());
        return format!(
            "___\n\nTitle\n\nSpeaker\n\n{track}, {level}\n\nDescription: \n\nAbstract: \n\nBio: \n"
        );
    }
    // In a choice, `,`, `|`, `\\` and `$` are escaped.
    let choice = |n: usize, items: &[String], fallback: &str| -> String {
        if items.is_empty() {
            return format!("${{{n}:{fallback}}}");
        }
        let esc: Vec<String> = items
            .iter()
            .map(|i| {
                let mut o = String::new();
                for c in i.chars() {
                    if matches!(c, ',' | '|' | '\\' | '$') {
                        o.push('\\');
                    }
                    o.push(c);
                }
                o
            })
            .collect();
        format!("${{{n}|{}|}}", esc.join(","))
    };
    let track = choice(3, tracks.unwrap_or(&[]), "Track");
    let level = choice(4, levels, "Level");
    format!(
        "___\n\n${{1:Title}}\n\n${{2:Speaker}}\n\n{track}, {level}\n\nDescription: $5\n\nAbstract: $6\n\nBio: $0\n"
    )
}

/// Completions at `offset`, for a client that supports snippets.
pub fn completions(
    doc: &Document,
    ws: &Catalog,
    config: &LintConfig,
    offset: usize,
) -> Vec<Completion> {
    completions_for(doc, ws, config, offset, true, &|_| false)
}

/// Completions at `offset`; `snippets` says whether the client can expand
/// snippets (without, the new-talk item is plain text). `misspelt(name)`
/// says whether similar-speaker reports a spelling as a misspelling of a
/// more used one: such a name is not offered beside the right one.
pub fn completions_for(
    doc: &Document,
    ws: &Catalog,
    config: &LintConfig,
    offset: usize,
    snippets: bool,
    misspelt: &dyn Fn(&str) -> bool,
) -> Vec<Completion> {
    let offset = offset.min(doc.len());
    let line = line_at(doc, offset);
    let ctx = context(doc, &line);
    let mut out = Vec::new();
    let word_start = line.start + name_start(&line.prefix);
    let query = &line.prefix[word_start - line.start..];
    match ctx {
        Ctx::Speaker => {
            // Roster aliases, by the key of their person's name.
            let aliases: std::collections::HashMap<String, &[String]> = ws
                .roster
                .iter()
                .filter(|p| !p.aliases.is_empty())
                .map(|p| (crate::index::speaker_key(&p.name), p.aliases.as_slice()))
                .collect();
            for s in ws.speakers().iter() {
                let own: &[String] = if s.in_roster {
                    aliases
                        .get(&crate::index::speaker_key(&s.name))
                        .copied()
                        .unwrap_or(&[])
                } else {
                    &[]
                };
                let matching: Vec<&String> =
                    own.iter().filter(|a| name_matches(a, query)).collect();
                // The name being typed is itself in the index once: not a suggestion.
                let matches = name_matches(&s.name, query) || !matching.is_empty();
                if !matches
                    || (s.talks == 1 && !s.in_roster && s.name == query.trim_end())
                    || (!s.in_roster && misspelt(&s.name))
                {
                    continue;
                }
                let mut detail = Vec::new();
                if let Some(h) = &s.handle {
                    detail.push(h.clone());
                }
                if let Some(a) = &s.affiliation {
                    detail.push(a.clone());
                }
                detail.push(format!(
                    "{} talk{}",
                    s.talks,
                    if s.talks == 1 { "" } else { "s" }
                ));
                if s.in_roster {
                    detail.push("roster".into());
                }
                out.push(Completion {
                    label: s.name.clone(),
                    kind: CompletionKind::Speaker,
                    detail: Some(detail.join(" · ")),
                    documentation: None,
                    insert: s.name.clone(),
                    snippet: false,
                    replace: word_start..offset,
                    word_end: 0,
                    sort: format!("{:08}{}", 99_999_999usize.saturating_sub(s.talks), s.name),
                    // Typed as an alias, the name must pass the client's filter too.
                    filter: std::iter::once(format!("{} {}", s.name, initials(&s.name)))
                        .chain(matching.iter().map(|a| a.to_string()))
                        .collect::<Vec<_>>()
                        .join(" "),
                });
                // Each matching alias right after its person's name.
                for a in matching {
                    out.push(Completion {
                        label: a.clone(),
                        kind: CompletionKind::Speaker,
                        detail: Some(format!("alias of {} · roster", s.name)),
                        documentation: None,
                        insert: a.clone(),
                        snippet: false,
                        replace: word_start..offset,
                        word_end: 0,
                        sort: format!(
                            "{:08}{}\u{1}{a}",
                            99_999_999usize.saturating_sub(s.talks),
                            s.name
                        ),
                        filter: format!("{a} {}", initials(a)),
                    });
                }
            }
        }
        Ctx::Level => {
            for l in &doc.options().levels {
                if l.to_lowercase().starts_with(&query.to_lowercase()) {
                    out.push(simple(
                        l,
                        CompletionKind::Level,
                        word_start..offset,
                        "level",
                    ));
                }
            }
        }
        Ctx::Track => {
            let q = line.prefix.trim_start().to_lowercase();
            let track_start = line.start + (line.prefix.len() - line.prefix.trim_start().len());
            let track_start = if line.prefix.contains(':') {
                word_start
            } else {
                track_start
            };
            for t in tracks(ws, config) {
                if t.to_lowercase().starts_with(&q) || line.prefix.contains(':') {
                    out.push(simple(
                        &t,
                        CompletionKind::Track,
                        track_start..offset,
                        "track",
                    ));
                }
            }
        }
        Ctx::None => {}
    }
    // Field labels and the new-talk snippet at the start of a line.
    let p = line.prefix.as_str();
    if p.chars().all(|c| c.is_alphabetic()) {
        let opts = doc.options();
        let labels = Label::BUILTIN.iter().map(|(_, l)| *l).chain(
            (0..=u8::MAX)
                .take(opts.extra_labels.len())
                .map(Label::Extra),
        );
        for l in labels {
            let name = opts.label_name(l);
            if name.is_empty() || !name.to_lowercase().starts_with(&p.to_lowercase()) {
                continue;
            }
            out.push(Completion {
                label: format!("{name}:"),
                kind: CompletionKind::Label,
                detail: Some("field".into()),
                documentation: Some(l.purpose().to_string()),
                insert: format!("{name}: "),
                snippet: false,
                replace: line.start..offset,
                word_end: 0,
                sort: format!("~1{name}"),
                filter: name.to_string(),
            });
        }
        if "talk".starts_with(&p.to_lowercase()) || "new".starts_with(&p.to_lowercase()) {
            out.push(Completion {
                label: "new talk".into(),
                kind: CompletionKind::Snippet,
                detail: Some("separator, title, speaker, meta, Description/Abstract/Bio".into()),
                documentation: None,
                insert: new_talk(&opts.levels, config.tracks.as_deref(), snippets),
                snippet: snippets,
                replace: line.start..offset,
                word_end: 0,
                sort: "~2".into(),
                filter: "new talk".into(),
            });
        }
    }
    let word_end = offset + word_tail(&doc.slice(offset..line_end(doc, offset)));
    for c in &mut out {
        c.word_end = word_end.max(c.replace.end);
    }
    out
}

/// Where the line holding `offset` ends (before its line break).
fn line_end(doc: &Document, offset: usize) -> usize {
    let rope = doc.rope();
    let n = rope.byte_to_line(offset);
    let next = if n + 1 < rope.len_lines() {
        rope.line_to_byte(n + 1)
    } else {
        rope.len_bytes()
    };
    let text = doc.slice(offset..next);
    offset + text.trim_end_matches(['\n', '\r']).len()
}

/// The length in bytes of the rest of the word at the start of `after`:
/// letters (with their combining marks), digits and the characters names
/// and labels hold inside a word (`'`, `’`, `-`, `.`, `_`).
fn word_tail(after: &str) -> usize {
    after
        .char_indices()
        .find(|&(_, c)| {
            !(c.is_alphanumeric()
                || unicode_normalization::char::is_combining_mark(c)
                || matches!(c, '\'' | '’' | '-' | '.' | '_'))
        })
        .map_or(after.len(), |(i, _)| i)
}

fn simple(text: &str, kind: CompletionKind, replace: Range<usize>, detail: &str) -> Completion {
    Completion {
        label: text.to_string(),
        kind,
        detail: Some(detail.into()),
        documentation: None,
        insert: text.to_string(),
        snippet: false,
        replace,
        word_end: 0,
        sort: text.to_string(),
        filter: text.to_string(),
    }
}

/// Configured tracks, else those used in the workspace (most used first).
fn tracks(ws: &Catalog, config: &LintConfig) -> Vec<String> {
    if let Some(t) = &config.tracks {
        return t.clone();
    }
    let mut count: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in ws.files.values() {
        for t in &f.talks {
            if let Some(tr) = t.info.track() {
                *count.entry(tr).or_default() += 1;
            }
        }
    }
    let mut v: Vec<(&str, usize)> = count.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().map(|(t, _)| t.to_string()).collect()
}

#[cfg(test)]
mod tests;
