"""Configuration per file, as `notelint check` resolves it: a nested
`notelint.toml`, a second workspace folder, folders added later, settings
from the client, config files changed on disk, and the server's own file
watcher for clients that cannot watch (issue 13, defects 3 and 4).

Every wait is for a message the server sends (`publishDiagnostics`), never
a fixed delay."""

from __future__ import annotations

import asyncio
import pathlib
from typing import Callable

from lsprotocol import types

from conftest import WAIT, initialize, open_doc, uri_of

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TRAILING = "NL030"  # trailing-whitespace
TOO_LONG = "NL011"  # too-long (a title limit is set)
DUP = "NL009"  # duplicate-title

# Both notes have trailing whitespace; their titles are 18+ characters.
A = " A Rather Long Title\nAuthor\nAnn Lee  \n"
B = " Another Long Title\nAuthor\nBo Day  \n"
# Turns trailing-whitespace off and limits titles to 5 characters.
QUIET_AND_SHORT = '[rules]\ntrailing-whitespace = "off"\n\n[limits]\ntitle = 5\n'


def push_client(watch: bool = False, configuration: bool = False) -> types.ClientCapabilities:
    """A client that takes pushed diagnostics, with or without file watching
    and `workspace/configuration`."""
    return types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            workspace_folders=True,
            configuration=configuration,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=watch
            ),
        ),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities()
        ),
    )


def codes(diags) -> set[str]:
    return {str(d.code) for d in diags}


class Published(dict):
    """`client.diagnostics` (uri -> last published list) that wakes waiters
    each time pytest-lsp's handler stores a `publishDiagnostics`."""

    def __init__(self, *args):
        super().__init__(*args)
        self.changed = asyncio.Event()

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.changed.set()


async def published(client, path: pathlib.Path, what: str, cond: Callable[[set[str]], bool]):
    """Wait until the diagnostics last published for `path` satisfy `cond`
    (woken by each `publishDiagnostics`, not by a timer)."""
    if not isinstance(client.diagnostics, Published):
        client.diagnostics = Published(client.diagnostics)
    seen: Published = client.diagnostics
    uri = uri_of(path)
    try:
        async with asyncio.timeout(WAIT):
            while True:
                seen.changed.clear()
                got = seen.get(uri)
                if got is not None and cond(codes(got)):
                    return got
                await seen.changed.wait()
    except TimeoutError:
        last = seen.get(uri)
        raise AssertionError(
            f"timed out waiting for {what}; last published: {last and sorted(codes(last))}"
        ) from None


def governed_by_quiet(c: set[str]) -> bool:
    return TOO_LONG in c and TRAILING not in c


def governed_by_defaults(c: set[str]) -> bool:
    return TRAILING in c and TOO_LONG not in c


async def test_a_nested_config_governs_the_notes_below_it(client, tmp_path):
    (tmp_path / "notelint.toml").write_text("[rules]\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notelint.toml").write_text(QUIET_AND_SHORT)
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "sub" / "b.talk").write_text(B)
    await initialize(client, tmp_path, capabilities=push_client())
    open_doc(client, tmp_path / "a.talk")
    open_doc(client, tmp_path / "sub" / "b.talk")
    await published(client, tmp_path / "sub" / "b.talk", "sub/notelint.toml to apply", governed_by_quiet)
    await published(client, tmp_path / "a.talk", "the root config to apply", governed_by_defaults)


async def test_each_workspace_folder_has_its_own_config(client, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (two / "notelint.toml").write_text(QUIET_AND_SHORT)
    (one / "a.talk").write_text(A)
    (two / "b.talk").write_text(B)
    await initialize(client, capabilities=push_client(), folders=[one, two])
    open_doc(client, one / "a.talk")
    open_doc(client, two / "b.talk")
    await published(client, two / "b.talk", "two/notelint.toml to apply", governed_by_quiet)
    await published(client, one / "a.talk", "the defaults in folder one", governed_by_defaults)


async def test_an_added_workspace_folder_is_indexed_and_removed_again(client, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "a.talk").write_text(" Same Title\nAuthor\nAnn Lee\n")
    (two / "b.talk").write_text(" Same Title\nAuthor\nBo Day\n")
    result = await initialize(client, capabilities=push_client(), folders=[one])
    folders = result.capabilities.workspace.workspace_folders
    assert folders.supported and folders.change_notifications is True
    open_doc(client, one / "a.talk")
    await published(client, one / "a.talk", "a first lint", lambda c: DUP not in c)
    client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(
                added=[types.WorkspaceFolder(uri=uri_of(two), name="two")], removed=[]
            )
        )
    )
    await published(client, one / "a.talk", "two/b.talk's duplicate title", lambda c: DUP in c)
    client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(
                added=[], removed=[types.WorkspaceFolder(uri=uri_of(two), name="two")]
            )
        )
    )
    await published(client, one / "a.talk", "folder two to leave the index", lambda c: DUP not in c)


