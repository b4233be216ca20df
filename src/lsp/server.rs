//! The `LanguageServer` implementation: each handler converts positions,
//! asks `analysis` and converts the answer back.
//!
//! Notifications that change documents run synchronously, before any
//! `.await`, so edits apply in the order they arrived. Requests run their
//! body on the blocking pool: a panic there comes back as a `JoinError` and
//! is answered as an error, and a `$/cancelRequest` drops the waiting future
//! (tower-lsp answers -32800) and raises the body's cancel flag.

use super::convert::{self, loc_range};
use super::direct::{self, Direct, RawArray, Stash};
use super::navigate;
use super::outbox::Outbox;
use super::pull;
use super::reconfig::{self, Ctx};
use super::state::{key, State};
use super::watch::FsWatcher;
use super::workspace::{index_workspace, lint_worker, lock, Job};
use crate::analysis::ide;
use crate::syntax::pos::Encoding;
use serde_json::Value;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Answers serialised by the handlers (see `direct`).
    direct: Stash,
    /// Our own file watcher, when the client cannot watch (see `watch`).
    watcher: Arc<tokio::sync::Mutex<Option<FsWatcher>>>,
}

#[derive(Default, Clone, Copy)]
struct ClientFlags {
    progress: bool,
    dynamic_watch: bool,
    /// `textDocument.completion.completionItem.snippetSupport`.
    snippets: bool,
    /// `workspace.configuration`: settings can be pulled.
    configuration: bool,
}

/// Raised when the request's future is dropped (cancelled or the server is
/// going away), so long bodies can stop early.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

struct CancelOnDrop(Cancel);
impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0 .0.store(true, Ordering::Relaxed);
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

fn internal(name: &str, msg: String) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: format!("notelint: {name} failed: {msg}").into(),
        data: None,
    }
}

