//! The parser: lines → segments → heads and sections (spec §2–§3).
//! It never fails; anything questionable is kept in the tree for the linter.

use super::labels::{Label, ParseOptions};
use super::line::{classify, lines, LineKind, RawLine};
use super::segments::Segments;
use super::segments::Tree;
use super::span::Span;
use super::speaker::{is_speaker_like, parse_meta, split_speakers};
use super::tree::*;
use std::sync::Arc;

/// Parse a whole document.
pub fn parse(text: &str, opts: &ParseOptions) -> Tree {
    Tree {
        segments: Segments::from_vec(parse_segments(text, 0, true, opts)),
    }
}

/// Where `text` can be cut into about `pieces` parts of similar size that
/// [`parse_segments`] parses, each on its own, into the segments [`parse`]
/// finds in the whole: the start of each part (0 first), every other one
/// at a title or separator line. A line's kind is its own (spec §1), so a
/// segment starts there whatever came before. For parsing a big text on
/// several cores.
pub fn segment_cuts(text: &str, pieces: usize, opts: &ParseOptions) -> Vec<usize> {
    let b = text.as_bytes();
    let mut cuts = vec![0];
    for k in 1..pieces.max(1) {
        let want = text.len() / pieces * k;
        let from = (*cuts.last().unwrap_or(&0)).max(want);
        // The first line that starts after `from`: past the next
        // terminator (`\r\n` is one).
        let Some(i) = b.get(from..).and_then(|r| memchr::memchr2(b'\n', b'\r', r)) else {
            break;
        };
        let mut start = from + i + 1;
        if b[from + i] == b'\r' && b.get(start) == Some(&b'\n') {
            start += 1;
        }
        let rest = &text[start..];
        let Some(l) =
            lines(rest).find(|l| classify(&rest[l.start..l.content_end], opts).is_boundary())
        else {
            break;
        };
        cuts.push(start + l.start);
    }
    cuts
}

/// Parse `text`, which starts at document offset `base` at a segment start;
/// `at_document_start` says whether `base` is the start of the document.
pub fn parse_segments(
    text: &str,
    base: usize,
    at_document_start: bool,
    opts: &ParseOptions,
) -> Vec<(usize, Arc<Segment>)> {
    let mut out = Vec::new();
    let mut buf: Vec<(RawLine, LineKind)> = Vec::new();
    let mut seg_start = 0usize;
    let mut first = at_document_start;
    for mut line in lines(text) {
        // A byte order mark belongs to the document, not to its first line.
        if line.start == 0 && at_document_start && text.starts_with('\u{feff}') {
            line.start = 3;
            line.content_end = line.content_end.max(3);
        }
        let kind = classify(&text[line.start..line.content_end], opts);
        if kind.is_boundary() && !buf.is_empty() {
            out.push(finish(
                text, seg_start, line.start, &mut buf, first, base, opts,
            ));
            first = false;
            seg_start = line.start;
        }
        buf.push((line, kind));
    }
    if !buf.is_empty() {
        out.push(finish(
            text,
            seg_start,
            text.len(),
            &mut buf,
            first,
            base,
            opts,
        ));
    }
    out
}

fn finish(
    text: &str,
    start: usize,
    end: usize,
    buf: &mut Vec<(RawLine, LineKind)>,
    first: bool,
    base: usize,
    opts: &ParseOptions,
) -> (usize, Arc<Segment>) {
    // Rebase the lines onto the segment; spans inside it are relative.
    for (l, _) in buf.iter_mut() {
        l.start -= start;
        l.content_end -= start;
        l.end -= start;
    }
    let seg = parse_segment(&text[start..end], buf, first, opts);
    buf.clear();
    (base + start, Arc::new(seg))
}

fn content_span(l: &RawLine) -> Span {
    Span::new(l.start, l.content_end)
}

fn trimmed(src: &str, s: usize, e: usize) -> Span {
    let t = &src[s..e];
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    if lead + trail >= t.len() {
        return Span::new(s, s);
    }
    Span::new(s + lead, e - trail)
}

