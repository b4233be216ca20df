//! The text readers (blog, schedule, prose, Markdown) and the detector:
//! every word kept on generated inputs of every text shape and on
//! arbitrary text; no real talk note detected as another shape; the
//! samples under `tests/fixtures/import/` detected and read (titles and
//! speakers) as their labels say.

use notelint::import::model::{Block, SectionKind};
use notelint::import::{self, Notes, Options, Shape};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

#[path = "common/real_notes.rs"]
mod real_notes;

const TEXT_SHAPES: [Shape; 4] = [Shape::Blog, Shape::Schedule, Shape::Prose, Shape::Markdown];

/// Words as the import check counts them: runs of alphanumerics and
/// combining marks, in NFC.
fn words(t: &str) -> Vec<String> {
    t.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .filter(|w| !w.is_empty())
        .map(|w| w.nfc().collect())
        .collect()
}

/// The model's words in the order the renderer writes them: the speakers
/// joined as the source joined them.
fn model_text(n: &Notes) -> String {
    let mut out = Vec::new();
    let block = |b: &Block| match b {
        Block::Para(t) | Block::Item { text: t, .. } => t.clone(),
    };
    out.extend(n.preamble.iter().map(block));
    for t in &n.talks {
        out.push(t.title.clone());
        out.extend(t.speaker_prefix.clone());
        for (k, s) in t.speakers.iter().enumerate() {
            if k > 0 {
                out.extend(t.speaker_joiners.get(k - 1).cloned());
            }
            out.push(s.name.clone());
            out.extend(s.handle.clone());
        }
        out.extend(t.track.clone());
        out.extend(t.level.clone());
        for s in &t.sections {
            if let SectionKind::Heading(h) | SectionKind::Field(h) = &s.kind {
                out.push(h.clone());
            }
            out.extend(s.blocks.iter().map(block));
        }
    }
    out.join("\n")
}

/// The first word of `src` missing from `out` (in order).
fn lost(src: &str, out: &str) -> Option<String> {
    let o = words(out);
    let mut k = 0;
    for w in words(src) {
        match o[k..].iter().position(|x| *x == w) {
            Some(p) => k += p + 1,
            None => return Some(w),
        }
    }
    None
}

fn read(text: &str, shape: Shape) -> Notes {
    import::read(text, shape, &Options::default()).expect("a text shape always reads")
}

fn assert_kept(text: &str, shape: Shape) -> Result<(), TestCaseError> {
    let n = read(text, shape);
    let out = model_text(&n);
    prop_assert!(
        lost(text, &out).is_none(),
        "{shape}: lost {:?} of {text:?}\n{n:#?}",
        lost(text, &out)
    );
    Ok(())
}

// Pieces of generated notes: titles with commas, colons and dashes, names
// with particles and accents, notes with nested bullets.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{2,9}",
        "[A-Z][a-z]{2,8}",
        Just("Python".to_string()),
        Just("3.12".to_string()),
        Just("Q&A".to_string()),
        Just("naïve".to_string()),
        Just("e\u{301}te\u{301}".to_string()),
        Just("Kovács".to_string()),
    ]
}

fn title() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(word(), 1..7),
        prop::sample::select(vec!["", ",", ":", " –", "?", "!"]),
    )
        .prop_map(|(w, p)| {
            let mut t = w.join(" ");
            if let Some(i) = t.find(' ') {
                t.insert_str(i, p);
            }
            t
        })
}

fn name() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "Ada", "Grace", "José", "Zoë", "Li", "J.", "Dr. Mei", "Will", "Sérgio",
        ]),
        prop::sample::select(vec!["", " van", " de", " O'Brien", " al-Rashid"]),
        prop::sample::select(vec![
            "Lovelace",
            "Hopper",
            "Núñez",
            "Chen",
            "Nowak-Schmidt",
            "Okafor",
            "You",
        ]),
    )
        .prop_map(|(a, b, c)| format!("{a}{b} {c}"))
}

fn names() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(name(), 1..4),
        prop::sample::select(vec![", ", " and ", " & ", ", and "]),
    )
        .prop_map(|(v, j)| match v.len() {
            1 => v[0].clone(),
            n => format!("{}{j}{}", v[..n - 1].join(", "), v[n - 1]),
        })
}

fn note() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["- ", "* ", "• ", "1. ", "2) ", ""]),
        prop::sample::select(vec!["", "  ", "    ", "\t"]),
        prop::collection::vec(word(), 1..10),
    )
        .prop_map(|(b, i, w)| format!("{i}{b}{}", w.join(" ")))
}

