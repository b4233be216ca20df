"""`notelint check --format json` and the language server agree on every
note of a tree with nested configs, one of them broken (issue 27): the
notes the broken config governs get no findings from either, the other
notes the same findings, and the server says what `check` says — a window
message and a diagnostic on the broken config. The Rust twin of this test
(generated trees) is tests/lsp_agreement.rs."""

from __future__ import annotations

import json
import pathlib
import subprocess

from lsprotocol import types

from conftest import BIN, initialize, open_doc, pull, uri_of, vscode, wait_until

TALK = " Fast Python 🎉\nby Jose\u0301 Lee\n\nCore, Begginer\n\nDescription: See https://example.com/😀  \n"
DUPLICATE = " Fast Python 🎉\nby José Lee and Alex Martell\n\nNotes\n\t* a point\n\nDescription: d\n"
NO_SPEAKER = " Lonely Talk With A Title Far Too Long For The Sub Folder\n\nDescription: d\nstray\n"

TREE = {
    "notelint.toml": 'roster = "people.toml"\n\n[rules]\ntrailing-whitespace = "info"\n',
    "people.toml": '[[person]]\nname = "José Lee"\n\n[[person]]\nname = "Alex Martelli"\n',
    "a.talk": TALK,
    "b.talk": DUPLICATE,
    "sub/notelint.toml": '[rules]\nbad-meta = "off"\n\n[limits]\ntitle = 20\n',
    "sub/c.talk": NO_SPEAKER,
    "sub/deeper/d.talk": TALK + "___\n" + NO_SPEAKER,
    "broken/notelint.toml": '[rules]\nno-such-rule = "off"\n',
    "broken/e.talk": DUPLICATE,
    "broken/inner/f.talk": NO_SPEAKER,
}
NOTES = sorted(rel for rel in TREE if rel.endswith(".talk"))


def check(root: pathlib.Path) -> dict:
    out = subprocess.run(
        [BIN, "check", "--format", "json", "."], cwd=root, capture_output=True, text=True
    )
    # 2: a config could not be used (the broken one).
    assert out.returncode in (0, 1, 2), out.stderr
    return json.loads(out.stdout)


def utf16_col(line: bytes, byte_col: int) -> int:
    return len(line[:byte_col].decode().encode("utf-16-le")) // 2


def as_lsp(data: bytes, offset: int) -> tuple[int, int]:
    """A byte offset as an LSP position in UTF-16 units (lines end at \\n)."""
    line = data[:offset].count(b"\n")
    start = data.rfind(b"\n", 0, offset) + 1
    return line, utf16_col(data[start:], offset - start)


async def test_check_and_the_server_agree_with_a_broken_nested_config(client, tmp_path):
    root = tmp_path / "ws"
    for rel, text in TREE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    report = check(root)
    assert [e for e in report["errors"] if "broken/notelint.toml" in json.dumps(e)], report["errors"]
    expected: dict[str, list[tuple]] = {rel: [] for rel in NOTES}
    for f in report["files"]:
        data = (root / f["path"]).read_bytes()
        expected[f["path"]] = sorted(
            (
                d["code"],
                as_lsp(data, d["range"]["start"]["offset"]),
                as_lsp(data, d["range"]["end"]["offset"]),
                d["message"],
            )
            for d in f["diagnostics"]
        )
    assert not expected["broken/e.talk"] and not expected["broken/inner/f.talk"]

    await initialize(client, root, capabilities=vscode())
    # The first refresh comes when the workspace index is complete.
    await wait_until("the workspace index", lambda: client.diagnostic_refresh_count > 0)
    mismatches = []
    for rel in NOTES:
        path = root / rel
        open_doc(client, path)
        got = await pull(client, path)
        found = sorted(
            (
                str(d.code),
                (d.range.start.line, d.range.start.character),
                (d.range.end.line, d.range.end.character),
                d.message,
            )
            for d in got.items
        )
        if found != expected[rel]:
            mismatches.append(f"{rel}: check {expected[rel]}\n  server {found}")
    assert not mismatches, "\n".join(mismatches)
    assert sum(len(v) for v in expected.values()) >= 8, expected

    # Said as `check` says it: a message, and a diagnostic on the config.
    broken = uri_of(root / "broken/notelint.toml")
    await wait_until("a diagnostic on the broken config", lambda: bool(client.diagnostics.get(broken)))
    (diag,) = client.diagnostics[broken]
    assert diag.severity == types.DiagnosticSeverity.Error
    assert "no-such-rule" in diag.message and "not checked" in diag.message
    assert diag.range.start.line == 1
    shown = [m for m in client.messages if "broken/notelint.toml" in m.message]
    assert shown and shown[0].type == types.MessageType.Error, client.messages
