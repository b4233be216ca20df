#!/bin/sh
# Run one already-built target (see README: `cargo fuzz build`) for N seconds
# (default 600) on its corpus, logging to fuzz/logs/<target>.log.
# Usage: fuzz/run.sh TARGET [SECONDS]
set -eu
cd "$(dirname "$0")"
t=$1
secs=${2:-600}
bin=target/x86_64-unknown-linux-gnu/release/$t
[ -x "$bin" ] || { echo "build first: RUSTC_BOOTSTRAP=1 cargo fuzz build $t" >&2; exit 2; }
mkdir -p logs "corpus/$t" "artifacts/$t"
[ -n "$(ls -A "corpus/$t")" ] || ./seed-corpus.sh
timeout $((secs + 120)) "$bin" -artifact_prefix="artifacts/$t/" -max_total_time="$secs" \
    -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 -max_len=65536 "corpus/$t" \
    > "logs/$t.log" 2>&1
