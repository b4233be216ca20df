"""Pulled diagnostics as VS Code's client asks for them (its real capabilities,
from pytest-lsp): cross-file findings reach a document whose own text did
not change."""

from __future__ import annotations

from lsprotocol import types

from conftest import change_doc, initialize, open_doc, pull, pull_until, uri_of, wait_until

A = " Same Title\nAuthor\nAnn Lee\n"
B = " Same Title\nAuthor\nBo Day\n"
B_RETITLED = " Another Title\nAuthor\nBo Day\n"
DUP = "NL009"  # duplicate-title


def codes(report) -> list[str]:
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport), report
    return [str(d.code) for d in report.items]


async def test_a_duplicate_title_in_another_file_is_pulled_and_refreshed(client, tmp_path):
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "b.talk").write_text(B)
    result = await initialize(client, tmp_path)
    assert result.capabilities.diagnostic_provider is not None
    open_doc(client, tmp_path / "a.talk")
    # b.talk is only on disk: once the workspace index finds it, the server
    # asks for a new pull, which has the duplicate title.
    await pull_until(
        client, tmp_path / "a.talk", "NL009 in a.talk", lambda r: DUP in codes(r)
    )
    # A pull client gets no pushes (VS Code would show everything twice).
    assert client.diagnostics == {}


async def test_retitling_another_file_changes_the_pulled_answer(client, tmp_path):
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "b.talk").write_text(B)
    await initialize(client, tmp_path)
    open_doc(client, tmp_path / "a.talk")
    open_doc(client, tmp_path / "b.talk")
    await wait_until("a refresh", lambda: client.diagnostic_refresh_count > 0)
    first = await pull(client, tmp_path / "a.talk")
    assert DUP in codes(first)
    seen = client.diagnostic_refresh_count
    change_doc(client, tmp_path / "b.talk", 2, B_RETITLED)
    # The server must ask VS Code to pull again: a.talk's answer changed.
    await wait_until("a refresh after the retitle", lambda: client.diagnostic_refresh_count > seen)
    again = await pull(client, tmp_path / "a.talk", previous=first.result_id)
    assert DUP not in codes(again)
    assert again.result_id != first.result_id


def watched(client, *paths, kind=types.FileChangeType.Changed):
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri_of(p), type=kind) for p in paths]
        )
    )


async def test_a_file_changed_on_disk_changes_the_pulled_answer(client, tmp_path):
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "b.talk").write_text(B)
    await initialize(client, tmp_path)
    open_doc(client, tmp_path / "a.talk")
    first = await pull_until(
        client, tmp_path / "a.talk", "NL009 in a.talk", lambda r: DUP in codes(r)
    )
    # Re-pulling with nothing changed keeps the client's copy.
    same = await pull(client, tmp_path / "a.talk", previous=first.result_id)
    assert isinstance(same, types.RelatedUnchangedDocumentDiagnosticReport), same
    assert same.result_id == first.result_id
    seen = client.diagnostic_refresh_count
    (tmp_path / "b.talk").write_text(B_RETITLED)
    watched(client, tmp_path / "b.talk")
    await wait_until("a refresh after b.talk changed", lambda: client.diagnostic_refresh_count > seen)
    again = await pull(client, tmp_path / "a.talk", previous=first.result_id)
    assert DUP not in codes(again)


async def test_a_changed_notelint_toml_changes_the_pulled_answer(client, tmp_path):
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "b.talk").write_text(B)
    await initialize(client, tmp_path)
    open_doc(client, tmp_path / "a.talk")
    open_doc(client, tmp_path / "b.talk")
    first = await pull(client, tmp_path / "a.talk")
    assert DUP in codes(first)
    seen = client.diagnostic_refresh_count
    (tmp_path / "notelint.toml").write_text('[rules]\nduplicate-title = "off"\n')
    watched(client, tmp_path / "notelint.toml", kind=types.FileChangeType.Created)
    await wait_until("a refresh after the config changed", lambda: client.diagnostic_refresh_count > seen)
    again = await pull(client, tmp_path / "a.talk", previous=first.result_id)
    assert DUP not in codes(again)
