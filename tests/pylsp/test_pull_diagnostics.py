"""Pulled diagnostics as VS Code's client asks for them (its real capabilities,
from pytest-lsp): cross-file findings reach a document whose own text did
not change."""

from __future__ import annotations

import pytest
from lsprotocol import types

from conftest import change_doc, initialize, open_doc, pull, wait_until

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
    # b.talk is only on disk: the workspace index finds it.
    await wait_until("a refresh", lambda: client.diagnostic_refresh_count > 0)
    assert DUP in codes(await pull(client, tmp_path / "a.talk"))
    # A pull client gets no pushes (VS Code would show everything twice).
    assert client.diagnostics == {}


@pytest.mark.xfail(
    strict=True,
    reason="issue 13 defect 1: resultId is the document version, so a change "
    "in another file answers `unchanged`",
)
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
