//! Score `notelint import` against samples with known answers:
//! `cargo run --release --example import_score -- [--json] [-v] [--known-shape] DIR [DIR…]`.
//!
//! Every `NAME.expected.json` under the folders names a sample (`NAME.txt`,
//! `.md`, `.xml`, `.json`, `.csv` beside it) and the talks a person reads
//! off it (see `tests/fixtures/import/README.md`). Each sample goes through
//! `import::convert` with auto-detection, exactly as `notelint import`
//! does; its output is read back with the parser and the outline that
//! `notelint outline` prints, so a talk counts only if the format itself
//! sees it (`--known-shape` reads each sample as its expected shape
//! instead, to score the readers apart from detection). Per shape the table gives: whether detection named the right
//! shape, title precision/recall/F1, the share of expected talks whose
//! speakers came out right, the share of files that kept every word, and
//! how many originals the `not-talk-notes` rule flags. Last, every example,
//! `.talk` fixture and seed must be detected as talk-note markup.
//!
//! A title found matches an expected one when both are equal after
//! trimming, collapsing whitespace and case-folding (NFC); matching walks
//! the expected talks in order and takes the first unmatched found talk
//! with that title after the previous match. Speakers compare as sets the
//! same way.

use notelint::import::{self, Shape};
use notelint::lint::rules::not_talk_notes::Shape as DocShape;
use notelint::lint::LintConfig;
use notelint::syntax::outline::outline;
use notelint::syntax::parse;
use notelint::syntax::pos::LineIndex;
use notelint::syntax::SourceText;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

#[derive(Deserialize)]
struct Expected {
    shape: String,
    talks: Vec<ExpectedTalk>,
}

#[derive(Deserialize)]
struct ExpectedTalk {
    title: String,
    #[serde(default)]
    speakers: Vec<String>,
}

#[derive(Serialize, Clone)]
struct SpeakerMiss {
    title: String,
    expected: Vec<String>,
    found: Vec<String>,
}

/// One sample's result.
#[derive(Serialize)]
struct FileResult {
    path: String,
    shape: String,
    detected: String,
    /// `convert` failed (or panicked): its message.
    error: Option<String>,
    expected_talks: usize,
    found_talks: usize,
    matched: usize,
    speakers_right: usize,
    /// None for the structured exports, whose source words are markup.
    words_kept: Option<bool>,
    lost_word: Option<String>,
    not_talk_notes: bool,
    missed_titles: Vec<String>,
    extra_titles: Vec<String>,
    speaker_misses: Vec<SpeakerMiss>,
}

/// The totals of one shape (or of all files).
#[derive(Serialize, Default)]
struct Summary {
    files: usize,
    detected_right: usize,
    errors: usize,
    expected_talks: usize,
    found_talks: usize,
    matched: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    speakers_right: usize,
    speakers_right_pct: f64,
    words_checked: usize,
    words_kept: usize,
    words_kept_pct: Option<f64>,
    not_talk_notes: usize,
}

#[derive(Serialize)]
struct Negatives {
    files: usize,
    detected_talk_notes: usize,
    misdetected: Vec<(String, String)>,
}

