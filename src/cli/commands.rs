//! The subcommands other than `check`.

use super::check::{gather, Configs, Overrides};
use super::out::{out, outln};
use super::report::display_path;
use super::{
    error, FmtArgs, OutlineArgs, OutlineFormat, SpeakersArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS,
};
use crate::analysis::{Change, Host};
use crate::lint::{registry, FixAvailability};
use crate::syntax::outline::outline as build_outline;
use crate::syntax::parse;
use crate::syntax::pos::LineIndex;
use crate::workspace::config::Origin;
use crate::workspace::read::read_stdin;
use crate::workspace::replace::{replace_file, ReplaceError};
use crate::workspace::{read_note, Settings};
use rayon::prelude::*;
use std::path::Path;

fn configs(config: Option<&Path>, max_file_size: Option<u64>) -> Result<Configs, i32> {
    let overrides = Overrides {
        max_file_size,
        ..Overrides::default()
    };
    Ok(Configs::new(config, overrides))
}

pub fn outline(args: &OutlineArgs, config: Option<&Path>) -> i32 {
    let mut cs = match configs(config, args.max_file_size) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let settings = match cs.for_file(&args.file) {
        Ok(s) => s,
        Err(e) => {
            error(super::report::config_error_line(&e));
            return EXIT_ERROR;
        }
    };
    let read = if args.file.as_os_str() == "-" {
        read_stdin(settings.max_file_size)
    } else {
        read_note(&args.file, settings.max_file_size)
    };
    let text = match read {
        Ok(t) => t,
        Err(e) => {
            error(format_args!("{}: {e}", display_path(&args.file)));
            return EXIT_ERROR;
        }
    };
    let opts = &settings.lint.parse;
    let tree = parse(&text, opts);
    let talks = build_outline(&text, &tree, &LineIndex::new(&text), opts);
    match args.format {
        OutlineFormat::Json => {
            let v = serde_json::json!({ "talks": talks });
            outln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        OutlineFormat::Text => {
            let mut out = String::new();
            for t in &talks {
                out.push_str(&format!("{:>5}  {}", t.line, t.title));
                if !t.speakers.is_empty() {
                    out.push_str(&format!(" — {}", t.speakers.join(", ")));
                }
                if let Some(m) = &t.meta {
                    out.push_str(&format!(" [{m}]"));
                }
                out.push('\n');
                for s in &t.sections {
                    out.push_str(&format!("{:>5}      {}\n", s.line, s.name));
                }
            }
            if talks.is_empty() {
                out.push_str("(no talks)\n");
            }
            out!("{out}");
        }
    }
    EXIT_CLEAN
}

fn fix_word(f: FixAvailability) -> &'static str {
    match f {
        FixAvailability::None => "-",
        FixAvailability::Safe => "safe",
        FixAvailability::Unsafe => "unsafe",
    }
}

pub fn rules() -> i32 {
    let mut out = format!(
        "{:<6} {:<22} {:<8} {:<18} {:<6} {}\n",
        "CODE", "NAME", "SEVERITY", "SCOPE", "FIX", "SUMMARY"
    );
    for r in registry::all() {
        let m = r.meta();
        let scope = crate::lint::docs::scope(m);
        out.push_str(&format!(
            "{:<6} {:<22} {:<8} {:<18} {:<6} {}\n",
            m.code,
            m.name,
            m.default_severity.as_str(),
            scope,
            fix_word(m.fix),
            m.summary
        ));
    }
    out!("{out}");
    EXIT_CLEAN
}

pub fn explain(key: &str) -> i32 {
    let Some(r) = registry::find(key.trim()) else {
        error(registry::unknown_rule_message(key));
        return EXIT_ERROR;
    };
    let m = r.meta();
    outln!("{} {}\n", m.code, m.name);
    outln!(
        "Default severity: {}. Scope: {}. Fix: {}.\n",
        m.default_severity.as_str(),
        // The words of `rules` and docs/rules.md (one source).
        crate::lint::docs::scope(m),
        fix_word(m.fix)
    );
    outln!("{}\n", m.summary);
    outln!("{}", m.explanation.trim_end());
    outln!("\nDocs: {}", super::render::rule_url(m.name));
    EXIT_CLEAN
}

