"""Import through the server, checked by a client typed from the LSP
specification: the "Convert to talk-note markup" code action (a versioned
TextDocumentEdit whose edit is annotated `needsConfirmation`, as VS Code
needs to preview it) and the `notelint.import` command. Both must give
what `notelint import` prints."""

from __future__ import annotations

import subprocess

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from conftest import BIN, REPO, initialize, open_doc, pull, uri_of

EXPORT = REPO / "tests" / "fixtures" / "import" / "structured" / "schedule.json"


def cli_import(path) -> str:
    return subprocess.run(
        [BIN, "import", "--from", "frab-json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


async def test_convert_action_and_command(client, tmp_path):
    text = EXPORT.read_text()
    note = tmp_path / "schedule.json"
    note.write_text(text)
    init = await initialize(client, tmp_path)
    assert "notelint.import" in init.capabilities.execute_command_provider.commands
    open_doc(client, note, text)
    report = await pull(client, note)
    finding = next(d for d in report.items if d.code == "NL037")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(note)),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    action = next(a for a in actions if a.title == "Convert to talk-note markup")
    assert action.kind == types.CodeActionKind.QuickFix
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == uri_of(note)
    assert change.text_document.version == 1
    (edit,) = change.edits
    assert isinstance(edit, types.AnnotatedTextEdit)
    annotation = action.edit.change_annotations[edit.annotation_id]
    assert annotation.needs_confirmation is True
    assert edit.range.start == types.Position(line=0, character=0)
    assert edit.range.end == types.Position(line=len(text.splitlines()), character=0)
    expected = cli_import(note)
    assert edit.new_text == expected

    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="notelint.import", arguments=[uri_of(note)])
    )
    assert result["text"] == expected
    assert result["shape"] == "frab-json"


async def test_command_refuses_talk_notes(client, tmp_path):
    note = tmp_path / "a.talk"
    note.write_text(" A Talk\nAda Quist\n\nNotes\n\tpoint\n")
    await initialize(client, tmp_path)
    try:
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="notelint.import", arguments=[uri_of(note)])
        )
    except JsonRpcException as e:
        assert "already talk-note markup" in str(e)
    else:
        raise AssertionError("importing talk-note markup must be refused")


async def test_command_imports_the_text_the_client_sends(client, tmp_path):
    """An editor sends only talk-note files to the server, so for the file
    being imported only the client has the unsaved edits: it sends them."""
    note = tmp_path / "talks.csv"
    note.write_text("Title,Speaker\nOn Disk,Ada Quist\n")
    buffer = "Title,Speaker\nIn The Buffer,Bo Lind\n"
    unsaved = tmp_path / "unsaved.csv"
    unsaved.write_text(buffer)
    expected = subprocess.run(
        [BIN, "import", "--from", "csv", str(unsaved)], check=True, capture_output=True, text=True
    ).stdout
    await initialize(client, tmp_path)
    for arguments in (
        [uri_of(note), "csv", buffer],
        [{"uri": uri_of(note), "shape": "csv", "text": buffer}],
    ):
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="notelint.import", arguments=arguments)
        )
        assert result["text"] == expected
        assert result["shape"] == "csv"
        assert result["talks"] == 1
