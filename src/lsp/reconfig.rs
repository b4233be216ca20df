//! What changes the workspace around the open documents: files changed on
//! disk (reported by the client or by our own watcher), `notelint.toml`
//! edits, workspace folders added or removed, and the client's settings
//! (`workspace/didChangeConfiguration`, `workspace/configuration`).
//!
//! Each ends the same way: the configuration is resolved afresh when it may
//! have changed, the workspace is indexed again, and every open document is
//! relinted and republished (or pull clients are asked to refresh).

use super::indexing::index_workspace;
use super::lint_worker::{apply_file_events, lock, Job};
use super::state::State;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

/// The handles every change needs.
#[derive(Clone)]
pub struct Ctx {
    pub state: Arc<Mutex<State>>,
    pub client: Client,
    pub jobs: mpsc::UnboundedSender<Job>,
    /// The client shows `$/progress`.
    pub progress: bool,
}

impl Ctx {
    /// Show config problems not yet shown (each once per reading), and
    /// problems with the client's settings; keep a diagnostic on each
    /// config that cannot be used.
    pub async fn show_config_errors(&self) {
        let problems = std::mem::take(&mut lock(&self.state).setting_problems);
        for e in problems {
            self.client.show_message(lsp::MessageType::ERROR, e).await;
        }
        report_config_errors(&self.state, &self.client).await;
    }

    /// Index the workspace folders again (files, settings per file) and
    /// republish everything.
    pub fn reindex(&self) {
        tokio::spawn(index_workspace(
            Arc::clone(&self.state),
            self.client.clone(),
            self.progress,
            self.jobs.clone(),
        ));
    }

    /// Files changed on disk.
    pub async fn files_changed(&self, events: &[lsp::FileEvent]) {
        let (config_changed, changed) = {
            let mut s = lock(&self.state);
            apply_file_events(&mut s, events)
        };
        if config_changed {
            self.show_config_errors().await;
            self.reindex();
        }
        if changed {
            let _ = self.jobs.send(Job::All);
        }
    }

    /// Resolve every setting afresh (folders or the config path changed).
    pub async fn reconfigure(&self) {
        lock(&self.state).reload_config();
        self.show_config_errors().await;
        self.reindex();
        let _ = self.jobs.send(Job::All);
    }

    /// `workspace/didChangeWorkspaceFolders`: returns the new roots.
    pub async fn folders_changed(&self, e: lsp::WorkspaceFoldersChangeEvent) -> Vec<PathBuf> {
        let path = |f: &lsp::WorkspaceFolder| f.uri.to_file_path().map(|p| p.into_owned());
        let roots = {
            let mut s = lock(&self.state);
            let removed: Vec<PathBuf> = e.removed.iter().filter_map(path).collect();
            s.roots.retain(|r| !removed.contains(r));
            for p in e.added.iter().filter_map(path) {
                if !s.roots.contains(&p) {
                    s.roots.push(p);
                }
            }
            s.roots.clone()
        };
        self.reconfigure().await;
        roots
    }

    /// Apply the client's `notelint` settings; returns whether they changed
    /// anything (then the caller reconfigures).
    pub fn apply_settings(&self, settings: &Value) -> bool {
        let bounds = self.apply_index_bounds(settings);
        let Some(value) = config_path_setting(settings) else {
            return bounds;
        };
        let mut s = lock(&self.state);
        let path = value.map(|v| super::settings::expand_path(&v, s.roots.first().map(|p| &**p)));
        if s.settings_config_path == path {
            return bounds;
        }
        s.settings_config_path = path;
        true
    }

    /// `maxIndexFiles` / `maxIndexBytes` from the client's settings (over
    /// `initializationOptions`); returns whether the bounds changed. A bad
    /// value is shown to the user and leaves its bound as it was.
    fn apply_index_bounds(&self, settings: &Value) -> bool {
        let mut s = lock(&self.state);
        let (bounds, problems) = s.init_index_bounds.with_settings(settings);
        if !problems.is_empty() {
            let client = self.client.clone();
            tokio::spawn(async move {
                for p in problems {
                    client.show_message(lsp::MessageType::WARNING, p).await;
                }
            });
        }
        if bounds == s.index_bounds {
            return false;
        }
        s.index_bounds = bounds;
        true
    }
}

