//! The human format's common case written directly: a finding whose every
//! label is on one line, each label in a file of its own. That is nearly
//! every finding, and codespan-reporting writes such an excerpt a
//! character at a time through `fmt`, which made it the largest cost of
//! `notelint check`. Anything else (several labels in one file, a label
//! over lines) returns `false` untouched, and the caller uses
//! codespan-reporting. Columns are measured as codespan measures them
//! (tabs to the next stop, other characters by `unicode-width`, the crate
//! and version codespan uses); a line of printable ASCII is copied whole.
//!
//! The output is codespan-reporting 0.11's, byte for byte, colours
//! included (the same `Config` styles and characters, set and reset at the
//! same places); `tests` compare the two on many shapes.

use crate::syntax::pos::LineIndex;
use crate::util::json::push_usize;
use codespan_reporting::diagnostic::{LabelStyle, Severity};
use codespan_reporting::term::termcolor::{Buffer, ColorSpec, WriteColor};
use codespan_reporting::term::Config;
use std::io;
use std::ops::Range;

/// One label: the report file it is in, where it points, how, and why.
pub struct Label<'a> {
    pub file: usize,
    pub range: Range<usize>,
    pub style: LabelStyle,
    pub message: &'a str,
}

/// A file as a label needs it: name, text and line index.
#[derive(Clone, Copy)]
pub struct File<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

/// Most labels the direct path takes (a duplicate title has six).
const MOST: usize = 8;

/// What one label needs to be written, worked out before a byte is.
struct Placed<'a> {
    label: &'a Label<'a>,
    name: &'a str,
    line_number: usize,
    /// The line without its terminator.
    source: &'a str,
    /// Whether the line is all printable ASCII (each byte one column).
    ascii: bool,
    column: usize,
    /// Label start and end within the line (at least one column wide).
    within: Range<usize>,
}

fn digits(mut n: usize) -> usize {
    let mut d = 0;
    while n != 0 {
        d += 1;
        n /= 10;
    }
    d
}

fn place<'a>(label: &'a Label<'a>, file: File<'a>) -> Option<Placed<'a>> {
    let ix = file.lines;
    let Range {
        start: from,
        end: to,
    } = label.range;
    if from > to || to > file.text.len() {
        return None;
    }
    let line = ix.line_of(from);
    let start = ix.line_start(line);
    let next = ix.line_start(line + 1);
    // The end on the same line (the last line runs to the end of the text).
    if line + 1 < ix.line_count() && to >= next {
        return None;
    }
    // The line with its terminator, as codespan is given it, and as it
    // shows it.
    let full = file.text.get(start..next)?;
    let source = full.trim_end_matches(['\n', '\r', '\0']);
    let from = from - start;
    let to = to - start;
    // codespan counts the characters before the start.
    let column = full.get(..from.min(full.len()))?.chars().count() + 1;
    // Printable ASCII: one column a byte. Folded without a short cut, so
    // that it runs a vector at a time.
    let ascii = source
        .bytes()
        .fold(true, |ok, b| ok & (0x20..0x7f).contains(&b));
    Some(Placed {
        label,
        name: file.name,
        line_number: line + 1,
        source,
        ascii,
        column,
        within: from..to.max(from + 1),
    })
}

/// The bytes that `set_color` and `reset` write for each style codespan
/// uses (none without colour): termcolor writes the same bytes for a style
/// every time, so they are worked out once per run.
pub struct Palette {
    header: [Vec<u8>; 5],
    header_message: Vec<u8>,
    line_number: Vec<u8>,
    source_border: Vec<u8>,
    note_bullet: Vec<u8>,
    label: [[Vec<u8>; 2]; 5],
    reset: Vec<u8>,
    border_left: Vec<u8>,
    snippet_start: Vec<u8>,
    note_char: Vec<u8>,
    caret: [Vec<u8>; 2],
}

const SEVERITIES: [Severity; 5] = [
    Severity::Bug,
    Severity::Error,
    Severity::Warning,
    Severity::Note,
    Severity::Help,
];

fn sev_index(s: Severity) -> usize {
    SEVERITIES.iter().position(|&x| x == s).unwrap_or(0)
}

fn style_index(s: LabelStyle) -> usize {
    match s {
        LabelStyle::Primary => 0,
        LabelStyle::Secondary => 1,
    }
}

