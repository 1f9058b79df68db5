#!/usr/bin/env bash
# Fuzzes the server's request path (Fuzz/ArbiterFuzz) with libFuzzer.
#
#   scripts/fuzz.sh                 # short fixed run: 20,000 inputs from the corpus (CI)
#   scripts/fuzz.sh --long [SECS]   # a longer run, 600 s by default; new inputs go to .build-fuzz/corpus
#
# Builds with -sanitize=fuzzer,address into .build-fuzz (its own build folder).
# A crash, leak or timeout fails the run and leaves crash-*/leak-*/timeout-*
# files in .build-fuzz/artifacts: fix the bug, then add the input to
# Fuzz/corpus (scripts/generate-fuzz-corpus.py keeps the generated ones).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -j 2 -c debug --scratch-path .build-fuzz --product arbiter-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library
binary=.build-fuzz/debug/arbiter-fuzz
mkdir -p .build-fuzz/artifacts .build-fuzz/corpus .build-fuzz/state
state=$(mktemp -d /dev/shm/arbiter-fuzz.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$state"' EXIT
export ARBITER_FUZZ_STATE="$state/state"
# Leaks in the Swift runtime's one-time caches are not ours: detect_leaks=0,
# and memory growth is caught by -rss_limit_mb and -malloc_limit_mb instead.
export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
common=(-artifact_prefix=.build-fuzz/artifacts/ -max_len=65536 -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10)

if [ "${1:-}" = "--long" ]; then
    "$binary" "${common[@]}" -max_total_time="${2:-600}" -print_final_stats=1 .build-fuzz/corpus Fuzz/corpus
else
    # New inputs go to the first directory: a scratch one, so the committed corpus stays as it is.
    mkdir -p "$state/new"
    "$binary" "${common[@]}" -runs=20000 -seed=1 -print_final_stats=1 "$state/new" Fuzz/corpus
fi
