#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and runs arbiterd on its
# defaults (tcp://127.0.0.1:7470, state in ./var/arbiter, fsync always).
# Extra arguments go to arbiterd, e.g. scripts/start.sh --fsync interval.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
swift build -c release -j "$(nproc)" --product arbiterd
swift build -c release -j "$(nproc)" --product arbiter
echo "arbiterd: starting; the CLI is .build/release/arbiter (try: .build/release/arbiter status)" >&2
exec .build/release/arbiterd "$@"