impl Palette {
    pub fn new(config: &Config, ansi: bool) -> Palette {
        let bytes = |f: &dyn Fn(&mut Buffer) -> io::Result<()>| {
            let mut b = if ansi {
                Buffer::ansi()
            } else {
                Buffer::no_color()
            };
            let _ = f(&mut b);
            b.into_inner()
        };
        let st = &config.styles;
        let set = |spec: &ColorSpec| bytes(&|b| b.set_color(spec));
        let ch = |c: char| c.to_string().into_bytes();
        Palette {
            header: SEVERITIES.map(|s| set(st.header(s))),
            header_message: set(&st.header_message),
            line_number: set(&st.line_number),
            source_border: set(&st.source_border),
            note_bullet: set(&st.note_bullet),
            label: SEVERITIES.map(|s| {
                [
                    set(st.label(s, LabelStyle::Primary)),
                    set(st.label(s, LabelStyle::Secondary)),
                ]
            }),
            reset: bytes(&|b| b.reset()),
            border_left: ch(config.chars.source_border_left),
            snippet_start: config.chars.snippet_start.clone().into_bytes(),
            note_char: ch(config.chars.note_bullet),
            caret: [
                ch(config.chars.single_primary_caret),
                ch(config.chars.single_secondary_caret),
            ],
        }
    }
}

/// Write `message` (in parts) with `code`, `labels` (the first primary)
/// and `notes` as codespan-reporting would, if they have the shape
/// described above. Returns whether it wrote anything.
#[allow(clippy::too_many_arguments)]
pub fn emit<'a>(
    out: &mut Vec<u8>,
    paint: &Palette,
    tab_width: usize,
    severity: Severity,
    code: &str,
    message: &[&str],
    labels: &[Label],
    files: &dyn Fn(usize) -> Option<File<'a>>,
    notes: &[String],
) -> bool {
    if labels.len() > MOST {
        return false;
    }
    let mut slots: [Option<Placed>; MOST] = Default::default();
    for (i, l) in labels.iter().enumerate() {
        // Two labels in one file share a snippet: left to codespan.
        if labels[..i].iter().any(|o| o.file == l.file) {
            return false;
        }
        match files(l.file).and_then(|f| place(l, f)) {
            Some(p) => slots[i] = Some(p),
            None => return false,
        }
    }
    let count = labels.len();
    let placed = slots[..count].iter().flatten();
    let pad = placed
        .clone()
        .map(|p| digits(p.line_number))
        .max()
        .unwrap_or(0);
    let sev = sev_index(severity);
    let reset = &paint.reset[..];

    // error[NL001]: message
    out.extend_from_slice(&paint.header[sev]);
    out.extend_from_slice(match severity {
        Severity::Bug => b"bug",
        Severity::Error => b"error",
        Severity::Warning => b"warning",
        Severity::Help => b"help",
        Severity::Note => b"note",
    });
    if !code.is_empty() {
        out.push(b'[');
        out.extend_from_slice(code.as_bytes());
        out.push(b']');
    }
    out.extend_from_slice(&paint.header_message);
    out.extend_from_slice(b": ");
    for part in message {
        out.extend_from_slice(part.as_bytes());
    }
    out.extend_from_slice(reset);
    out.push(b'\n');

    let gutter = |out: &mut Vec<u8>| out.resize(out.len() + pad + 1, b' ');
    let border = |out: &mut Vec<u8>| {
        out.extend_from_slice(&paint.source_border);
        out.extend_from_slice(&paint.border_left);
        out.extend_from_slice(reset);
    };
    for (i, p) in placed.enumerate() {
        // ┌─ name:line:column
        gutter(out);
        out.extend_from_slice(&paint.source_border);
        out.extend_from_slice(&paint.snippet_start);
        out.extend_from_slice(reset);
        out.push(b' ');
        out.extend_from_slice(p.name.as_bytes());
        out.push(b':');
        push_usize(out, p.line_number);
        out.push(b':');
        push_usize(out, p.column);
        out.push(b'\n');
        gutter(out);
        border(out);
        out.push(b'\n');

        // The source line, the label's part in colour when primary.
        out.extend_from_slice(&paint.line_number);
        out.resize(out.len() + pad - digits(p.line_number), b' ');
        push_usize(out, p.line_number);
        out.extend_from_slice(reset);
        out.push(b' ');
        border(out);
        out.push(b' ');
        let primary = p.label.style == LabelStyle::Primary;
        let colour = &paint.label[sev][style_index(p.label.style)];
        let ink = Ink { colour, reset };
        source_line(out, p, primary, ink, tab_width);
        out.push(b'\n');

        // The carets, then the label's message.
        gutter(out);
        border(out);
        out.push(b' ');
        let caret = &paint.caret[style_index(p.label.style)][..];
        caret_line(out, p, caret, ink, tab_width);
        if !p.label.message.is_empty() {
            out.push(b' ');
            out.extend_from_slice(colour);
            out.extend_from_slice(p.label.message.as_bytes());
            out.extend_from_slice(reset);
        }
        out.push(b'\n');

        // A closing border, except after the last snippet with no notes.
        if i + 1 < count || !notes.is_empty() {
            gutter(out);
            border(out);
            out.push(b'\n');
        }
    }
    for note in notes {
        for (k, line) in note.lines().enumerate() {
            gutter(out);
            if k == 0 {
                out.extend_from_slice(&paint.note_bullet);
                out.extend_from_slice(&paint.note_char);
                out.extend_from_slice(reset);
            } else {
                out.push(b' ');
            }
            out.push(b' ');
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
    }
    out.push(b'\n');
    true
}

/// The escapes around a label's part of a line.
#[derive(Clone, Copy)]
struct Ink<'a> {
    colour: &'a [u8],
    reset: &'a [u8],
}

