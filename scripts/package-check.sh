#!/usr/bin/env bash
# Checks the install paths that can run on this machine (the release
# workflow, .github/workflows/release.yml, builds the rest on tags).
#
#   scripts/package-check.sh wheel   builds the PyPI wheel with maturin (bindings = "bin"),
#                                    installs it into a fresh venv and runs its `notelint`
#   scripts/package-check.sh crate   `cargo package --list` holds what it should, and
#                                    `cargo publish --dry-run` builds the crate from it
#   scripts/package-check.sh workflow  the release workflow is a valid GitHub
#                                    Actions workflow (check-jsonschema's vendored
#                                    schema) and names every release target
#   scripts/package-check.sh all     all three
#
# Installs maturin and check-jsonschema from PyPI into their own venvs
# (target/package-check/maturin, target/package-check/schema).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$root/target/package-check
what=${1:-all}
maturin_version=1.16.0
check_jsonschema_version=0.39.0
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)

step() { printf '== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }
since() { echo $(($(date +%s) - $1)); }
fail() {
  echo "FAIL - $*" >&2
  exit 1
}

check_wheel() {
  local t0 t
  t0=$(date +%s)
  mkdir -p "$work"
  local mvenv=$work/maturin
  if ! "$mvenv/bin/maturin" --version 2>/dev/null | grep -qF "$maturin_version"; then
    step "wheel: install maturin $maturin_version from PyPI"
    rm -rf "$mvenv"
    python3 -m venv "$mvenv"
    "$mvenv/bin/pip" install --quiet --disable-pip-version-check "maturin==$maturin_version"
  fi

  step "wheel: maturin build --release (bindings = bin)"
  t=$(date +%s)
  rm -rf "$work/wheels"
  # The release build goes to target/release like `cargo build --release`,
  # so a later release build (or an earlier one) is reused.
  "$mvenv/bin/maturin" build --release --locked --out "$work/wheels"
  echo "wheel build took $(since "$t")s"
  local wheel
  wheel=$(ls "$work"/wheels/notelint-"$version"-py3-none-*.whl)
  echo "built $wheel"

  step "wheel: install into a fresh venv"
  local venv=$work/venv
  rm -rf "$venv"
  python3 -m venv "$venv"
  # --no-index: the wheel needs nothing from PyPI.
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
  local exe=$venv/bin/notelint
  [ -x "$exe" ] || fail "the wheel did not install $exe"

  step "wheel: notelint --version"
  local out
  out=$("$exe" --version)
  echo "$out"
  [ "$out" = "notelint $version" ] || fail "notelint --version printed '$out', expected 'notelint $version'"

  step "wheel: notelint check examples/"
  # Exit code 1 means findings (the examples have some), 0 none; 2 would
  # be a usage/IO error and anything else a crash.
  local rc=0
  "$exe" check examples/ || rc=$?
  [ "$rc" -le 1 ] || fail "notelint check examples/ exited $rc"
  local talks
  talks=$(find examples -name '*.talk' | wc -l)
  rc=0
  out=$("$exe" check examples/ --format json) || rc=$?
  [ "$rc" -le 1 ] || fail "notelint check examples/ --format json exited $rc"
  NOTELINT_JSON=$out python3 - "$talks" "$version" <<'EOF'
import json, os, sys
report = json.loads(os.environ["NOTELINT_JSON"])
talks, version = int(sys.argv[1]), sys.argv[2]
assert report["tool"] == {"name": "notelint", "version": version}, report["tool"]
assert report["summary"]["files"] == talks, f"{report['summary']['files']} files checked, expected {talks}"
assert report["errors"] == [], report["errors"]
print(f"ok: {talks} files checked, {report['summary']['diagnostics']} findings, no errors")
EOF
  echo "wheel check took $(since "$t0")s"
}

check_crate() {
  local t0 t
  t0=$(date +%s)
  step "crate: cargo package --list"
  local list
  list=$(cargo package --list --allow-dirty --quiet)
  for f in Cargo.toml Cargo.lock README.md LICENSE-MIT LICENSE-APACHE src/main.rs src/lib.rs; do
    grep -qx "$f" <<<"$list" || fail "the crate lacks $f"
  done
  local stray
  stray=$(grep -E '^(editors|fuzz|scripts|docs|tests|benches|examples|target|\.ci|\.github)/' <<<"$list" || true)
  [ -z "$stray" ] || fail "the crate holds files it should not: $stray"
  echo "ok: $(wc -l <<<"$list") files, none from editors/, fuzz/, scripts/, docs/, tests/"

  step "crate: cargo publish --dry-run"
  # cargo refuses to package uncommitted changes to files in the crate. A
  # clean clone (CI) has none; a local run on work in progress does, and
  # the dry run's point — the crate builds from what it holds — is the same.
  local dirty=()
  if git rev-parse --git-dir >/dev/null 2>&1 && [ -n "$(git status --porcelain -- . 2>/dev/null)" ]; then
    echo "(uncommitted changes: passing --allow-dirty)"
    dirty=(--allow-dirty)
  fi
  t=$(date +%s)
  # Without the "ignoring test/example/benchmark … not included" line per
  # target left out of the crate on purpose (see `include` in Cargo.toml).
  cargo publish --dry-run --locked "${dirty[@]}" 2>&1 |
    grep -v '^warning: ignoring \(test\|example\|benchmark\) `'
  echo "cargo publish --dry-run took $(since "$t")s"
  echo "crate check took $(since "$t0")s"
}

# The workflow cannot run here; what can be checked is that GitHub would
# accept it and that it builds every target the README promises.
check_workflow() {
  local wf=.github/workflows/release.yml
  local venv=$work/schema
  mkdir -p "$work"
  if ! "$venv/bin/check-jsonschema" --version 2>/dev/null | grep -qF "$check_jsonschema_version"; then
    step "workflow: install check-jsonschema $check_jsonschema_version from PyPI"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==$check_jsonschema_version"
  fi
  step "workflow: $wf against the GitHub workflow schema"
  "$venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows "$wf"
  step "workflow: every release target is built"
  local t
  for t in x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin \
    aarch64-apple-darwin x86_64-pc-windows-msvc linux-x64 linux-arm64 darwin-x64 \
    darwin-arm64 win32-x64 SHA256SUMS 'command: sdist' pypa/gh-action-pypi-publish \
    'cargo publish' 'vsce@' 'ovsx@'; do
    grep -qF -- "$t" "$wf" || fail "$wf does not mention $t"
  done
  echo "ok: every target, checksums, wheels, sdist and each publish step are named"
}

case "$what" in
  wheel) check_wheel ;;
  crate) check_crate ;;
  workflow) check_workflow ;;
  all)
    check_workflow
    check_crate
    check_wheel
    ;;
  *)
    echo "usage: $0 wheel|crate|workflow|all" >&2
    exit 2
    ;;
esac
