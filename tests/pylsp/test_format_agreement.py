"""The server's formatting equals `notelint fmt`, and its fix-all equals
`check --fix` (a second fix-all offers nothing), on the shared seeds and
the examples (issue 27, items 2 and 7: they were computed two ways and
disagreed). Range formatting edits only inside the range. The edits are
applied by this client, from lsprotocol's types, with UTF-16 columns and
any line end."""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess

import pytest
from lsprotocol import types

from conftest import BIN, REPO, change_doc, initialize, open_doc, uri_of

SEEDS = REPO.parent / "shared" / "seeds"
NOTES = sorted((REPO / "examples").glob("*.talk")) + (
    sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
)


def line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", text):
        starts.append(m.end())
    return starts


def offset(text: str, starts: list[int], p: types.Position) -> int:
    """The index in `text` of an LSP position (UTF-16 columns; past the
    line's end is its end)."""
    if p.line >= len(starts):
        return len(text)
    i, units = starts[p.line], 0
    while i < len(text) and units < p.character and text[i] not in "\r\n":
        units += len(text[i].encode("utf-16-le")) // 2
        i += 1
    return i


def apply(text: str, edits: list[types.TextEdit]) -> str:
    starts = line_starts(text)
    spans = sorted(
        (offset(text, starts, e.range.start), offset(text, starts, e.range.end), e.new_text)
        for e in edits
    )
    for (a0, b0, _), (a1, _, _) in zip(spans, spans[1:]):
        assert b0 <= a1, f"overlapping edits at {a0}..{b0} and {a1}"
    for a, b, new in reversed(spans):
        text = text[:a] + new + text[b:]
    return text


def read(path: pathlib.Path) -> str:
    # newline="" keeps \r\n and \r as they are.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


async def fix_all(client, note: pathlib.Path) -> list[types.TextEdit]:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(note)),
            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )
    assert len(actions or []) <= 1, actions
    return actions[0].edit.changes[uri_of(note)] if actions else []


@pytest.mark.parametrize("source", NOTES, ids=lambda p: p.name)
async def test_formatting_is_fmt_and_fix_all_is_check_fix(client, tmp_path, source):
    note = tmp_path / "note.talk"
    shutil.copyfile(source, note)
    text = read(note)
    await initialize(client, tmp_path)
    open_doc(client, note, text)

    formatting = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(note)),
            options=types.FormattingOptions(tab_size=4, insert_spaces=False),
        )
    )
    fmt = subprocess.run(
        [BIN, "fmt", "-"], input=text.encode(), capture_output=True, check=True
    ).stdout.decode()
    assert apply(text, formatting or []) == fmt

    edits = await fix_all(client, note)
    fixed = apply(text, edits)
    copy = tmp_path / "cli" / "note.talk"
    copy.parent.mkdir()
    shutil.copyfile(source, copy)
    subprocess.run([BIN, "check", "--fix", str(copy)], capture_output=True)
    assert fixed == read(copy)
    change_doc(client, note, 2, fixed)
    assert await fix_all(client, note) == []
    change_doc(client, note, 3, text)

    # Lines 0-40: nothing on line 40 or after.
    starts = line_starts(text)
    end = types.Position(min(40, len(starts) - 1), 0)
    ranged = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(note)),
            range=types.Range(types.Position(0, 0), end),
            options=types.FormattingOptions(tab_size=4, insert_spaces=False),
        )
    )
    limit = offset(text, starts, end)
    for e in ranged or []:
        assert offset(text, starts, e.range.end) <= limit, e
        assert e in (formatting or []), e
