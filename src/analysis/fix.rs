//! Fixing a text: the one computation behind `notelint fmt`, `check
//! --fix`, LSP formatting and fix-all, so they agree by construction.
//!
//! [`fix_passes`] applies every allowed fix that does not overlap an
//! earlier one, lints the result again and repeats until no fix is left
//! (fixes can uncover others, and a fix skipped for an overlap is tried in
//! the next pass). Each pass is linear in the text: one lint, and the fixes
//! applied in one sweep over edits kept in order.
//!
//! Editors want edits, not a new text: [`Fixed::edits`] are the smallest
//! edits turning the old text into the new one. They are diffed talk by
//! talk — the start of every talk of the old text is followed through each
//! pass's edits to where it is in the new text, and each talk is diffed
//! against what it became — so the diff costs what the talks cost, not the
//! square of the note (a line diff of a whole note is quadratic in the
//! lines that differ).

use crate::index::Index;
use crate::lint::config::RuleSetting;
use crate::lint::registry::all;
use crate::lint::{Fix, FixAvailability, FixSafety, LintConfig, TextEdit};
use crate::syntax::parse;
use std::collections::BTreeMap;
use std::ops::Range;

/// Fix passes before giving up (each pass re-lints the result; fixes that
/// overlap wait for the next pass). Real notes need two or three.
pub const MAX_PASSES: usize = 16;

/// A text fixed, and how to get there from the old one.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    /// Fixes applied, over all passes.
    pub count: usize,
    /// Where each talk of the old text starts, and where that point is in
    /// the new one (both ascending; the first is (0, 0), the last the two
    /// ends).
    pub marks: Vec<(usize, usize)>,
}

/// `config` with every rule whose fix is not safe turned off: the rules a
/// safe fix is computed from (the others' findings carry no safe fix, so
/// the result is the same, for less work).
pub fn safe_config(config: &LintConfig) -> LintConfig {
    let mut config = config.clone();
    for r in all() {
        if r.meta().fix != FixAvailability::Safe {
            config
                .rules
                .insert(r.meta().code.to_string(), RuleSetting::Off);
        }
    }
    config
}

/// Fix `text` with `config`'s safe fixes until none is left: `check --fix`
/// and fix-all (with the note's configuration), `fmt` and formatting (with
/// the layout rules at their defaults).
pub fn fix_safe(text: &str, config: &LintConfig) -> Fixed {
    fix_passes("", text, &safe_config(config), &Index::default(), false)
}

/// What `check --fix` does to one text: its safe fixes until none is left
/// ([`fix_safe`]), or with `unsafe_fixes` every fix, against `index`
/// ([`fix_passes`]; `file` names the text in it).
pub fn fix_all(
    file: &str,
    text: &str,
    config: &LintConfig,
    index: &Index,
    unsafe_fixes: bool,
) -> Fixed {
    if unsafe_fixes {
        fix_passes(file, text, config, index, true)
    } else {
        fix_safe(text, config)
    }
}

/// Fix `text` until no allowed fix applies (at most [`MAX_PASSES`] passes):
/// safe fixes, and unsafe ones too when `unsafe_fixes`. `file` names the
/// text in `index` (the workspace rules' unsafe fixes read it).
pub fn fix_passes(
    file: &str,
    text: &str,
    config: &LintConfig,
    index: &Index,
    unsafe_fixes: bool,
) -> Fixed {
    let mut marks = marks_of(text, config);
    let mut current = text.to_string();
    let mut count = 0;
    for _ in 0..MAX_PASSES {
        let diags = super::lint_text(file, &current, config, index);
        let fixes = diags
            .iter()
            .filter_map(|d| d.fix.as_deref())
            .filter(|f| f.safety == FixSafety::Safe || unsafe_fixes);
        let (taken, n) = take_fixes(&current, fixes);
        if n == 0 {
            break;
        }
        let next = splice(&current, &taken);
        follow(&mut marks, &taken);
        count += n;
        current = next;
    }
    if let Some(last) = marks.last_mut() {
        last.1 = current.len();
    }
    Fixed {
        text: current,
        count,
        marks,
    }
}

