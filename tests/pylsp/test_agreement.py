"""`notelint check --format json` and the language server agree on every
finding (code, range, message) for every note of a workspace with nested
configs, built from examples/ and the shared seeds (issue 13, "Done
when"). The server sees each file through its own settings, as `check`
resolves them; the seeds are skipped when ../shared is absent."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess

from lsprotocol import types

from conftest import BIN, REPO, initialize, open_doc, pull, vscode, wait_until

SEEDS = REPO.parent / "shared" / "seeds"

# Root: seeds are notes too (*.txt). strict/: more rules, other limits.
# custom/: other levels, tracks and labels (grammar options change parsing).
CONFIGS = {
    "notelint.toml": 'include = ["*.txt"]\n\n[limits]\ntitle = 60\n',
    "strict/notelint.toml": (
        'required-sections = ["Bio", "Abstract"]\n\n[limits]\ntitle = 20\nbio = 80\n\n'
        '[rules]\ntrailing-whitespace = "off"\nsection-order = "error"\n'
    ),
    "custom/notelint.toml": (
        'levels = ["Intermediat", "Beginner"]\ntracks = ["Testing"]\nlabels = ["Slides"]\n'
        'speaker-distance = 4\n\n[rules]\nstray-line = "off"\n'
    ),
}


def build_tree(root: pathlib.Path) -> None:
    for rel, text in CONFIGS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    notes = sorted((REPO / "examples").glob("*.talk"))
    if SEEDS.is_dir():
        notes += sorted(SEEDS.glob("*.txt"))
    assert notes, "no examples found"
    for folder in ["", "strict", "custom", "custom/deeper"]:
        (root / folder).mkdir(parents=True, exist_ok=True)
        for n in notes:
            shutil.copyfile(n, root / folder / n.name)


def line_starts(text: bytes) -> list[int]:
    """Byte offset of each line (lines end at \\n, \\r\\n or \\r, as the server's)."""
    starts = [0]
    for m in re.finditer(rb"\r\n|\r|\n", text):
        starts.append(m.end())
    return starts


def check_findings(root: pathlib.Path) -> dict[str, list[tuple]]:
    out = subprocess.run(
        [BIN, "check", "--format", "json", "."],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert out.returncode in (0, 1), out.stderr
    report = json.loads(out.stdout)
    assert report.get("errors", []) == [], report["errors"]
    return {
        f["path"]: sorted(
            (d["code"], d["range"]["start"]["offset"], d["range"]["end"]["offset"], d["message"])
            for d in f["diagnostics"]
        )
        for f in report["files"]
    }


async def test_check_and_the_server_agree_on_every_finding(client, tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    build_tree(root)
    expected = check_findings(root)
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix in (".talk", ".txt"))
    assert sorted(expected) == files
    caps = vscode()
    caps.general = types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf8])
    result = await initialize(client, root, capabilities=caps)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    # The first refresh comes when the workspace index is complete.
    await wait_until("the workspace index", lambda: client.diagnostic_refresh_count > 0)
    mismatches = []
    for rel in files:
        path = root / rel
        data = path.read_bytes()
        open_doc(client, path, data.decode())
        report = await pull(client, path)
        starts = line_starts(data)
        got = sorted(
            (
                str(d.code),
                starts[d.range.start.line] + d.range.start.character,
                starts[d.range.end.line] + d.range.end.character,
                d.message,
            )
            for d in report.items
        )
        if got != expected[rel]:
            missing = sorted(set(expected[rel]) - set(got))
            extra = sorted(set(got) - set(expected[rel]))
            mismatches.append(f"{rel}: only in check {missing[:5]}, only in the server {extra[:5]}")
    assert not mismatches, "\n".join(mismatches)
    # Something was compared: each config left its mark.
    assert any(c == "NL011" for c, *_ in expected["strict/proposals.talk"])
    assert expected["custom/proposals.talk"] != expected["proposals.talk"]
