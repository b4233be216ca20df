//! Our own file watcher, for clients that cannot watch files for us (no
//! `workspace.didChangeWatchedFiles.dynamicRegistration`: Neovim on Linux,
//! Helix, many small clients). Without it a `git pull` or an edit in another
//! program leaves the index stale: wrong workspace findings, and rename or
//! code actions computed against old text.
//!
//! OS notifications through `notify` (inotify, FSEvents, kqueue,
//! ReadDirectoryChangesW). Events are batched (whatever arrived while the
//! last batch was handled) and go through the same path as the client's
//! `workspace/didChangeWatchedFiles`. A watcher that cannot be set up (an
//! inotify limit, a folder that vanished) is logged; the server works on
//! without it.

use super::reconfig::Ctx;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types as lsp;

enum Msg {
    Paths(Vec<PathBuf>),
    Error(String),
}

/// The running watcher and the folders it watches.
pub struct FsWatcher {
    watcher: Arc<Mutex<RecommendedWatcher>>,
    roots: Vec<PathBuf>,
}

impl FsWatcher {
    /// Start watching `roots`; events are applied through `ctx`. `None`
    /// (logged) when the platform watcher cannot be created.
    pub async fn start(ctx: Ctx, roots: Vec<PathBuf>) -> Option<FsWatcher> {
        let (tx, rx) = mpsc::unbounded_channel();
        let handler = move |res: notify::Result<notify::Event>| {
            let msg = match res {
                Ok(e) if relevant(&e.kind) => Msg::Paths(e.paths),
                Ok(_) => return,
                Err(e) => Msg::Error(e.to_string()),
            };
            let _ = tx.send(msg);
        };
        let watcher = match notify::recommended_watcher(handler) {
            Ok(w) => w,
            Err(e) => {
                ctx.client
                    .log_message(
                        lsp::MessageType::WARNING,
                        format!("notelint: cannot watch files ({e}); changes on disk are seen when the client reports them"),
                    )
                    .await;
                return None;
            }
        };
        tokio::spawn(apply_events(ctx.clone(), rx));
        let mut w = FsWatcher {
            watcher: Arc::new(Mutex::new(watcher)),
            roots: Vec::new(),
        };
        w.set_roots(&ctx, roots).await;
        Some(w)
    }

    /// Watch exactly `roots` (after workspace folders changed).
    pub async fn set_roots(&mut self, ctx: &Ctx, roots: Vec<PathBuf>) {
        let old = std::mem::take(&mut self.roots);
        let w = Arc::clone(&self.watcher);
        // Recursive watches are added folder by folder: on the blocking
        // pool, not on the message loop.
        let done = tokio::task::spawn_blocking(move || {
            let mut w = w.lock().unwrap_or_else(|e| e.into_inner());
            let mut problems = Vec::new();
            for r in &old {
                if !roots.contains(r) {
                    let _ = w.unwatch(r);
                }
            }
            let mut kept = Vec::new();
            for r in roots {
                if !old.contains(&r) {
                    if let Err(e) = w.watch(&r, RecursiveMode::Recursive) {
                        problems.push(format!(
                            "notelint: cannot watch {} for changes ({e})",
                            r.display()
                        ));
                        continue;
                    }
                }
                kept.push(r);
            }
            (kept, problems)
        })
        .await;
        let (kept, problems) = match done {
            Ok(x) => x,
            Err(e) => (
                Vec::new(),
                vec![format!("notelint: file watcher failed: {e}")],
            ),
        };
        self.roots = kept;
        for p in problems {
            ctx.client.log_message(lsp::MessageType::WARNING, p).await;
        }
    }
}

/// Reads only are not changes.
fn relevant(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Turn batches of changed paths into file events: a path that exists was
/// created or changed, one that does not was deleted (a rename is both).
async fn apply_events(ctx: Ctx, mut rx: mpsc::UnboundedReceiver<Msg>) {
    while let Some(first) = rx.recv().await {
        let mut paths = BTreeSet::new();
        let mut errors = Vec::new();
        let mut take = |m: Msg| match m {
            Msg::Paths(p) => paths.extend(p),
            Msg::Error(e) => errors.push(e),
        };
        take(first);
        while let Ok(m) = rx.try_recv() {
            take(m);
        }
        for e in errors {
            ctx.client
                .log_message(
                    lsp::MessageType::WARNING,
                    format!("notelint: file watcher: {e}"),
                )
                .await;
        }
        // A folder moved in, or one that held indexed notes moved away or
        // deleted, reports no event per file: search the workspace again.
        let roots = super::lint_worker::lock(&ctx.state).roots.clone();
        let rescan = paths.iter().filter(|p| !hidden(p, &roots)).any(|p| {
            p.is_dir() && is_new_folder(p)
                || !p.exists() && {
                    let s = super::lint_worker::lock(&ctx.state);
                    super::state::key_of_path(p).is_some_and(|k| {
                        let prefix = format!("{}/", k.trim_end_matches('/'));
                        s.index.files().keys().any(|f| f.starts_with(&prefix))
                    })
                }
        });
        let events: Vec<lsp::FileEvent> = paths
            .into_iter()
            .filter(|p| !p.is_dir())
            .filter_map(|p| {
                let typ = if p.exists() {
                    lsp::FileChangeType::CHANGED
                } else {
                    lsp::FileChangeType::DELETED
                };
                Some(lsp::FileEvent {
                    uri: lsp::Uri::from_file_path(&p)?,
                    typ,
                })
            })
            .collect();
        if !events.is_empty() {
            ctx.files_changed(&events).await;
        }
        if rescan {
            ctx.reindex();
        }
    }
}

/// Inside a hidden folder of the workspace (`.git`: every commit makes
/// folders there), which discovery never searches.
fn hidden(p: &std::path::Path, roots: &[PathBuf]) -> bool {
    let rel = roots
        .iter()
        .filter_map(|r| p.strip_prefix(r).ok())
        .min_by_key(|r| r.components().count());
    rel.is_some_and(|r| {
        r.components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    })
}

/// A folder that is not empty when its event is handled was moved in or
/// filled at once (`mkdir` alone leaves it empty: its files, written later,
/// have their own events).
fn is_new_folder(p: &std::path::Path) -> bool {
    std::fs::read_dir(p).is_ok_and(|mut d| d.next().is_some())
}
