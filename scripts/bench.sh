#!/usr/bin/env bash
# bench.sh — the benchmarks in one command: builds an optimised schedlab, then prints the machine,
# the engine's throughput, trace memory and scaling curve (bench_engine), the window's frame time
# at 1920x1080 on 100 000- and 1 000 000-request traces (bench_frame), and the time of a headless
# `schedlab render` to PNG and SVG. Prints numbers and never fails on them (docs/performance.md
# says what they mean and what they were). Usage:
#   scripts/bench.sh [--quick] [--build DIR]
#     --quick      100 000 requests only: no million-request runs (about a minute instead of five)
#     --build DIR  build in DIR (RelWithDebInfo, the targets the benchmarks need) instead of
#                  scripts/setup.sh's build/ (which also installs missing packages)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="" quick=0
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --build) build=${2:?--build needs a directory}; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown option '$1' (usage: scripts/bench.sh [--quick] [--build DIR])" >&2; exit 2 ;;
    esac
    shift
done

if [ -z "$build" ]; then
    build="$root/build"
    bash "$root/scripts/setup.sh" >&2
else
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
    cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target bench_engine bench_frame schedlab >&2
fi
big=1000000
[ "$quick" = 1 ] && big=100000

section() { printf '\n===== %s =====\n' "$*"; }

section machine
lscpu | sed -n 's/^Model name: *//p' | sed 's/^/cpu: /'
echo "cores: $(nproc) online; the benchmarks run on one"
echo "kernel: $(uname -sr)"
echo "compiler: $(${CC:-cc} --version | head -1)"
echo "build: $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt") ($(sed -n 's/^CMAKE_C_FLAGS_RELWITHDEBINFO:[A-Z]*=//p' "$build/CMakeCache.txt"))"
echo "SDL: $(pkg-config --modversion sdl2 2>/dev/null || echo '?')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"

section "bench_engine $big"
"$build/bench/bench_engine" "$big"

if [ -x "$build/bench/bench_frame" ]; then
    for n in 100000 $([ "$quick" = 1 ] || echo 1000000); do
        section "bench_frame $n"
        "$build/bench/bench_frame" "$n"
    done
else
    section bench_frame
    echo "not built (a build without the window)"
fi

section "headless render: 100 000 requests, 1920x1080, seconds (simulation included) and peak memory"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/r100k.scn" <<'EOF'
cores 4
memory budget=16TiB
server www.foo.com cores=8
repeat 100000 rate=20000/s request page : cpu 50us ; call www.foo.com latency=exp(5ms) serve=200us ; cpu 30us
EOF
# "SECONDS PEAK_KB" of one render (peak 0 without GNU time); fails when the render does.
render() {
    local args=(render "$tmp/r100k.scn" --model "$1" --width 1920 --height 1080 -o "$tmp/out.$2")
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M" -o "$tmp/time" "$build/src/cli/schedlab" "${args[@]}" 2>/dev/null &&
            tail -1 "$tmp/time"
    else
        local t0
        t0=$(date +%s.%N)
        "$build/src/cli/schedlab" "${args[@]}" 2>/dev/null &&
            awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f 0\n", b - a }'
    fi
}
for model in sequential processes threads coroutines; do
    for ext in png svg; do
        if r=$(render "$model" "$ext") && [ -n "$r" ]; then
            read -r secs kb <<< "$r"
            printf '%-11s %s %6.2f s %6d MB peak %9d bytes\n' "$model" "$ext" "$secs" $((kb / 1024)) \
                "$(stat -c %s "$tmp/out.$ext")"
        else
            echo "$model $ext: render failed"
        fi
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
