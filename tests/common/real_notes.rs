//! Every real talk note this project has, for the tests that must never
//! take one for another shape: the seeds (when `../shared` is there), the
//! examples, the test fixtures (other than the samples of other shapes),
//! the spec's inputs and the docs' `talk` blocks.
#![allow(dead_code)]

#[path = "shared.rs"]
mod shared;

use std::path::{Path, PathBuf};

/// The files of `dir`, sorted.
pub fn files_in(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

/// The input blocks of the spec fixtures (`--- input` up to the next `---`).
fn spec_inputs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.split_inclusive('\n') {
        if line.starts_with("--- ") {
            out.extend(cur.take());
            if line.trim_end() == "--- input" {
                cur = Some(String::new());
            }
            continue;
        }
        if let Some(c) = &mut cur {
            c.push_str(line);
        }
    }
    out.extend(cur);
    out
}

/// ```talk blocks of a Markdown file.
/// The not-talk-notes rule's own section is left out: its bad example is a
/// schedule, not talk notes.
fn talk_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut other_shape = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            other_shape = line.trim() == "## not-talk-notes";
        }
        match &mut cur {
            None if line.trim_start().starts_with("```talk") => cur = Some(String::new()),
            Some(_) if line.trim_start().starts_with("```") => {
                let block = cur.take();
                if !other_shape {
                    out.extend(block);
                }
            }
            Some(c) => {
                c.push_str(line);
                c.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Every real talk note this project has: seeds (when `../shared` is
/// there), examples, test fixtures other than the samples, spec inputs,
/// docs' talk blocks.
pub fn real_notes() -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut add_file = |p: &Path| {
        let t = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        v.push((p.display().to_string(), t));
    };
    if let Some(seeds) = shared::shared_dir("seeds") {
        for p in files_in(&seeds.to_string_lossy()) {
            add_file(&p);
        }
    }
    for p in files_in("examples") {
        if p.extension().is_some_and(|e| e == "talk") {
            add_file(&p);
        }
    }
    for dir in files_in_dirs("tests/fixtures") {
        if dir.ends_with("not-talk-notes")
            || dir.components().any(|c| {
                c.as_os_str()
                    .to_str()
                    .is_some_and(|c| c.starts_with("import"))
            })
        {
            continue;
        }
        for p in files_in(dir.to_str().unwrap()) {
            add_file(&p);
        }
    }
    for p in files_in("tests/spec") {
        let t = std::fs::read_to_string(&p).unwrap();
        for (k, input) in spec_inputs(&t).into_iter().enumerate() {
            v.push((format!("{} input {k}", p.display()), input));
        }
    }
    for p in files_in("docs")
        .into_iter()
        .chain([PathBuf::from("README.md")])
    {
        if p.extension().is_some_and(|e| e == "md") {
            let t = std::fs::read_to_string(&p).unwrap();
            for (k, b) in talk_blocks(&t).into_iter().enumerate() {
                v.push((format!("{} block {k}", p.display()), b));
            }
        }
    }
    v
}

/// `dir` and every directory under it.
pub fn files_in_dirs(dir: &str) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from(dir)];
    let mut i = 0;
    while i < out.len() {
        let mut sub: Vec<PathBuf> = std::fs::read_dir(&out[i])
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        sub.sort();
        out.extend(sub);
        i += 1;
    }
    out
}
