//! What the server tells the client at `initialize` (its capabilities) and
//! what it takes from the client's (position encoding, workspace folders,
//! the optional features it supports).

use super::indexing::IndexBounds;
use crate::analysis::ide;
use crate::syntax::pos::Encoding;
use std::path::PathBuf;
use tower_lsp_server::ls_types::*;

/// The server's one command, `workspace/executeCommand` "convert this
/// file to talk-note markup" (`handlers::import`), as advertised.
pub const IMPORT_COMMAND: &str = "notelint.import";

/// What the client can do, as the handlers need to know it.
#[derive(Default, Clone, Copy)]
pub struct ClientFlags {
    pub progress: bool,
    pub dynamic_watch: bool,
    /// `textDocument.completion.completionItem.snippetSupport`.
    pub snippets: bool,
    /// `textDocument.completion.completionItem.insertReplaceSupport`.
    pub insert_replace: bool,
    /// `workspace.configuration`: settings can be pulled.
    pub configuration: bool,
    /// `workspace.workspaceEdit.documentChanges`: versioned edits.
    pub document_changes: bool,
    /// `workspace.workspaceEdit.changeAnnotationSupport`.
    pub change_annotations: bool,
}

/// What `initialize` establishes for the session.
pub struct ClientSetup {
    /// UTF-8 when the client offers it, else UTF-16 (LSP's default).
    pub enc: Encoding,
    pub flags: ClientFlags,
    /// The client pulls diagnostics (`textDocument/diagnostic`).
    pub pull: bool,
    /// The client accepts `workspace/diagnostic/refresh`.
    pub refresh: bool,
    /// The workspace folders (or the deprecated `rootUri`).
    pub roots: Vec<PathBuf>,
    /// `initializationOptions.configPath`: one configuration for everything.
    pub config_path: Option<PathBuf>,
    /// `initializationOptions.maxIndexFiles` / `maxIndexBytes`, and what
    /// was wrong with them.
    pub index_bounds: IndexBounds,
    pub problems: Vec<String>,
}

impl ClientSetup {
    pub fn from_params(params: InitializeParams) -> ClientSetup {
        let caps = &params.capabilities;
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.clone())
            .unwrap_or_default();
        let enc = if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let flags = ClientFlags {
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            snippets: caps
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            insert_replace: caps
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.insert_replace_support)
                .unwrap_or(false),
            dynamic_watch: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration: caps
                .workspace
                .as_ref()
                .and_then(|w| w.configuration)
                .unwrap_or(false),
            document_changes: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            change_annotations: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.change_annotation_support.as_ref())
                .is_some(),
        };
        let pull = caps
            .text_document
            .as_ref()
            .and_then(|t| t.diagnostic.as_ref())
            .is_some();
        let refresh = caps
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
            .map(PathBuf::from);
        let (index_bounds, problems) = match &params.initialization_options {
            Some(o) => IndexBounds::default().with_settings(o),
            None => (IndexBounds::default(), Vec::new()),
        };
        let mut roots: Vec<PathBuf> = params
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
        ClientSetup {
            enc,
            flags,
            pull,
            refresh,
            roots,
            config_path,
            index_bounds,
            problems,
        }
    }
}

/// The answer to `initialize`.
pub fn initialize_result(enc: Encoding) -> InitializeResult {
    InitializeResult {
        offset_encoding: None,
        server_info: Some(ServerInfo {
            name: "notelint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        capabilities: server_capabilities(enc),
    }
}

fn server_capabilities(enc: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match enc {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        }),
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
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("notelint".into()),
            inter_file_dependencies: true,
            workspace_diagnostics: true,
            work_done_progress_options: Default::default(),
        })),
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
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new("source.fixAll.notelint"),
            ]),
            ..Default::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![IMPORT_COMMAND.into()],
            work_done_progress_options: Default::default(),
        }),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        document_highlight_provider: Some(OneOf::Left(true)),
        selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_range_formatting_provider: Some(OneOf::Left(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: semantic_legend(),
                // As rust-analyzer: a visible range first, then changes only.
                full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                range: Some(true),
                ..Default::default()
            },
        )),
        ..Default::default()
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