impl Backend {
    pub fn new(client: Client, outbox: Outbox, direct: Stash) -> Backend {
        let state = Arc::new(Mutex::new(State::new()));
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(lint_worker(Arc::clone(&state), client.clone(), outbox, rx));
        Backend {
            client,
            state,
            jobs: tx,
            caps: Mutex::new(ClientFlags::default()),
            direct,
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

    /// Run a request body on the blocking pool with the state locked.
    /// The answer is serialised there too, after the lock is released, and
    /// sent directly (see `direct`).
    async fn run<T, F>(&self, name: &'static str, f: F) -> Result<T>
    where
        T: Direct + Send + 'static,
        F: FnOnce(&mut State, &Cancel) -> T + Send + 'static,
    {
        self.run_shared(name, move |state, cancel| f(&mut lock(state), cancel))
            .await
    }

    /// [`Backend::run`] for a body that takes the lock itself, as often as
    /// it needs (a long walk must not hold up edits).
    async fn run_shared<T, F>(&self, name: &'static str, f: F) -> Result<T>
    where
        T: Direct + Send + 'static,
        F: FnOnce(&Mutex<State>, &Cancel) -> T + Send + 'static,
    {
        let state = Arc::clone(&self.state);
        let cancel = Cancel::default();
        let _guard = CancelOnDrop(cancel.clone());
        let id = direct::current_id();
        let res = tokio::task::spawn_blocking(move || {
            let v = f(&state, &cancel);
            match id {
                None => (v, None),
                Some(id) => match v.split(&id) {
                    Ok((frame, stand_in)) => (stand_in, Some((id, frame))),
                    Err(v) => (v, None),
                },
            }
        })
        .await;
        match res {
            Ok((v, frame)) => {
                if let Some((id, frame)) = frame {
                    self.direct.put(id, frame);
                }
                Ok(v)
            }
            Err(e) if e.is_panic() => {
                let msg = panic_message(e.into_panic().as_ref());
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("notelint: {name} panicked: {msg}"),
                    )
                    .await;
                Err(internal(name, msg))
            }
            Err(e) => Err(internal(name, e.to_string())),
        }
    }

    /// Run a notification body synchronously, catching panics.
    /// Returns false when the body panicked.
    fn sync<F: FnOnce(&mut State)>(&self, name: &str, f: F) -> bool {
        let mut s = lock(&self.state);
        if let Err(p) = catch_unwind(AssertUnwindSafe(|| f(&mut s))) {
            let msg = panic_message(p.as_ref());
            let client = self.client.clone();
            let line = format!("notelint: {name} panicked: {msg}");
            tokio::spawn(async move { client.log_message(MessageType::ERROR, line).await });
            return false;
        }
        true
    }

    fn log(&self, typ: MessageType, msg: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(typ, msg).await });
    }

    /// The stand-in for a message that could not be decoded (see `stdio`).
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

    /// Hidden test hook (only with `NOTELINT_LSP_TEST_HOOKS=1`): panics inside a handler.
    pub async fn test_panic(&self, _params: Value) -> Result<Value> {
        if std::env::var_os("NOTELINT_LSP_TEST_HOOKS").is_none() {
            return Err(Error::method_not_found());
        }
        self.run("notelint/testPanic", |_, _| -> Value {
            panic!("test panic")
        })
        .await
    }

    /// Hidden test hook: a request that runs until cancelled (at most 10 s).
    pub async fn test_slow(&self, _params: Value) -> Result<Value> {
        if std::env::var_os("NOTELINT_LSP_TEST_HOOKS").is_none() {
            return Err(Error::method_not_found());
        }
        let state = Arc::clone(&self.state);
        let cancel = Cancel::default();
        let _guard = CancelOnDrop(cancel.clone());
        let c = cancel.clone();
        drop(state);
        let waited = tokio::task::spawn_blocking(move || {
            let t = std::time::Instant::now();
            while !c.is_cancelled() && t.elapsed() < std::time::Duration::from_secs(10) {
                std::thread::park_timeout(std::time::Duration::from_millis(5));
            }
            t.elapsed().as_millis() as u64
        })
        .await
        .unwrap_or(0);
        Ok(Value::from(waited))
    }
}

fn doc_key(uri: &Uri) -> String {
    key(uri)
}

fn unknown(uri: &Uri) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: format!("notelint: document not open: {}", uri.as_str()).into(),
        data: None,
    }
}

