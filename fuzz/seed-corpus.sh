#!/bin/sh
# Fill fuzz/corpus/<target>/ from the committed excerpts (corpus-seed/), the
# shared seeds (../../shared/seeds, cut into ~4 KB pieces at line ends) and the
# test fixtures (../tests/fixtures), when present. Safe to run again.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
add_text() { # file
    n=$((n + 1))
    cp "$1" "$tmp/t$n"
}
for f in corpus-seed/*.talk; do add_text "$f"; done
if [ -d ../../shared/seeds ]; then
    for s in ../../shared/seeds/*.txt; do
        split -C 4096 "$s" "$tmp/piece."
        for p in "$tmp"/piece.*; do add_text "$p"; rm "$p"; done
    done
else
    echo "note: ../../shared/seeds absent; seeding from corpus-seed/ only" >&2
fi
if [ -d ../tests/fixtures ]; then
    find ../tests/fixtures -type f -size -16k | while read -r f; do echo "$f"; done > "$tmp/fixtures.list"
    while read -r f; do add_text "$f"; done < "$tmp/fixtures.list"
fi
for t in parse lint; do
    mkdir -p "corpus/$t"
    for f in "$tmp"/t*; do
        b=$(basename "$f")
        # First byte: the target's mode (lossy/strict, grammar or config).
        { printf '\000'; cat "$f"; } > "corpus/$t/seed-$b-0"
        { printf '\001'; cat "$f"; } > "corpus/$t/seed-$b-1"
    done
done
mkdir -p corpus/edit
for f in "$tmp"/t*; do cp "$f" "corpus/edit/seed-$(basename "$f")"; done
if [ -x ./lsp-seeds.sh ]; then ./lsp-seeds.sh "$tmp" corpus/lsp; fi
echo "seeded: $(ls corpus/parse | wc -l) parse, $(ls corpus/edit | wc -l) edit, $(ls corpus/lint | wc -l) lint"
