//! Pulled diagnostics (LSP 3.17): `textDocument/diagnostic`,
//! `workspace/diagnostic`, and the result ids that let a client keep an
//! answer it already has.
//!
//! A note's findings depend on its own text and on state shared by every
//! note: the lint index (titles and speakers of all files) and the
//! configuration. A result id names both: the document's version (an open
//! document) or its size and modification time on disk (any other note),
//! and [`State::generation`], which `State::sync_index` bumps whenever the shared
//! state changes. So an id repeats only when the answer would, and checking
//! one costs no lint. Each bump is followed by `workspace/diagnostic/refresh`
//! (see the lint worker), so a client that holds an older id asks again.
//! A per-process tag keeps ids handed out by an earlier server from matching.

use super::cancel::Cancel;
use super::convert;
use super::lint_worker::lock;
use super::state::{key, State};
use super::transport::outbox::{self, Frame};
use super::wire::{self, Answer};
use crate::analysis::lint_text;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};
use tower_lsp_server::jsonrpc::Id;
use tower_lsp_server::ls_types as lsp;

/// Distinguishes this server process's result ids from an earlier one's.
fn session() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        format!(
            "{:x}",
            nanos ^ u64::from(std::process::id()).rotate_left(40)
        )
    })
}

/// The result id of an open document's findings.
pub fn open_id(version: i32, generation: u64) -> String {
    format!("{}:v{version}:g{generation}", session())
}

/// The result id of a note read from disk: its size and modification time
/// stand for its text (a change the client did not report still changes
/// the id).
fn disk_id(meta: &std::fs::Metadata, generation: u64) -> String {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}:d{}.{mtime}:g{generation}", session(), meta.len())
}

/// The result id of "no findings: not a note (any more)".
fn gone_id() -> String {
    format!("{}:gone", session())
}

/// The answer to `textDocument/diagnostic`: `unchanged`, or the full report
/// written out from the document's rendered parts (see `report`) as it is
/// sent, like the pushed diagnostics.
pub enum Pulled {
    Ready(lsp::DocumentDiagnosticReportResult),
    Full {
        result_id: String,
        report: super::report::Report,
    },
}

impl Pulled {
    /// The answer as an `ls_types` value, for when it is not sent as a frame
    /// of its own (and for tower-lsp's stand-in once it is).
    pub fn into_result(self) -> lsp::DocumentDiagnosticReportResult {
        match self {
            Pulled::Ready(r) => r,
            Pulled::Full { result_id, report } => {
                let mut json = b"[".to_vec();
                let mut elements: Box<dyn outbox::Elements> = Box::new(report);
                while elements.fill(&mut json, usize::MAX) {}
                json.push(b']');
                let items = serde_json::from_slice(&json).unwrap_or_default();
                lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Full(
                    lsp::RelatedFullDocumentDiagnosticReport {
                        related_documents: None,
                        full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                            result_id: Some(result_id),
                            items,
                        },
                    },
                ))
            }
        }
    }
}

impl Answer for Pulled {
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self> {
        let stand_in = Pulled::Ready(lsp::DocumentDiagnosticReportResult::Report(
            lsp::DocumentDiagnosticReport::Full(Default::default()),
        ));
        match self {
            Pulled::Ready(r) => Ok((wire::response(id, &r).into(), stand_in)),
            Pulled::Full { result_id, report } => Ok((
                wire::pulled_report(id, &result_id, Box::new(report)),
                stand_in,
            )),
        }
    }
}

/// `textDocument/diagnostic` for an open document; `None` when it is not open.
pub fn document(s: &mut State, uri: &lsp::Uri, previous: Option<&str>) -> Option<Pulled> {
    let k = key(uri);
    // Everything received before this request is in the index and the
    // generation first.
    s.sync_index();
    let id = open_id(s.docs.get(&k)?.version, s.generation);
    if previous == Some(id.as_str()) {
        return Some(Pulled::Ready(lsp::DocumentDiagnosticReportResult::Report(
            lsp::DocumentDiagnosticReport::Unchanged(
                lsp::RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                        result_id: id,
                    },
                },
            ),
        )));
    }
    let (_, report) = s.report(&k, uri)?;
    Some(Pulled::Full {
        result_id: id,
        report,
    })
}

fn full(
    uri: lsp::Uri,
    version: Option<i32>,
    id: String,
    items: Vec<lsp::Diagnostic>,
) -> lsp::WorkspaceDocumentDiagnosticReport {
    lsp::WorkspaceDocumentDiagnosticReport::Full(lsp::WorkspaceFullDocumentDiagnosticReport {
        uri,
        version: version.map(i64::from),
        full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
            result_id: Some(id),
            items,
        },
    })
}

