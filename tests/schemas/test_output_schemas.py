"""notelint's SARIF and JSON output, validated by jsonschema (README.md here)."""

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(os.environ.get("NOTELINT_BIN", ROOT / "target" / "debug" / "notelint")).resolve()

SARIF_SCHEMA = json.loads((HERE / "sarif-2.1.0.json").read_text(encoding="utf-8"))
JSON_SCHEMA = json.loads((HERE / "notelint-json-v1.json").read_text(encoding="utf-8"))

# Formats (`uri`, `uri-reference`) are checked, not just noted. SARIF's
# schema is draft-04 but uses `uri-reference` (a later draft's format), which
# draft-04's own checker does not know: use the checker of every format.
FORMATS = jsonschema.FormatChecker()
SARIF = jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=FORMATS)
JSON = jsonschema.Draft202012Validator(JSON_SCHEMA, format_checker=FORMATS)


def errors(validator, doc):
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)
    )


def test_the_validators_check_formats():
    # Without a format checker for `uri-reference`, a bad path would pass.
    assert SARIF.format_checker.conforms("a/b%20c.talk", "uri-reference")
    assert not SARIF.format_checker.conforms("a b.talk", "uri-reference")
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    jsonschema.Draft202012Validator.check_schema(JSON_SCHEMA)


@pytest.fixture
def workspace(tmp_path):
    """Notes of every kind notelint reports on, and inputs it cannot use."""
    a = tmp_path / "notes a"  # a space: the SARIF uri must percent-encode it
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for f in (ROOT / "examples").glob("*.talk"):
        shutil.copy(f, a / f.name)
    # Trailing whitespace (safe fix), a duplicate title across files
    # (related locations), a misspelt level (unsafe fix), non-ASCII text.
    (a / "dup.talk").write_text(
        " Lightning Talks\nAlex Martelli  \nCore, Intermediat\n\nBio: Zoë writes ✓\n",
        encoding="utf-8",
    )
    (tmp_path / "top.talk").write_text(" Lightning Talks\nAlex Martelli\n\nBio: y\n", encoding="utf-8")
    shutil.copy(
        ROOT / "tests" / "fixtures" / "not-talk-notes" / "schedule-times.txt",
        a / "schedule.talk",
    )
    (a / "bad.talk").write_bytes(b"x\xff\n")
    os.symlink("nowhere.talk", a / "gone.talk")
    if os.geteuid() != 0:  # root reads anything
        locked = a / "locked.talk"
        locked.write_text(" T\n", encoding="utf-8")
        locked.chmod(0)
    (b / "notelint.toml").write_text("bogus_key = 1\n", encoding="utf-8")
    (b / "c.talk").write_text(" Governed\nAnn Lee\n", encoding="utf-8")
    return tmp_path


def check(cwd, fmt, *args):
    p = subprocess.run(
        [str(BIN), "check", "--format", fmt, *args],
        cwd=cwd,
        capture_output=True,
        timeout=60,
    )
    return p.returncode, json.loads(p.stdout.decode("utf-8"))


def test_sarif_validates_against_the_official_schema(workspace):
    rc, doc = check(workspace, "sarif", ".")
    assert rc == 2, "errors make the exit code 2"
    assert errors(SARIF, doc) == []
    run = doc["runs"][0]
    # What this workspace is there to exercise, so the validation covers it.
    ids = {r["ruleId"] for r in run["results"]}
    assert {"NL008", "NL009", "NL030", "NL037"} <= ids, ids
    assert any(r.get("relatedLocations") for r in run["results"])
    assert any(r.get("fixes") for r in run["results"])
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "notes%20a/dup.talk" in uris, uris
    rules = run["tool"]["driver"]["rules"]
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    notes = " ".join(n["message"]["text"] for n in inv["toolExecutionNotifications"])
    for what in ("bad.talk", "gone.talk", "notelint.toml"):
        assert what in notes, notes
    if os.geteuid() != 0:
        assert "locked.talk" in notes


def test_json_validates_against_the_documented_schema(workspace):
    rc, doc = check(workspace, "json", ".")
    assert rc == 2
    assert errors(JSON, doc) == []
    codes = {d["code"] for f in doc["files"] for d in f["diagnostics"]}
    assert {"NL008", "NL009", "NL030", "NL037"} <= codes, codes
    assert any(d["related"] for f in doc["files"] for d in f["diagnostics"])
    safeties = {d["fix"]["safety"] for f in doc["files"] for d in f["diagnostics"] if d["fix"]}
    assert safeties == {"safe", "unsafe"}
    paths = " ".join(e["path"] for e in doc["errors"])
    for what in ("bad.talk", "gone.talk", "notelint.toml"):
        assert what in paths, paths
    assert doc["summary"]["errors"] == len(doc["errors"])


def test_fix_and_stdin_runs_validate(workspace):
    rc, doc = check(workspace, "json", "--fix", ".")
    assert rc == 2
    assert errors(JSON, doc) == []
    assert doc["summary"]["fixed"] > 0
    p = subprocess.run(
        [str(BIN), "check", "--format", "sarif", "--stdin-filename", "x y.talk", "-"],
        input=" T\n\nBio: TODO\n".encode(),
        cwd=workspace,
        capture_output=True,
        timeout=60,
    )
    doc = json.loads(p.stdout)
    assert errors(SARIF, doc) == []
    assert doc["runs"][0]["results"], "the stdin note has findings"
    # `- --fix`: the fixed text on stdout, the report of what remains on
    # stderr, in the format asked for.
    p = subprocess.run(
        [str(BIN), "check", "--format", "json", "--fix", "-"],
        input=" T\nby Ann  \n\nBio: TODO\n".encode(),
        cwd=workspace,
        capture_output=True,
        timeout=60,
    )
    assert p.stdout.decode().startswith(" T\nby Ann\n"), p.stdout
    doc = json.loads(p.stderr)
    assert errors(JSON, doc) == []
    assert doc["summary"]["fixed"] > 0
    assert doc["files"][0]["diagnostics"], "the TODO remains"


def test_broken_output_is_rejected(workspace):
    """The validators would catch a regression: broken copies fail."""
    _, sarif = check(workspace, "sarif", ".")
    bad = copy.deepcopy(sarif)
    bad["runs"][0]["results"][0]["level"] = "warn"
    assert errors(SARIF, bad)
    bad = copy.deepcopy(sarif)
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert errors(SARIF, bad)
    bad = copy.deepcopy(sarif)
    loc = bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    loc["artifactLocation"]["uri"] = "notes a/dup.talk"
    assert errors(SARIF, bad)

    _, js = check(workspace, "json", ".")
    diag = next(d for f in js["files"] for d in f["diagnostics"])
    for field, value in (("severity", "warn"), ("fix", {"title": "x"}), ("undocumented", 1)):
        bad = copy.deepcopy(js)
        d = next(d for f in bad["files"] for d in f["diagnostics"])
        d[field] = value
        assert errors(JSON, bad), field
    bad = copy.deepcopy(js)
    del bad["summary"]["hint"]
    assert errors(JSON, bad)
    assert diag["range"]["start"]["line"] >= 1
