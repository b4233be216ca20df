"""Edits the server proposes, checked by a client typed from the LSP
specification: "disable for this line" in a later talk, rename refusals,
rename of a speaker in a file changed on disk behind the server's back,
and the new-talk completion without snippet support."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from conftest import change_doc, initialize, open_doc, pull, uri_of, vscode, wait_until


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits to ASCII text (UTF-16 columns are characters)."""
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)

    def off(p: types.Position) -> int:
        return starts[p.line] + p.character if p.line < len(starts) else len(text)

    for e in sorted(edits, key=lambda e: off(e.range.start), reverse=True):
        text = text[: off(e.range.start)] + e.new_text + text[off(e.range.end) :]
    return text


def talks(n: int) -> str:
    return "___\n".join(
        f" Talk {i}\nJane Doe\n\nAbstract: A.\n\nIntro\n\tline a{i}  \n\tline b{i}  \n"
        for i in range(n)
    )


def lines_of(report, code: str) -> list[int]:
    return sorted(d.range.start.line for d in report.items if d.code == code)


async def test_disable_for_this_line_in_the_third_talk(client, tmp_path):
    text = talks(4)
    note = tmp_path / "a.talk"
    note.write_text(text)
    await initialize(client, tmp_path)
    open_doc(client, note, text)
    before = await pull(client, note)
    ws = lines_of(before, "NL030")
    assert len(ws) == 8, before
    target_line = text.split("\n").index("\tline a2  ")
    target = next(
        d for d in before.items if d.code == "NL030" and d.range.start.line == target_line
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(note)),
            range=target.range,
            context=types.CodeActionContext(diagnostics=[target]),
        )
    )
    action = next(
        a for a in actions if a.title == "Disable trailing-whitespace for this line"
    )
    fixed = apply(text, action.edit.changes[uri_of(note)])
    assert fixed != text
    change_doc(client, note, 2, fixed)
    after = await pull(client, note)
    # The comment is one line above the target: later lines move down one.
    want = [l + 1 if l > target_line else l for l in ws if l != target_line]
    assert lines_of(after, "NL030") == want, after
    others = lambda r: sorted(d.code for d in r.items if d.code != "NL030")
    assert others(after) == others(before)


A = " Opening Keynote\nAnn Lee\n\nIntro\n\tx\n"
B = " Closing Keynote\nAnn Lee, Bob Ray\n\nIntro\n\ty\n"


async def rename(client, note, new_name: str):
    return await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(note)),
            position=types.Position(line=1, character=2),
            new_name=new_name,
        )
    )


async def indexed(client, tmp_path):
    """a.talk open, b.talk only on disk; returns once b.talk is indexed
    (a rename from a.talk reaches it)."""
    (tmp_path / "a.talk").write_text(A)
    (tmp_path / "b.talk").write_text(B)
    await initialize(client, tmp_path, capabilities=vscode())
    a = tmp_path / "a.talk"
    open_doc(client, a, A)
    # References cover every indexed file: wait until b.talk is one of them.
    while True:
        seen = client.diagnostic_refresh_count
        refs = await client.text_document_references_async(
            types.ReferenceParams(
                text_document=types.TextDocumentIdentifier(uri=uri_of(a)),
                position=types.Position(line=1, character=2),
                context=types.ReferenceContext(include_declaration=True),
            )
        )
        if any(r.uri == uri_of(tmp_path / "b.talk") for r in refs or []):
            return a
        await wait_until("the index", lambda: client.diagnostic_refresh_count > seen)


@pytest.mark.parametrize("bad", ["Ann Lee 2", "Alex & Bob", "Alex and Anna", "  "])
async def test_rename_refuses_names_that_change_the_speaker_line(client, tmp_path, bad):
    a = await indexed(client, tmp_path)
    with pytest.raises(JsonRpcException) as err:
        await rename(client, a, bad)
    assert "cannot rename" in str(err.value), err.value
    edit = await rename(client, a, "Ann Smith")
    assert set(edit.changes) == {uri_of(a), uri_of(tmp_path / "b.talk")}


async def test_rename_in_a_file_changed_on_disk_edits_its_new_text(client, tmp_path):
    a = await indexed(client, tmp_path)
    # Changed behind the server's back: this client watches files itself
    # (so the server does not) and says nothing.
    newer = " Inserted Talk\nBob Ray\n\nIntro\n\tz\n" + B
    (tmp_path / "b.talk").write_text(newer)
    edit = await rename(client, a, "Ann Smith")
    got = apply(newer, edit.changes[uri_of(tmp_path / "b.talk")])
    assert got == newer.replace("Ann Lee", "Ann Smith")


async def test_new_talk_without_snippet_support_is_plain_text(client, tmp_path):
    caps = vscode()
    caps.text_document.completion.completion_item.snippet_support = False
    await initialize(client, tmp_path, capabilities=caps)
    note = tmp_path / "a.talk"
    text = " T\nAda Lovelace\n\nAbstract: x\n\nTa"
    open_doc(client, note, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(note)),
            position=types.Position(line=5, character=2),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    item = next(i for i in items if i.label == "new talk")
    assert item.insert_text_format in (None, types.InsertTextFormat.PlainText), item
    assert "$" not in item.text_edit.new_text, item.text_edit.new_text
    assert "Description: " in item.text_edit.new_text
