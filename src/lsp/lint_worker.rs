//! Background work: indexing the workspace folders at start (with
//! `$/progress`), and the lint worker that publishes diagnostics in order.

use super::state::{key, State};
use super::transport::outbox::{self, Outbox};
use std::collections::{BTreeSet, HashSet};
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

pub fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding the lock is caught and reported by the handler;
    // the state it leaves is still usable (documents are rebuilt on error).
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// What the lint worker is asked to do.
#[derive(Debug)]
pub enum Job {
    /// Relint one open document (by index key) and publish.
    Lint(String),
    /// The index or configuration changed: relint and publish every open document.
    All,
    /// Publish an empty list for a closed document.
    Clear(lsp::Uri),
    /// A document was opened: once its diagnostics are out, prepare what an
    /// editor asks for next (see [`State::warm`]).
    Warm(String),
}

/// The single task that lints and publishes. One task means publications
/// for a document are never reordered; jobs that pile up while it works are
/// merged, so a burst of keystrokes costs one lint of the latest text.
pub async fn lint_worker(
    state: Arc<Mutex<State>>,
    client: Client,
    outbox: Outbox,
    mut rx: mpsc::UnboundedReceiver<Job>,
) {
    while let Some(first) = rx.recv().await {
        let mut keys = BTreeSet::new();
        let mut all = false;
        let mut clear = Vec::new();
        let mut warm = Vec::new();
        let mut take = |j: Job| match j {
            Job::Lint(k) => {
                keys.insert(k);
            }
            Job::All => all = true,
            Job::Clear(u) => clear.push(u),
            Job::Warm(k) => warm.push(k),
        };
        take(first);
        while let Ok(j) = rx.try_recv() {
            take(j);
        }
        for u in clear {
            let empty: [lsp::Diagnostic; 0] = [];
            let _ = outbox
                .send(outbox::publish_diagnostics(&u, empty, None).into())
                .await;
        }
        let st = Arc::clone(&state);
        let result = tokio::task::spawn_blocking(move || {
            let mut s = lock(&st);
            s.settle();
            if s.stale.take_republish_all() {
                all = true;
            }
            if all {
                keys.extend(s.docs.keys().cloned());
            }
            if s.pull {
                // The client asks for diagnostics itself; tell it when
                // state shared by every note changed (the result ids it
                // holds are then out of date, see `pull`).
                let moved = s.generation != s.refreshed;
                s.refreshed = s.generation;
                return (Vec::new(), moved && s.refresh);
            }
            let mut out = Vec::new();
            for k in keys {
                let Ok(uri) = lsp::Uri::from_str(&k) else {
                    continue;
                };
                // Serialised here, on the blocking pool, straight to bytes
                // (see `outbox`).
                if let Some(frame) = s.publish_frame(&k, &uri) {
                    out.push(frame);
                }
            }
            (out, false)
        })
        .await;
        match result {
            Ok((out, refresh)) => {
                for frame in out {
                    let _ = outbox.send(frame).await;
                }
                if refresh {
                    // Not awaited here: a client slow to answer must not
                    // hold up the next lint.
                    let client = client.clone();
                    tokio::spawn(async move {
                        let _ = client.workspace_diagnostic_refresh().await;
                    });
                }
            }
            Err(e) => {
                client
                    .log_message(
                        lsp::MessageType::ERROR,
                        format!("notelint: linting failed: {e}"),
                    )
                    .await;
            }
        }
        if !warm.is_empty() {
            let st = Arc::clone(&state);
            let done = tokio::task::spawn_blocking(move || {
                let mut s = lock(&st);
                for k in warm {
                    s.warm(&k);
                }
                drop(s);
                super::sys::trim_heap();
            })
            .await;
            if let Err(e) = done {
                client
                    .log_message(
                        lsp::MessageType::ERROR,
                        format!("notelint: preparing an opened document failed: {e}"),
                    )
                    .await;
            }
        }
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
    report(lsp::WorkDoneProgress::Begin(lsp::WorkDoneProgressBegin {
        title: "notelint: indexing notes".into(),
        cancellable: Some(false),
        message: None,
        percentage: Some(0),
    }))
    .await;
    let st = Arc::clone(&state);
    let (gen, files) = tokio::task::spawn_blocking(move || {
        let mut s = lock(&st);
        s.index_gen += 1;
        (s.index_gen, s.configs.discover())
    })
    .await
    .unwrap_or_default();
    let found: HashSet<String> = files
        .iter()
        .filter_map(|(p, _)| super::state::key_of_path(p))
        .collect();
    let total = files.len().max(1);
    let mut done = 0;
    for chunk in files.chunks(64) {
        let st = Arc::clone(&state);
        let chunk = chunk.to_vec();
        let n = chunk.len();
        // Parse outside the lock; only the insertion holds it.
        let _ = tokio::task::spawn_blocking(move || {
            let parsed: Vec<_> = chunk
                .iter()
                .filter_map(|(p, settings)| {
                    // Capped like the CLI's reads (`max-file-size`): a huge
                    // file in the workspace is skipped, not loaded whole.
                    // Each file is parsed with its own settings, as `check` does.
                    let text = crate::workspace::read::read_note(p, settings.max_file_size).ok()?;
                    let k = super::state::key_of_path(p)?;
                    Some((k, super::state::summarise(&text, &settings.lint.parse)))
                })
                .collect();
            let mut s = lock(&st);
            if s.index_gen != gen {
                // A newer run (new configuration or folders) owns the index.
                return;
            }
            for (k, summary) in parsed {
                if !s.docs.contains_key(&k) {
                    s.set_summary(&k, Some(summary));
                }
            }
        })
        .await;
        done += n;
        report(lsp::WorkDoneProgress::Report(lsp::WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some(format!("{done}/{total} files")),
            percentage: Some((done * 100 / total) as u32),
        }))
        .await;
    }
    // Files no longer found (a folder removed, a glob changed) leave the
    // index, unless the editor has them open.
    let st = Arc::clone(&state);
    let _ = tokio::task::spawn_blocking(move || {
        let mut s = lock(&st);
        if s.index_gen != gen {
            return;
        }
        let gone: Vec<String> = (s.index.files().keys())
            .filter(|k| !found.contains(*k) && !s.docs.contains_key(*k))
            .cloned()
            .collect();
        for k in gone {
            s.set_summary(&k, None);
        }
    })
    .await;
    report(lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd {
        message: Some(format!("{done} files indexed")),
    }))
    .await;
    // Configs met while discovering (a folder's own notelint.toml) that
    // cannot be used are said now, as `check` says them.
    super::reconfig::report_config_errors(&state, &client).await;
    let _ = jobs.send(Job::All);
}

/// Apply watched-file events; returns (whether the configuration changed,
/// whether anything the server reads changed).
pub fn apply_file_events(s: &mut State, events: &[lsp::FileEvent]) -> (bool, bool) {
    let mut config_changed = false;
    let mut changed = false;
    for e in events {
        let Some(path) = e.uri.to_file_path() else {
            continue;
        };
        if s.configs.is_config_file(&path) {
            config_changed = true;
            continue;
        }
        if !s.configs.is_note_file(&path) {
            continue;
        }
        if s.docs.contains_key(&key(&e.uri)) {
            continue;
        }
        changed = true;
        match e.typ {
            lsp::FileChangeType::DELETED => s.remove_disk_file(&path),
            _ => s.index_disk_file(&path),
        }
    }
    if config_changed {
        s.reload_config();
    }
    (config_changed, changed || config_changed)
}