fn semantic_legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: ide::TOKEN_KINDS
            .iter()
            .map(|k| SemanticTokenType::new(k))
            .collect(),
        token_modifiers: vec![],
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.clone())
            .unwrap_or_default();
        let enc = if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let mut roots: Vec<std::path::PathBuf> = params
            .workspace_folders
            .unwrap_or_default()
            .iter()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(p) = params
                .root_uri
                .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
            {
                roots.push(p);
            }
        }
        {
            let mut f = self.caps.lock().unwrap_or_else(|e| e.into_inner());
            f.progress = params
                .capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false);
            f.snippets = params
                .capabilities
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false);
            f.dynamic_watch = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            f.configuration = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.configuration)
                .unwrap_or(false);
        }
        let pull = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.diagnostic.as_ref())
            .is_some();
        let refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let config_path = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("configPath"))
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(std::path::PathBuf::from);
        {
            let mut s = lock(&self.state);
            s.enc = enc;
            s.roots = roots;
            s.pull = pull;
            s.refresh = refresh;
            s.config_path = config_path;
            s.reload_config();
        }
        let pos_enc = match enc {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "notelint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(pos_enc),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: None,
                        ..Default::default()
                    },
                )),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("notelint".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        work_done_progress_options: Default::default(),
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![" ".into(), ",".into(), ":".into()]),
                    ..Default::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new("source.fixAll.notelint"),
                        ]),
                        ..Default::default()
                    },
                )),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                }),
                document_highlight_provider: Some(OneOf::Left(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: semantic_legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            ..Default::default()
                        },
                    ),
                ),
                ..Default::default()
            },
        })
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
        let k = doc_key(&p.text_document.uri);
        let mut changed = false;
        let (text, version) = (p.text_document.text, p.text_document.version);
        self.sync("didOpen", |s| changed = s.open(k.clone(), text, version));
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
        let k = doc_key(&p.text_document.uri);
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
        let k = doc_key(&p.text_document.uri);
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
        self.run("textDocument/diagnostic", move |s, _| {
            pull::document(s, &uri, prev.as_deref()).ok_or_else(|| unknown(&uri))
        })
        .await?
    }

    async fn workspace_diagnostic(
        &self,
        p: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        self.run_shared("workspace/diagnostic", move |state, cancel| {
            pull::workspace(state, p.previous_result_ids, cancel)
        })
        .await
    }

    async fn document_symbol(
        &self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = p.text_document.uri;
        // The answer is serialised in `run` (from per-talk fragments) and
        // sent directly; tower-lsp answers the stand-in `null`, which the
        // transport replaces. (Without a request id — never over stdio —
        // the answer is `null`.)
        self.run("textDocument/documentSymbol", move |s, _| {
            s.outline(&doc_key(&uri)).map(|o| RawArray(Box::new(o)))
        })
        .await?;
        Ok(None)
    }

    async fn symbol(&self, p: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.run("workspace/symbol", move |s, _| {
            s.refresh_ws();
            #[allow(deprecated)]
            let out =
                s.ws.symbols(&p.query, 1000)
                    .into_iter()
                    .filter_map(|w| {
                        Some(SymbolInformation {
                            name: w.name,
                            kind: if w.speaker {
                                SymbolKind::CONSTANT
                            } else {
                                SymbolKind::CLASS
                            },
                            tags: None,
                            deprecated: None,
                            location: Location {
                                uri: Uri::from_str(&w.loc.file).ok()?,
                                range: loc_range(&w.loc, s.enc),
                            },
                            container_name: w.container,
                        })
                    })
                    .collect();
            Some(WorkspaceSymbolResponse::Flat(out))
        })
        .await
    }

    async fn folding_range(&self, p: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = p.text_document.uri;
        self.run("textDocument/foldingRange", move |s, _| {
            let d = s.docs.get(&doc_key(&uri))?;
            let rope = d.doc.rope();
            let line = |o: usize| rope.byte_to_line(o.min(rope.len_bytes())) as u32;
            Some(
                ide::folding_ranges(&d.doc)
                    .into_iter()
                    .filter_map(|f| {
                        let (a, b) = (line(f.start), line(f.end));
                        (b > a).then_some(FoldingRange {
                            start_line: a,
                            start_character: None,
                            end_line: b,
                            end_character: None,
                            kind: Some(FoldingRangeKind::Region),
                            collapsed_text: None,
                        })
                    })
                    .collect(),
            )
        })
        .await
    }

    async fn completion(&self, p: CompletionParams) -> Result<Option<CompletionResponse>> {
        let tp = p.text_document_position;
        let snippets = self.caps.lock().unwrap_or_else(|e| e.into_inner()).snippets;
        self.run("textDocument/completion", move |s, _| {
            s.refresh_ws();
            let enc = s.enc;
            let d = s.docs.get(&doc_key(&tp.text_document.uri))?;
            let rope = d.doc.rope();
            let at = convert::offset(rope, tp.position, enc);
            let items: Vec<CompletionItem> = ide::complete::completions_for(
                &d.doc,
                &s.ws,
                &d.settings.lint,
                at,
                snippets,
                &|n| {
                    crate::lint::rules::similar_speaker::misspelling(&s.index, &d.settings.lint, n)
                        .is_some()
                },
            )
            .into_iter()
            .map(|c| CompletionItem {
                label: c.label,
                kind: Some(match c.kind {
                    ide::CompletionKind::Speaker => CompletionItemKind::VALUE,
                    ide::CompletionKind::Label => CompletionItemKind::FIELD,
                    ide::CompletionKind::Level | ide::CompletionKind::Track => {
                        CompletionItemKind::ENUM_MEMBER
                    }
                    ide::CompletionKind::Snippet => CompletionItemKind::SNIPPET,
                }),
                detail: c.detail,
                documentation: c.documentation.map(|m| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: m,
                    })
                }),
                sort_text: Some(c.sort),
                filter_text: Some(c.filter),
                insert_text_format: Some(if c.snippet {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: convert::range(rope, &c.replace, enc),
                    new_text: c.insert,
                })),
                ..Default::default()
            })
            .collect();
            Some(CompletionResponse::List(CompletionList {
                // Speakers are matched by initials too: ask again as the user types.
                is_incomplete: true,
                items,
            }))
        })
        .await
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        let tp = p.text_document_position_params;
        self.run("textDocument/hover", move |s, _| {
            s.refresh_ws();
            let enc = s.enc;
            let d = s.docs.get(&doc_key(&tp.text_document.uri))?;
            let rope = d.doc.rope();
            let at = convert::offset(rope, tp.position, enc);
            let text_of = |f: &str, r| s.file_text(f, r);
            let h = ide::hover(&d.doc, &s.ws, at, &text_of)?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.markdown,
                }),
                range: Some(convert::range(rope, &h.range, enc)),
            })
        })
        .await
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let tp = p.text_document_position_params;
        self.run("textDocument/definition", move |s, _| {
            s.refresh_ws();
            let (name, _) = speaker_under(s, &tp)?;
            let locs: Vec<Location> =
                s.ws.definitions(&name)
                    .iter()
                    .filter_map(|l| location(l, s.enc))
                    .collect();
            (!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs))
        })
        .await
    }

    async fn references(&self, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let tp = p.text_document_position;
        self.run("textDocument/references", move |s, cancel| {
            s.refresh_ws();
            if cancel.is_cancelled() {
                return None;
            }
            let (name, _) = speaker_under(s, &tp)?;
            Some(
                s.ws.references(&name)
                    .iter()
                    .filter_map(|l| location(l, s.enc))
                    .collect(),
            )
        })
        .await
    }

    async fn prepare_rename(
        &self,
        tp: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.run("textDocument/prepareRename", move |s, _| {
            let enc = s.enc;
            let (name, r) = speaker_under(s, &tp)?;
            let d = s.docs.get(&doc_key(&tp.text_document.uri))?;
            Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(d.doc.rope(), &r, enc),
                placeholder: name,
            })
        })
        .await
    }

    async fn rename(&self, p: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let tp = p.text_document_position;
        let new_name = p.new_name;
        self.run("textDocument/rename", move |s, _| {
            if let Err(e) = ide::rename::check_name(&new_name) {
                return Err(Error::invalid_params(e));
            }
            s.refresh_ws();
            let Some((name, _)) = speaker_under(s, &tp) else {
                return Ok(None);
            };
            let enc = s.enc;
            let person = s.ws.person_key(&name);
            let files: std::collections::BTreeSet<String> =
                s.ws.references(&name).into_iter().map(|l| l.file).collect();
            let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            let mut stale = Vec::new();
            for f in files {
                let Ok(u) = Uri::from_str(&f) else {
                    continue;
                };
                // Edits are made against the text as it is now: the
                // editor's copy, or the file re-read from disk (it may have
                // changed since it was indexed), never the index's positions.
                // Each file is read and parsed with its own settings.
                let settings = s.configs.for_key(&f);
                let max = settings.max_file_size;
                let (text, rope) = match s.docs.get(&f) {
                    Some(d) => (d.doc.text(), d.doc.rope().clone()),
                    None => {
                        let text = u
                            .to_file_path()
                            .and_then(|p| crate::workspace::read::read_note(&p, max).ok())
                            .ok_or_else(|| {
                                Error::invalid_params(format!(
                                    "cannot rename: {} could not be read",
                                    ide::catalog::short_file(&f)
                                ))
                            })?;
                        stale.push(u.clone());
                        let rope = ropey::Rope::from_str(&text);
                        (text, rope)
                    }
                };
                let ranges = ide::rename::rename_ranges(
                    &text,
                    &settings.lint.parse,
                    |n| s.ws.person_key(n) == person,
                    &new_name,
                )
                .map_err(Error::invalid_params)?;
                let new_text = new_name.trim().to_string();
                let edits: Vec<TextEdit> = ranges
                    .iter()
                    .map(|r| TextEdit {
                        range: convert::range(&rope, r, enc),
                        new_text: new_text.clone(),
                    })
                    .collect();
                if !edits.is_empty() {
                    changes.insert(u, edits);
                }
            }
            // Files read from disk are re-indexed: what was read is newer.
            for u in stale {
                if let Some(p) = u.to_file_path() {
                    s.index_disk_file(&p);
                }
            }
            Ok(Some(WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }))
        })
        .await?
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = p.text_document.uri;
        let only = p.context.only.clone();
        let range = p.range;
        self.run("textDocument/codeAction", move |s, _| {
            let enc = s.enc;
            let k = doc_key(&uri);
            let (_, diags) = s.lint(&k)?;
            let lsp_diags = s.lsp_diagnostics(&k, &uri).map(|x| x.1).unwrap_or_default();
            let d = s.docs.get(&k)?;
            let rope = d.doc.rope();
            let wants = |kind: &CodeActionKind| {
                only.as_ref()
                    .is_none_or(|o| o.iter().any(|w| kind.as_str().starts_with(w.as_str())))
            };
            let edit_of = |edits: Vec<crate::lint::TextEdit>| WorkspaceEdit {
                changes: Some(HashMap::from([(
                    uri.clone(),
                    edits
                        .iter()
                        .map(|e| convert::text_edit(rope, e, enc))
                        .collect(),
                )])),
                ..Default::default()
            };
            let mut out: Vec<CodeActionOrCommand> = Vec::new();
            if wants(&CodeActionKind::QUICKFIX) {
                let br = convert::byte_range(rope, range, enc);
                for a in ide::code_actions(&d.doc, &diags, br) {
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: a.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: a
                            .diagnostic
                            .and_then(|i| lsp_diags.get(i).cloned())
                            .map(|d| vec![d]),
                        edit: Some(edit_of(a.edits)),
                        is_preferred: a.preferred.then_some(true),
                        ..Default::default()
                    }));
                }
            }
            // unknown-speaker: add the name to the roster file.
            if wants(&CodeActionKind::QUICKFIX) {
                let br = convert::byte_range(rope, range, enc);
                for (i, x) in diags.iter().enumerate() {
                    if x.code != "NL021" || x.range.start > br.end || br.start > x.range.end {
                        continue;
                    }
                    if let Some(mut a) = navigate::roster_action(s, &k, x) {
                        a.diagnostics = lsp_diags.get(i).cloned().map(|d| vec![d]);
                        out.push(CodeActionOrCommand::CodeAction(a));
                    }
                }
            }
            let fix_all = CodeActionKind::new("source.fixAll.notelint");
            let explicitly = only.as_ref().is_some_and(|o| {
                o.iter()
                    .any(|w| fix_all.as_str().starts_with(w.as_str()) && w.as_str() != "")
            });
            if explicitly {
                let edits = ide::fix_all(&diags);
                if !edits.is_empty() {
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: "Fix all safe notelint findings".into(),
                        kind: Some(fix_all),
                        edit: Some(edit_of(edits)),
                        ..Default::default()
                    }));
                }
            }
            Some(out)
        })
        .await
    }

    async fn document_link(&self, p: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = p.text_document.uri;
        self.run("textDocument/documentLink", move |s, _| {
            navigate::document_links(s, &uri)
        })
        .await
    }

    async fn document_highlight(
        &self,
        p: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let tp = p.text_document_position_params;
        self.run("textDocument/documentHighlight", move |s, _| {
            navigate::document_highlights(s, &tp)
        })
        .await
    }

    async fn selection_range(
        &self,
        p: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.run("textDocument/selectionRange", move |s, _| {
            navigate::selection_ranges(s, &p.text_document.uri, &p.positions)
        })
        .await
    }

    async fn formatting(&self, p: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let uri = p.text_document.uri;
        self.run("textDocument/formatting", move |s, _| {
            let enc = s.enc;
            let d = s.docs.get(&doc_key(&uri))?;
            let edits = super::format::format_edits(&d.doc, None)?;
            Some(
                edits
                    .iter()
                    .map(|e| convert::text_edit(d.doc.rope(), e, enc))
                    .collect(),
            )
        })
        .await
    }

    async fn range_formatting(
        &self,
        p: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let uri = p.text_document.uri;
        let range = p.range;
        self.run("textDocument/rangeFormatting", move |s, _| {
            let enc = s.enc;
            let d = s.docs.get(&doc_key(&uri))?;
            let br = convert::byte_range(d.doc.rope(), range, enc);
            let edits = super::format::format_edits(&d.doc, Some(br))?;
            Some(
                edits
                    .iter()
                    .map(|e| convert::text_edit(d.doc.rope(), e, enc))
                    .collect(),
            )
        })
        .await
    }

    async fn inlay_hint(&self, p: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = p.text_document.uri;
        let range = p.range;
        self.run("textDocument/inlayHint", move |s, _| {
            let enc = s.enc;
            let d = s.docs.get(&doc_key(&uri))?;
            let rope = d.doc.rope();
            let br = convert::byte_range(rope, range, enc);
            Some(
                ide::inlay_hints(&d.doc, &d.settings.lint, br)
                    .into_iter()
                    .map(|h| InlayHint {
                        position: convert::pos(rope, h.offset, enc),
                        label: InlayHintLabel::String(h.label),
                        kind: None,
                        text_edits: None,
                        tooltip: Some(InlayHintTooltip::String("characters / limit".into())),
                        padding_left: Some(true),
                        padding_right: None,
                        data: None,
                    })
                    .collect(),
            )
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        p: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = p.text_document.uri;
        self.run("textDocument/semanticTokens/full", move |s, _| {
            let enc = s.enc;
            let d = s.docs.get(&doc_key(&uri))?;
            let rope = d.doc.rope();
            let mut data = Vec::new();
            let (mut pl, mut pc) = (0u32, 0u32);
            let mut c = convert::Conv::new(rope, enc);
            for t in ide::semantic_tokens(&d.doc) {
                let a = c.pos(t.start);
                let b = c.pos(t.end);
                if b.line != a.line || b.character <= a.character {
                    continue;
                }
                let dl = a.line - pl;
                let dc = if dl == 0 {
                    a.character - pc
                } else {
                    a.character
                };
                data.push(SemanticToken {
                    delta_line: dl,
                    delta_start: dc,
                    length: b.character - a.character,
                    token_type: t.kind as u32,
                    token_modifiers_bitset: 0,
                });
                pl = a.line;
                pc = a.character;
            }
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            }))
        })
        .await
    }
}

fn location(l: &ide::Loc, enc: Encoding) -> Option<Location> {
    Some(Location {
        uri: Uri::from_str(&l.file).ok()?,
        range: loc_range(l, enc),
    })
}

fn speaker_under(
    s: &State,
    tp: &TextDocumentPositionParams,
) -> Option<(String, std::ops::Range<usize>)> {
    let d = s.docs.get(&doc_key(&tp.text_document.uri))?;
    let at = convert::offset(d.doc.rope(), tp.position, s.enc);
    ide::speaker_at(&d.doc, at)
}