/// Parse one segment. `lines` are relative to `src` (the segment's text).
fn parse_segment(
    src: &str,
    lines: &[(RawLine, LineKind)],
    first: bool,
    opts: &ParseOptions,
) -> Segment {
    let mut seg = Segment::new(src.len() as u32, Opener::DocumentStart, indent_unit(lines));
    // The lists are gathered in Vecs and kept as boxed slices (see `Segment`).
    let mut trailing_ws = Vec::new();
    let mut comments = Vec::new();
    let mut stray = Vec::new();

    // Trailing whitespace, comments: simple per-line facts.
    for (l, k) in lines {
        let c = &src[l.start..l.content_end];
        if *k != LineKind::Blank {
            let t = c.trim_end_matches([' ', '\t']);
            if t.len() < c.len() {
                trailing_ws.push(Span::new(l.start + t.len(), l.content_end));
            }
        } else if !c.is_empty() && c.bytes().all(|b| b == b' ' || b == b'\t') {
            trailing_ws.push(content_span(l));
        }
        if *k == LineKind::Comment {
            comments.push(content_span(l));
        }
    }

    let mut body_from = 0;
    match lines.first() {
        Some((l, LineKind::Title)) => {
            seg.opener = Opener::Title;
            seg.title_line = Some(content_span(l));
            seg.head.title = Some(trimmed(src, l.start + 1, l.content_end));
            body_from = 1;
        }
        Some((l, LineKind::Separator)) => {
            seg.opener = Opener::Separator(content_span(l));
            body_from = 1;
        }
        _ => debug_assert!(first || lines.is_empty()),
    }

    // Where sections start.
    let body = &lines[body_from..];
    let starts = section_starts(body);
    let head_end = starts.first().copied().unwrap_or(body.len());

    // Head: the text lines before the first section.
    let head_lines: Vec<usize> = (0..head_end)
        .filter(|&i| body[i].1 == LineKind::Text)
        .collect();
    for (l, k) in &body[..head_end] {
        if matches!(k, LineKind::Item { .. } | LineKind::Bullet { .. }) {
            stray.push(Stray {
                kind: StrayKind::Content,
                line: content_span(l),
            });
        }
    }
    let span_of = |i: usize| {
        let l = &body[i].0;
        trimmed(src, l.start, l.content_end)
    };
    // Where the head is read forward from: after the title line, which is
    // the opener itself or a separator's first head line.
    let forward = match seg.opener {
        Opener::Title => Some(0),
        Opener::Separator(_) => head_lines.first().map(|&t| {
            seg.head.title = Some(span_of(t));
            seg.title_line = Some(content_span(&body[t].0));
            1
        }),
        Opener::DocumentStart => None,
    };
    if let Some(from) = forward {
        read_head_forward(
            src,
            &head_lines,
            from,
            &span_of,
            &mut seg.head,
            &mut stray,
            opts,
        );
    }
    match seg.opener {
        Opener::Title | Opener::Separator(_) => {}
        Opener::DocumentStart => {
            read_head_backward(
                src,
                &head_lines,
                &span_of,
                &mut seg,
                opts,
                !starts.is_empty(),
            );
            let title_start = seg.title_line.map(|t| t.start as usize);
            let pre_end = title_start.unwrap_or(if starts.is_empty() {
                src.len()
            } else {
                body[head_end].0.start
            });
            // Preamble: everything before the title (or all of a segment
            // with no head), trimmed of trailing blank lines.
            let pre_end = src[..pre_end].trim_end().len();
            if pre_end > 0 {
                seg.preamble = Some(Span::new(0, pre_end));
            }
            // Head lines in the preamble are not stray.
        }
    }

    // Sections. The tree is kept for as long as the talk is unchanged, so
    // its lists are allocated at their final size (a growing Vec of five
    // sections holds room for eight), which also makes `into_boxed_slice`
    // free.
    let mut sections = Vec::with_capacity(starts.len());
    // Every line of the sections but blanks, comments and each section's
    // opening line: the content list is allocated at its final size.
    let n_content = starts.first().map_or(0, |&s| {
        let is_content =
            |k: &&(RawLine, LineKind)| !matches!(k.1, LineKind::Blank | LineKind::Comment);
        let lines = body[s..].iter().filter(is_content).count();
        lines.saturating_sub(starts.len())
    });
    let mut contents = Vec::with_capacity(n_content);
    for (n, &s) in starts.iter().enumerate() {
        let e = starts.get(n + 1).copied().unwrap_or(body.len());
        let sec = build_section(src, &body[s..e], seg.indent_unit, &mut contents);
        sections.push(sec);
    }
    seg.set_sections(sections, contents);
    read_speakers(src, &mut seg);
    seg.set_lines(stray, comments, trailing_ws);
    seg
}

/// Indices (into `body`) of the lines that start sections.
fn section_starts(body: &[(RawLine, LineKind)]) -> Vec<usize> {
    let mut starts = Vec::new();
    // Set after a bare label: the next non-blank line belongs to the field.
    let mut bare_pending = false;
    for i in 0..body.len() {
        match body[i].1 {
            LineKind::Blank | LineKind::Comment => {}
            LineKind::Field { colon, .. } => {
                starts.push(i);
                bare_pending = !colon;
            }
            LineKind::Text => {
                if !bare_pending && next_is_indented_content(body, i) {
                    starts.push(i);
                }
                bare_pending = false;
            }
            _ => bare_pending = false,
        }
    }
    starts
}