/// Lines between two marks at most: a talk of a million lines is diffed
/// in pieces of this many, so the diff stays linear.
const MARK_LINES: usize = 64;

/// The points of `text` the diff is cut at, each as (old, new): the start
/// of each talk, and of every [`MARK_LINES`]th line counted from it (from
/// the talk, so that a range format, which formats a few talks, cuts them
/// where formatting the whole note does), then the end.
fn marks_of(text: &str, config: &LintConfig) -> Vec<(usize, usize)> {
    let tree = parse(text, &config.parse);
    let mut marks = vec![(0, 0)];
    for p in tree.segments.iter() {
        if p.start != 0 {
            marks.push((p.start, p.start));
        }
        let seg = &text.as_bytes()[p.range()];
        let mut n = 0;
        for i in memchr::memchr_iter(b'\n', seg) {
            n += 1;
            if n % MARK_LINES == 0 && i + 1 < seg.len() {
                marks.push((p.start + i + 1, p.start + i + 1));
            }
        }
    }
    marks.push((text.len(), text.len()));
    marks
}

/// Apply each fix whose edits are valid in `text` and overlap no fix taken
/// before it (fixes are taken in order of their first edit). Returns the new
/// text and the number of fixes applied. An edit is applied only where its
/// range lies inside `text` on character boundaries.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let (taken, n) = take_fixes(text, fixes);
    if n == 0 {
        return (text.to_string(), 0);
    }
    (splice(text, &taken), n)
}

/// The edits of the fixes [`apply_fixes`] takes, in order, and how many
/// fixes that is. Linear in the fixes (up to a log): the edits taken are
/// kept ordered, and an edit is checked against its neighbours there, not
/// against every edit taken before it.
fn take_fixes<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
) -> (Vec<&'a TextEdit>, usize) {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.range.start).min().unwrap_or(0));
    // The ranges taken, by (start, end): disjoint, so their ends grow too.
    let mut taken: BTreeMap<(usize, usize), &TextEdit> = BTreeMap::new();
    let mut count = 0;
    for f in fixes {
        let mut edits: Vec<&TextEdit> = f.edits.iter().collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let valid = edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        // Two insertions at one point are ambiguous, in one fix as in two.
        let self_overlap = edits.windows(2).any(|w| {
            w[0].range.end > w[1].range.start || (w[0].range.is_empty() && w[0].range == w[1].range)
        });
        if !valid || self_overlap || edits.iter().any(|e| clashes(&taken, &e.range)) {
            continue;
        }
        for e in edits {
            taken.insert((e.range.start, e.range.end), e);
        }
        count += 1;
    }
    (taken.into_values().collect(), count)
}

/// Whether `e` overlaps a range taken: shares a byte with it, or is an
/// insertion at the same point as another.
fn clashes(taken: &BTreeMap<(usize, usize), &TextEdit>, e: &Range<usize>) -> bool {
    // Ranges starting at or after `e.end` cannot share a byte with it; an
    // insertion at `e.end` matters only when `e` is one too.
    let bound = (e.end, e.end + usize::from(e.is_empty()));
    for (&(s, t), _) in taken.range(..bound).rev() {
        if t < e.start {
            // Ends grow with starts: nothing earlier reaches `e`.
            return false;
        }
        if (e.start < t && s < e.end) || (e.is_empty() && s == t && s == e.start) {
            return true;
        }
    }
    false
}

