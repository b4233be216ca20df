//! `notelint check`: find files, read them (in parallel), build the
//! speakers/titles index of all of them, lint each (in parallel), optionally
//! fix, render, and pick the exit code.

use super::report::{clamp, config_error_entry, display_path, place, FileResult, Report};
use super::{fix, render, CheckArgs, ColorWhen, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::analysis::{Change, Host};
use crate::workspace::config::ConfigError;
use crate::workspace::discover::Matcher;
use crate::workspace::read::read_stdin;
pub use crate::workspace::resolve::{Configs, Overrides};
use crate::workspace::{discover, read_note, Settings};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file found on disk (or stdin), with its settings.
pub struct Input {
    pub path: PathBuf,
    pub name: String,
    pub settings: Arc<Settings>,
}

/// Files to work on, and problems met while finding them.
#[derive(Default)]
pub struct Inputs {
    pub files: Vec<Input>,
    /// (path, message): errors, exit 2.
    pub errors: Vec<(String, String)>,
    /// (path, message): deliberate skips, reported but not failing.
    pub notices: Vec<(String, String)>,
}

/// The globs a folder is searched with, for messages.
fn globs_searched(s: &Settings) -> String {
    let mut g = vec!["`*.talk`".to_string()];
    g.extend(s.include.iter().map(|i| format!("`{i}`")));
    g.join(", ")
}

/// Find the note files under `paths` (default `.`), each with its settings.
///
/// A note reached twice (a symlink inside the tree, a path named twice or
/// as `a/../a`) is taken once, by its real path, under the name it was
/// first reached by. A config that cannot be used becomes one error and
/// the notes it governs are left out; the others are kept. A path named
/// on the command line that holds no note is an error; the current folder
/// (the default) without notes is only a notice.
pub fn gather(paths: &[PathBuf], configs: &mut Configs) -> Inputs {
    let default = [PathBuf::from(".")];
    let explicit = !paths.is_empty();
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut out = Inputs::default();
    let mut seen = std::collections::HashSet::new();
    let mut bad_configs = std::collections::HashSet::new();
    let mut config_error = |e: ConfigError, out: &mut Inputs| {
        let entry = config_error_entry(&e);
        if bad_configs.insert(entry.clone()) {
            out.errors.push(entry);
        }
    };
    for root in paths {
        let root_settings = match if root.is_dir() {
            configs.for_dir(root)
        } else {
            configs.for_file(root)
        } {
            Ok(s) => s,
            Err(e) => {
                config_error(e, &mut out);
                continue;
            }
        };
        let m = Matcher::for_settings(&root_settings);
        let d = discover(std::slice::from_ref(root), &m);
        if d.files.is_empty() && d.errors.is_empty() {
            let searched = globs_searched(&root_settings);
            let hint = "more patterns can be added with `include = [\"*.txt\"]` in notelint.toml";
            if explicit {
                out.errors.push((
                    display_path(root),
                    format!("no note files found (searched for {searched}); {hint}"),
                ));
            } else {
                out.notices.push((
                    display_path(root),
                    format!("warning: no note files found in the current folder (searched for {searched}); {hint}"),
                ));
            }
        }
        for f in d.files {
            let real = std::fs::canonicalize(&f).unwrap_or_else(|_| f.clone());
            if !seen.insert(real) {
                continue;
            }
            match configs.for_file(&f) {
                Ok(settings) => out.files.push(Input {
                    name: display_path(&f),
                    path: f,
                    settings,
                }),
                Err(e) => config_error(e, &mut out),
            }
        }
        out.errors
            .extend(d.errors.into_iter().map(|(p, m)| (display_path(&p), m)));
        out.notices
            .extend(d.skipped.into_iter().map(|(p, m)| (display_path(&p), m)));
    }
    out.files.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Read, index and lint `inputs`. Files that cannot be read become errors;
/// every other file is still linted. Returns the report and the host that
/// holds every file read (`--fix` and `--diff` ask it again).
pub fn lint_inputs(inputs: Inputs) -> (Report, Host) {
    let Inputs {
        files,
        mut errors,
        notices,
    } = inputs;
    let read: Vec<Result<(Input, String), (String, String)>> = files
        .into_par_iter()
        .map(
            |input| match read_note(&input.path, input.settings.max_file_size) {
                Ok(text) => Ok((input, text)),
                Err(e) => Err((input.name, e.to_string())),
            },
        )
        .collect();
    let mut changes = Vec::with_capacity(read.len());
    let mut paths = HashMap::with_capacity(read.len());
    for r in read {
        match r {
            Ok((input, text)) => {
                changes.push(Change::Set {
                    name: input.name.clone(),
                    text: Arc::new(text),
                    settings: input.settings,
                });
                paths.insert(input.name, input.path);
            }
            Err(e) => errors.push(e),
        }
    }
    // Every file parsed and its index entry taken, on every core; the
    // index is complete before the first file is linted (workspace rules
    // read all of them).
    let mut host = Host::new();
    host.apply(changes);
    let files = lint_all(&mut host, paths);
    errors.sort();
    let report = Report {
        files,
        errors,
        notices,
        ..Report::default()
    };
    (report, host)
}

/// Every file of the host linted against its index, in parallel, with its
/// path from `paths` (name → path; stdin has none), in name order.
pub fn lint_all(host: &mut Host, mut paths: HashMap<String, PathBuf>) -> Vec<FileResult> {
    host.lint_all()
        .into_iter()
        .map(|l| {
            let mut diagnostics = l.diagnostics;
            clamp(&mut diagnostics, l.text);
            FileResult {
                name: l.name.to_string(),
                path: paths.remove(l.name),
                text: Arc::clone(l.text),
                diagnostics,
                settings: Arc::clone(l.settings),
            }
        })
        .collect()
}

fn stdin_report(args: &CheckArgs, configs: &mut Configs) -> Checked {
    let name_path = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("-"));
    let settings = if args.stdin_filename.is_some() {
        configs.for_file(&name_path)
    } else {
        configs.for_dir(Path::new("."))
    };
    let name = if args.stdin_filename.is_some() {
        display_path(&name_path)
    } else {
        "<stdin>".to_string()
    };
    let mut out = Checked::default();
    let settings = match settings {
        Ok(s) => s,
        Err(e) => {
            out.report.errors.push(config_error_entry(&e));
            return out;
        }
    };
    let text = match read_stdin(settings.max_file_size) {
        Ok(text) => Arc::new(text),
        Err(e) => {
            out.report.errors.push((name, e.to_string()));
            return out;
        }
    };
    let set = |text: &Arc<String>| Change::Set {
        name: name.clone(),
        text: Arc::clone(text),
        settings: Arc::clone(&settings),
    };
    out.host.apply(vec![set(&text)]);
    if args.fix || args.diff {
        if let Some(fixed) = out.host.snapshot().fixed(&name, args.unsafe_fixes) {
            out.report.fixed = fixed.count;
            if args.fix {
                // What remains is found in, and shown against, the fixed
                // text (which goes to stdout): only that text is linted.
                out.host.apply(vec![set(&Arc::new(fixed.text.clone()))]);
            }
            out.stdin_fixed = Some(fixed.text);
        }
    }
    out.report.files = lint_all(&mut out.host, HashMap::new());
    out
}

/// What `check` made: the report, the host holding every file read, and
/// for stdin with `--fix`/`--diff` the fixed text.
#[derive(Default)]
pub struct Checked {
    pub report: Report,
    pub host: Host,
    pub stdin_fixed: Option<String>,
}

/// Build the report for `args` (no rendering). Config errors are returned.
pub fn build(args: &CheckArgs, config: Option<&Path>) -> Result<Checked, String> {
    let overrides = Overrides {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        max_file_size: args.max_file_size,
    };
    overrides.validate()?;
    let mut configs = Configs::new(config, overrides);
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() > 1 {
            return Err("`-` (stdin) cannot be combined with other paths".into());
        }
        return Ok(stdin_report(args, &mut configs));
    }
    let inputs = gather(&args.paths, &mut configs);
    let (report, host) = lint_inputs(inputs);
    Ok(Checked {
        report,
        host,
        stdin_fixed: None,
    })
}

