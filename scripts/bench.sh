#!/usr/bin/env bash
# bench.sh — builds schedlab (scripts/setup.sh, an optimised build) and runs the benchmarks of
# build/bench/. They print numbers and never fail on them. Usage: scripts/bench.sh [ARGS...]
# (ARGS go to each benchmark: its request count; bench_engine's big run defaults to 1000000,
# bench_frame's to 100000). bench_frame exists in builds with the window only.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
benches=(bench_engine bench_frame)

bash "$root/scripts/setup.sh" >&2
for b in "${benches[@]}"; do
    printf '\n===== %s =====\n' "$b"
    if [ -x "$root/build/bench/$b" ]; then
        "$root/build/bench/$b" "$@"
    else
        echo "not built (a build without the window)"
    fi
done