fn next_is_indented_content(body: &[(RawLine, LineKind)], i: usize) -> bool {
    body[i + 1..]
        .iter()
        .find(|(_, k)| !matches!(k, LineKind::Blank | LineKind::Comment))
        .is_some_and(|(_, k)| k.is_indented_content())
}

/// Separator- or title-opened head: `[title,] speaker?, meta?`, rest stray.
fn read_head_forward(
    src: &str,
    head: &[usize],
    from: usize,
    span_of: &dyn Fn(usize) -> Span,
    h: &mut Head,
    stray: &mut Vec<Stray>,
    opts: &ParseOptions,
) {
    let mut rest = head.iter().skip(from).map(|&i| span_of(i)).peekable();
    if let Some(&l) = rest.peek() {
        if let Some(m) = parse_meta(src, l, opts, false) {
            h.meta = Some(m);
            rest.next();
        } else if is_speaker_like(src, l) {
            h.speaker_line = Some(l);
            rest.next();
            if let Some(&l2) = rest.peek() {
                if let Some(m) = parse_meta(src, l2, opts, true) {
                    h.meta = Some(m);
                    rest.next();
                }
            }
        }
    }
    for l in rest {
        stray.push(Stray {
            kind: StrayKind::Head,
            line: l,
        });
    }
}

/// The first segment without a title line: read from the end — meta, speaker,
/// title; earlier lines are preamble. Without sections, only a meta line makes
/// the head a talk (a lone line of text at the top is a preamble).
fn read_head_backward(
    src: &str,
    head: &[usize],
    span_of: &dyn Fn(usize) -> Span,
    seg: &mut Segment,
    opts: &ParseOptions,
    has_sections: bool,
) {
    let mut end = head.len();
    let mut meta = None;
    if end > 0 {
        if let Some(m) = parse_meta(src, span_of(head[end - 1]), opts, false) {
            meta = Some(m);
            end -= 1;
        }
    }
    if meta.is_none() && !has_sections {
        return;
    }
    if end == 0 {
        // A meta line alone is not a talk; leave it to the preamble.
        return;
    }
    let mut speaker = None;
    if end >= 2 && is_speaker_like(src, span_of(head[end - 1])) {
        speaker = Some(span_of(head[end - 1]));
        end -= 1;
    }
    let t = span_of(head[end - 1]);
    seg.head.title = Some(t);
    let l = seg_line_of(src, t);
    seg.title_line = Some(l);
    seg.head.speaker_line = speaker;
    seg.head.meta = meta;
}

/// The whole line (without terminator) that contains a trimmed span.
fn seg_line_of(src: &str, t: Span) -> Span {
    let s = src[..t.start as usize]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let e = src[t.end as usize..]
        .find(['\n', '\r'])
        .map_or(src.len(), |i| t.end as usize + i);
    Span::new(s, e)
}

fn indent_unit(lines: &[(RawLine, LineKind)]) -> u8 {
    let mut all_four = true;
    let mut any = false;
    for (_, k) in lines {
        let (indent, tabs) = match *k {
            LineKind::Item { indent, tabs } => (indent, tabs),
            LineKind::Bullet { indent, tabs, .. } => (indent, tabs),
            _ => continue,
        };
        if tabs == 0 && indent > 0 {
            any = true;
            if indent % 4 != 0 {
                all_four = false;
            }
        }
    }
    if any && all_four {
        4
    } else {
        2
    }
}

fn depth_of(src: &str, l: &RawLine, indent: usize, tabs: usize, unit: u8) -> (u16, bool) {
    if indent == 0 {
        return (0, false);
    }
    let ws = &src.as_bytes()[l.start..l.start + indent];
    let spaces = indent - tabs;
    let mixed = tabs > 0 && spaces > 0;
    // Spaces after the last tab count as alignment only when they are a full unit.
    let trailing_spaces = ws.iter().rev().take_while(|&&b| b == b' ').count();
    let d = tabs
        + if tabs > 0 {
            trailing_spaces / unit as usize
        } else {
            spaces / unit as usize
        };
    ((d.max(1)).min(u16::MAX as usize) as u16, mixed)
}