fn para() -> impl Strategy<Value = String> {
    (
        name(),
        prop::sample::select(vec![
            "talked about",
            "gave a talk on",
            "showed",
            "explained",
        ]),
        prop::collection::vec(word(), 8..30),
    )
        .prop_map(|(n, v, w)| format!("{n} {v} {}.", w.join(" ")))
}

/// Notes as running text (a prose report has no bullets).
fn words_of(notes: &[String]) -> String {
    let w: Vec<String> = notes.iter().flat_map(|n| words(n)).collect();
    format!("And also {}", w.join(" "))
}

/// A talk in each shape's way, from the same pieces.
fn talk_in(shape: Shape, t: &str, who: &str, notes: &[String], para: &str, k: usize) -> String {
    match shape {
        Shape::Blog => match k % 4 {
            0 => format!("{t}, {who}\n{}\n", notes.join("\n")),
            1 => format!("{t} – {who}\n{}\n", notes.join("\n")),
            2 => format!("{t}\nby {who}\n{}\n", notes.join("\n")),
            _ => format!("{t}\n{}\n", notes.join("\n")),
        },
        Shape::Schedule => format!(
            "* {t}\nby {who}\n{para}\nAt 10:{:02}am to 11:30am, Saturday 3rd May\nRoom {k}\n",
            k % 60
        ),
        Shape::Prose => format!("{t}\n\n{para}\n\n{}.\n", words_of(notes)),
        _ => format!(
            "{} {t}\n\n{}\n\n{}\n",
            "##",
            if k % 3 == 0 {
                format!("**Speaker:** {who}")
            } else {
                format!("by {who}")
            },
            notes.join("\n")
        ),
    }
}

fn document(shape: Shape) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                title(),
                names(),
                prop::collection::vec(note(), 1..6),
                para(),
            ),
            1..6,
        ),
        prop::option::of(para()),
        prop::sample::select(vec!["\n", "\r\n"]),
    )
        .prop_map(move |(talks, pre, eol)| {
            let mut s = pre.map(|p| format!("{p}\n\n")).unwrap_or_default();
            for (k, (t, who, notes, para)) in talks.iter().enumerate() {
                s.push_str(&talk_in(shape, t, who, notes, para, k));
                s.push('\n');
            }
            s.replace('\n', eol)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Generated notes of every text shape keep every word, read as their
    /// own shape and as each other shape.
    #[test]
    fn generated_notes_keep_every_word(
        shape in prop::sample::select(TEXT_SHAPES.to_vec()),
        read_as in prop::sample::select(TEXT_SHAPES.to_vec()),
        seed in 0usize..4,
        doc in (0usize..4).prop_flat_map(|i| document(TEXT_SHAPES[i])),
    ) {
        let _ = (shape, seed);
        assert_kept(&doc, read_as)?;
    }

    /// Any text, read as any text shape: no panic, every word kept.
    #[test]
    fn any_text_keeps_every_word(
        text in prop::collection::vec(
            prop_oneof![
                ".{0,40}",
                note(),
                title(),
                names().prop_map(|n| format!("by {n}")),
                Just(String::new()),
                Just("## ".to_string()),
                Just("---".to_string()),
                Just("Lightning talks".to_string()),
            ],
            0..30,
        ).prop_map(|v| v.join("\n")),
        read_as in prop::sample::select(TEXT_SHAPES.to_vec()),
    ) {
        assert_kept(&text, read_as)?;
        let _ = import::detect(&text);
    }
}

/// Each shape's generated notes are found as that shape, with their talks.
#[test]
fn generated_notes_are_detected_and_read() {
    let notes: Vec<String> = vec!["  - first point here".into(), "  - second point".into()];
    let para = "Ada Lovelace talked about engines and what they compute, at length and in detail.";
    for shape in TEXT_SHAPES {
        let mut doc = String::new();
        for (k, t) in ["Engines, then and now", "Compilers: a history", "Why tabs"]
            .iter()
            .enumerate()
        {
            doc.push_str(&talk_in(
                shape,
                t,
                "Grace Hopper and Alan Turing",
                &notes,
                para,
                k,
            ));
            doc.push('\n');
        }
        assert_eq!(import::detect(&doc).shape, shape, "{doc}");
        let n = read(&doc, shape);
        let titles: Vec<&str> = n.talks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Engines, then and now", "Compilers: a history", "Why tabs"],
            "{shape}"
        );
        if shape != Shape::Prose {
            for t in &n.talks[..2] {
                let who: Vec<&str> = t.speakers.iter().map(|s| s.name.as_str()).collect();
                assert_eq!(who, ["Grace Hopper", "Alan Turing"], "{shape}: {doc}");
                assert_eq!(t.speaker_joiners, [" and "], "{shape}");
            }
        }
    }
}

