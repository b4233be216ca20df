#!/usr/bin/env bash
# Regenerates the README pictures from the real programs:
#   docs/img/vscode.png          VS Code (code-server) with squiggles, the outline
#                                and a speaker completion: taken by the VS Code
#                                e2e run (scripts/editors-e2e.sh vscode)
#   docs/img/notelint-check.png  `notelint check` in a terminal: run in tmux,
#                                captured with colours, rendered by Chromium
#
#   scripts/screenshots.sh           both
#   scripts/screenshots.sh terminal  only the terminal one (needs the vscode
#                                    e2e's node_modules for playwright-core, or
#                                    NODE_PATH=DIR/node_modules after
#                                    `npm install playwright-core@1.65.1` in DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
what=${1:-all}
mkdir -p docs/img

terminal_shot() {
  command -v tmux >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null; }
  local bin=${NOTELINT_BIN:-$root/target/release/notelint}
  [ -x "$bin" ] || bin=$root/target/debug/notelint
  [ -x "$bin" ] || cargo build --quiet --bin notelint
  local tmp
  tmp=$(mktemp -d)
  mkdir -p "$tmp/bin" "$tmp/talks"
  ln -s "$(readlink -f "$bin")" "$tmp/bin/notelint"
  cp scripts/screenshots/demo.talk "$tmp/talks/proposals.talk"
  local sock=notelint-shot-$$
  # A clean shell in a 120x52 terminal that can show colour.
  tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 52 -s shot \
    "env -i HOME=$tmp TERM=xterm-256color PATH=$tmp/bin:/usr/bin:/bin PS1='\$ ' bash --norc --noprofile"
  # Type only at a prompt: keys sent before the shell (or `clear`) is ready
  # are echoed early and showed the command twice in the picture.
  wait_prompt() {
    local n=0
    until [ "$(tmux -L "$sock" capture-pane -p -t shot | grep -v '^$' | tail -1)" = '$' ]; do
      n=$((n + 1))
      [ $n -le 100 ] || { tmux -L "$sock" kill-server; echo "screenshots: no prompt within 10s" >&2; return 1; }
      sleep 0.1
    done
  }
  wait_prompt
  tmux -L "$sock" send-keys -t shot "cd $tmp/talks && clear" Enter
  sleep 0.2
  wait_prompt
  tmux -L "$sock" send-keys -t shot "notelint check proposals.talk" Enter
  # Wait (bounded) for the summary line.
  local i=0
  until tmux -L "$sock" capture-pane -p -t shot | grep -q '^Found '; do
    i=$((i + 1))
    if [ $i -gt 100 ]; then
      tmux -L "$sock" kill-server
      echo "screenshots: notelint check printed no summary within 10s" >&2
      return 1
    fi
    sleep 0.1
  done
  tmux -L "$sock" capture-pane -e -p -t shot >"$tmp/capture.ansi"
  tmux -L "$sock" kill-server
  # Drop the `cd && clear` line; keep the prompt, the command and its output.
  sed -i '/&& clear/d' "$tmp/capture.ansi"
  node scripts/screenshots/term-shot.mjs "$tmp/capture.ansi" docs/img/notelint-check.png "notelint check"
  rm -rf "$tmp"
}

vscode_shot() {
  local art=$root/target/editors-e2e
  E2E_ARTIFACTS=$art scripts/editors-e2e.sh vscode
  cp "$art/vscode/vscode.png" docs/img/vscode.png
  echo "wrote docs/img/vscode.png"
}

case "$what" in
  terminal) terminal_shot ;;
  vscode) vscode_shot ;;
  all)
    vscode_shot
    terminal_shot
    ;;
  *)
    echo "usage: $0 [all|vscode|terminal]" >&2
    exit 2
    ;;
esac
ls -la docs/img