/// A section from its lines; its content lines are pushed to `contents`
/// (the segment's list).
fn build_section(
    src: &str,
    lines: &[(RawLine, LineKind)],
    unit: u8,
    contents: &mut Vec<Content>,
) -> Section {
    let (open, kind) = &lines[0];
    let line = content_span(open);
    let (kind, name, inline) = match *kind {
        LineKind::Field {
            label,
            label_end,
            colon,
        } => {
            let name = Span::new(open.start, open.start + label_end);
            let inline = if colon {
                let t = trimmed(src, open.start + label_end + 1, open.content_end);
                (!t.is_empty()).then_some(t)
            } else {
                None
            };
            (SectionKind::Field { label, colon }, name, inline)
        }
        _ => (
            SectionKind::Heading,
            trimmed(src, open.start, open.content_end),
            None,
        ),
    };
    // Exact capacity (see the sections in `parse_segment`).
    let first = contents.len();
    let mut after_blank = false;
    let mut last_end = open.content_end;
    for (l, k) in &lines[1..] {
        let (ck, depth, mixed, text_start) = match *k {
            LineKind::Blank => {
                after_blank = true;
                continue;
            }
            LineKind::Comment => continue,
            LineKind::Bullet {
                indent,
                tabs,
                marker,
                text_start,
            } => {
                let (d, m) = depth_of(src, l, indent, tabs, unit);
                (ContentKind::Bullet(marker), d, m, text_start)
            }
            LineKind::Item { indent, tabs } => {
                let (d, m) = depth_of(src, l, indent, tabs, unit);
                (ContentKind::Item, d, m, indent)
            }
            // Text (and anything else that reaches here) is a paragraph line.
            _ => (ContentKind::Para, 0, false, 0),
        };
        contents.push(Content {
            kind: ck,
            depth,
            mixed_indent: mixed,
            after_blank,
            line: content_span(l),
            text: trimmed(src, l.start + text_start, l.content_end),
        });
        after_blank = false;
        last_end = l.content_end;
    }
    let content = first..contents.len();
    Section::new(
        kind,
        name,
        line,
        inline,
        content,
        Span::new(open.start, last_end),
    )
}

/// Speakers come from the head's speaker line, else from the first speaker
/// field (singular: its first content line; plural: every content line).
fn read_speakers(src: &str, seg: &mut Segment) {
    if let Some(l) = seg.head.speaker_line {
        seg.speakers = split_speakers(src, l)
            .into_iter()
            .map(|p| Speaker {
                name: p.name,
                handle: p.handle,
                link: p.link,
                source: SpeakerSource::Head,
            })
            .collect();
        return;
    }
    let Some((idx, sec)) = seg
        .sections
        .iter()
        .enumerate()
        .find(|(_, s)| s.label().is_some_and(Label::is_speaker))
    else {
        return;
    };
    let plural = sec.label().is_some_and(Label::is_plural_speaker);
    let lines: Vec<Span> = seg
        .texts(sec)
        .filter(|s| !s.is_empty())
        .take(if plural { usize::MAX } else { 1 })
        .collect();
    let mut out = Vec::new();
    for l in lines {
        out.extend(split_speakers(src, l).into_iter().map(|p| Speaker {
            name: p.name,
            handle: p.handle,
            link: p.link,
            source: SpeakerSource::Field(idx as u32),
        }));
    }
    seg.speakers = out.into_boxed_slice();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parsed in the pieces [`segment_cuts`] gives, a text has the segments
    /// of its whole parse, however many pieces.
    fn pieces_agree(text: &str) {
        let opts = ParseOptions::default();
        let whole = parse(text, &opts);
        for n in [1, 2, 3, 7, 64] {
            let mut cuts = segment_cuts(text, n, &opts);
            assert!(cuts.windows(2).all(|w| w[0] < w[1]), "{text:?} {cuts:?}");
            cuts.push(text.len());
            let segs: Vec<_> = cuts
                .windows(2)
                .flat_map(|w| parse_segments(&text[w[0]..w[1]], w[0], w[0] == 0, &opts))
                .collect();
            assert_eq!(Segments::from_vec(segs), whole.segments, "{text:?} {n}");
        }
    }

    #[test]
    fn pieces_parse_as_the_whole() {
        let unit = "\u{feff}Notes\n\n Title one\nJane Doe\n\nBio: b\n___\r\n Two\r\nAnn\r\r\n\tpoint\n\r___\n\n Three\n";
        pieces_agree("");
        pieces_agree("x");
        pieces_agree(unit);
        pieces_agree(&unit[3..].repeat(50));
        pieces_agree(&format!("{}{}", unit, "\r\n".repeat(40)));
        pieces_agree(&"\r\n ___\r".repeat(100));
    }

    proptest::proptest! {
        #[test]
        fn pieces_parse_as_the_whole_on_any_text(t in "( Title\n|___\n|Jane\n|\r\n|\r|\n|Bio: x\n|\t* a\n|\u{feff}|é)*") {
            pieces_agree(&t);
        }
    }
}
