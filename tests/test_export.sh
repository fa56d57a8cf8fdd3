#!/usr/bin/env bash
# test_export.sh SCHEDLAB — `schedlab export`: the Chrome JSON parses and its event counts match the
# trace (segments = CSV rows, messages = flow pairs), JSON records match `run --json`, and failure
# paths leave no file behind.
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0 passes=0
check() {  # check NAME CONDITION-COMMAND...
    local name=$1; shift
    if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
command -v jq >/dev/null || { echo "jq is not installed (scripts/setup.sh --test installs it)"; exit 77; }

cat > "$dir/two.scn" <<'SCN'
title "two pages"
profile ideal
switch process=0ns thread=0ns coroutine=0ns
spawn process=0ns thread=0ns coroutine=0ns
client robot
server www.foo.com
server www.bar.com
request foo : cpu 3ms "début" ; call www.foo.com latency=4ms serve=3ms ; cpu 3ms "fin"
request bar : cpu 3ms ; call www.bar.com latency=4ms serve=3ms ; cpu 3ms
SCN

for model in sequential processes threads coroutines; do
    "$bin" export "$dir/two.scn" --model $model --format chrome -o "$dir/t.json"
    check "$model: chrome export exits 0" test $? -eq 0
    "$bin" export "$dir/two.scn" --model $model --format csv -o "$dir/t.csv"
    rows=$(($(wc -l < "$dir/t.csv") - 1))
    x=$(jq '[.traceEvents[] | select(.ph == "X")] | length' "$dir/t.json")
    check "$model: one complete event per segment ($x vs $rows)" test "$x" -eq "$rows"
    s=$(jq '[.traceEvents[] | select(.ph == "s")] | length' "$dir/t.json")
    f=$(jq '[.traceEvents[] | select(.ph == "f")] | length' "$dir/t.json")
    check "$model: 4 messages as flow pairs ($s/$f)" test "$s" -eq 4 -a "$f" -eq 4
    p=$(jq '[.traceEvents[] | select(.name == "process_name")] | length' "$dir/t.json")
    check "$model: one process per host ($p)" test "$p" -eq 3
    host=$(jq -r '[.traceEvents[] | select(.name == "process_name" and .pid == 1)][0].args.name' "$dir/t.json")
    check "$model: the client process is named after the client ($host)" test "$host" = robot
    "$bin" export "$dir/two.scn" --model $model --format json -o "$dir/r.json"
    "$bin" run "$dir/two.scn" --model $model --json > "$dir/m.json"
    a=$(jq -c 'del(.records)' "$dir/r.json"); b=$(jq -c . "$dir/m.json")
    check "$model: json export holds the run --json metrics" test "$a" = "$b"
    n=$(jq ".records | length" "$dir/r.json")
    check "$model: json export has one record per request" test "$n" -eq 2
done

lat=$(jq '.records[0].latency_ns' "$dir/r.json")
check "coroutines: foo's latency is 3+4+3+4+3 ms ($lat)" test "$lat" -eq 17000000
label=$(jq -r '[.traceEvents[] | select(.ph == "X" and .args.label != null)][0].args.label' "$dir/t.json")
check "labels pass through in UTF-8 ($label)" test "$label" = "début"
head -1 "$dir/t.csv" | grep -qx 'lane,state,request,start_ns,end_ns'
check "csv header" test $? -eq 0

"$bin" export "$dir/two.scn" --format xml -o "$dir/bad.out" 2> "$dir/err"
check "unknown format exits 2" test $? -eq 2
check "unknown format says so" grep -q "unknown format 'xml'" "$dir/err"
check "unknown format leaves no file" test ! -e "$dir/bad.out"
"$bin" export "$dir/two.scn" --format csv -o "$dir/nope/x.csv" 2> "$dir/err"
check "unwritable output exits 1" test $? -eq 1
check "unwritable output names the path" grep -q "$dir/nope/x.csv: error:" "$dir/err"
check "unwritable output leaves nothing" test -z "$(ls -A "$dir/nope" 2>/dev/null)"
check "no temporary is left next to outputs" test -z "$(ls "$dir" | grep -i tmp)"

# Tasks: three fetches gathered, under threads: 3 spawn and 3 join flows, rows and records.
cat > "$dir/tasks.scn" <<'SCN'
task fetch : io 1ms
request page : gather 3 fetch ; cpu 1ms
SCN
"$bin" export "$dir/tasks.scn" --model threads --format chrome -o "$dir/k.json"
n=$(jq '[.traceEvents[] | select(.ph == "s" and (.name == "spawn" or .name == "join"))] | length' "$dir/k.json")
check "tasks: 3 spawn and 3 join flows ($n)" test "$n" -eq 6
"$bin" export "$dir/tasks.scn" --model threads --format csv -o "$dir/k.csv"
check "tasks: 3 spawned rows in the CSV" test "$(grep -c ',spawned,' "$dir/k.csv")" -eq 3
check "tasks: 3 joined rows on page's lane" test "$(grep -c '^page,joined,' "$dir/k.csv")" -eq 3
"$bin" export "$dir/tasks.scn" --model threads --format json -o "$dir/k2.json"
n=$(jq '[.records[] | select(.task == true and .parent == 0)] | length' "$dir/k2.json")
check "tasks: 3 task records whose parent is page ($n)" test "$n" -eq 3

# Synchronization: the a/b deadlock in every format; a timeout's reason in the JSON records.
cat > "$dir/ab.scn" <<'SCN'
profile ideal
switch process=0ns thread=0ns coroutine=0ns
spawn process=0ns thread=0ns coroutine=0ns
gil off
cores 2
lock x
lock y
request a : acquire x ; cpu 1ms ; acquire y ; release y ; release x
request b : acquire y ; cpu 1ms ; acquire x ; release x ; release y
SCN
"$bin" export "$dir/ab.scn" --model threads --format json -o "$dir/d.json"
check "deadlock: JSON t_ns" test "$(jq '.deadlock.t_ns' "$dir/d.json")" -eq 1000000
check "deadlock: JSON units" test "$(jq '.deadlock.units | length' "$dir/d.json")" -eq 2
check "deadlock: JSON cycle" jq -e '.deadlock.cycle | test("lock x") and test("lock y")' "$dir/d.json"
check "resources: JSON two locks" test "$(jq '.resources | length' "$dir/d.json")" -eq 2
"$bin" run "$dir/ab.scn" --model threads --json > "$dir/dm.json"
a=$(jq -c 'del(.records)' "$dir/d.json"); b=$(jq -c . "$dir/dm.json")
check "deadlock: the JSON export holds run --json" test "$a" = "$b"
"$bin" export "$dir/ab.scn" --model threads --format csv -o "$dir/d.csv"
check "deadlock: 2 CSV rows" test "$(grep -c ',deadlock,' "$dir/d.csv")" -eq 2
"$bin" export "$dir/ab.scn" --model threads --format chrome -o "$dir/d.chrome.json"
check "deadlock: a Chrome global instant" \
    test "$(jq '[.traceEvents[] | select(.cat == "deadlock" and .s == "g")] | length' "$dir/d.chrome.json")" -eq 1
n=$(jq '[.traceEvents[] | select(.ph == "C" and .cat == "resource" and .name == "x")] | length' "$dir/d.chrome.json")
check "resources: a Chrome counter track for x ($n samples)" test "$n" -ge 1
printf 'server slow\nrequest c : call slow latency=1ms serve=10ms timeout=2ms\n' > "$dir/to.scn"
"$bin" export "$dir/to.scn" --format json -o "$dir/to.json"
check "timeout: JSON reason" test "$(jq -r '[.records[] | select(.reason == "timeout")] | length' "$dir/to.json")" -eq 1

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