fn main() {
    let mut json = false;
    let mut verbose = false;
    let mut known_shape = false;
    let mut dirs = Vec::new();
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--json" => json = true,
            "-v" | "--verbose" => verbose = true,
            "--known-shape" => known_shape = true,
            "-h" | "--help" => {
                println!("usage: import_score [--json] [-v] [--known-shape] DIR [DIR…]");
                return;
            }
            _ => dirs.push(PathBuf::from(a)),
        }
    }
    if dirs.is_empty() {
        eprintln!("usage: import_score [--json] [-v] [--known-shape] DIR [DIR…]");
        std::process::exit(2);
    }
    let mut results = Vec::new();
    for d in &dirs {
        if !d.is_dir() {
            eprintln!("import_score: {}: not a folder", d.display());
            std::process::exit(2);
        }
        for exp in files_under(d, &|p| name_of(p).ends_with(".expected.json")) {
            match score_file(&exp, known_shape) {
                Ok(r) => results.push(r),
                Err(e) => eprintln!("import_score: {}: {e}", exp.display()),
            }
        }
    }
    let mut by_shape: BTreeMap<usize, (String, Summary)> = BTreeMap::new();
    let mut all = Summary::default();
    for r in &results {
        let key = shape_rank(&r.shape);
        let s = &mut by_shape
            .entry(key)
            .or_insert_with(|| (r.shape.clone(), Summary::default()))
            .1;
        add(s, r);
        add(&mut all, r);
    }
    for (_, s) in by_shape.values_mut() {
        finish(s);
    }
    finish(&mut all);
    let neg = negatives();
    if json {
        let shapes: BTreeMap<&str, &Summary> =
            by_shape.values().map(|(n, s)| (n.as_str(), s)).collect();
        let v = serde_json::json!({
            "shapes": shapes,
            "all": all,
            "files": results,
            "negatives": neg,
        });
        emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
        return;
    }
    let mut out = String::new();
    if verbose {
        for r in &results {
            print_file(&mut out, r);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{:<10} {:>5} {:>7} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9} {:>10} {:>5}",
        "shape",
        "files",
        "detect",
        "errs",
        "expect",
        "found",
        "P",
        "R",
        "F1",
        "speakers",
        "words kept",
        "NL037"
    );
    for (name, s) in by_shape.values() {
        print_row(&mut out, name, s);
    }
    print_row(&mut out, "all", &all);
    let _ = writeln!(
        out,
        "\nnegative checks: {}/{} examples, .talk fixtures and seeds detected as talk-notes",
        neg.detected_talk_notes, neg.files
    );
    for (p, shape) in &neg.misdetected {
        let _ = writeln!(out, "  {p}: detected as {shape}");
    }
    emit(&out);
}

/// Write to stdout; a closed pipe (`| head`) just ends the output.
fn emit(s: &str) {
    let _ = std::io::stdout().lock().write_all(s.as_bytes());
}

fn print_row(out: &mut String, name: &str, s: &Summary) {
    let words = match s.words_kept_pct {
        Some(p) => format!("{p:.0}%"),
        None => "-".to_string(),
    };
    let _ = writeln!(
        out,
        "{:<10} {:>5} {:>7} {:>5} {:>6} {:>6} {:>6.3} {:>6.3} {:>6.3} {:>8.0}% {:>10} {:>5}",
        name,
        s.files,
        format!("{}/{}", s.detected_right, s.files),
        s.errors,
        s.expected_talks,
        s.found_talks,
        s.precision,
        s.recall,
        s.f1,
        s.speakers_right_pct,
        words,
        s.not_talk_notes
    );
}

fn print_file(out: &mut String, r: &FileResult) {
    let _ = writeln!(
        out,
        "{}: detected {} (want {}), {}/{} titles matched, {} found, speakers {}/{}{}{}",
        r.path,
        r.detected,
        r.shape,
        r.matched,
        r.expected_talks,
        r.found_talks,
        r.speakers_right,
        r.expected_talks,
        match r.words_kept {
            Some(true) => ", words kept".to_string(),
            Some(false) => format!(", word lost: {}", r.lost_word.as_deref().unwrap_or("?")),
            None => String::new(),
        },
        if r.not_talk_notes {
            ", NL037 on original"
        } else {
            ""
        }
    );
    if let Some(e) = &r.error {
        let _ = writeln!(out, "    error: {e}");
    }
    for t in &r.missed_titles {
        let _ = writeln!(out, "    missed: {t}");
    }
    for t in &r.extra_titles {
        let _ = writeln!(out, "    extra:  {t}");
    }
    for m in &r.speaker_misses {
        let _ = writeln!(
            out,
            "    speakers of {:?}: want {:?}, got {:?}",
            m.title, m.expected, m.found
        );
    }
}