fn unchanged(
    uri: lsp::Uri,
    version: Option<i32>,
    id: String,
) -> lsp::WorkspaceDocumentDiagnosticReport {
    lsp::WorkspaceDocumentDiagnosticReport::Unchanged(
        lsp::WorkspaceUnchangedDocumentDiagnosticReport {
            uri,
            version: version.map(i64::from),
            unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                result_id: id,
            },
        },
    )
}

/// `workspace/diagnostic`: a report for every note of the workspace, open
/// or not, as `check` would lint it. Files whose id matches the client's
/// `previousResultIds` are answered `unchanged` without being read.
///
/// The state is locked per file, not for the whole walk: a workspace of
/// notes read from disk and linted must not hold up the user's typing.
/// A file linted after the shared state moved on gets that newer
/// generation in its id; one answered `unchanged` under the older
/// generation is asked for again after the refresh that follows every bump.
pub fn workspace(
    state: &Mutex<State>,
    previous: Vec<lsp::PreviousResultId>,
    cancel: &Cancel,
) -> WorkspaceAnswer {
    let prev: HashMap<String, (lsp::Uri, String)> = previous
        .into_iter()
        .map(|p| (key(&p.uri), (p.uri, p.value)))
        .collect();
    let prev_id = |k: &str| prev.get(k).map(|p| p.1.as_str());
    let mut items = Vec::new();
    let mut reports = Vec::new();
    // Open documents, under one lock (their lint results are cached per
    // version, their reports kept rendered); then the list of notes on disk.
    let (open, disk, generation) = {
        let mut s = lock(state);
        s.sync_index();
        let generation = s.generation;
        let open: BTreeMap<String, i32> =
            s.docs.iter().map(|(k, d)| (k.clone(), d.version)).collect();
        for (k, &version) in &open {
            let Ok(uri) = lsp::Uri::from_str(k) else {
                continue;
            };
            let id = open_id(version, generation);
            if prev_id(k) == Some(id.as_str()) {
                items.push(unchanged(uri, Some(version), id));
            } else if let Some((version, report)) = s.report(k, &uri) {
                reports.push(OpenReport {
                    uri,
                    version,
                    result_id: id,
                    report,
                });
            }
        }
        let disk: BTreeSet<String> = s
            .index
            .files()
            .keys()
            .filter(|k| !s.docs.contains_key(*k))
            .cloned()
            .collect();
        (open, disk, generation)
    };
    // The client's reports for files that are no longer notes are emptied.
    let gone = gone_id();
    for (k, (uri, v)) in &prev {
        if disk.contains(k) || open.contains_key(k) {
            continue;
        }
        items.push(if *v == gone {
            unchanged(uri.clone(), None, gone.clone())
        } else {
            full(uri.clone(), None, gone.clone(), Vec::new())
        });
    }
    for k in disk {
        if cancel.is_cancelled() {
            break;
        }
        let Ok(uri) = lsp::Uri::from_str(&k) else {
            continue;
        };
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            continue;
        };
        let Ok(meta) = std::fs::metadata(&path) else {
            items.push(full(uri, None, gone.clone(), Vec::new()));
            continue;
        };
        let id = disk_id(&meta, generation);
        if prev_id(&k) == Some(id.as_str()) {
            items.push(unchanged(uri, None, id));
            continue;
        }
        if let Some(report) = lint_disk_file(state, &k, uri, &path, &meta) {
            items.push(report);
        }
    }
    WorkspaceAnswer {
        open: reports,
        rest: items,
    }
}

/// The answer to `workspace/diagnostic`. An open document's full report is
/// written from its rendered parts as the frame is sent, as the answer to
/// `textDocument/diagnostic` is: VS Code asks for the workspace's after
/// edits, and converting every finding of a big note each time cost as
/// much as a keystroke did before the report was kept (and twice the
/// memory of the note).
pub struct WorkspaceAnswer {
    open: Vec<OpenReport>,
    /// Unchanged reports, emptied files, notes read from disk.
    rest: Vec<lsp::WorkspaceDocumentDiagnosticReport>,
}

struct OpenReport {
    uri: lsp::Uri,
    version: i32,
    result_id: String,
    report: super::report::Report,
}

impl WorkspaceAnswer {
    /// An answer of open documents' reports (uri, version, result id,
    /// report) and other reports (for the wire's property tests).
    #[cfg(test)]
    pub fn new(
        open: Vec<(lsp::Uri, i32, String, super::report::Report)>,
        rest: Vec<lsp::WorkspaceDocumentDiagnosticReport>,
    ) -> WorkspaceAnswer {
        let open = open
            .into_iter()
            .map(|(uri, version, result_id, report)| OpenReport {
                uri,
                version,
                result_id,
                report,
            })
            .collect();
        WorkspaceAnswer { open, rest }
    }