/// No talk note of this project is taken for another shape.
#[test]
fn real_talk_notes_are_talk_notes() {
    let notes = real_notes::real_notes();
    assert!(notes.len() > 40);
    for (name, text) in &notes {
        let d = import::detect(text);
        assert_eq!(d.shape, Shape::TalkNotes, "{name}");
    }
}

/// The samples that are not talk notes are found as some other shape
/// (but a flat list of bullets, which is no shape `import` reads).
#[test]
fn the_not_talk_notes_samples_are_other_shapes() {
    for p in real_notes::files_in("tests/fixtures/not-talk-notes") {
        if p.ends_with("flat-bullets.txt") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let d = import::detect(&text);
        assert_ne!(d.shape, Shape::TalkNotes, "{}", p.display());
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The labelled samples: `NAME.{txt,md}` with `NAME.expected.json`.
fn samples(dir: &Path) -> Vec<(PathBuf, String, serde_json::Value)> {
    let mut out = Vec::new();
    for sub in real_notes::files_in_dirs(dir.to_str().unwrap()) {
        for p in real_notes::files_in(sub.to_str().unwrap()) {
            let s = p.to_string_lossy().to_string();
            let Some(stem) = s.strip_suffix(".expected.json") else {
                continue;
            };
            let src = ["txt", "md"]
                .iter()
                .map(|e| PathBuf::from(format!("{stem}.{e}")))
                .find(|p| p.exists());
            let Some(src) = src else { continue };
            let want = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            out.push((src.clone(), std::fs::read_to_string(&src).unwrap(), want));
        }
    }
    out
}

/// The tuning samples (`tests/fixtures/import/`, or the folder
/// `NOTELINT_IMPORT_SAMPLES` names): each detected as its shape; per
/// shape, titles found with F1 ≥ 0.9 and the right speakers for ≥ 80% of
/// the talks; every word kept.
#[test]
fn tuning_samples_are_read_as_labelled() {
    let dir =
        std::env::var("NOTELINT_IMPORT_SAMPLES").unwrap_or_else(|_| "tests/fixtures/import".into());
    if !Path::new(&dir).is_dir() {
        println!("skipping: {dir} is absent");
        return;
    }
    let all = samples(Path::new(&dir));
    let mut per: std::collections::BTreeMap<String, (usize, usize, usize, usize)> =
        Default::default();
    for (src, text, want) in &all {
        let shape_name = want["shape"].as_str().unwrap();
        let Some(shape) = Shape::from_name(shape_name).filter(|s| TEXT_SHAPES.contains(s)) else {
            continue;
        };
        assert_eq!(import::detect(text).shape, shape, "{}", src.display());
        let n = read(text, shape);
        assert!(lost(text, &model_text(&n)).is_none(), "{}", src.display());
        let e = per.entry(shape_name.to_string()).or_default();
        let want: Vec<_> = want["talks"].as_array().unwrap().iter().collect();
        e.1 += n.talks.len();
        e.2 += want.len();
        let mut used = vec![false; n.talks.len()];
        for w in want {
            let title = norm(w["title"].as_str().unwrap());
            if let Some(k) =
                (0..n.talks.len()).find(|&k| !used[k] && norm(&n.talks[k].title) == title)
            {
                used[k] = true;
                e.0 += 1;
                let got: Vec<String> = n.talks[k].speakers.iter().map(|s| norm(&s.name)).collect();
                let exp: Vec<String> = w["speakers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| norm(s.as_str().unwrap()))
                    .collect();
                e.3 += usize::from(got == exp);
            }
        }
    }
    assert!(!per.is_empty(), "no samples in {dir}");
    for (shape, (hit, found, expected, right)) in per {
        let p = hit as f64 / found.max(1) as f64;
        let r = hit as f64 / expected.max(1) as f64;
        let f1 = 2.0 * p * r / (p + r).max(1e-9);
        println!("{shape}: F1 {f1:.3}, speakers {right}/{expected}");
        assert!(f1 >= 0.9, "{shape}: title F1 {f1:.3}");
        assert!(
            right * 5 >= expected * 4,
            "{shape}: speakers right {right}/{expected}"
        );
    }
}