/// `text` with `edits` (ordered, disjoint) applied.
fn splice(text: &str, edits: &[&TextEdit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Move the marks' new positions through one pass's edits (ordered,
/// disjoint). An insertion at a mark goes after it (the mark starts a talk:
/// what is inserted at its start is the talk's); a mark inside a replaced
/// range goes after the replacement.
fn follow(marks: &mut [(usize, usize)], edits: &[&TextEdit]) {
    let mut k = 0;
    let mut delta: isize = 0;
    for m in marks.iter_mut() {
        let at = m.1;
        while let Some(e) = edits.get(k) {
            let before = e.range.end < at || (e.range.end == at && e.range.start < at);
            if !before {
                break;
            }
            delta += e.replacement.len() as isize - e.range.len() as isize;
            k += 1;
        }
        m.1 = match edits.get(k) {
            Some(e) if e.range.start < at && at < e.range.end => {
                (e.range.start as isize + delta) as usize + e.replacement.len()
            }
            _ => (at as isize + delta) as usize,
        };
    }
}

impl Fixed {
    /// The smallest edits from `old` (the text this was fixed from) to the
    /// fixed text, in order and disjoint, diffed talk by talk.
    pub fn edits(&self, old: &str) -> Vec<TextEdit> {
        let mut out = Vec::new();
        for w in self.marks.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (o, n) = (&old[a.0..w[1].0], &self.text[a.1..b.1]);
            if o != n {
                line_diff(o, n, a.0, &mut out);
            }
        }
        out
    }
}

/// The edits turning `old` into `new` (offsets moved by `base`): a line
/// diff, each changed line narrowed to what differs (so removing a line's
/// trailing spaces is an edit of the spaces, not of the line).
///
/// Fixing keeps each line or deletes a blank one, so when `new` has no
/// more lines than `old` the lines are aligned in one walk, which keeps an
/// equal line, deletes a blank one while old lines are in surplus, and
/// pairs the others; only a text that gained lines needs a real diff.
pub fn line_diff(old: &str, new: &str, base: usize, out: &mut Vec<TextEdit>) {
    let old_off = offsets(old);
    let new_off = offsets(new);
    let lines = Lines {
        old,
        new,
        old_off: &old_off,
        new_off: &new_off,
        base,
    };
    if new_off.len() <= old_off.len() {
        lines.align(0..old_off.len() - 1, 0..new_off.len() - 1, out);
        return;
    }
    for op in similar::TextDiff::from_lines(old, new).ops() {
        let (o, n) = (op.old_range(), op.new_range());
        if let similar::DiffOp::Equal { .. } = op {
            continue;
        }
        if o.len() < n.len() {
            let or = old_off[o.start]..old_off[o.end];
            let rep = &new[new_off[n.start]..new_off[n.end]];
            out.push(narrow(old, or, rep, base));
        } else {
            lines.align(o, n, out);
        }
    }
}

/// Two texts and where their lines start.
struct Lines<'a> {
    old: &'a str,
    new: &'a str,
    old_off: &'a [usize],
    new_off: &'a [usize],
    base: usize,
}

impl Lines<'_> {
    /// The edits from old lines `o` to new lines `n` (no more of them).
    fn align(&self, o: Range<usize>, n: Range<usize>, out: &mut Vec<TextEdit>) {
        let (old, new, base) = (self.old, self.new, self.base);
        let (oo, no) = (self.old_off, self.new_off);
        let mut surplus = o.len() - n.len();
        let mut j = n.start;
        let mut deleting: Option<usize> = None;
        let flush = |deleting: &mut Option<usize>, to: usize, out: &mut Vec<TextEdit>| {
            if let Some(from) = deleting.take() {
                out.push(TextEdit {
                    range: base + from..base + to,
                    replacement: String::new(),
                });
            }
        };
        for i in o.clone() {
            let line = &old[oo[i]..oo[i + 1]];
            let want = (j < n.end).then(|| &new[no[j]..no[j + 1]]);
            if want == Some(line) {
                flush(&mut deleting, oo[i], out);
                j += 1;
                continue;
            }
            // Old lines left exceed new ones by `surplus`: once no new line
            // is left, the rest go.
            if surplus > 0 && (line.trim().is_empty() || want.is_none()) {
                surplus -= 1;
                deleting.get_or_insert(oo[i]);
                continue;
            }
            flush(&mut deleting, oo[i], out);
            if let Some(w) = want {
                out.push(narrow(old, oo[i]..oo[i + 1], w, base));
            }
            j += 1;
        }
        flush(&mut deleting, oo[o.end], out);
    }
}