/// The source line, the label's part in colour when primary, tabs as
/// spaces to the next stop.
fn source_line(out: &mut Vec<u8>, p: &Placed, primary: bool, ink: Ink, tab_width: usize) {
    let src = p.source.as_bytes();
    if p.ascii {
        // Every byte one column: copy the three parts.
        let s = p.within.start.min(src.len());
        let e = p.within.end.min(src.len());
        out.extend_from_slice(&src[..s]);
        if primary && s < e {
            out.extend_from_slice(ink.colour);
            out.extend_from_slice(&src[s..e]);
            out.extend_from_slice(ink.reset);
        } else {
            out.extend_from_slice(&src[s..e]);
        }
        out.extend_from_slice(&src[e..]);
        return;
    }
    let mut coloured = false;
    let mut col = 0;
    for (at, ch) in p.source.char_indices() {
        let inside = primary && overlaps(&p.within, at, ch);
        if inside != coloured {
            out.extend_from_slice(if inside { ink.colour } else { ink.reset });
            coloured = inside;
        }
        let w = width(ch, col, tab_width);
        col += w;
        if ch == '\t' {
            out.resize(out.len() + w, b' ');
        } else {
            let mut b = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
        }
    }
    if coloured {
        out.extend_from_slice(ink.reset);
    }
}

/// Spaces up to the label, then its carets (a caret may stand one column
/// past the end of the line, for a label at the end).
fn caret_line(out: &mut Vec<u8>, p: &Placed, caret: &[u8], ink: Ink, tab_width: usize) {
    let src = p.source.as_bytes();
    if p.ascii {
        // Columns 0..=len: the line's bytes and the one past its end.
        let columns = src.len() + 1;
        let s = p.within.start.min(columns);
        let e = p.within.end.min(columns);
        out.resize(out.len() + s, b' ');
        if s < e {
            out.extend_from_slice(ink.colour);
            for _ in s..e {
                out.extend_from_slice(caret);
            }
            out.extend_from_slice(ink.reset);
        }
        return;
    }
    let mut inside_before = false;
    let mut col = 0;
    // codespan's stand-in for the column past the end: one wide.
    let past_end = std::iter::once((src.len(), '\0'));
    for (at, ch) in p.source.char_indices().chain(past_end) {
        let inside = overlaps(&p.within, at, ch);
        if inside != inside_before {
            out.extend_from_slice(if inside { ink.colour } else { ink.reset });
            inside_before = inside;
        }
        let w = if at == src.len() {
            1
        } else {
            width(ch, col, tab_width)
        };
        col += w;
        if inside {
            for _ in 0..w {
                out.extend_from_slice(caret);
            }
        } else if at < p.within.end {
            out.resize(out.len() + w, b' ');
        }
    }
    if inside_before {
        out.extend_from_slice(ink.reset);
    }
}

/// Whether character `ch` at byte `at` overlaps the label.
fn overlaps(label: &Range<usize>, at: usize, ch: char) -> bool {
    label.start.max(at) < label.end.min(at + ch.len_utf8())
}

/// Columns `ch` takes at column `col`, as codespan measures them: a tab
/// to the next stop, anything else its Unicode width (none for controls).
fn width(ch: char, col: usize, tab_width: usize) -> usize {
    use unicode_width::UnicodeWidthChar;
    if ch == '\t' {
        tab(col, tab_width)
    } else {
        ch.width().unwrap_or(0)
    }
}

/// Columns a tab takes at column `col`.
fn tab(col: usize, width: usize) -> usize {
    if width == 0 {
        0
    } else {
        width - col % width
    }
}
