"""notelint's JUnit XML read back by junitparser, an independent reader of
the format CI systems consume (README.md here)."""

import json
import subprocess

from junitparser import Error, Failure, JUnitXml

from test_output_schemas import BIN, workspace  # noqa: F401 (a fixture)


def run(cwd, fmt):
    p = subprocess.run(
        [str(BIN), "check", "--format", fmt, "."],
        cwd=cwd,
        capture_output=True,
        timeout=60,
    )
    return p.returncode, p.stdout


def test_junit_reads_back_as_the_json_report(workspace, tmp_path):  # noqa: F811
    rc, xml = run(workspace, "junit")
    assert rc == 2
    out = tmp_path / "report.xml"
    out.write_bytes(xml)
    suites = {s.name: s for s in JUnitXml.fromfile(str(out))}
    _, js = run(workspace, "json")
    doc = json.loads(js)
    # Every note with findings is a suite whose failures are its findings
    # (hints left out, as the review formats do), at their lines, with
    # their messages.
    for f in doc["files"]:
        shown = [d for d in f["diagnostics"] if d["severity"] != "hint"]
        if not shown:
            continue
        s = suites[f["path"]]
        cases = list(s)
        assert len(cases) == len(shown), f["path"]
        for case, d in zip(cases, shown):
            (failure,) = [r for r in case.result if isinstance(r, Failure)]
            assert failure.message == d["message"]
            assert d["code"] in case.name
            assert case.classname == f["path"]
            assert int(case._elem.get("line")) == d["range"]["start"]["line"]
    # A file that could not be read is an error case, not a pass.
    for e in doc["errors"]:
        s = suites[e["path"]]
        errors = [r for c in s for r in c.result if isinstance(r, Error)]
        assert errors and errors[0].message == e["message"], e["path"]
    total = sum(len([d for d in f["diagnostics"] if d["severity"] != "hint"]) for f in doc["files"])
    assert total > 0
    assert failures(JUnitXml.fromfile(str(out))) == total
    # The counts the suites declare are the cases they hold.
    for s in suites.values():
        assert s.failures == failures([s]), s.name
    # The reader is not lenient: a report with one failure dropped reads
    # as one failure fewer.
    broken = xml.replace(b"<failure ", b"<skipped ", 1).replace(b"</failure>", b"</skipped>", 1)
    out.write_bytes(broken)
    assert failures(JUnitXml.fromfile(str(out))) == total - 1


def failures(suites):
    return sum(isinstance(r, Failure) for s in suites for c in s for r in c.result)
