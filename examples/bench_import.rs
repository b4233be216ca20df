//! Import speed against check's: `notelint import` must run at least at
//! `check`'s speed on the same file. Generates a frab/pretalx XML export, its
//! JSON twin and a CSV (a few MB each, our own generated text), then times,
//! in process and best of several runs, `import::convert` (read, render,
//! no-word-lost check) and what `check` does with the same text (parse and
//! lint with the default configuration), and `check` of the imported
//! output. Prints MB/s and the ratio import / check of the output (the fair
//! comparison: the same content); asserts nothing.
//! `cargo run --release --example bench_import [EVENTS] [SHAPE=FILE…]`:
//! each `SHAPE=FILE` (`prose=/tmp/prose.txt`) is timed the same way, for
//! the text shapes (docs/perf.md: the tuning samples concatenated 400
//! times).

use notelint::analysis::lint_text;
use notelint::import::{convert, Options, Shape};
use notelint::index::Index;
use notelint::lint::LintConfig;
use std::time::{Duration, Instant};

const WORDS: &[&str] = &[
    "parsers", "editors", "recovery", "trees", "tokens", "café", "naïve", "Zürich", "systems",
    "memory", "latency", "types", "tests", "streams", "the", "a", "of", "and", "with", "for",
];

fn sentence(i: usize, n: usize) -> String {
    let mut s = String::new();
    for k in 0..n {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[(i * 7 + k * 13) % WORDS.len()]);
    }
    s.push('.');
    s
}

fn xml(events: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<schedule>\n<conference><title>BenchConf</title></conference>\n<day index=\"1\" date=\"2026-05-14\">\n<room name=\"Hall A\">\n",
    );
    for i in 0..events {
        s.push_str(&format!(
            "<event id=\"{i}\" guid=\"g-{i}\">\n<date>2026-05-14T10:00:00+02:00</date>\n<start>10:00</start>\n<duration>00:30</duration>\n<room>Hall A</room>\n<slug>bench-{i}</slug>\n<title>Talk {i}: {}</title>\n<subtitle>{}</subtitle>\n<track>Track {}</track>\n<type>talk</type>\n<language>en</language>\n<abstract>{}</abstract>\n<description>{}\n\n{}</description>\n<persons><person id=\"{i}\">Ada Quist{}</person><person>Sam Lee</person></persons>\n<links><link href=\"https://example.org/{i}\">Slides</link></links>\n</event>\n",
            sentence(i, 4),
            sentence(i + 1, 5),
            i % 7,
            sentence(i + 2, 40),
            sentence(i + 3, 60),
            sentence(i + 4, 30),
            i % 100,
        ));
    }
    s.push_str("</room>\n</day>\n</schedule>\n");
    s
}

fn json(events: usize) -> String {
    let evs: Vec<serde_json::Value> = (0..events)
        .map(|i| {
            serde_json::json!({
                "id": i, "guid": format!("g-{i}"), "date": "2026-05-14T10:00:00+02:00",
                "start": "10:00", "duration": "00:30", "room": "Hall A",
                "title": format!("Talk {i}: {}", sentence(i, 4)), "subtitle": sentence(i + 1, 5),
                "track": format!("Track {}", i % 7), "type": "talk", "language": "en",
                "abstract": sentence(i + 2, 40),
                "description": format!("{}\n\n{}", sentence(i + 3, 60), sentence(i + 4, 30)),
                "persons": [{"public_name": format!("Ada Quist{}", i % 100), "biography": sentence(i + 5, 30)}],
                "links": [{"url": format!("https://example.org/{i}"), "title": "Slides"}],
            })
        })
        .collect();
    serde_json::json!({"schedule": {"conference": {"title": "BenchConf",
        "rooms": [{"name": "Hall A"}],
        "days": [{"index": 1, "rooms": {"Hall A": evs}}]}}})
    .to_string()
}

fn csv(rows: usize) -> String {
    let mut s = String::from("Title,Speakers,Track,Level,Description,Abstract,Bio,Room\n");
    for i in 0..rows {
        s.push_str(&format!(
            "Talk {i} {},Ada Quist{}; Sam Lee,Track {},Intermediate,\"{}\",\"{}\n\n{}\",\"{}\",Hall {}\n",
            sentence(i, 4),
            i % 100,
            i % 7,
            sentence(i + 2, 40),
            sentence(i + 3, 60),
            sentence(i + 4, 30),
            sentence(i + 5, 30),
            i % 5
        ));
    }
    s
}

fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn mbs(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let events: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let config = LintConfig::default();
    let index = Index::default();
    println!("{events} talks per export; best of 5 runs; MB/s of the input");
    let mut inputs = vec![
        ("frab XML".to_string(), Shape::FrabXml, xml(events)),
        ("frab JSON".to_string(), Shape::FrabJson, json(events)),
        ("CSV".to_string(), Shape::Csv, csv(events)),
    ];
    // `BENCH_IMPORT_WRITE=DIR`: the generated exports also go to files, to
    // time the `notelint` binary on them (docs/perf.md).
    if let Some(dir) = std::env::var_os("BENCH_IMPORT_WRITE") {
        let dir = std::path::PathBuf::from(dir);
        for (ext, (_, _, text)) in ["xml", "json", "csv"].iter().zip(&inputs) {
            std::fs::write(dir.join(format!("bench.{ext}")), text).expect("writes");
        }
    }
    for a in &args {
        if let Some((shape, path)) = a.split_once('=') {
            let shape = Shape::from_name(shape).expect("a --from shape name");
            let text = std::fs::read_to_string(path).expect("a readable UTF-8 file");
            inputs.push((shape.name().to_string(), shape, text));
        }
    }
    for (name, shape, text) in inputs {
        let out = convert(&text, Some(shape), &Options::default()).expect("converts");
        let t_import = best(5, || {
            std::hint::black_box(convert(&text, Some(shape), &Options::default()).ok());
        });
        let t_check = best(5, || {
            std::hint::black_box(lint_text("x", &text, &config, &index));
        });
        let t_check_out = best(5, || {
            std::hint::black_box(lint_text("x.talk", &out.text, &config, &index));
        });
        let notes = notelint::import::read(&text, shape, &Options::default()).unwrap();
        let t_read = best(3, || {
            std::hint::black_box(notelint::import::read(&text, shape, &Options::default()).ok());
        });
        let t_render = best(3, || {
            std::hint::black_box(notelint::import::render::render(&notes));
        });
        // The words a structured export's output is checked against are
        // its model's; a text shape's are the source's.
        let mt = if shape.is_structured() {
            notelint::import::words::model_text(&notes)
        } else {
            text.clone()
        };
        let t_words = best(3, || {
            std::hint::black_box(notelint::import::words::check_kept(&mt, &out.text).ok());
        });
        println!("{name:9} phases: read {t_read:?}, render {t_render:?}, words {t_words:?}");
        println!(
            "{name:9} {:6.1} MB in, {:6.1} MB out: import {:7.1} MB/s ({:?}); check of the same file {:7.1} MB/s ({:?}); check of the output {:7.1} MB/s of output ({:?})",
            text.len() as f64 / 1e6,
            out.text.len() as f64 / 1e6,
            mbs(text.len(), t_import),
            t_import,
            mbs(text.len(), t_check),
            t_check,
            mbs(out.text.len(), t_check_out),
            t_check_out,
        );
        println!(
            "{name:9} import / check of the output: {:.2}",
            t_import.as_secs_f64() / t_check_out.as_secs_f64()
        );
    }
}
