#!/usr/bin/env bash
# Run the pytest-lsp suite against target/debug/notelint (or $NOTELINT_BIN),
# in a venv of its own (created once, at $PYLSP_VENV or target/pylsp-venv).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${PYLSP_VENV:-target/pylsp-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r tests/pylsp/requirements.txt
[ -x "${NOTELINT_BIN:-target/debug/notelint}" ] || cargo build -q
rc=0
"$venv/bin/python" -m pytest tests/pylsp -q "$@" || rc=$?
# 5: no tests collected (a filter that matched nothing) is not a failure.
if [ "$rc" -eq 5 ]; then
  echo "pytest-lsp: no tests collected"
  rc=0
fi
exit "$rc"