pub fn fmt(args: &FmtArgs, config: Option<&Path>) -> i32 {
    let mut cs = match configs(config, args.max_file_size) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let settings = match cs.for_dir(Path::new(".")) {
            Ok(s) => s,
            Err(e) => {
                error(super::report::config_error_line(&e));
                return EXIT_ERROR;
            }
        };
        return match read_stdin(settings.max_file_size) {
            Ok(t) => {
                let f = crate::analysis::format(&t, &settings.lint.parse);
                if args.check || args.diff {
                    if args.diff {
                        out!("{}", super::fix::unified_diff("<stdin>", &t, &f));
                    }
                    if f == t {
                        EXIT_CLEAN
                    } else {
                        EXIT_FINDINGS
                    }
                } else {
                    out!("{f}");
                    EXIT_CLEAN
                }
            }
            Err(e) => {
                error(format_args!("<stdin>: {e}"));
                EXIT_ERROR
            }
        };
    }
    let inputs = gather(&args.paths, &mut cs);
    let mut errors = inputs.errors;
    for (p, m) in &inputs.notices {
        error(super::report::place(p, m));
    }
    if !args.check && !args.diff {
        crate::workspace::replace::clean_folders(inputs.files.iter().map(|i| i.path.as_path()));
    }
    // (name, Ok(Some((old, new))) when the layout changes, or the error)
    type FmtResult = (String, Result<Option<(String, String)>, String>);
    let results: Vec<FmtResult> = inputs
        .files
        .into_par_iter()
        .map(|inp| {
            let r = read_note(&inp.path, inp.settings.max_file_size)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    let f = crate::analysis::format(&text, &inp.settings.lint.parse);
                    if f == text {
                        return Ok(None);
                    }
                    if !args.check && !args.diff {
                        replace_file(&inp.path, text.as_bytes(), f.as_bytes()).map_err(
                            |e| match e {
                                ReplaceError::Changed => "changed while formatting, skipped".into(),
                                ReplaceError::Deleted => {
                                    "deleted while formatting, skipped (not created again)".into()
                                }
                                e => format!("could not write ({e}); file left unchanged"),
                            },
                        )?;
                    }
                    Ok(Some((text, f)))
                });
            (inp.name, r)
        })
        .collect();
    let mut changed = 0;
    for (name, r) in results {
        match r {
            Ok(Some((old, new))) => {
                changed += 1;
                if args.diff {
                    out!("{}", super::fix::unified_diff(&name, &old, &new));
                } else if args.check {
                    outln!("would reformat: {name}");
                } else {
                    outln!("reformatted: {name}");
                }
            }
            Ok(None) => {}
            Err(m) => errors.push((name, m)),
        }
    }
    errors.sort();
    for (p, m) in &errors {
        error(super::report::place(p, m));
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if changed > 0 && (args.check || args.diff) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

#[derive(serde::Serialize)]
struct TalkRef {
    file: String,
    title: String,
    line: usize,
}

#[derive(serde::Serialize)]
struct SpeakerOut {
    /// The most used spelling.
    name: String,
    /// Every spelling of this person (same name up to case, accents and
    /// dots) with how often it is used.
    spellings: Vec<(String, usize)>,
    talks: Vec<TalkRef>,
    /// Other people whose names look like this one (probably the same).
    similar: Vec<String>,
    handle: Option<String>,
    affiliation: Option<String>,
}

/// `notelint speakers`: the workspace index's view of speakers (the same
/// one the similar-speaker rule and the language server use).
pub fn speakers(args: &SpeakersArgs, config: Option<&Path>) -> i32 {
    let mut cs = match configs(config, args.max_file_size) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let inputs = gather(&args.paths, &mut cs);
    let mut errors = inputs.errors;
    for (p, m) in &inputs.notices {
        error(super::report::place(p, m));
    }
    let distance = inputs
        .files
        .first()
        .map(|i| i.settings.lint.speaker_distance)
        .unwrap_or(2);
    type Read = Result<(String, String, std::sync::Arc<Settings>), (String, String)>;
    let read: Vec<Read> = inputs
        .files
        .into_par_iter()
        .map(|inp| {
            let text = read_note(&inp.path, inp.settings.max_file_size)
                .map_err(|e| (inp.name.clone(), e.to_string()))?;
            Ok((inp.name, text, inp.settings))
        })
        .collect();
    let mut texts = Vec::with_capacity(read.len());
    let mut changes = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok((name, text, settings)) => {
                let text = std::sync::Arc::new(text);
                texts.push((name.clone(), std::sync::Arc::clone(&text)));
                changes.push(Change::Set {
                    name,
                    text,
                    settings,
                });
            }
            Err(e) => errors.push(e),
        }
    }
    let mut host = Host::index_only();
    host.set_speaker_distance(distance);
    host.apply(changes);
    let index = host.snapshot().index();
    let lines: std::collections::HashMap<&str, LineIndex> = texts
        .iter()
        .map(|(name, text)| (name.as_str(), LineIndex::new(text)))
        .collect();
    let line_of = |file: &str, offset: usize| {
        lines
            .get(file)
            .map(|li| li.line_of(offset) + 1)
            .unwrap_or(0)
    };
    let out: Vec<SpeakerOut> = index
        .speakers()
        .iter()
        .map(|s| {
            let mut talks: Vec<TalkRef> = s
                .occurrences
                .iter()
                .filter_map(|o| {
                    let t = index.talk(&o.file, o.talk as usize)?;
                    Some(TalkRef {
                        file: o.file.to_string(),
                        title: t.title().to_string(),
                        line: line_of(&o.file, t.title_range().start),
                    })
                })
                .collect();
            talks.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            talks.dedup_by(|a, b| a.file == b.file && a.line == b.line);
            SpeakerOut {
                name: s.name.clone(),
                spellings: s.spellings.clone(),
                talks,
                similar: s
                    .similar
                    .iter()
                    .map(|k| {
                        index
                            .speaker(k)
                            .map(|o| o.name.clone())
                            .unwrap_or_else(|| k.clone())
                    })
                    .collect(),
                handle: s.handle.clone(),
                affiliation: s.affiliation.clone(),
            }
        })
        .collect();
    match args.format {
        OutlineFormat::Json => {
            let v = serde_json::json!({ "speakers": out });
            outln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        OutlineFormat::Text => {
            let mut s = String::new();
            for sp in &out {
                s.push_str(&format!("{:>4}  {}", sp.talks.len(), sp.name));
                let others: Vec<String> = sp
                    .spellings
                    .iter()
                    .filter(|(n, _)| *n != sp.name)
                    .map(|(n, c)| format!("{n} ×{c}"))
                    .collect();
                if !others.is_empty() {
                    s.push_str(&format!("   (also spelled: {})", others.join(", ")));
                }
                if !sp.similar.is_empty() {
                    s.push_str(&format!("   (similar: {})", sp.similar.join(", ")));
                }
                s.push('\n');
            }
            if out.is_empty() {
                s.push_str("(no speakers)\n");
            }
            out!("{s}");
        }
    }
    errors.sort();
    for (p, m) in &errors {
        error(super::report::place(p, m));
    }
    if errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_ERROR
    }
}

