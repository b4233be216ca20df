#!/usr/bin/env bash
# Validate notelint's SARIF and JSON output with jsonschema (see README.md
# here), against target/debug/notelint (or $NOTELINT_BIN), in a venv of its
# own (created once, at $SCHEMAS_VENV or target/schemas-venv).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${SCHEMAS_VENV:-target/schemas-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r tests/schemas/requirements.txt
[ -x "${NOTELINT_BIN:-target/debug/notelint}" ] || cargo build -q
rc=0
"$venv/bin/python" -m pytest tests/schemas -q -p no:cacheprovider "$@" || rc=$?
# 5: no tests collected (a filter that matched nothing) is not a failure.
if [ "$rc" -eq 5 ]; then
  echo "schemas: no tests collected"
  rc=0
fi
exit "$rc"
