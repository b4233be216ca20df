"""Drive the real `notelint lsp` binary with pytest-lsp, whose types come from
lsprotocol (generated from the LSP specification's meta-model), so these
tests do not share the server's assumptions about names and shapes.

The binary is `$NOTELINT_BIN`, or `target/debug/notelint` of this checkout.
Each test gets a fresh server (`client`); it initializes it itself with
`initialize(client, root, capabilities=...)`, so a scenario can play any
client: `client_capabilities("neovim")` etc. are what those editors send
(recorded by pytest-lsp), `vscode()` is VS Code with pull diagnostics.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import time
from typing import Any, Callable

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import make_test_lsp_client

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("NOTELINT_BIN", str(REPO / "target" / "debug" / "notelint"))

# How long a scenario waits for the server to do something it must do.
# Generous: CI machines are shared; a correct server answers in milliseconds.
WAIT = float(os.environ.get("PYLSP_WAIT", "30"))

__all__ = [
    "client_capabilities",
    "vscode",
    "initialize",
    "uri_of",
    "wait_until",
    "open_doc",
    "change_doc",
    "pull",
    "pull_until",
    "workspace_pull",
]


def make_client() -> LanguageClient:
    """pytest-lsp's client, plus what an editor answers that it does not:
    `client/registerCapability` (kept in `client.registrations`)."""
    client = make_test_lsp_client()
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    @client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister(params: types.UnregistrationParams):
        gone = {u.id for u in params.unregisterations}
        client.registrations = [r for r in client.registrations if r.id not in gone]

    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[BIN, "lsp"], client_factory=make_client)
)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


def uri_of(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


def vscode() -> types.ClientCapabilities:
    """VS Code's capabilities as pytest-lsp recorded them (1.65), plus what
    vscode-languageclient 8+ adds for LSP 3.17 pull diagnostics, spelt as
    the specification spells them (lsprotocol's field names)."""
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
        dynamic_registration=True, related_document_support=False
    )
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(
        refresh_support=True
    )
    return caps


async def initialize(
    client: LanguageClient,
    root: pathlib.Path | None = None,
    capabilities: types.ClientCapabilities | None = None,
    options: Any = None,
    folders: list[pathlib.Path] | None = None,
) -> types.InitializeResult:
    """`initialize` + `initialized`, as VS Code by default."""
    caps = capabilities or vscode()
    if folders is None and root is not None:
        folders = [root]
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=uri_of(root) if root else None,
            workspace_folders=[
                types.WorkspaceFolder(uri=uri_of(f), name=f.name) for f in folders
            ]
            if folders
            else None,
            initialization_options=options,
        )
    )


async def wait_until(what: str, cond: Callable[[], bool], timeout: float = WAIT):
    """Wait for a condition the server's messages make true (checked each
    time the event loop runs, not after a fixed delay)."""
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


def open_doc(client: LanguageClient, path: pathlib.Path, text: str | None = None):
    text = path.read_text() if text is None else text
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri_of(path), language_id="talknotes", version=1, text=text
            )
        )
    )


def change_doc(client: LanguageClient, path: pathlib.Path, version: int, text: str):
    """Replace the whole text (a change event without a range)."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                uri=uri_of(path), version=version
            ),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def pull(
    client: LanguageClient, path: pathlib.Path, previous: str | None = None
) -> types.DocumentDiagnosticReport:
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(path)),
            identifier="notelint",
            previous_result_id=previous,
        )
    )


async def pull_until(
    client: LanguageClient,
    path: pathlib.Path,
    what: str,
    cond: Callable[[types.DocumentDiagnosticReport], bool],
) -> types.DocumentDiagnosticReport:
    """Pull as VS Code does: once, then again after each
    `workspace/diagnostic/refresh`, until the answer satisfies `cond`
    (background work such as indexing the workspace ends in a refresh)."""
    while True:
        seen = client.diagnostic_refresh_count
        report = await pull(client, path)
        if cond(report):
            return report
        await wait_until(what, lambda: client.diagnostic_refresh_count > seen)


async def workspace_pull(
    client: LanguageClient, previous: dict[str, str] | None = None
) -> types.WorkspaceDiagnosticReport:
    """`workspace/diagnostic` with the result ids the client holds (uri -> id)."""
    return await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(
            identifier="notelint",
            previous_result_ids=[
                types.PreviousResultId(uri=u, value=v)
                for u, v in (previous or {}).items()
            ],
        )
    )