fn toml_list(v: &[String]) -> String {
    toml::Value::Array(v.iter().cloned().map(toml::Value::String).collect()).to_string()
}

fn toml_str(v: &str) -> String {
    toml::Value::String(v.to_string()).to_string()
}

/// The effective configuration as a valid `notelint.toml` (which, used as
/// one, gives the same settings), each value followed by a comment saying
/// where it came from. Values that are off are comments.
pub fn describe(s: &Settings) -> String {
    let l = &s.lint;
    // (line, origin): a `None` line is a section header.
    let mut rows: Vec<(String, Option<Origin>)> = Vec::new();
    let mut row = |line: String, origin: Origin| rows.push((line, Some(origin)));
    row(
        format!("levels = {}", toml_list(&l.parse.levels)),
        s.origin("levels"),
    );
    row(
        match &l.tracks {
            Some(t) => format!("tracks = {}", toml_list(t)),
            None => "# tracks: any (not restricted)".into(),
        },
        s.origin("tracks"),
    );
    row(
        format!("labels = {}", toml_list(&l.parse.extra_labels)),
        s.origin("labels"),
    );
    row(
        format!("required-sections = {}", toml_list(&l.required_sections)),
        s.origin("required-sections"),
    );
    row(
        match (&s.roster_file, &l.roster) {
            (Some(p), Some(people)) => format!(
                "roster = {}  # {} people",
                toml_str(&p.display().to_string()),
                people.len()
            ),
            _ => "# roster: none".into(),
        },
        s.origin("roster"),
    );
    row(
        format!("include = {}  # besides `*.talk`", toml_list(&s.include)),
        s.origin("include"),
    );
    row(
        format!("exclude = {}", toml_list(&s.exclude)),
        s.origin("exclude"),
    );
    row(
        format!("max-file-size = {}", s.max_file_size),
        s.origin("max-file-size"),
    );
    row(
        format!("speaker-distance = {}", l.speaker_distance),
        s.origin("speaker-distance"),
    );
    rows.push(("\n[limits]".into(), None));
    for (k, v) in [
        ("description", l.limits.description),
        ("abstract", l.limits.abstract_),
        ("bio", l.limits.bio),
        ("title", l.limits.title),
    ] {
        let line = match v {
            Some(n) => format!("{k} = {n}"),
            None => format!("# {k}: off"),
        };
        rows.push((line, Some(s.origin(&format!("limits.{k}")))));
    }
    rows.push(("\n[rules]".into(), None));
    for r in registry::all() {
        let m = r.meta();
        let sev = registry::effective_severity(m, l)
            .map(|s| s.as_str())
            .unwrap_or("off");
        rows.push((
            format!("{} = {}  # {}", m.code, toml_str(sev), m.name),
            Some(s.origin(&format!("rules.{}", m.code))),
        ));
    }
    let width = rows
        .iter()
        .filter(|(_, o)| o.is_some())
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = match &s.config_file {
        Some(p) => format!("# config file: {}\n", p.display()),
        None => "# no notelint.toml found: built-in defaults\n".to_string(),
    };
    for p in &s.extends {
        out.push_str(&format!("# extends: {}\n", p.display()));
    }
    out.push_str("# Valid as a notelint.toml; each comment says where the value came from.\n");
    for (line, origin) in rows {
        match origin {
            None => out.push_str(&format!("{line}\n")),
            Some(o) => {
                let pad = width - line.chars().count();
                // A line that is or has a comment continues it: `# a; from`.
                let sep = if line.contains('#') { "; " } else { "  # " };
                out.push_str(&format!("{line}{:pad$}{sep}{o}\n", ""));
            }
        }
    }
    out
}

pub fn config(path: Option<&Path>, config: Option<&Path>) -> i32 {
    let mut cs = match configs(config, None) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let p = path.unwrap_or(Path::new("."));
    if let Err(e) = std::fs::metadata(p) {
        error(format_args!(
            "{}: {}",
            display_path(p),
            crate::workspace::read::io_message(&e)
        ));
        return EXIT_ERROR;
    }
    let s = if p.is_dir() {
        cs.for_dir(p)
    } else {
        cs.for_file(p)
    };
    match s {
        Ok(s) => {
            out!("{}", describe(&s));
            EXIT_CLEAN
        }
        Err(e) => {
            error(super::report::config_error_line(&e));
            EXIT_ERROR
        }
    }
}
