#!/bin/sh
# Builds a platform .vsix that carries the release `notelint` binary in server/.
#   NOTELINT_BIN  binary to bundle (default: ../../target/release/notelint)
#   VSCE_TARGET   vsce platform target (default: linux-x64)
set -eu
cd "$(dirname "$0")/.."
target="${VSCE_TARGET:-linux-x64}"
bin="${NOTELINT_BIN:-../../target/release/notelint}"
case "$target" in win32-*) exe=notelint.exe ;; *) exe=notelint ;; esac
if [ ! -x "$bin" ]; then
  echo "package.sh: no notelint binary at $bin (build it with 'cargo build --release', or set NOTELINT_BIN)" >&2
  exit 1
fi
rm -rf server
mkdir -p server
cp "$bin" "server/$exe"
chmod 755 "server/$exe"
# The release profile keeps line tables for profiling; users need none of it.
case "$target" in
  linux-*) if command -v strip >/dev/null; then strip "server/$exe"; fi ;;
esac
npm run build
version=$(node -p "require('./package.json').version")
npx vsce package --target "$target" --out "notelint-$target-$version.vsix"
echo "built $(pwd)/notelint-$target-$version.vsix"