/// Where each line of `text` starts, and its end last.
fn offsets(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    let mut acc = 0;
    for l in text.split_inclusive('\n') {
        acc += l.len();
        v.push(acc);
    }
    v
}

/// The edit replacing `range` of `old` by `rep`, without the prefix and
/// suffix they share (cut on character boundaries, never inside a `\r\n`).
fn narrow(old: &str, range: Range<usize>, rep: &str, base: usize) -> TextEdit {
    let was = &old[range.clone()];
    let ok = |s: &str, i: usize| {
        s.is_char_boundary(i) && !(s[..i].ends_with('\r') && s[i..].starts_with('\n'))
    };
    let mut p = was
        .bytes()
        .zip(rep.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while p > 0 && !(ok(was, p) && ok(rep, p)) {
        p -= 1;
    }
    let max = (was.len() - p).min(rep.len() - p);
    let mut q = was
        .bytes()
        .rev()
        .zip(rep.bytes().rev())
        .take(max)
        .take_while(|(a, b)| a == b)
        .count();
    while q > 0 && !(ok(was, was.len() - q) && ok(rep, rep.len() - q)) {
        q -= 1;
    }
    TextEdit {
        range: base + range.start + p..base + range.end - q,
        replacement: rep[p..rep.len() - q].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edits: &[TextEdit]) -> String {
        let mut s = text.to_string();
        for e in edits.iter().rev() {
            s.replace_range(e.range.clone(), &e.replacement);
        }
        s
    }

    #[test]
    fn diff_is_narrow_and_applies() {
        let mut e = Vec::new();
        line_diff("a\nb  \nc\nd\n", "a\nb\nc\nd\n", 0, &mut e);
        assert_eq!(
            e,
            vec![TextEdit {
                range: 3..5,
                replacement: String::new()
            }]
        );
        for (old, new) in [
            ("a\n\n\n\nb\n", "a\n\nb\n"),
            ("x  \r\n\r\n\r\ny", "x\r\n\r\ny\r\n"),
            ("é  \nè\n", "é\nê\n"),
            ("", "a\n"),
            ("a", ""),
        ] {
            let mut e = Vec::new();
            line_diff(old, new, 0, &mut e);
            assert_eq!(apply(old, &e), new, "{old:?} → {new:?}: {e:?}");
        }
    }

    #[test]
    fn overlapping_fixes_wait() {
        let fix = |r: Range<usize>, s: &str| Fix {
            title: "t".into(),
            safety: FixSafety::Safe,
            edits: vec![TextEdit {
                range: r,
                replacement: s.into(),
            }],
        };
        let fs = [
            fix(0..2, "X"),
            fix(1..3, "Y"),
            fix(4..4, "I"),
            fix(4..4, "J"),
            fix(4..5, ""),
            fix(2..2, "K"),
            fix(5..6, "Z"),
        ];
        // 1..3 overlaps 0..2; the second insertion at 4 is ambiguous; 2..2
        // is an insertion at the end of 0..2, which is no overlap.
        assert_eq!(apply_fixes("abcdef", &fs), ("XKcdIZ".to_string(), 5));
    }

    #[test]
    fn marks_follow_the_talks() {
        let text = " One  \nAda\n\n\n\n Two\nBo  \n";
        let config = LintConfig::default();
        let f = fix_safe(text, &config);
        assert_eq!(f.text, " One\nAda\n\n Two\nBo\n");
        assert_eq!(f.marks, vec![(0, 0), (14, 10), (24, 18)]);
        assert_eq!(apply(text, &f.edits(text)), f.text);
    }
}