fn add(s: &mut Summary, r: &FileResult) {
    s.files += 1;
    s.detected_right += usize::from(r.detected == r.shape);
    s.errors += usize::from(r.error.is_some());
    s.expected_talks += r.expected_talks;
    s.found_talks += r.found_talks;
    s.matched += r.matched;
    s.speakers_right += r.speakers_right;
    if let Some(k) = r.words_kept {
        s.words_checked += 1;
        s.words_kept += usize::from(k);
    }
    s.not_talk_notes += usize::from(r.not_talk_notes);
}

fn finish(s: &mut Summary) {
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    s.precision = ratio(s.matched, s.found_talks);
    s.recall = ratio(s.matched, s.expected_talks);
    s.f1 = if s.precision + s.recall == 0.0 {
        0.0
    } else {
        2.0 * s.precision * s.recall / (s.precision + s.recall)
    };
    s.speakers_right_pct = 100.0 * ratio(s.speakers_right, s.expected_talks);
    s.words_kept_pct = (s.words_checked > 0).then(|| 100.0 * ratio(s.words_kept, s.words_checked));
}

/// Text shapes first, in the order, then the exports, then others.
fn shape_rank(name: &str) -> usize {
    const ORDER: [&str; 8] = [
        "blog",
        "schedule",
        "prose",
        "markdown",
        "frab-xml",
        "frab-json",
        "csv",
        "talk-notes",
    ];
    ORDER.iter().position(|n| *n == name).unwrap_or(ORDER.len())
}

fn name_of(p: &Path) -> Cow<'_, str> {
    p.file_name()
        .map_or(Cow::Borrowed(""), |n| n.to_string_lossy())
}