/// Which hints a format lists: every one in `json` and `sarif` (read by
/// programs, which filter), and with `--fail-on hint` (they fail the run,
/// so they are shown); otherwise only those of rules named in `--select`.
/// `None`: every hint.
fn shown_hints(args: &CheckArgs) -> Option<Vec<&'static str>> {
    use super::{FailOn, OutputFormat};
    if matches!(args.format, OutputFormat::Json | OutputFormat::Sarif)
        || args.fail_on == FailOn::Hint
    {
        return None;
    }
    Some(
        args.select
            .iter()
            .filter_map(|k| crate::lint::registry::find(k.trim()))
            .map(|r| r.meta().code)
            .collect(),
    )
}

pub fn run(args: &CheckArgs, config: Option<&Path>, color: ColorWhen) -> i32 {
    let Checked {
        mut report,
        mut host,
        stdin_fixed,
    } = match build(args, config) {
        Ok(r) => r,
        Err(e) => {
            super::error(e);
            return EXIT_ERROR;
        }
    };
    for (p, m) in &report.notices {
        super::error(place(p, m));
    }
    if args.diff {
        let changed = fix::print_diffs(&report, &host, stdin_fixed.as_deref(), args.unsafe_fixes);
        for (p, m) in &report.errors {
            super::error(place(p, m));
        }
        return if !report.errors.is_empty() {
            EXIT_ERROR
        } else if changed > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    }
    report.fail_on = Some(args.fail_on);
    if args.fix && stdin_fixed.is_none() {
        fix::fix_files(&mut report, &mut host, args.unsafe_fixes);
    }
    // The exit code is taken after hiding: a hint hidden cannot fail the
    // run (with `--fail-on hint` none is hidden), so the summary and the
    // exit code agree.
    if let Some(shown) = shown_hints(args) {
        report.hide_hints(|code| shown.contains(&code));
    }
    let code = report.exit_code(args.fail_on.threshold());
    if let Some(fixed) = stdin_fixed {
        // As ruff does: the fixed text goes to stdout, the findings that
        // remain to stderr, in the format asked for.
        super::out::write(fixed.as_bytes());
        for (p, m) in &report.errors {
            super::error(place(p, m));
        }
        let ansi = render::ansi(color, &std::io::stderr());
        let mut err = std::io::stderr().lock();
        let _ = render::write_to(&report, args.format, ansi, args.unsafe_fixes, &mut err);
        return code;
    }
    // The concise format lists them in its own lines.
    if args.format != super::OutputFormat::Concise {
        for (p, m) in &report.errors {
            super::error(place(p, m));
        }
    }
    let rendered = render::render(&report, args.format, color, args.unsafe_fixes);
    if !args.watch {
        // The process ends now: freeing every text and finding one by one
        // is work nobody waits for (docs/perf.md). `--watch` runs again,
        // so it frees.
        std::mem::forget(report);
        std::mem::forget(host);
    }
    super::out::finish(rendered);
    code
}
