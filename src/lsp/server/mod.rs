//! The `LanguageServer` implementation: the notifications that change
//! documents, and one short delegation per request to [`super::handlers`]
//! (or [`super::pull`], [`super::symbols`]); the request plumbing every
//! handler shares is in `run.rs`.
//!
//! Notifications that change documents run synchronously, before any
//! `.await`, so edits apply in the order they arrived. Requests run their
//! body on the blocking pool: a panic there comes back as a `JoinError` and
//! is answered as an error, and a `$/cancelRequest` drops the waiting future
//! (tower-lsp answers -32800) and raises the body's cancel flag. A body's
//! answer is serialised there too and sent past tower-lsp (see
//! `transport::answers`).

mod run;
#[cfg(test)]
mod tests;

use super::capabilities::{self, ClientFlags, ClientSetup};
use super::handlers::{code_actions, editing, import, navigation, presentation};
use super::indexing::index_workspace;
use super::lint_worker::{lint_worker, lock, Job};
use super::pull;
use super::reconfig::{self, Ctx};
use super::state::{key, State};
use super::transport::answers::{self, ReadyAnswers};
use super::transport::outbox::Outbox;
use super::watch::FsWatcher;
use super::wire::Packed;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    jobs: mpsc::UnboundedSender<Job>,
    /// Set at `initialize`: what the client can do.
    caps: Mutex<ClientFlags>,
    /// Answers serialised by the handlers (see `transport::answers`).
    ready: ReadyAnswers,
    /// Our own file watcher, when the client cannot watch (see `watch`).
    watcher: Arc<tokio::sync::Mutex<Option<FsWatcher>>>,
}

impl Backend {
    pub fn new(client: Client, outbox: Outbox, ready: ReadyAnswers) -> Backend {
        let state = Arc::new(Mutex::new(State::new()));
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(lint_worker(Arc::clone(&state), client.clone(), outbox, rx));
        Backend {
            client,
            state,
            jobs: tx,
            caps: Mutex::new(ClientFlags::default()),
            ready,
            watcher: Default::default(),
        }
    }

    fn flags(&self) -> ClientFlags {
        *self.caps.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What configuration and file changes are handled with (`reconfig`).
    fn ctx(&self) -> Ctx {
        Ctx {
            state: Arc::clone(&self.state),
            client: self.client.clone(),
            jobs: self.jobs.clone(),
            progress: self.flags().progress,
        }
    }

    /// Pull the `notelint` settings when the client offers them; returns
    /// whether they changed the configuration.
    async fn pull_settings(&self) -> bool {
        if !self.flags().configuration {
            return false;
        }
        let scope = lock(&self.state)
            .roots
            .first()
            .and_then(Uri::from_file_path);
        match reconfig::pull_settings(&self.client, scope).await {
            Some(v) => self.ctx().apply_settings(&v),
            None => false,
        }
    }

    fn log(&self, typ: MessageType, msg: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(typ, msg).await });
    }

    /// The stand-in for a message that could not be decoded (see
    /// `transport::reader`).
    pub async fn invalid_message(&self, params: Value) -> Result<Value> {
        let code = params["code"].as_i64().unwrap_or(-32700);
        let detail = params["detail"].as_str().unwrap_or("").to_string();
        self.log(
            MessageType::WARNING,
            format!("notelint: ignored a bad message: {detail}"),
        );
        Err(Error {
            code: ErrorCode::from(code),
            message: detail.into(),
            data: None,
        })
    }
}

