//! Scores the text readers against hand-labelled samples: for each
//! `NAME.{txt,md}` with a `NAME.expected.json` beside it under the given
//! folders, the detected shape, the talks found against the expected ones
//! (title precision, recall, F1), the talks whose speakers are right, and
//! whether every word of the source is still in the model, in order.
//!
//! `cargo run --example import_text_score -- DIR… [-v]`

use notelint::import::{self, model::Block, Notes, Options, Shape};
use std::path::{Path, PathBuf};

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '"' | '“' | '”'))
        .to_string()
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn model_text(n: &Notes) -> String {
    let mut out = String::new();
    let block = |out: &mut String, b: &Block| match b {
        Block::Para(t) | Block::Item { text: t, .. } => {
            out.push_str(t);
            out.push('\n');
        }
    };
    for b in &n.preamble {
        block(&mut out, b);
    }
    for t in &n.talks {
        out.push_str(&t.title);
        out.push('\n');
        if let Some(p) = &t.speaker_prefix {
            out.push_str(p);
            out.push(' ');
        }
        let names: Vec<String> = t
            .speakers
            .iter()
            .map(|s| format!("{} {}", s.name, s.handle.clone().unwrap_or_default()))
            .collect();
        // The renderer joins names with the source's joiners, else `, `.
        for (k, n) in names.iter().enumerate() {
            if k > 0 {
                out.push_str(t.speaker_joiners.get(k - 1).map_or(", ", |j| j.as_str()));
            }
            out.push_str(n);
        }
        out.push('\n');
        for x in [&t.track, &t.level].into_iter().flatten() {
            out.push_str(x);
            out.push('\n');
        }
        for s in &t.sections {
            if let import::model::SectionKind::Heading(h) | import::model::SectionKind::Field(h) =
                &s.kind
            {
                out.push_str(h);
                out.push('\n');
            }
            for b in &s.blocks {
                block(&mut out, b);
            }
        }
    }
    out
}

/// The first source word missing from the output (in order), if any.
fn lost_word(src: &str, out: &str) -> Option<(usize, String)> {
    let o = words(out);
    let mut k = 0;
    for (i, w) in words(src).into_iter().enumerate() {
        while k < o.len() && o[k] != w {
            k += 1;
        }
        if k == o.len() {
            return Some((i, w));
        }
        k += 1;
    }
    None
}

#[derive(Default)]
struct Tally {
    files: usize,
    detected: usize,
    expected: usize,
    found: usize,
    matched: usize,
    speakers_right: usize,
    words_kept: usize,
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut v: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).collect();
    v.sort();
    for p in v {
        if p.is_dir() {
            files(&p, out);
        } else if p.to_string_lossy().ends_with(".expected.json") {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let mut all = Vec::new();
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        files(Path::new(a), &mut all);
    }
    let mut tallies: std::collections::BTreeMap<String, Tally> = Default::default();
    for exp in all {
        let stem = exp
            .to_string_lossy()
            .trim_end_matches(".expected.json")
            .to_string();
        let src = ["txt", "md", "text", "markdown"]
            .iter()
            .map(|e| PathBuf::from(format!("{stem}.{e}")))
            .find(|p| p.exists());
        let Some(src) = src else { continue };
        let text = std::fs::read_to_string(&src).unwrap();
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&exp).unwrap()).unwrap();
        let shape_name = want["shape"].as_str().unwrap_or("").to_string();
        let shape = Shape::from_name(&shape_name).unwrap_or(Shape::Blog);
        let got_shape = import::detect(&text).shape;
        let notes = import::read(&text, shape, &Options::default()).unwrap_or_default();
        let wt: Vec<(String, Vec<String>)> = want["talks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    norm(t["title"].as_str().unwrap_or("")),
                    t["speakers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|s| norm(s.as_str().unwrap()))
                        .collect(),
                )
            })
            .collect();
        let tally = tallies.entry(shape_name.clone()).or_default();
        tally.files += 1;
        tally.detected += usize::from(got_shape == shape);
        tally.expected += wt.len();
        tally.found += notes.talks.len();
        let mut used = vec![false; notes.talks.len()];
        let mut misses = Vec::new();
        for (title, speakers) in &wt {
            let hit = notes
                .talks
                .iter()
                .enumerate()
                .find(|(k, t)| !used[*k] && norm(&t.title) == *title);
            match hit {
                Some((k, t)) => {
                    used[k] = true;
                    tally.matched += 1;
                    let got: Vec<String> = t.speakers.iter().map(|s| norm(&s.name)).collect();
                    if got == *speakers {
                        tally.speakers_right += 1;
                    } else {
                        misses.push(format!(
                            "  speakers of {title:?}: got {got:?}, want {speakers:?}"
                        ));
                    }
                }
                None => misses.push(format!("  missing talk {title:?}")),
            }
        }
        for (k, t) in notes.talks.iter().enumerate() {
            if !used[k] {
                misses.push(format!("  extra talk {:?}", t.title));
            }
        }
        let lost = lost_word(&text, &model_text(&notes));
        tally.words_kept += usize::from(lost.is_none());
        let name = src.display();
        if verbose || !misses.is_empty() || lost.is_some() || got_shape != shape {
            println!(
                "{name}: detected {} (want {shape_name}), {} talks (want {})",
                got_shape.name(),
                notes.talks.len(),
                wt.len()
            );
            for m in &misses {
                println!("{m}");
            }
            if let Some((i, w)) = lost {
                println!("  word {i} lost: {w:?}");
            }
        }
    }
    println!("\nshape      files detect  found/want  P      R      F1     speakers  words-kept");
    for (shape, t) in &tallies {
        let p = t.matched as f64 / t.found.max(1) as f64;
        let r = t.matched as f64 / t.expected.max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "{shape:<10} {:>5} {:>3}/{:<3} {:>4}/{:<4}  {p:.3}  {r:.3}  {f1:.3}  {:>3}/{:<3}   {}/{}",
            t.files,
            t.detected,
            t.files,
            t.found,
            t.expected,
            t.speakers_right,
            t.expected,
            t.words_kept,
            t.files
        );
    }
}
