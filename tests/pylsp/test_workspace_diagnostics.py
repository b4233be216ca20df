"""`workspace/diagnostic`: notes that were never opened are reported as
`check` reports them (VS Code's Problems panel lists them), with a result id
per file so an unchanged file is answered `unchanged`."""

from __future__ import annotations

import json
import subprocess

from lsprotocol import types

from conftest import BIN, change_doc, initialize, open_doc, uri_of, wait_until, workspace_pull

A = " Same Title\nAuthor\nAnn Lee\n"
B = " Same Title\nAuthor\nBo Day\n"
NO_SPEAKER = "____\nNobody Speaks\n\nDescription: d\n"


def by_uri(report: types.WorkspaceDiagnosticReport) -> dict[str, types.WorkspaceDocumentDiagnosticReport]:
    out = {}
    for item in report.items:
        assert item.uri not in out, f"{item.uri} reported twice"
        out[item.uri] = item
    return out


def codes(item) -> list[str]:
    assert isinstance(item, types.WorkspaceFullDocumentDiagnosticReport), item
    return sorted(str(d.code) for d in item.items)


def ids(report) -> dict[str, str]:
    return {i.uri: i.result_id for i in report.items}


async def indexed(client, uri: str) -> types.WorkspaceDiagnosticReport:
    """Pull the workspace until `uri` is in it (the index is built in the
    background; each step of it ends in a refresh)."""
    while True:
        seen = client.diagnostic_refresh_count
        report = await workspace_pull(client)
        if uri in by_uri(report):
            return report
        await wait_until(f"{uri} in the workspace", lambda: client.diagnostic_refresh_count > seen)


async def test_never_opened_notes_are_reported_then_unchanged(client, tmp_path):
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "b.talk").write_text(B)
    (tmp_path / "c.talk").write_text(NO_SPEAKER)
    result = await initialize(client, tmp_path)
    provider = result.capabilities.diagnostic_provider
    assert isinstance(provider, types.DiagnosticOptions) and provider.workspace_diagnostics
    a, b, c = (uri_of(tmp_path / n) for n in ("a.talk", "b.talk", "c.talk"))
    first = await indexed(client, c)
    # Wait for all three (the index may have been half built).
    while set(by_uri(first)) != {a, b, c}:
        seen = client.diagnostic_refresh_count
        await wait_until("the whole workspace", lambda: client.diagnostic_refresh_count > seen)
        first = await workspace_pull(client)
    items = by_uri(first)
    # Nothing is open: every report is for a file on disk.
    assert all(i.version is None for i in items.values())
    # The same findings as `notelint check` on the same files.
    out = subprocess.run(
        [BIN, "check", "--format", "json", "."], cwd=tmp_path, capture_output=True, text=True
    )
    cli = {
        uri_of(tmp_path / f["path"]): sorted(d["code"] for d in f["diagnostics"])
        for f in json.loads(out.stdout)["files"]
    }
    assert {u: codes(i) for u, i in items.items()} == cli, out.stdout
    assert "NL001" in codes(items[c])
    assert "NL009" in codes(items[a])
    # Asked again with the ids it holds: nothing changed, nothing resent.
    again = by_uri(await workspace_pull(client, ids(first)))
    assert set(again) == {a, b, c}
    for uri, item in again.items():
        assert isinstance(item, types.WorkspaceUnchangedDocumentDiagnosticReport), item
        assert item.result_id == ids(first)[uri]


async def test_an_edit_in_one_file_changes_the_workspace_answer_of_another(client, tmp_path):
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "b.talk").write_text(B)
    await initialize(client, tmp_path)
    a, b = uri_of(tmp_path / "a.talk"), uri_of(tmp_path / "b.talk")
    open_doc(client, tmp_path / "b.talk")
    first = await indexed(client, a)
    while "NL009" not in codes(by_uri(first)[a]):
        seen = client.diagnostic_refresh_count
        await wait_until("NL009 in a.talk", lambda: client.diagnostic_refresh_count > seen)
        first = await workspace_pull(client)
    assert by_uri(first)[b].version == 1
    seen = client.diagnostic_refresh_count
    change_doc(client, tmp_path / "b.talk", 2, " Another Title\nAuthor\nBo Day\n")
    await wait_until("a refresh after the retitle", lambda: client.diagnostic_refresh_count > seen)
    again = by_uri(await workspace_pull(client, ids(first)))
    # a.talk was never opened and did not change, but its answer did.
    assert "NL009" not in codes(again[a])
    assert again[b].version == 2


async def test_a_deleted_note_is_emptied(client, tmp_path):
    (tmp_path / "c.talk").write_text(NO_SPEAKER)
    await initialize(client, tmp_path)
    c = uri_of(tmp_path / "c.talk")
    first = await indexed(client, c)
    assert "NL001" in codes(by_uri(first)[c])
    seen = client.diagnostic_refresh_count
    (tmp_path / "c.talk").unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=c, type=types.FileChangeType.Deleted)]
        )
    )
    await wait_until("a refresh after the delete", lambda: client.diagnostic_refresh_count > seen)
    again = by_uri(await workspace_pull(client, ids(first)))
    assert codes(again[c]) == []