async def test_did_change_configuration_sets_the_config_path(client, tmp_path):
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "quiet.toml").write_text(QUIET_AND_SHORT)
    await initialize(client, tmp_path, capabilities=push_client())
    open_doc(client, tmp_path / "a.talk")
    await published(client, tmp_path / "a.talk", "the defaults", governed_by_defaults)
    # Pushed settings (no `workspace/configuration`), as Neovim sends them;
    # a relative path is relative to the first workspace folder.
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"notelint": {"configPath": "quiet.toml"}})
    )
    await published(client, tmp_path / "a.talk", "quiet.toml to apply", governed_by_quiet)
    # Cleared: back to the notelint.toml found (none: the defaults).
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"notelint": {"configPath": ""}})
    )
    await published(client, tmp_path / "a.talk", "the defaults again", governed_by_defaults)


async def test_settings_are_pulled_with_workspace_configuration(client, tmp_path):
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "quiet.toml").write_text(QUIET_AND_SHORT)
    client.set_configuration({"configPath": str(tmp_path / "quiet.toml")}, section="notelint")
    await initialize(client, tmp_path, capabilities=push_client(configuration=True))
    open_doc(client, tmp_path / "a.talk")
    # Pulled at `initialized`.
    await published(client, tmp_path / "a.talk", "the pulled configPath", governed_by_quiet)
    # VS Code sends `settings: null` and expects the server to pull again.
    client.set_configuration({"configPath": ""}, section="notelint")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await published(client, tmp_path / "a.talk", "the defaults after a re-pull", governed_by_defaults)


async def test_a_changed_nested_config_relints_the_notes_it_governs(client, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "sub" / "b.talk").write_text(B)
    await initialize(client, tmp_path, capabilities=push_client(watch=True))
    open_doc(client, tmp_path / "a.talk")
    open_doc(client, tmp_path / "sub" / "b.talk")
    await published(client, tmp_path / "sub" / "b.talk", "the defaults", governed_by_defaults)
    cfg = tmp_path / "sub" / "notelint.toml"
    cfg.write_text(QUIET_AND_SHORT)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri_of(cfg), type=types.FileChangeType.Created)]
        )
    )
    await published(client, tmp_path / "sub" / "b.talk", "the new sub/notelint.toml", governed_by_quiet)
    await published(client, tmp_path / "a.talk", "a.talk still on defaults", governed_by_defaults)


async def test_without_client_watching_the_server_sees_files_change_on_disk(client, tmp_path):
    """Neovim on Linux and many small clients cannot watch files: a `git
    pull` must still reach the index (here: a duplicate title appears and
    goes, folders move in and out, and a notelint.toml written on disk
    applies)."""
    root, outside = tmp_path / "ws", tmp_path / "outside"
    root.mkdir()
    (outside / "moved").mkdir(parents=True)
    (outside / "moved" / "d.talk").write_text(" Same Title\nAuthor\nDee Ray\n")
    (root / "a.talk").write_text(" Same Title\nAuthor\nAnn Lee  \n")
    (root / "b.talk").write_text(" Same Title\nAuthor\nBo Day\n")
    await initialize(client, root, capabilities=push_client(watch=False))
    assert client.registrations == []
    a = root / "a.talk"
    open_doc(client, a)
    # Indexing starts after the watcher: once b.talk is seen, changes are too.
    await published(client, a, "b.talk indexed", lambda c: DUP in c)
    (root / "b.talk").write_text(" Retitled on Disk\nAuthor\nBo Day\n")
    await published(client, a, "the retitle seen on disk", lambda c: DUP not in c)
    (root / "c.talk").write_text(" Same Title\nAuthor\nCy Fox\n")
    await published(client, a, "a new file seen on disk", lambda c: DUP in c)
    (root / "c.talk").unlink()
    await published(client, a, "a deletion seen on disk", lambda c: DUP not in c)
    # A folder moved in reports no event per file.
    (outside / "moved").rename(root / "moved")
    await published(client, a, "a note in a folder moved in", lambda c: DUP in c)
    (root / "moved").rename(outside / "moved")
    await published(client, a, "the folder moved out again", lambda c: DUP not in c)
    (root / "notelint.toml").write_text('[rules]\ntrailing-whitespace = "off"\n')
    await published(client, a, "notelint.toml written on disk", lambda c: TRAILING not in c)
