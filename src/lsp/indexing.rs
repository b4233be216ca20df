//! Indexing the workspace folders in the background, with `$/progress`:
//! every note file under them is read and summarised for the index (the
//! workspace rules, completion, hover, workspace symbols).
//!
//! A workspace folder may be a huge tree (`/`, a home folder). So:
//!
//! - the walk streams: files are read, summarised and put in the index a
//!   batch at a time as the walk finds them, and the state lock is taken
//!   only to put a batch in, never across the walk, so requests are
//!   answered from what is indexed so far;
//! - it is bounded ([`IndexBounds`]: `maxIndexFiles` notes, `maxIndexBytes`
//!   of text, from `initializationOptions` or the client's settings); the
//!   walk stops at a bound, and the client is told (`$/progress` end and a
//!   warning);
//! - a newer run (the configuration or the folders changed) makes an older
//!   one stop at its next batch;
//! - the session never waits for it: the process ends at `exit` or the end
//!   of input while a walk is still going (see `transport::session`).

use super::lint_worker::{lock, Job};
use super::state::{key_of_path, summarise, State};
use crate::workspace::discover::discover_each;
use serde_json::Value;
use std::collections::HashSet;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

/// How much of the workspace is indexed at most. Defaults: 10,000 notes
/// and 256 MiB of text (a conference's notes are a few hundred files of a
/// few kilobytes; the bounds only matter when a folder is far bigger than a
/// notes repository). Documented in docs/editors.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexBounds {
    /// `maxIndexFiles`: note files read into the index.
    pub files: u64,
    /// `maxIndexBytes`: their text, in bytes.
    pub bytes: u64,
}

impl Default for IndexBounds {
    fn default() -> IndexBounds {
        IndexBounds {
            files: 10_000,
            bytes: 256 << 20,
        }
    }
}

impl IndexBounds {
    /// These bounds with those `settings` name (`maxIndexFiles`,
    /// `maxIndexBytes`, at the top or in a `notelint` section, as
    /// `configPath` is read), and a message for each value that is not a
    /// positive whole number (that bound then stays as it was).
    pub fn with_settings(self, settings: &Value) -> (IndexBounds, Vec<String>) {
        let section = match settings.get("notelint") {
            Some(v) if v.is_object() => v,
            _ => settings,
        };
        let mut out = self;
        let mut problems = Vec::new();
        for (key, slot) in [
            ("maxIndexFiles", &mut out.files),
            ("maxIndexBytes", &mut out.bytes),
        ] {
            match section.get(key) {
                None | Some(Value::Null) => {}
                Some(v) => match v.as_u64().filter(|&n| n > 0) {
                    Some(n) => *slot = n,
                    None => problems.push(format!(
                        "notelint: the setting `{key}` must be a positive whole number, not \
                         {v}; keeping {slot}"
                    )),
                },
            }
        }
        (out, problems)
    }
}

/// Why a run stopped walking before the end of the folders.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Stop {
    Files,
    Bytes,
    /// A newer run owns the index.
    Superseded,
}

/// What a run did.
struct Outcome {
    files: u64,
    bytes: u64,
    stop: Option<Stop>,
    bounds: IndexBounds,
}

impl Outcome {
    /// What the user is told when a bound stopped the run.
    fn bound_message(&self) -> Option<String> {
        let (key, bound) = match self.stop? {
            Stop::Files => ("maxIndexFiles", format!("{} files", self.bounds.files)),
            Stop::Bytes => ("maxIndexBytes", format!("{} bytes", self.bounds.bytes)),
            Stop::Superseded => return None,
        };
        Some(format!(
            "notelint: indexing stopped at {bound} (the `{key}` setting): {} notes \
             ({} bytes) are indexed, the rest of the workspace is not, so workspace \
             rules, completion and workspace symbols see only those. Raise `{key}`, or \
             open a smaller folder.",
            self.files, self.bytes
        ))
    }
}

/// Files read and put in the index together (one lock each).
const BATCH: usize = 64;

