//! `check --watch`: re-lint whenever a note or a config file changes.
//!
//! Polling, not OS notifications: every `--watch-interval` ms the file set is
//! discovered again and each file's (modification time, length) compared.
//! That costs a directory walk per tick, which is small for a notes
//! repository, and buys behaviour that is the same on every platform and
//! file system (network mounts, editors that replace files by rename, new
//! files in new folders, inotify watch limits) without another dependency.

use super::check::{gather, Configs, Overrides};
use super::{check, CheckArgs, ColorWhen};
use crate::workspace::config::find_config;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

type Snapshot = Vec<(PathBuf, Option<SystemTime>, u64)>;

fn stamp(p: &Path) -> (PathBuf, Option<SystemTime>, u64) {
    match std::fs::metadata(p) {
        Ok(m) => (p.to_path_buf(), m.modified().ok(), m.len()),
        Err(_) => (p.to_path_buf(), None, 0),
    }
}

/// The files `check` would read, and every config file that applies.
pub fn snapshot(args: &CheckArgs, config: Option<&Path>) -> Snapshot {
    let mut paths: Vec<PathBuf> = Vec::new();
    if let Some(c) = config {
        paths.push(c.to_path_buf());
    }
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for r in &roots {
        let dir = if r.is_dir() {
            r.clone()
        } else {
            r.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        if let Some(c) = find_config(&dir) {
            paths.push(c);
        }
    }
    {
        let mut cs = Configs::new(config, Overrides::default());
        {
            let inputs = gather(&args.paths, &mut cs);
            for i in inputs.files {
                if let Some(c) = i.settings.config_file.as_ref() {
                    paths.push(c.clone());
                }
                if let Some(c) = i.settings.roster_file.as_ref() {
                    paths.push(c.clone());
                }
                paths.push(i.path);
            }
        }
    }
    paths.sort();
    paths.dedup();
    paths.iter().map(|p| stamp(p)).collect()
}

pub fn run(args: &CheckArgs, config: Option<&Path>, color: ColorWhen) -> i32 {
    let interval = Duration::from_millis(args.watch_interval.max(10));
    loop {
        let before = snapshot(args, config);
        let _ = check::run(args, config, color);
        eprintln!("notelint: watching for changes (Ctrl-C to stop)");
        // A --fix run changes files itself: take the snapshot after it so
        // that its own writes do not trigger another run.
        let mut last = if args.fix {
            snapshot(args, config)
        } else {
            before
        };
        loop {
            std::thread::sleep(interval);
            let now = snapshot(args, config);
            if now != last {
                last = now;
                break;
            }
        }
        let _ = last;
        eprintln!("notelint: change detected, checking again");
    }
}
