#!/usr/bin/env bash
# test_real.sh SCHEDLAB — `schedlab real` on small scenarios: under each model the measured trace has
# the lanes and states of a simulated one, every request completes, the client, its children and its
# temporary files are gone afterwards, and the bounds refuse a run too large with a message.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")   # absolute: some checks run from $dir
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export TMPDIR=$dir
fails=0 passes=0
check() {  # check NAME CONDITION-COMMAND...
    local name=$1; shift
    if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
[ -x /usr/bin/python3 ] || { echo "no /usr/bin/python3: real runs need it"; exit 77; }
command -v jq >/dev/null || { echo "jq is not installed (scripts/setup.sh --test installs it)"; exit 77; }

cat > "$dir/two.scn" <<'SCN'
title "two pages"
cores 2
server www.foo.com
server www.bar.com
request foo : cpu 2ms ; call www.foo.com latency=3ms serve=2ms ; cpu 1ms
request bar : cpu 2ms ; io 1ms ; block 1ms ; call www.bar.com latency=3ms serve=2ms ; cpu 1ms
SCN

has() {  # has CSV LANE STATE: a segment of LANE in STATE
    grep -q "^$2,$3," "$1"
}
nothing_left() {  # no process runs a file of ours, no run directory remains (a SIGKILLed process
                  # may take a moment to go: up to 2 s)
    for _ in $(seq 20); do
        ! pgrep -f "$dir/schedlab-real" >/dev/null && [ -z "$(ls -d "$dir"/schedlab-real-* 2>/dev/null)" ] &&
            return 0
        sleep 0.1
    done
    return 1
}

# A request written once names its unit's lane (as in a simulated trace): foo.
declare -A unit=([sequential]=main [processes]=foo [threads]=foo [coroutines]=foo)
for run in sequential processes threads coroutines c:sequential c:processes c:threads c:coroutines; do
    model=${run#c:}
    prof=python
    [ "$run" != "$model" ] && prof=c   # c:MODEL: the c profile's client, schedlab-cclient
    start=$(date +%s)
    "$bin" real "$dir/two.scn" --model $model --set profile=$prof -o "$dir/t.csv" > "$dir/out.txt"
    check "$run: real exits 0" test $? -eq 0
    check "$run: within 30 s" test $(( $(date +%s) - start )) -le 30
    u=${unit[$model]}
    check "$run: core 0 runs" has "$dir/t.csv" "core 0" running
    check "$run: $u runs" has "$dir/t.csv" "$u" running
    check "$run: $u waits for its call" has "$dir/t.csv" "$u" waiting
    check "$run: the servers serve" has "$dir/t.csv" "www.foo.com" serving
    check "$run: both servers" has "$dir/t.csv" "www.bar.com" serving
    check "$run: nothing left running" nothing_left
    "$bin" real "$dir/two.scn" --model $model --set profile=$prof --json > "$dir/m.json"
    check "$run: 2 completed" test "$(jq .completed "$dir/m.json")" = 2
    check "$run: json has the run fields" test "$(jq 'has("makespan_ns") and has("latency_ns") and has("cpu")' "$dir/m.json")" = true
    check "$run: makespan >= 10 ms of work" test "$(jq '.makespan_ns >= 10000000' "$dir/m.json")" = true
done
"$bin" real "$dir/two.scn" --model processes -o "$dir/t.csv" > /dev/null
check "processes: main spawns" has "$dir/t.csv" main spawning
check "processes: a process starts up" has "$dir/t.csv" foo spawning
"$bin" real "$dir/two.scn" --model threads -o "$dir/t.csv" > /dev/null
check "threads: main spawns" has "$dir/t.csv" main spawning
"$bin" real "$dir/two.scn" --model coroutines -o "$dir/t.csv" > /dev/null
check "coroutines: the loop runs" has "$dir/t.csv" loop running

# --compare-sim: both runs, their ratios, and the picture of both
"$bin" real "$dir/two.scn" --model threads --compare-sim --json > "$dir/c.json"
check "compare-sim: real and sim" test "$(jq 'has("real") and has("sim") and .makespan_ratio > 0' "$dir/c.json")" = true
"$bin" real "$dir/two.scn" --model coroutines --compare-sim -o "$dir/c.svg" > "$dir/c.txt"
check "compare-sim: picture written" test -s "$dir/c.svg"
check "compare-sim: measured panel" grep -q measured "$dir/c.svg"
check "compare-sim: errors printed" grep -q "simulated / measured: makespan" "$dir/c.txt"
check "compare-sim: nothing left" nothing_left

# Ctrl-C in the middle: the client's whole process group goes, and the run says so (each request
# waits 5 s, so the run is surely still going when the signal comes, even on a loaded machine)
printf 'cores 2\nserver s cores=100\nrepeat 100 request r : cpu 1ms ; call s latency=20ms serve=10ms ; io 5s\n' > "$dir/slow.scn"
# A non-interactive shell starts background jobs with SIGINT ignored, and so does anything that
# started this test in the background: exec through a reset to the default disposition, as a
# terminal's Ctrl-C would find it (the pid stays the same).
python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
    "$bin" real "$dir/slow.scn" --model processes > /dev/null 2> "$dir/int.txt" &
pid=$!
for _ in $(seq 50); do pgrep -f "$dir/schedlab-real" > /dev/null && break; sleep 0.1; done
sleep 0.5
kill -INT $pid
wait $pid
check "SIGINT: exit 1" test $? -eq 1
check "SIGINT: says interrupted" grep -q "interrupted" "$dir/int.txt"
check "SIGINT: nothing left" nothing_left

# bounds: refused before anything starts, with a message
printf 'server s\nrepeat 20001 request r : call s latency=1ms serve=1ms\n' > "$dir/big.scn"
"$bin" real "$dir/big.scn" --model threads 2> "$dir/err.txt"
check "20001 units refused (exit 1)" test $? -eq 1
check "20001 units: message" grep -q "too many to run for real (limit is 20000)" "$dir/err.txt"
printf 'request r : io 61s\n' > "$dir/long.scn"
"$bin" real "$dir/long.scn" 2> "$dir/err.txt"
check "61 s refused (exit 1)" test $? -eq 1
check "61 s: message" grep -q "too long to run for real" "$dir/err.txt"
"$bin" real "$dir/two.scn" --set profile=ideal 2> "$dir/err.txt"
check "profile ideal refused" grep -q "profile ideal has no real client" "$dir/err.txt"
"$bin" real 2> "$dir/err.txt"
check "no FILE: usage error (exit 2)" test $? -eq 2
"$bin" real "$dir/two.scn" --runs 0 2> "$dir/err.txt"
check "--runs 0: usage error" test $? -eq 2
check "bounds: nothing left" nothing_left

# calibrate: every cost measured, a profile a scenario can name, nothing left behind
start=$(date +%s)
(cd "$dir" && "$bin" calibrate -o cal.profile > cal.txt 2> cal.err)
check "calibrate exits 0" test $? -eq 0
check "calibrate within 60 s" test $(( $(date +%s) - start )) -le 60
for key in spawn.process start.process spawn.thread start.thread spawn.coroutine start.coroutine switch.process \
           switch.thread switch.coroutine callcpu.process callcpu.thread callcpu.coroutine handover memory.process \
           memory.thread memory.coroutine; do
    check "calibrate: $key written" grep -q "^$key=[0-9]*[nB]" "$dir/cal.profile"
    check "calibrate: $key printed" grep -q "^$key " "$dir/cal.txt"
done
printf 'profile ./cal.profile\nmodel processes\nrequest a : cpu 1ms\n' > "$dir/p.scn"
(cd "$dir" && "$bin" run p.scn --json > p.json)
check "a scenario names the profile" test $? -eq 0
sp=$(sed -n 's/^spawn.process=\([0-9]*\)ns/\1/p' "$dir/cal.profile")
st=$(sed -n 's/^start.process=\([0-9]*\)ns/\1/p' "$dir/cal.profile")
check "its creation costs are the measured ones (parent + child)" test "$(jq .cpu.spawn_ns "$dir/p.json")" = "$((sp + st))"
check "calibrate: nothing left" test -z "$(ls -d "$dir"/schedlab-cal-* 2>/dev/null)"
no_cal() { ! pgrep -f "$dir/schedlab-cal" >/dev/null; }
check "calibrate: no python left" no_cal

# profile files: errors name the file and the line, at the scenario's position
printf 'base=python\nspawn.process=1ms\nfrob=2\n' > "$dir/bad.profile"
printf 'profile ./bad.profile\nrequest a : cpu 1ms\n' > "$dir/b.scn"
(cd "$dir" && "$bin" run b.scn 2> err.txt)
check "a bad profile line: exit 2" test $? -eq 2
check "a bad profile line: its file and line" grep -q "b.scn:1:9: error: in the profile ./bad.profile, line 3: expected a cost KEY=VALUE" "$dir/err.txt"
printf 'profile ./none.profile\nrequest a : cpu 1ms\n' > "$dir/n.scn"
(cd "$dir" && "$bin" run n.scn 2> err.txt)
check "a missing profile: exit 2" test $? -eq 2
check "a missing profile: says so" grep -q "n.scn:1:9: error: cannot read the profile './none.profile'" "$dir/err.txt"
printf 'base=c\nspawn.thread=7us\n' > "$dir/c.profile"
printf 'profile ./c.profile\nmodel threads\nrequest a : cpu 1ms\n' > "$dir/c.scn"
check "a profile over base=c: no GIL, its spawn cost" test "$(cd "$dir" && "$bin" run c.scn --json | jq .cpu.spawn_ns)" = 7000

echo "test_real: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
