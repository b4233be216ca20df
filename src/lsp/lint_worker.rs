//! Background work: the lint worker that publishes diagnostics in order,
//! and applying file events (indexing the folders is `indexing`).

use super::state::{key, State};
use super::transport::outbox::Outbox;
use super::wire;
use std::collections::BTreeSet;
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
    /// RerunTalkRules one open document (by index key) and publish.
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
                .send(wire::publish_diagnostics(&u, empty, None).into())
                .await;
        }
        let st = Arc::clone(&state);
        let result = tokio::task::spawn_blocking(move || {
            let mut s = lock(&st);
            s.sync_index();
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