    /// The answer as an `ls_types` value, for when it is not sent as a
    /// frame of its own (and for tower-lsp's stand-in once it is).
    pub fn into_result(self) -> lsp::WorkspaceDiagnosticReportResult {
        let mut items: Vec<_> = self
            .open
            .into_iter()
            .map(|o| {
                let mut json = b"[".to_vec();
                let mut elements: Box<dyn outbox::Elements> = Box::new(o.report);
                while elements.fill(&mut json, usize::MAX) {}
                json.push(b']');
                let diags = serde_json::from_slice(&json).unwrap_or_default();
                full(o.uri, Some(o.version), o.result_id, diags)
            })
            .collect();
        items.extend(self.rest);
        lsp::WorkspaceDiagnosticReportResult::Report(lsp::WorkspaceDiagnosticReport { items })
    }
}

/// The elements of a workspace answer's `items`, in order: each open
/// document's head, report and close, then the rest as JSON.
struct WorkspaceItems {
    pieces: std::collections::VecDeque<Piece>,
    len: usize,
}

enum Piece {
    Bytes(Vec<u8>),
    Report(super::report::Report),
}

impl WorkspaceItems {
    fn new(answer: WorkspaceAnswer) -> WorkspaceItems {
        let mut pieces = std::collections::VecDeque::new();
        let mut comma = false;
        let mut sep = |b: &mut Vec<u8>| {
            if std::mem::replace(&mut comma, true) {
                b.push(b',');
            }
        };
        for o in answer.open {
            let mut head = Vec::new();
            sep(&mut head);
            head.extend_from_slice(&wire::workspace_open_head(&o.uri, o.version, &o.result_id));
            pieces.push_back(Piece::Bytes(head));
            pieces.push_back(Piece::Report(o.report));
            pieces.push_back(Piece::Bytes(wire::WORKSPACE_OPEN_TAIL.to_vec()));
        }
        let mut rest = Vec::new();
        for r in &answer.rest {
            sep(&mut rest);
            let _ = serde_json::to_writer(&mut rest, r);
        }
        pieces.push_back(Piece::Bytes(rest));
        let len = pieces
            .iter()
            .map(|p| match p {
                Piece::Bytes(b) => b.len(),
                Piece::Report(r) => outbox::Elements::len(r),
            })
            .sum();
        WorkspaceItems { pieces, len }
    }
}

impl outbox::Elements for WorkspaceItems {
    fn len(&self) -> usize {
        self.len
    }

    fn fill(&mut self, buf: &mut Vec<u8>, limit: usize) -> bool {
        while buf.len() < limit {
            match self.pieces.front_mut() {
                None => return false,
                Some(Piece::Bytes(b)) => {
                    buf.extend_from_slice(b);
                    self.pieces.pop_front();
                }
                Some(Piece::Report(r)) => {
                    if r.fill(buf, limit) {
                        return true;
                    }
                    self.pieces.pop_front();
                }
            }
        }
        !self.pieces.is_empty()
    }
}

/// Read and lint a note that is not open, as `check` does: its text from
/// disk (capped at `max-file-size`), the workspace index for cross-file
/// rules. The state is locked for the lint only, not for the read.
fn lint_disk_file(
    state: &Mutex<State>,
    k: &str,
    uri: lsp::Uri,
    path: &Path,
    meta: &std::fs::Metadata,
) -> Option<lsp::WorkspaceDocumentDiagnosticReport> {
    // The file's own settings, resolved as `check` resolves them.
    let settings = lock(state).configs.for_file(path);
    let max = settings.max_file_size;
    let text = match crate::workspace::read::read_note(path, max) {
        Ok(t) => t,
        // Unreadable or too big: no findings (the index skips it too).
        Err(_) => return Some(full(uri, None, gone_id(), Vec::new())),
    };
    let mut s = lock(state);
    // Opened meanwhile: the document's own reports are its version's.
    if s.docs.contains_key(k) {
        return None;
    }
    s.sync_index();
    let id = disk_id(meta, s.generation);
    let diags = lint_text(k, &text, &settings.lint, &s.index);
    let rope = ropey::Rope::from_str(&text);
    let mut conv = convert::Conv::new(&rope, s.enc);
    let related = |file: &str, r: &std::ops::Range<usize>| s.related_loc(file, r);
    let items = diags
        .iter()
        .map(|d| wire::diagnostic::diagnostic(&mut conv, &uri, d, &related))
        .collect();
    Some(full(uri, None, id, items))
}

impl Answer for WorkspaceAnswer {
    fn split(self, id: &Id) -> std::result::Result<(Frame, Self), Self> {
        let stand_in = WorkspaceAnswer {
            open: Vec::new(),
            rest: Vec::new(),
        };
        let items = Box::new(WorkspaceItems::new(self));
        Ok((wire::workspace_report(id, items), stand_in))
    }
}