/// Show config problems not yet shown (each once per reading) as error
/// messages, and publish a diagnostic on every config that cannot be used
/// (clearing those of configs fixed since). The notes such a config governs
/// are not checked ([`super::settings::Resolver::is_skipped`]), as `check`
/// does not check them; the diagnostic says so. Config files are not
/// documents the client pulls diagnostics for, so they are pushed.
pub async fn report_config_errors(state: &Mutex<State>, client: &Client) {
    let (messages, publish) = {
        let mut s = lock(state);
        let messages = s.configs.take_errors();
        let mut now: std::collections::HashMap<lsp::Uri, Vec<lsp::Diagnostic>> = Default::default();
        for e in s.configs.failed_configs() {
            if let Some(uri) = lsp::Uri::from_file_path(&e.path) {
                now.entry(uri)
                    .or_default()
                    .push(config_diagnostic(&e, s.enc));
            }
        }
        // Only what changed: this runs on every open.
        let mut publish: Vec<(lsp::Uri, Vec<lsp::Diagnostic>)> = (s.config_diags.keys())
            .filter(|u| !now.contains_key(*u))
            .map(|u| (u.clone(), Vec::new()))
            .collect();
        for (u, d) in &now {
            if s.config_diags.get(u) != Some(d) {
                publish.push((u.clone(), d.clone()));
            }
        }
        s.config_diags = now;
        (messages, publish)
    };
    for (uri, diags) in publish {
        client.publish_diagnostics(uri, diags, None).await;
    }
    for m in messages {
        client.show_message(lsp::MessageType::ERROR, m).await;
    }
}

/// A config error as a diagnostic on its file: at its line and column when
/// known (to the end of that line), else on the first line. The error's
/// column counts characters (as the CLI prints it); the client's column is
/// in `enc`, so it is counted again on the file's text.
fn config_diagnostic(
    e: &crate::workspace::config::ConfigError,
    enc: crate::syntax::pos::Encoding,
) -> lsp::Diagnostic {
    use crate::syntax::pos::{Encoding, LineCol, LineIndex};
    let (line, col) = e
        .position
        .map_or((0, 0), |(l, c)| (l.saturating_sub(1), c.saturating_sub(1)));
    let col = match crate::workspace::read::read_config_text(&e.path) {
        Ok(text) if col > 0 => {
            let index = LineIndex::new(&text);
            let at = |line: usize, col: usize| LineCol {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                col: u32::try_from(col).unwrap_or(u32::MAX),
            };
            let offset = index.to_offset(&text, at(line, col), Encoding::Utf32);
            index.to_line_col(&text, offset, enc).col as usize
        }
        _ => col,
    };
    let at = |line: usize, col: usize| lsp::Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character: u32::try_from(col).unwrap_or(u32::MAX),
    };
    let key = e
        .key
        .as_ref()
        .map(|k| format!("`{k}`: "))
        .unwrap_or_default();
    lsp::Diagnostic {
        range: lsp::Range {
            start: at(line, col),
            end: at(line + 1, 0),
        },
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        source: Some("notelint".into()),
        message: format!("{key}{}; {}", e.message, super::settings::NOT_CHECKED),
        ..Default::default()
    }
}

/// `configPath` in the client's settings: in a `notelint` section (what
/// `workspace/didChangeConfiguration` sends) or at the top (the answer to
/// `workspace/configuration` for the `notelint` section). `Some(None)`: the
/// setting is there but empty, so `initializationOptions.configPath` (if
/// any) applies again; `None`: the settings do not mention it.
pub fn config_path_setting(settings: &Value) -> Option<Option<String>> {
    let section = match settings.get("notelint") {
        Some(v) if v.is_object() => v,
        _ => settings,
    };
    let v = section.get("configPath")?;
    Some(
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from),
    )
}

/// Ask the client for the `notelint` settings (`workspace/configuration`).
pub async fn pull_settings(client: &Client, scope: Option<lsp::Uri>) -> Option<Value> {
    let items = vec![lsp::ConfigurationItem {
        scope_uri: scope,
        section: Some("notelint".into()),
    }];
    client.configuration(items).await.ok()?.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn config_path_is_read_from_either_shape() {
        let pushed = json!({"notelint": {"configPath": "/x/n.toml"}});
        assert_eq!(config_path_setting(&pushed), Some(Some("/x/n.toml".into())));
        let pulled = json!({"configPath": "  ", "path": ""});
        assert_eq!(config_path_setting(&pulled), Some(None));
        assert_eq!(config_path_setting(&json!({"other": 1})), None);
        assert_eq!(config_path_setting(&Value::Null), None);
    }
}
