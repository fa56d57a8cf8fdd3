#!/usr/bin/env bash
# bench.sh — builds schedlab (scripts/setup.sh, an optimised build) and runs the benchmarks of
# build/bench/. They print numbers and never fail on them. Usage: scripts/bench.sh [ARGS...]
# (ARGS go to each benchmark; bench_engine takes the size of its big run, default 1000000).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
benches=(bench_engine)

bash "$root/scripts/setup.sh" >&2
for b in "${benches[@]}"; do
    printf '\n===== %s =====\n' "$b"
    "$root/build/bench/$b" "$@"
done