/// One run over the workspace folders, on a blocking thread.
struct Run<'a> {
    state: &'a Mutex<State>,
    gen: u64,
    bounds: IndexBounds,
    /// Paths already met (folders may nest).
    seen: HashSet<PathBuf>,
    /// Keys of the files indexed in this run.
    found: HashSet<String>,
    batch: Vec<PathBuf>,
    files: u64,
    bytes: u64,
    stop: Option<Stop>,
    /// The number of files indexed so far, for `$/progress`.
    progress: &'a mpsc::UnboundedSender<u64>,
}

impl Run<'_> {
    fn visit(&mut self, path: PathBuf) -> ControlFlow<()> {
        if self.seen.insert(path.clone()) {
            self.batch.push(path);
            if self.batch.len() >= BATCH {
                self.flush();
            }
        }
        match self.stop {
            Some(_) => ControlFlow::Break(()),
            None => ControlFlow::Continue(()),
        }
    }

    /// Read, summarise and index the batch (outside the lock but for the
    /// settings look-up and the insertion).
    fn flush(&mut self) {
        let batch = std::mem::take(&mut self.batch);
        let settings: Vec<_> = {
            let s = lock(self.state);
            if s.index_gen != self.gen {
                self.stop = Some(Stop::Superseded);
                return;
            }
            // A note governed by a config that cannot be used is not
            // checked, so not indexed either (as `check`).
            batch
                .iter()
                .map(|p| {
                    let settings = s.configs.for_file(p);
                    (!s.configs.is_skipped(&settings)).then_some(settings)
                })
                .collect()
        };
        let mut parsed = Vec::new();
        for (p, settings) in batch.iter().zip(settings) {
            let Some(settings) = settings else {
                continue;
            };
            // Capped like the CLI's reads (`max-file-size`): a huge file in
            // the workspace is skipped, not loaded whole. Each file is
            // parsed with its own settings, as `check` does.
            let Ok(text) = crate::workspace::read::read_note(p, settings.max_file_size) else {
                continue;
            };
            let Some(k) = key_of_path(p) else {
                continue;
            };
            if self.files >= self.bounds.files {
                self.stop = Some(Stop::Files);
                break;
            }
            if self.bytes + text.len() as u64 > self.bounds.bytes {
                self.stop = Some(Stop::Bytes);
                break;
            }
            self.files += 1;
            self.bytes += text.len() as u64;
            parsed.push((k, summarise(&text, &settings.lint.parse)));
        }
        let mut s = lock(self.state);
        if s.index_gen != self.gen {
            self.stop = Some(Stop::Superseded);
            return;
        }
        for (k, summary) in parsed {
            if !s.docs.contains_key(&k) {
                s.set_summary(&k, Some(summary));
            }
            self.found.insert(k);
        }
        drop(s);
        let _ = self.progress.send(self.files);
    }
}

/// Walk and index every workspace folder (a blocking function).
fn index_files(state: &Mutex<State>, progress: &mpsc::UnboundedSender<u64>) -> Outcome {
    let (gen, folders, bounds) = {
        let mut s = lock(state);
        s.index_gen += 1;
        (s.index_gen, s.configs.folders(), s.index_bounds)
    };
    let mut run = Run {
        state,
        gen,
        bounds,
        seen: HashSet::new(),
        found: HashSet::new(),
        batch: Vec::new(),
        files: 0,
        bytes: 0,
        stop: None,
        progress,
    };
    for (root, matcher) in &folders {
        discover_each(root, matcher, &mut |p| run.visit(p));
        if run.stop.is_some() {
            break;
        }
    }
    if run.stop.is_none() {
        run.flush();
    }
    if run.stop != Some(Stop::Superseded) {
        // Files no longer found (a folder removed, a glob changed, past a
        // bound now) leave the index, unless the editor has them open.
        let mut s = lock(state);
        if s.index_gen == gen {
            let gone: Vec<String> = (s.index.files().keys())
                .filter(|k| !run.found.contains(*k) && !s.docs.contains_key(*k))
                .cloned()
                .collect();
            for k in gone {
                s.set_summary(&k, None);
            }
        }
    }
    Outcome {
        files: run.files,
        bytes: run.bytes,
        stop: run.stop,
        bounds,
    }
}

