#!/usr/bin/env bash
# Runs every test: generated-code freshness, a warning-free build, the Swift
# suites (unit and real-server integration), the Python client suite against
# the real server and a short fuzz run. Prints one closing line:
# "steps: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh || exit 1

passed=0
failed=0
step() {
    local name=$1; shift
    echo "==> $name" >&2
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}

step "generated protobuf code matches proto/" ./scripts/generate-proto.sh --check

build_log=$(mktemp)
build() {
    swift build -j "$(nproc)" --build-tests 2>&1 | tee "$build_log" >&2
    local status=${PIPESTATUS[0]}
    [ "$status" -eq 0 ] || return "$status"
    # Zero warnings in our own code (dependencies are not ours to fix).
    if grep -E "^$(pwd)/(Sources|Tests|Benchmarks)/.*warning:" "$build_log" >&2; then
        echo "the build has warnings" >&2
        return 1
    fi
}
step "swift build (no warnings)" build

# The Python suite drives a release build: the optimiser exposes undefined
# behaviour that a debug build hides (a release-only checksum bug was caught so).
release_build() {
    swift build -c release -j "$(nproc)" --product arbiterd 2>&1 | tee "$build_log" >&2
    return "${PIPESTATUS[0]}"
}
step "swift build -c release (arbiterd)" release_build

swift_tests() {
    ARBITERD="$(pwd)/.build/debug/arbiterd" ARBITER_CLI="$(pwd)/.build/debug/arbiter" \
        swift test -j "$(nproc)" --skip-build 2>&1 | tee "$build_log.test" >&2
    return "${PIPESTATUS[0]}"
}
step "swift test" swift_tests

python_tests() {
    ARBITERD="$(pwd)/.build/release/arbiterd" .venv/bin/python -m pytest -q clients/python/tests
}
step "python client tests" python_tests

step "fuzz the request path (20,000 inputs, scripts/fuzz.sh)" scripts/fuzz.sh

rm -f "$build_log" "$build_log.test"
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