/// Files under `dir` (recursively, sorted) that `keep` accepts.
fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if keep(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The sample an `expected.json` belongs to: `NAME.<ext>` beside it.
fn sample_of(expected: &Path) -> Option<PathBuf> {
    let name = name_of(expected);
    let stem = name.strip_suffix(".expected.json")?;
    let prefix = format!("{stem}.");
    let dir = expected.parent()?;
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = name_of(p);
            n.starts_with(&prefix) && !n.ends_with(".expected.json") && p.is_file()
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

fn score_file(expected_path: &Path, known_shape: bool) -> Result<FileResult, String> {
    let exp_text = std::fs::read_to_string(expected_path).map_err(|e| e.to_string())?;
    let expected: Expected = serde_json::from_str(&exp_text).map_err(|e| e.to_string())?;
    let sample = sample_of(expected_path).ok_or("no sample file beside it")?;
    let bytes = std::fs::read(&sample).map_err(|e| format!("{}: {e}", sample.display()))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();

    let detected = import::detect(&text).shape;
    let given = if known_shape {
        Some(Shape::from_name(&expected.shape).ok_or("unknown shape in expected.json")?)
    } else {
        None
    };
    let converted =
        std::panic::catch_unwind(|| import::convert(&text, given, &import::Options::default()));
    let (out, error) = match converted {
        Ok(Ok(c)) => (Some(c.text), None),
        Ok(Err(e)) => (None, Some(e.to_string())),
        Err(_) => (None, Some("convert panicked".to_string())),
    };
    let found: Vec<(String, Vec<String>)> = out.as_deref().map(talks_of).unwrap_or_default();

    // In order: each expected title takes the first found talk with that
    // title after the previous match.
    let mut next = 0;
    let mut matched = 0;
    let mut speakers_right = 0;
    let mut used = vec![false; found.len()];
    let mut missed_titles = Vec::new();
    let mut speaker_misses = Vec::new();
    for e in &expected.talks {
        let key = norm(&e.title);
        match (next..found.len()).find(|&i| norm(&found[i].0) == key) {
            Some(i) => {
                used[i] = true;
                next = i + 1;
                matched += 1;
                if speaker_set(&e.speakers) == speaker_set(&found[i].1) {
                    speakers_right += 1;
                } else {
                    speaker_misses.push(SpeakerMiss {
                        title: e.title.clone(),
                        expected: e.speakers.clone(),
                        found: found[i].1.clone(),
                    });
                }
            }
            None => missed_titles.push(e.title.clone()),
        }
    }
    let extra_titles = found
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(t, _)| t.0.clone())
        .collect();

    let text_shape = matches!(
        expected.shape.as_str(),
        "blog" | "schedule" | "prose" | "markdown"
    );
    let (words_kept, lost_word) = if text_shape {
        match out.as_deref().map(|o| first_lost_word(&text, o)) {
            Some(None) => (Some(true), None),
            Some(Some(w)) => (Some(false), Some(w)),
            None => (Some(false), None),
        }
    } else {
        (None, None)
    };

    Ok(FileResult {
        path: sample.display().to_string(),
        shape: expected.shape,
        detected: detected.name().to_string(),
        error,
        expected_talks: expected.talks.len(),
        found_talks: found.len(),
        matched,
        speakers_right,
        words_kept,
        lost_word,
        not_talk_notes: not_talk_notes(&text),
        missed_titles,
        extra_titles,
        speaker_misses,
    })
}

/// Talks (title, speaker names) of talk-note markup, read the way
/// `notelint outline` reads them.
fn talks_of(text: &str) -> Vec<(String, Vec<String>)> {
    let opts = LintConfig::default().parse;
    let tree = parse(text, &opts);
    outline(text, &tree, &LineIndex::new(text), &opts)
        .into_iter()
        .map(|t| (t.title, t.speakers))
        .collect()
}

/// Whether the `not-talk-notes` rule flags `text` (as its test reads it).
fn not_talk_notes(text: &str) -> bool {
    let tree = parse(text, &LintConfig::default().parse);
    let seg_text = SourceText::new(&tree.segments, text);
    DocShape::of(seg_text).is_not_talk_notes()
}

/// Trimmed, whitespace collapsed, NFC, lower case.
fn norm(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn speaker_set(names: &[String]) -> BTreeSet<String> {
    names
        .iter()
        .map(|n| norm(n))
        .filter(|n| !n.is_empty())
        .collect()
}

/// The words of `text`: runs of alphanumeric characters and combining
/// marks, in NFC. The same definition as the importer's own no-word-lost
/// check (`import::words` on the import-core branch, not merged when this
/// was written); kept local so the scorer builds against the bare API.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || is_combining_mark(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(cur.nfc().collect());
            cur.clear();
        }
    }
    if !cur.is_empty() {
        out.push(cur.nfc().collect());
    }
    out
}

/// The first word of `source` that `output` does not keep in order.
fn first_lost_word(source: &str, output: &str) -> Option<String> {
    let out = words(output);
    let mut it = out.iter();
    words(source)
        .into_iter()
        .find(|w| !it.by_ref().any(|o| o == w))
}

/// Examples, `.talk` fixtures and the seeds: all talk-note markup.
fn negatives() -> Negatives {
    let mut files = files_under(Path::new("examples"), &|p| name_of(p).ends_with(".talk"));
    // `not-talk-notes/` holds the other shapes on purpose (a frab export
    // saved as `.talk`).
    files.extend(files_under(Path::new("tests/fixtures"), &|p| {
        name_of(p).ends_with(".talk") && !p.parent().is_some_and(|d| d.ends_with("not-talk-notes"))
    }));
    files.extend(files_under(Path::new("../shared/seeds"), &|_| true));
    let mut n = Negatives {
        files: 0,
        detected_talk_notes: 0,
        misdetected: Vec::new(),
    };
    for p in files {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        n.files += 1;
        let shape = import::detect(&text).shape;
        if shape == Shape::TalkNotes {
            n.detected_talk_notes += 1;
        } else {
            n.misdetected
                .push((p.display().to_string(), shape.name().to_string()));
        }
    }
    n
}