fn unknown(uri: &Uri) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: format!("notelint: document not open: {}", uri.as_str()).into(),
        data: None,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let c = ClientSetup::from_params(params);
        *self.caps.lock().unwrap_or_else(|e| e.into_inner()) = c.flags;
        {
            let mut s = lock(&self.state);
            s.enc = c.enc;
            s.roots = c.roots;
            s.pull = c.pull;
            s.refresh = c.refresh;
            s.config_path = c.config_path;
            s.init_index_bounds = c.index_bounds;
            s.index_bounds = c.index_bounds;
            s.setting_problems = c.problems;
            s.reload_config();
        }
        Ok(capabilities::initialize_result(c.enc))
    }

    async fn initialized(&self, _: InitializedParams) {
        let flags = self.flags();
        if flags.dynamic_watch {
            let globs = lock(&self.state).configs.watch_globs();
            let opts = DidChangeWatchedFilesRegistrationOptions {
                watchers: globs
                    .into_iter()
                    .map(|g| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(g),
                        kind: None,
                    })
                    .collect(),
            };
            let reg = Registration {
                id: "notelint-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(opts).ok(),
            };
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.register_capability(vec![reg]).await;
            });
        }
        let ctx = self.ctx();
        ctx.show_config_errors().await;
        if flags.dynamic_watch {
            ctx.reindex();
        } else {
            // The client cannot watch files: watch them ourselves. Watching
            // starts before indexing, so no change made after the index
            // was read goes unseen.
            let slot = Arc::clone(&self.watcher);
            tokio::spawn(async move {
                let roots = lock(&ctx.state).roots.clone();
                let w = FsWatcher::start(ctx.clone(), roots).await;
                *slot.lock().await = w;
                index_workspace(ctx.state, ctx.client, ctx.progress, ctx.jobs).await;
            });
        }
        // Indexing does not wait for the client's settings: they rarely
        // change the configuration, and when they do it is resolved again.
        if self.pull_settings().await {
            self.ctx().reconfigure().await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        let k = key(&p.text_document.uri);
        let mut changed = false;
        let (text, version) = (p.text_document.text, p.text_document.version);
        self.sync("didOpen", |s| changed = s.open(k.clone(), text, version));
        // A note outside the indexed folders may be governed by a config
        // not read before: say so if it cannot be used.
        self.ctx().show_config_errors().await;
        // A new entry in the index can change workspace findings (duplicate
        // titles, similar speakers) in every other open document.
        let _ = self.jobs.send(if changed {
            Job::All
        } else {
            Job::Lint(k.clone())
        });
        let _ = self.jobs.send(Job::Warm(k));
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        let k = key(&p.text_document.uri);
        let mut outcome = Ok(());
        let version = p.text_document.version;
        let applied = self.sync("didChange", |s| {
            outcome = s.change(&k, version, p.content_changes);
        });
        if !applied {
            // A panic half-way through an edit may leave the tree behind the
            // rope: parse the rope's text afresh so the two agree again.
            self.sync("didChange recovery", |s| s.rebuild(&k, version));
        }
        match outcome {
            Ok(()) => {
                let _ = self.jobs.send(Job::Lint(k));
            }
            Err(msg) => self.log(MessageType::WARNING, format!("notelint: {msg}")),
        }
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        let k = key(&p.text_document.uri);
        self.sync("didClose", |s| s.close(&k));
        let _ = self.jobs.send(Job::Clear(p.text_document.uri));
        let _ = self.jobs.send(Job::All);
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        self.ctx().files_changed(&p.changes).await;
    }

    async fn did_change_workspace_folders(&self, p: DidChangeWorkspaceFoldersParams) {
        let ctx = self.ctx();
        let roots = ctx.folders_changed(p.event).await;
        if let Some(w) = self.watcher.lock().await.as_mut() {
            w.set_roots(&ctx, roots).await;
        }
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        // Clients that answer `workspace/configuration` may send no
        // settings here (VS Code sends `null`): ask for them.
        let changed = if self.flags().configuration {
            self.pull_settings().await
        } else {
            self.ctx().apply_settings(&p.settings)
        };
        if changed {
            self.ctx().reconfigure().await;
        }
    }

    async fn diagnostic(
        &self,
        p: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = p.text_document.uri;
        let prev = p.previous_result_id;
        let pulled = self
            .run("textDocument/diagnostic", move |s, _| {
                pull::document(s, &uri, prev.as_deref()).ok_or_else(|| unknown(&uri))
            })
            .await??;
        Ok(pulled.into_result())
    }

    async fn workspace_diagnostic(
        &self,
        p: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        self.run_shared("workspace/diagnostic", move |state, cancel| {
            pull::workspace(state, p.previous_result_ids, cancel)
        })
        .await
        .map(pull::WorkspaceAnswer::into_result)
    }

    async fn document_symbol(
        &self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = p.text_document.uri;
        if answers::current_id().is_none() {
            // Not called through the transport's router (never over
            // stdio): the reference encoding, sent by tower-lsp.
            return self
                .run("textDocument/documentSymbol", move |s, _| {
                    s.document_symbols(&key(&uri))
                        .map(DocumentSymbolResponse::Nested)
                })
                .await;
        }
        // The answer is written by the wire's fast path (from per-talk
        // fragments) and sent directly; tower-lsp answers the stand-in
        // `null`, which the transport replaces.
        self.run("textDocument/documentSymbol", move |s, _| {
            s.outline(&key(&uri)).map(|o| Packed(Box::new(o)))
        })
        .await?;
        Ok(None)
    }

    async fn symbol(&self, p: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.run("workspace/symbol", move |s, _| {
            navigation::workspace_symbols(s, &p.query)
        })
        .await
    }

    async fn folding_range(&self, p: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = p.text_document.uri;
        self.run("textDocument/foldingRange", move |s, _| {
            presentation::folding_ranges(s, &uri)
        })
        .await
    }

    async fn completion(&self, p: CompletionParams) -> Result<Option<CompletionResponse>> {
        let tp = p.text_document_position;
        let flags = self.flags();
        self.run("textDocument/completion", move |s, _| {
            editing::completion(s, &tp, flags)
        })
        .await
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        let tp = p.text_document_position_params;
        self.run("textDocument/hover", move |s, _| navigation::hover(s, &tp))
            .await
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let tp = p.text_document_position_params;
        self.run("textDocument/definition", move |s, _| {
            navigation::definition(s, &tp)
        })
        .await
    }

    async fn references(&self, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let tp = p.text_document_position;
        self.run("textDocument/references", move |s, cancel| {
            navigation::references(s, &tp, cancel)
        })
        .await
    }

    async fn prepare_rename(
        &self,
        tp: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.run("textDocument/prepareRename", move |s, _| {
            editing::prepare_rename(s, &tp)
        })
        .await
    }

    async fn rename(&self, p: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let tp = p.text_document_position;
        let new_name = p.new_name;
        self.run("textDocument/rename", move |s, _| {
            editing::rename(s, &tp, &new_name)
        })
        .await?
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = p.text_document.uri;
        let only = p.context.only;
        let range = p.range;
        let flags = self.flags();
        // Fix-all reads the whole note: it runs after the lock is released.
        self.run_shared("textDocument/codeAction", move |state, _| {
            let found =
                code_actions::code_actions(&mut lock(state), &uri, range, only.as_deref(), flags);
            let (mut out, job) = found?;
            out.extend(job.and_then(code_actions::FixAllJob::run));
            Some(out)
        })
        .await
    }

    async fn execute_command(&self, p: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        self.run("workspace/executeCommand", move |s, _| {
            import::execute(s, &p.command, &p.arguments)
        })
        .await?
    }

    async fn document_link(&self, p: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = p.text_document.uri;
        self.run("textDocument/documentLink", move |s, _| {
            navigation::document_links(s, &uri)
        })
        .await
    }

    async fn document_highlight(
        &self,
        p: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let tp = p.text_document_position_params;
        self.run("textDocument/documentHighlight", move |s, _| {
            navigation::document_highlights(s, &tp)
        })
        .await
    }

    async fn selection_range(
        &self,
        p: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.run("textDocument/selectionRange", move |s, _| {
            navigation::selection_ranges(s, &p.text_document.uri, &p.positions)
        })
        .await
    }

    async fn formatting(&self, p: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let uri = p.text_document.uri;
        self.run_shared("textDocument/formatting", move |state, _| {
            let job = editing::formatting(&lock(state), &uri, None);
            job.map(|f| f())
        })
        .await
    }

    async fn range_formatting(
        &self,
        p: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let uri = p.text_document.uri;
        let range = p.range;
        self.run_shared("textDocument/rangeFormatting", move |state, _| {
            let job = editing::formatting(&lock(state), &uri, Some(range));
            job.map(|f| f())
        })
        .await
    }

    async fn inlay_hint(&self, p: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = p.text_document.uri;
        let range = p.range;
        self.run("textDocument/inlayHint", move |s, _| {
            presentation::inlay_hints(s, &uri, range)
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        p: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = p.text_document.uri;
        self.run("textDocument/semanticTokens/full", move |s, _| {
            presentation::semantic_tokens(s, &uri)
        })
        .await
    }

    async fn semantic_tokens_full_delta(
        &self,
        p: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        let uri = p.text_document.uri;
        let previous = p.previous_result_id;
        self.run("textDocument/semanticTokens/full/delta", move |s, _| {
            presentation::semantic_tokens_delta(s, &uri, &previous)
        })
        .await
    }

    async fn semantic_tokens_range(
        &self,
        p: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let (uri, range) = (p.text_document.uri, p.range);
        self.run("textDocument/semanticTokens/range", move |s, _| {
            presentation::semantic_tokens_range(s, &uri, range)
        })
        .await
    }
}