/// Index every note file under the workspace roots, reporting progress when
/// the client supports it, then ask for every open document to be relinted.
pub async fn index_workspace(
    state: Arc<Mutex<State>>,
    client: Client,
    progress: bool,
    jobs: mpsc::UnboundedSender<Job>,
) {
    // A token of its own for each run (indexing starts again when the
    // configuration changes): a client may reject one it has seen.
    static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let token = lsp::NumberOrString::String(format!("notelint/index/{run}"));
    let progress = progress
        && client
            .send_request::<lsp::request::WorkDoneProgressCreate>(
                lsp::WorkDoneProgressCreateParams {
                    token: token.clone(),
                },
            )
            .await
            .is_ok();
    let report = |v: lsp::WorkDoneProgress| {
        let client = client.clone();
        let token = token.clone();
        async move {
            if progress {
                client
                    .send_notification::<lsp::notification::Progress>(lsp::ProgressParams {
                        token,
                        value: lsp::ProgressParamsValue::WorkDone(v),
                    })
                    .await;
            }
        }
    };
    // No percentage: how many files there are is known only at the end.
    report(lsp::WorkDoneProgress::Begin(lsp::WorkDoneProgressBegin {
        title: "notelint: indexing notes".into(),
        cancellable: Some(false),
        message: None,
        percentage: None,
    }))
    .await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let st = Arc::clone(&state);
    let walk = tokio::task::spawn_blocking(move || index_files(&st, &tx));
    while let Some(mut n) = rx.recv().await {
        // Only the latest count matters.
        while let Ok(m) = rx.try_recv() {
            n = m;
        }
        report(lsp::WorkDoneProgress::Report(lsp::WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some(format!("{n} files")),
            percentage: None,
        }))
        .await;
    }
    let outcome = match walk.await {
        Ok(o) => o,
        Err(e) => {
            client
                .log_message(
                    lsp::MessageType::ERROR,
                    format!("notelint: indexing the workspace failed: {e}"),
                )
                .await;
            return;
        }
    };
    let mut end = format!("{} files indexed", outcome.files);
    if let Some(m) = outcome.bound_message() {
        let key = match outcome.stop {
            Some(Stop::Files) => "maxIndexFiles",
            _ => "maxIndexBytes",
        };
        end.push_str(&format!("; stopped at the `{key}` bound"));
        client.show_message(lsp::MessageType::WARNING, m).await;
    }
    report(lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd {
        message: Some(end),
    }))
    .await;
    if outcome.stop != Some(Stop::Superseded) {
        // Configs met while walking (a folder's own notelint.toml) that
        // cannot be used are said now, as `check` says them.
        super::reconfig::report_config_errors(&state, &client).await;
        let _ = jobs.send(Job::All);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bounds_are_read_from_either_shape_and_bad_values_kept_out() {
        let d = IndexBounds::default();
        let (b, p) = d.with_settings(&json!({"notelint": {"maxIndexFiles": 5}}));
        assert_eq!((b.files, b.bytes, p.len()), (5, d.bytes, 0));
        let (b, p) = d.with_settings(&json!({"maxIndexBytes": 1000, "configPath": ""}));
        assert_eq!((b.files, b.bytes, p.len()), (d.files, 1000, 0));
        for bad in [json!(0), json!(-3), json!(1.5), json!("10"), json!([])] {
            let (b, p) = d.with_settings(&json!({"maxIndexFiles": bad}));
            assert_eq!(b, d);
            assert_eq!(p.len(), 1, "{bad}");
            assert!(p[0].contains("maxIndexFiles") && p[0].contains("keeping 10000"));
        }
        assert_eq!(d.with_settings(&Value::Null), (d, Vec::new()));
    }
}
