"""Hostile framing through pytest-lsp's client (issue 26, items 2 and 7): a
`Content-Length` no message should have, and a message without one. The
raw bytes go through the client's own writer to the server's stdin; the
request after them is made with lsprotocol's types and must be answered,
and the server's warning about the bad message is checked in the log.

Before the fix the first killed the server (it allocated what the header
said) and the second made it drop the next request."""

from __future__ import annotations

import pathlib

from lsprotocol import types

from conftest import initialize, open_doc, uri_of, wait_until

NOTE = " Framed Talk\nby Ann Lee\n\nDescription: x\n"


def raw(client, data: bytes):
    """Bytes straight to the server's stdin, past the client's framing."""
    client.protocol.writer.write(data)


async def symbols(client) -> list[str]:
    found = await client.workspace_symbol_async(
        types.WorkspaceSymbolParams(query="Framed")
    )
    return [s.name for s in found or []]


async def warned(client, fragment: str):
    await wait_until(
        f"a logged warning containing {fragment!r}",
        lambda: any(fragment in m.message for m in client.log_messages),
    )


async def test_bad_frames_do_not_kill_the_server_or_swallow_requests(
    client, tmp_path: pathlib.Path
):
    await initialize(client, tmp_path)
    note = tmp_path / "framed.talk"
    note.write_text(NOTE)
    open_doc(client, note)
    assert await symbols(client) == ["Framed Talk"]

    # A length no integer of the server's holds, and one far over the cap:
    # refused, and the next request (right after, on the same stream) is
    # where the client is back in step.
    for claimed in (b"18446744073709551615", b"99999999999999"):
        raw(client, b"Content-Length: " + claimed + b"\r\n\r\n")
        assert await symbols(client) == ["Framed Talk"]
    await warned(client, "over the limit of 512 MiB")

    # A message with headers but no Content-Length, then one with no
    # headers at all: each a parse error, and the next request answered.
    body = b'{"jsonrpc":"2.0","id":"lost","method":"workspace/symbol","params":{"query":""}}'
    raw(client, b"Content-Type: application/vscode-jsonrpc\r\n\r\n" + body)
    assert await symbols(client) == ["Framed Talk"]
    await warned(client, "without a valid Content-Length")
    raw(client, body)
    assert await symbols(client) == ["Framed Talk"]
    await warned(client, "outside any message")

    # Still the same, live server.
    found = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(note))
        )
    )
    assert [s.name for s in found] == ["Framed Talk"]
