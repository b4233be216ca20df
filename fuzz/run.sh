#!/bin/sh
# Run one target for N seconds (default 600) with the seeded corpus, logging
# to fuzz/logs/<target>.log. Usage: fuzz/run.sh TARGET [SECONDS]
set -eu
cd "$(dirname "$0")/.."
t=$1
secs=${2:-600}
mkdir -p fuzz/logs "fuzz/corpus/$t"
[ -n "$(ls -A "fuzz/corpus/$t")" ] || fuzz/seed-corpus.sh
RUSTC_BOOTSTRAP=1 timeout $((secs + 300)) cargo fuzz run "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
    > "fuzz/logs/$t.log" 2>&1
