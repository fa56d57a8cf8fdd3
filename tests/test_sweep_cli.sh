#!/usr/bin/env bash
# test_sweep_cli.sh SCHEDLAB — `schedlab sweep` as a user runs it: the table and the JSON of a
# scenario whose numbers follow by hand, the plot written as SVG and PNG, and the usage and input
# errors (exit status, a message naming the problem, no file left behind). Exit 0 pass, 1 fail.
# ctest: cli_sweep (label unit).
set -uo pipefail

bin=${1:?usage: test_sweep_cli.sh PATH/TO/schedlab}
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
checks=0
fails=0
fail() { printf 'FAIL: %s\n' "$*"; fails=$((fails + 1)); }
check() {   # check DESCRIPTION COMMAND...
    local what=$1
    shift
    checks=$((checks + 1))
    "$@" || fail "$what"
}

# Runs schedlab sweep ARGS...; sets $code, $out, $err.
sweep() {
    "$bin" sweep "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    code=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# One request of 1 ms of CPU on one core, no creation or switch costs: at count N every model
# runs the N requests one after another, so the makespan is N ms, the throughput 1000/s, the
# mean latency (1 + 2 + ... + N) / N = (N + 1) / 2 ms and the p99 N ms.
cat >"$tmp/ms.scn" <<'SCN'
title "one ms each"
profile ideal
switch process=0ns thread=0ns coroutine=0ns
spawn process=0ns thread=0ns coroutine=0ns
cores 1
client c
repeat 1 request r : cpu 1ms
SCN
printf 'cores 1\nclient c\nrequest r : cpu 1ms\n' >"$tmp/norepeat.scn"

# ---- The table ---------------------------------------------------------------------------------
sweep "$tmp/ms.scn" --counts 1,2,4 --models sequential,threads
check "table: exit 0 (got $code: $err)" test "$code" -eq 0
check "table: a header naming the columns" grep -q '^model  *count  *makespan  *throughput/s  *lat mean  *lat p99' <<<"$out"
check "table: one row per model and count (6)" test "$(grep -cE '^(sequential|threads) ' <<<"$out")" -eq 6
# model count makespan throughput mean p99, as computed above
for row in "sequential 1 1ms 1000.0 1ms 1ms" "sequential 2 2ms 1000.0 1.5ms 2ms" "sequential 4 4ms 1000.0 2.5ms 4ms" \
           "threads 4 4ms 1000.0 2.5ms 4ms"; do
    got=$(awk -v m="${row%% *}" -v n="$(cut -d' ' -f2 <<<"$row")" '$1 == m && $2 == n { print $1, $2, $3, $4, $5, $6 }' <<<"$out")
    check "table: '$row' (got '$got')" test "$got" = "$row"
done
# Sequential's throughput is flat (1000/s at every count): it never rose, so it never 'collapses'
# (a collapse is where a rising curve stops rising: swp_find_limits, SWP_RISE).
check "table: sequential's flat curve never collapses" bash -c '! grep -q "^sequential .*collapses" <<<"$1"' _ "$out"

# ---- JSON ----------------------------------------------------------------------------------------
sweep "$tmp/ms.scn" --counts 1,2,4 --models sequential,threads --json
check "json: exit 0 (got $code)" test "$code" -eq 0
if command -v python3 >/dev/null; then
    got=$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print(len(d), *[(p["model"], p["count"], p["makespan_ns"], p["latency_ns"]["mean"], p["latency_ns"]["p99"], p["failed"]) == want
      for p, want in zip(d, [("sequential", 1, 1000000, 1000000, 1000000, 0), ("sequential", 2, 2000000, 1500000, 2000000, 0),
                             ("sequential", 4, 4000000, 2500000, 4000000, 0), ("threads", 1, 1000000, 1000000, 1000000, 0),
                             ("threads", 2, 2000000, 1500000, 2000000, 0), ("threads", 4, 4000000, 2500000, 4000000, 0)])])
' <<<"$out" 2>&1)
    check "json: six points with the makespans and latencies computed by hand (got: $got)" \
        test "$got" = "6 True True True True True True"
else
    check "json: an array of six objects" test "$(grep -c '"count"' <<<"$out")" -eq 6
fi

# ---- The plot ------------------------------------------------------------------------------------
sweep "$tmp/ms.scn" --counts 1,10,100 -o "$tmp/plot.svg" --width 400 --height 300
check "svg: exit 0 (got $code: $err)" test "$code" -eq 0
check "svg: the table is printed too" grep -q '^coroutines  *100 ' <<<"$out"
if command -v xmllint >/dev/null; then
    check "svg: well-formed XML" xmllint --noout "$tmp/plot.svg"
fi
check "svg: 400 x 300" grep -q 'width="400" height="300"' "$tmp/plot.svg"
for m in sequential processes threads coroutines; do
    check "svg: the legend names $m" grep -q ">$m<" "$tmp/plot.svg"
done
check "svg: the scenario's title" grep -q 'one ms each' "$tmp/plot.svg"
check "svg: no temporary file left" test "$(ls "$tmp" | grep -c 'plot')" -eq 1

sweep "$tmp/ms.scn" --counts 1,10 -o "$tmp/plot.png" --width 320 --height 200
if [ "$code" -eq 2 ] && grep -q 'png' <<<"$err"; then
    echo "skip: this schedlab writes SVG only"
else
    check "png: exit 0 (got $code: $err)" test "$code" -eq 0
    check "png: a PNG file" bash -c 'head -c 8 "$1" | od -An -c | grep -q "P   N   G"' _ "$tmp/plot.png"
    if command -v identify >/dev/null; then
        check "png: 320 x 200" test "$(identify -format '%w %h' "$tmp/plot.png" 2>/dev/null)" = "320 200"
        check "png: more than the background" test "$(identify -format '%k' "$tmp/plot.png" 2>/dev/null)" -gt 2
    fi
fi

# ---- Errors --------------------------------------------------------------------------------------
# expect CODE PATTERN ARGS...: exit status CODE, stderr matching PATTERN (grep -E), nothing on stdout.
expect() {
    local want=$1 pat=$2
    shift 2
    sweep "$@"
    check "sweep $*: exit $want (got $code)" test "$code" -eq "$want"
    check "sweep $*: stderr matches '$pat' (got '$err')" grep -qE -- "$pat" <<<"$err"
    check "sweep $*: nothing on stdout" test -z "$out"
}
expect 2 "--counts is required" "$tmp/ms.scn"
expect 2 "scenario FILE is required" --counts 1,2
expect 2 "increasing" "$tmp/ms.scn" --counts 4,2
expect 2 "--models.*foo" "$tmp/ms.scn" --counts 1 --models foo
expect 2 "-o .*png, .svg or .pdf" "$tmp/ms.scn" --counts 1 -o "$tmp/plot.txt"
expect 2 "--threads 0" "$tmp/ms.scn" --counts 1 --threads 0
expect 2 "--width 0" "$tmp/ms.scn" --counts 1 --width 0
expect 2 "unknown option '--jsn'" "$tmp/ms.scn" --counts 1 --jsn
expect 2 "needs a 'repeat" "$tmp/norepeat.scn" --counts 1
expect 2 "no-such.scn" "$tmp/no-such.scn" --counts 1
check "errors: each usage error points at 'schedlab sweep --help'" \
    bash -c '"$1" sweep "$2" 2>&1 >/dev/null | grep -q "^Try '"'"'schedlab sweep --help'"'"'.$"' _ "$bin" "$tmp/ms.scn"

mkdir "$tmp/ro"
chmod a-w "$tmp/ro"
sweep "$tmp/ms.scn" --counts 1 -o "$tmp/ro/plot.svg"
if [ -w "$tmp/ro" ]; then
    echo "skip: a read-only folder is writable here (root)"
else
    check "unwritable -o: exit 1 (got $code)" test "$code" -eq 1
    check "unwritable -o: the message names the file (got '$err')" grep -q "ro/plot.svg" <<<"$err"
    check "unwritable -o: nothing left in the folder" test -z "$(ls -A "$tmp/ro")"
fi

sweep --help
check "--help: exit 0 and the usage line" bash -c '[ "$1" -eq 0 ] && grep -q "^usage: schedlab sweep" <<<"$2"' _ "$code" "$out"

echo "== $checks checks, $fails failed"
[ "$fails" -eq 0 ]
