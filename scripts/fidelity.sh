#!/usr/bin/env bash
# fidelity.sh [SCHEDLAB] [RUNS] [PROFILES] — the fidelity benchmark (not a test): calibrates this
# machine, then runs the suite of issue 14 for real and simulated with the calibrated profile, under
# each model, and prints simulated / measured for the makespan and the mean latency (1.000 = exact).
# PROFILES: "python" (default: the CPython client, the calibrated profile), "c" (the C client
# against the built-in c profile; calibrate measures CPython only) or "python c".
#   the two-page robot; 10, 100 and 1000 fetches (cpu 200us ; call web latency=20ms serve=1ms ;
#   cpu 300us); 4 CPU-bound 50 ms threads on 2 cores.
# Each real figure is the run of median makespan among RUNS (default 3; 1 for 1000 sequential
# fetches, which alone take 42 s). Needs /usr/bin/python3 and jq. Takes a few minutes.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/src/cli/schedlab}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")   # absolute: the runs happen in a temporary folder
runs=${2:-3}
profiles=${3:-python}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
command -v jq >/dev/null || { echo "fidelity.sh needs jq" >&2; exit 2; }

"$bin" calibrate -o "$dir/cal.profile" > "$dir/cal.txt" 2>/dev/null
cat > "$dir/robot.scn" <<'SCN'
title "two-page robot"
cores 2
server www.foo.com
server www.bar.com
request foo : cpu 3ms ; call www.foo.com latency=4ms serve=3ms ; cpu 3ms
request bar : cpu 3ms ; call www.bar.com latency=4ms serve=3ms ; cpu 3ms
SCN
cat > "$dir/fetch.scn" <<'SCN'
title "fetches"
cores 2
server web cores=1000000
repeat 10 request fetch : cpu 200us ; call web latency=20ms serve=1ms ; cpu 300us
SCN
cat > "$dir/cpu.scn" <<'SCN'
title "4 CPU-bound threads"
cores 2
repeat 4 request work : cpu 50ms
SCN

row() {  # row NAME FILE N MODEL [--set ...]
    local name=$1 file=$2 n=$3 model=$4; shift 4
    local r=$runs
    [ "$model" = sequential ] && [ "$n" -ge 1000 ] && r=1
    if ! (cd "$dir" && "$bin" real "$file" --model "$model" --set profile="$prof" "$@" --runs "$r" \
            --compare-sim --json > out.json 2> err.txt); then
        printf '%-10s %-11s %6s  failed: %s\n' "$name" "$model" "$n" "$(head -c 120 "$dir/err.txt")"
        return
    fi
    jq -r --arg s "$name" --arg m "$model" --arg n "$n" \
        '[$s, $m, $n, .real.makespan_ns / 1e6, .sim.makespan_ns / 1e6, .makespan_ratio,
          .real.latency_ns.mean / 1e6, .sim.latency_ns.mean / 1e6, .latency_ratio] |
         "\(.[0]) \(.[1]) \(.[2]) \(.[3]) \(.[4]) \(.[5]) \(.[6]) \(.[7]) \(.[8])"' "$dir/out.json" |
        awk '{ printf "%-10s %-11s %6s %12.2f %12.2f %9.3f %12.2f %12.2f %9.3f%s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9,
               ($6 < 0.9 || $6 > 1.1 || $9 < 0.9 || $9 > 1.1) ? "  *" : "" }'
}
for p in $profiles; do
    prof=./cal.profile
    [ "$p" = c ] && prof=c
    echo "profile $p ($prof)"
    printf '%-10s %-11s %6s %12s %12s %9s %12s %12s %9s\n' scenario model n "real ms" "sim ms" makespan \
        "real lat ms" "sim lat ms" latency
    for model in sequential processes threads coroutines; do
        row robot robot.scn 2 $model
    done
    for n in 10 100 1000; do
        for model in sequential processes threads coroutines; do
            row fetch fetch.scn $n $model --set repeat=$n
        done
    done
    for model in sequential processes threads coroutines; do
        row cpu cpu.scn 4 $model
    done
done
echo
echo "makespan, latency: simulated / measured (* outside 0.9-1.1); profile: schedlab calibrate on this machine"
grep -E "^(spawn|start|callcpu|handover|switch)" "$dir/cal.profile" | tr '\n' ' ' | fold -w 100 -s
echo
