//! A readable dump of the tree, for fixture tests and `notelint outline
//! --format tree`-style debugging. Lines are 1-based.

use super::pos::LineIndex;
use super::segments::Tree;
use super::tree::*;
use std::fmt::Write;

pub fn dump(text: &str, tree: &Tree) -> String {
    let idx = LineIndex::new(text);
    let mut o = String::new();
    for p in &tree.segments {
        let st = &text[p.range()];
        let seg = &p.seg;
        let line = |s: super::Span| idx.line_of(p.start + s.start as usize) + 1;
        let q = |s: super::Span| format!("{:?}", s.text(st));
        let opener = match seg.opener {
            Opener::DocumentStart => "start",
            Opener::Title => "title-line",
            Opener::Separator(_) => "separator",
        };
        let kind = if seg.is_talk() { "talk" } else { "segment" };
        let _ = writeln!(
            o,
            "{kind} (opened by {opener}) lines {}..{}",
            idx.line_of(p.start) + 1,
            idx.line_of(p.end().saturating_sub(1).max(p.start)) + 1
        );
        if let Some(s) = seg.preamble {
            let _ = writeln!(o, "  preamble {}", q(s));
        }
        if let Some(t) = seg.head.title {
            let _ = writeln!(o, "  title {} @{}", q(t), line(t));
        }
        if let Some(s) = seg.head.speaker_line {
            let _ = writeln!(o, "  speaker-line {} @{}", q(s), line(s));
        }
        if let Some(m) = &seg.head.meta {
            let _ = writeln!(
                o,
                "  meta track={} level={} ({:?}) @{}",
                q(m.track),
                q(m.level),
                m.level_status,
                line(m.line)
            );
        }
        for sp in &seg.speakers {
            let mut extra = String::new();
            if let Some(h) = sp.handle {
                extra += &format!(" handle={}", q(h));
            }
            if let Some(l) = sp.link {
                extra += &format!(" link={}", q(l));
            }
            let src = match sp.source {
                SpeakerSource::Head => "head".to_string(),
                SpeakerSource::Field(i) => format!("section {i}"),
            };
            let _ = writeln!(o, "  speaker {}{extra} (from {src})", q(sp.name));
        }
        for sec in &seg.sections {
            let k = match sec.kind {
                SectionKind::Field { colon: true, .. } => "field",
                SectionKind::Field { colon: false, .. } => "field (bare)",
                SectionKind::Heading => "heading",
            };
            let _ = write!(o, "  section {k} {} @{}", q(sec.name), line(sec.line));
            if let Some(i) = sec.inline {
                let _ = write!(o, " inline={}", q(i));
            }
            o.push('\n');
            for c in seg.content(sec) {
                let k = match c.kind {
                    ContentKind::Para => "para".to_string(),
                    ContentKind::Item => "item".to_string(),
                    ContentKind::Bullet(m) => format!("bullet {}", m.describe()),
                };
                let mixed = if c.mixed_indent { " mixed-indent" } else { "" };
                let _ = writeln!(
                    o,
                    "    {k} depth={}{mixed} {} @{}",
                    c.depth,
                    q(c.text),
                    line(c.line)
                );
            }
        }
        for s in seg.stray() {
            let _ = writeln!(o, "  stray {:?} {} @{}", s.kind, q(s.line), line(s.line));
        }
        for c in seg.comments() {
            let _ = writeln!(o, "  comment {} @{}", q(*c), line(*c));
        }
    }
    o
}
