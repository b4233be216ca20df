//! `notelint import FILE|- [--from auto|SHAPE] [-o OUT | --in-place] [--diff]
//! [--map COL=FIELD]…`: notes in another shape as talk-note markup.
//!
//! The conversion is `analysis::import`'s (the server's code action asks the
//! same); this module reads, writes and reports. Nothing is written when the
//! conversion would lose a word (exit 2, naming the word and where it is).
//! Talk-note markup is left alone: "already talk-note markup" on stderr,
//! exit 0, nothing written.

use super::out::{out, outln};
use super::report::display_path;
use super::{error, ImportArgs, EXIT_CLEAN, EXIT_ERROR};
use crate::analysis::import::{import, Imported};
use crate::import::{Options, Shape};
use crate::workspace::read::read_stdin;
use crate::workspace::read_note;
use crate::workspace::replace::ReplaceError;
use crate::workspace::resolve::{Configs, Overrides};
use std::path::Path;

/// `--from`'s values: `auto` and every shape's name.
pub fn shape_names() -> clap::builder::PossibleValuesParser {
    let mut v = vec!["auto"];
    v.extend(Shape::ALL.iter().map(|s| s.name()));
    clap::builder::PossibleValuesParser::new(v)
}

/// `--map "Talk name=title"`: split at the last `=` (a column name may hold
/// one; a field name never does).
fn parse_map(maps: &[String]) -> Result<Vec<(String, String)>, String> {
    maps.iter()
        .map(|m| match m.rsplit_once('=') {
            Some((c, f)) if !c.trim().is_empty() && !f.trim().is_empty() => {
                Ok((c.trim().to_string(), f.trim().to_string()))
            }
            _ => Err(format!(
                "--map `{m}`: expected COLUMN=FIELD, such as --map \"Talk name=title\""
            )),
        })
        .collect()
}

pub fn run(args: &ImportArgs, config: Option<&Path>) -> i32 {
    let stdin = args.file.as_os_str() == "-";
    let name = if stdin {
        "<stdin>".to_string()
    } else {
        display_path(&args.file)
    };
    if stdin && args.in_place {
        error("--in-place replaces a file; it cannot be used with stdin (`-`)");
        return EXIT_ERROR;
    }
    let csv_map = match parse_map(&args.map) {
        Ok(m) => m,
        Err(e) => {
            error(e);
            return EXIT_ERROR;
        }
    };
    let overrides = Overrides {
        max_file_size: args.max_file_size,
        ..Overrides::default()
    };
    let mut configs = Configs::new(config, overrides);
    let settings = if stdin {
        configs.for_dir(Path::new("."))
    } else {
        configs.for_file(&args.file)
    };
    let settings = match settings {
        Ok(s) => s,
        Err(e) => {
            error(e);
            return EXIT_ERROR;
        }
    };
    let read = if stdin {
        read_stdin(settings.max_file_size)
    } else {
        read_note(&args.file, settings.max_file_size)
    };
    let text = match read {
        Ok(t) => t,
        Err(e) => {
            error(format_args!("{name}: {e}"));
            return EXIT_ERROR;
        }
    };
    let from = Shape::from_name(&args.from);
    let converted = match import(&text, from, &Options { csv_map }) {
        Ok(Imported::Converted { text, .. }) => text,
        Ok(Imported::AlreadyTalkNotes) => {
            error(format_args!(
                "{name}: already talk-note markup; nothing to import (left as it is)"
            ));
            return EXIT_CLEAN;
        }
        Err(e) => {
            let shape = from.map_or_else(String::new, |s| format!(" as {}", s.description()));
            let at = match (e.line, e.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                (Some(l), None) => format!(":{l}"),
                _ => String::new(),
            };
            error(format_args!(
                "{name}{at}: {} (reading it{shape}); nothing written",
                e.message
            ));
            return EXIT_ERROR;
        }
    };
    if args.diff {
        out!("{}", super::fix::unified_diff(&name, &text, &converted));
        return EXIT_CLEAN;
    }
    let target = if args.in_place {
        Some(args.file.as_path())
    } else {
        args.output.as_deref()
    };
    match target {
        None => out!("{converted}"),
        Some(p) => {
            // An existing regular file is replaced atomically (as `fmt`
            // does); a new one is created. Anything else (`-o /dev/null`, a
            // FIFO) is written to, never renamed over: a rename would
            // replace the device or pipe with a file.
            let written = match std::fs::metadata(p) {
                Ok(m) if m.is_file() => replace(p, args.in_place.then_some(&text), &converted),
                Ok(m) if m.is_dir() => Err("could not write (it is a directory)".into()),
                _ => std::fs::write(p, &converted).map_err(|e| {
                    format!(
                        "could not write ({})",
                        crate::workspace::read::io_message(&e)
                    )
                }),
            };
            if let Err(e) = written {
                error(format_args!("{}: {e}; nothing changed", display_path(p)));
                return EXIT_ERROR;
            }
            outln!("imported: {name} -> {}", display_path(p));
        }
    }
    EXIT_CLEAN
}

/// Replace the regular file `p` as `fmt` does: only if it still holds what
/// was read (`read`: the source itself, for `--in-place`), else what it
/// holds right now (`-o` over an existing file).
fn replace(p: &Path, read: Option<&String>, converted: &str) -> Result<(), String> {
    crate::workspace::replace::clean_folders([p]);
    let expected = match read {
        Some(t) => t.as_bytes().to_vec(),
        None => crate::workspace::read::read_regular(p, u64::MAX)
            .map_err(|e| format!("could not read it before writing ({e})"))?,
    };
    crate::workspace::replace::replace_file(p, &expected, converted.as_bytes()).map_err(|e| match e
    {
        ReplaceError::Changed => "changed while importing, skipped".into(),
        ReplaceError::Deleted => "deleted while importing, skipped (not created again)".into(),
        e => format!("could not write ({e})"),
    })
}
