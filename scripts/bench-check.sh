#!/usr/bin/env bash
# Benchmark `notelint check` on a generated ~100 MB corpus (many files plus
# one big file) made by repeating the seeds and CLI fixtures, beside `wc -l`
# on the same files in the same run. Prints wall time, MB/s and peak memory.
#
#   scripts/bench-check.sh [TOTAL_MB] [BIG_MB]      (defaults: 100 and 20)
#
# Needs: cargo, python3, /usr/bin/time (GNU time). Builds in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
TOTAL_MB=${1:-100}
BIG_MB=${2:-20}

cargo build --release --quiet
BIN=$PWD/target/release/notelint
CORPUS=$(mktemp -d "${TMPDIR:-/tmp}/notelint-bench-XXXXXX")
trap 'rm -rf "$CORPUS"' EXIT

python3 - "$CORPUS" "$TOTAL_MB" "$BIG_MB" <<'PY'
import glob, os, sys
out, total_mb, big_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
seeds = sorted(glob.glob("../shared/seeds/*.txt")) + sorted(glob.glob("tests/fixtures/cli/*.talk"))
texts = [open(p, encoding="utf-8").read() for p in seeds]
if not texts:
    sys.exit("no seeds found")
unit = "\n".join(texts) + "\n"
# The big file: repeated seeds up to BIG_MB.
big = (unit * (big_mb * 1024 * 1024 // len(unit.encode()) + 1)).encode()[: big_mb * 1024 * 1024]
big = big.decode("utf-8", "ignore")
with open(os.path.join(out, "big.talk"), "w", encoding="utf-8") as f:
    f.write(big)
# Many files: each seed as its own file, in 100 folders, up to TOTAL_MB.
rest = (total_mb - big_mb) * 1024 * 1024
n = written = 0
while written < rest:
    t = texts[n % len(texts)]
    d = os.path.join(out, f"d{n % 100:02}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"n{n:05}.talk"), "w", encoding="utf-8") as f:
        f.write(t)
    written += len(t.encode())
    n += 1
# The big file is over the default 10 MiB cap: raise it for the corpus.
with open(os.path.join(out, "notelint.toml"), "w") as f:
    f.write(f"max-file-size = {(big_mb + 1) * 1024 * 1024}\n")
print(f"corpus: {n} files + big.talk ({big_mb} MB) in {out}")
PY

BYTES=$(find "$CORPUS" -name '*.talk' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
FILES=$(find "$CORPUS" -name '*.talk' | wc -l)
echo "files: $FILES, bytes: $BYTES, cores: $(nproc)"

measure() { # label, command...
  local label=$1; shift
  local log; log=$(mktemp)
  # Warm the page cache once, then measure.
  "$@" >/dev/null 2>&1 || true
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  local wall rss user sys
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  user=$(grep 'User time (seconds)' "$log" | awk '{print $NF}')
  sys=$(grep 'System time (seconds)' "$log" | awk '{print $NF}')
  python3 - "$label" "$wall" "$rss" "$BYTES" "$user" "$sys" <<'PY'
import sys
label, wall, rss, nbytes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
cpu = float(sys.argv[5]) + float(sys.argv[6])
parts = [float(p) for p in wall.split(":")]
secs = parts[-1] + (parts[-2] * 60 if len(parts) > 1 else 0) + (parts[-3] * 3600 if len(parts) > 2 else 0)
mb = nbytes / 1e6
print(f"{label:<34} wall {secs:7.3f} s {mb / max(secs, 1e-9):7.1f} MB/s | cpu {cpu:7.3f} s {mb / max(cpu, 1e-9):7.1f} MB/s per core | peak RSS {rss / 1024:7.1f} MiB")
PY
  rm -f "$log"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share these cores)"
cd "$CORPUS"
measure "wc -l (same files)" sh -c "find . -name '*.talk' -print0 | xargs -0 wc -l"
measure "notelint check --format json" "$BIN" check --format json --fail-on never
measure "notelint check (human)" "$BIN" check --color never --fail-on never
measure "notelint check --format github" "$BIN" check --format github --fail-on never
measure "notelint check --select NL001" "$BIN" check --select NL001 --fail-on never
measure "notelint check --select NL003 (parse+index)" "$BIN" check --select NL003 --fail-on never
echo "findings: $("$BIN" check --format json --fail-on never | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"])')"

# The same corpus as a maintained repository would keep it: canonical layout
# and safe fixes applied, so mostly the findings a person must look at remain.
"$BIN" fmt >/dev/null
"$BIN" check --fix --fail-on never >/dev/null 2>&1 || true
BYTES=$(find "$CORPUS" -name '*.talk' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "after 'notelint fmt' and 'check --fix' (a maintained corpus): bytes: $BYTES"
measure "wc -l (same files)" sh -c "find . -name '*.talk' -print0 | xargs -0 wc -l"
measure "notelint check --format json" "$BIN" check --format json --fail-on never
measure "notelint check (human)" "$BIN" check --color never --fail-on never
echo "findings: $("$BIN" check --format json --fail-on never | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"])')"
