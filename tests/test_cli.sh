#!/usr/bin/env bash
# test_cli.sh — the schedlab command line as a user sees it: exit codes, exact error messages,
# the table, the JSON (checked with jq, else python3, else a structural grep), stdin, --version.
# Usage: bash tests/test_cli.sh PATH/TO/schedlab      (ctest: cli_run_and_errors)
set -uo pipefail

bin=${1:?usage: test_cli.sh PATH/TO/schedlab}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checks=0
fails=0

fail() {
    printf 'FAIL: %s\n' "$*"
    fails=$((fails + 1))
}

# Runs schedlab ARGS... with stdin from $stdin (default: /dev/null); sets $code, $out, $err.
stdin=/dev/null
sl() {
    "$bin" "$@" <"$stdin" >"$tmp/out" 2>"$tmp/err"
    code=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# expect CODE STDERR ARGS...: exit status CODE and exactly STDERR as the first line of stderr.
expect() {
    local want_code=$1 want_err=$2
    shift 2
    checks=$((checks + 1))
    sl "$@"
    [ "$code" -eq "$want_code" ] || fail "schedlab $*: exit $code, expected $want_code (stderr: $err)"
    [ "$(head -n 1 <<<"$err")" = "$want_err" ] ||
        fail "schedlab $*: stderr '$(head -n 1 <<<"$err")', expected '$want_err'"
}

# expect_usage HELP STDERR ARGS...: exit 2, STDERR, then a line naming `HELP --help`.
expect_usage() {
    local help=$1
    shift
    expect 2 "$@"
    [ "$(sed -n 2p <<<"$err")" = "Try '$help --help'." ] ||
        fail "schedlab ${*:2}: no usage hint, stderr: $err"
}

# Succeeds when $1 is one valid JSON value (jq, else python3, else a coarse structural check).
json_ok() {
    if command -v jq >/dev/null; then
        jq -e . >/dev/null 2>&1 <<<"$1"
    elif command -v python3 >/dev/null; then
        python3 -c 'import json,sys; json.load(sys.stdin)' <<<"$1" 2>/dev/null
    else
        grep -Eq '^[[{]' <<<"$1" && ! grep -Eiq 'nan|inf' <<<"$1"
    fi
}

# The value of a top-level key of a one-object JSON text (numbers and strings only).
json_get() {
    if command -v jq >/dev/null; then
        jq -r ".$2" <<<"$1"
    else
        grep -o "\"$2\": *\"\\?[^,\"}]*" <<<"$1" | head -n 1 | sed 's/.*: *"\{0,1\}//'
    fi
}

# ---------------------------------------------------------------- usage errors (exit 2)
expect_usage schedlab "schedlab: error: unknown command 'frobnicate'" frobnicate
expect_usage schedlab "schedlab: error: unknown option '--frobnicate'" --frobnicate
expect_usage "schedlab run" "schedlab: error: unknown option '--jsn'" run --jsn
expect_usage "schedlab run" "schedlab: error: unknown option '--settings'" run --settings
expect_usage "schedlab run" "schedlab: error: option '--set' needs a value" run --set
expect_usage "schedlab run" "schedlab: error: option '--model' needs a value" run --model
expect_usage "schedlab run" \
    "schedlab: error: --model: expected sequential, processes, threads or coroutines, got 'fibers'" \
    run --model fibers
expect_usage "schedlab run" "schedlab: error: expected one scenario file, got 'b.scn' after 'a.scn'" \
    run a.scn b.scn
expect_usage "schedlab run" "schedlab: error: --compare runs every model: drop --model" \
    run --compare --model threads

# ---------------------------------------------------------------- bad scenarios (exit 2)
printf 'model threads\ncores many\n' >"$tmp/bad.scn"
expect 2 "$tmp/bad.scn:2:7: error: expected a number of cores, got 'many'" run "$tmp/bad.scn"
expect 2 "$tmp/bad.scn:2:7: error: expected a number of cores, got 'many'" run --compare "$tmp/bad.scn"
stdin=$tmp/bad.scn
expect 2 "<stdin>:2:7: error: expected a number of cores, got 'many'" run -
stdin=/dev/null
expect 2 "$tmp/missing.scn: error: cannot read: No such file or directory" run "$tmp/missing.scn"
expect 2 "--set cores=lots: error: expected a number of cores, got 'lots'" run --set cores=lots
# The overrides apply after the file is read: a bad file is reported before a bad --set.
expect 2 "$tmp/bad.scn:2:7: error: expected a number of cores, got 'many'" \
    run --set cores=lots "$tmp/bad.scn"

# ---------------------------------------------------------------- success (exit 0)
expect 0 "" --version
[ "$out" = "schedlab 0.1.0" ] || fail "--version printed '$out'"
expect 0 "" --help
grep -q '^exit status: 0 success, 1 internal failure' <<<"$out" || fail "--help has no exit codes"
expect 0 "" run --help
grep -q '^usage: schedlab run' <<<"$out" || fail "run --help has no usage line"

cat >"$tmp/two.scn" <<'EOF'
# two requests to two servers, no overhead (profile ideal)
profile ideal
model sequential
cores 1
server a
server b
request r1 : cpu 2ms ; call a latency=5ms serve=1ms ; cpu 1ms
request r2 : cpu 2ms ; call b latency=5ms serve=1ms ; cpu 1ms
EOF

expect 0 "" run "$tmp/two.scn" --json
checks=$((checks + 1))
json_ok "$out" || fail "run --json is not valid JSON: $out"
[ "$(json_get "$out" model)" = sequential ] || fail "run --json: model is not 'sequential': $out"
[ "$(json_get "$out" requests)" = 2 ] || fail "run --json: requests is not 2: $out"
# Sequential: each request takes 2 + 5 + 1 + 5 + 1 = 14ms, one after the other.
[ "$(json_get "$out" makespan_ns)" = 28000000 ] || fail "run --json: makespan is not 28ms: $out"
for key in model makespan_ns requests completed failed latency_ns throughput_per_s cpu \
    context_switches peak_memory_bytes peak_concurrency peak_server_queue events; do
    grep -q "\"$key\":" <<<"$out" || fail "run --json: no key '$key'"
done
for key in mean p50 p99 max busy_ns useful_ns overhead_ns utilization; do
    grep -q "\"$key\":" <<<"$out" || fail "run --json: no nested key '$key'"
done

# A run of zero length: the ratios print as 0, never nan or inf.
printf 'model sequential\nrequest r : cpu 0ms\n' >"$tmp/zero.scn"
expect 0 "" run "$tmp/zero.scn" --json
json_ok "$out" || fail "zero-length run: invalid JSON: $out"
grep -q '"makespan_ns": 0,.*"throughput_per_s": 0,.*"utilization": 0}' <<<"$out" ||
    fail "zero-length run: throughput and utilization are not 0: $out"

# --model M is --set model=M, and overrides apply in command-line order.
expect 0 "" run "$tmp/two.scn" --model threads --json
[ "$(json_get "$out" model)" = threads ] || fail "--model threads gave model $(json_get "$out" model)"
expect 0 "" run "$tmp/two.scn" --model threads --set model=coroutines --json
[ "$(json_get "$out" model)" = coroutines ] || fail "--set after --model did not win"
expect 0 "" run "$tmp/two.scn" --set model=coroutines --model=processes --json
[ "$(json_get "$out" model)" = processes ] || fail "--model= after --set did not win"

# Standard input gives the same run as the file.
expect 0 "" run "$tmp/two.scn" --compare --json
from_file=$out
stdin=$tmp/two.scn
expect 0 "" run - --compare --json
stdin=/dev/null
[ "$out" = "$from_file" ] || fail "run - (stdin) differs from run FILE"

# --compare --json: an array of the four models in order.
checks=$((checks + 1))
json_ok "$from_file" || fail "run --compare --json is not valid JSON"
models=$(grep -o '"model": *"[a-z]*"' <<<"$from_file" | sed 's/.*"\([a-z]*\)"$/\1/' | tr '\n' ' ')
[ "$models" = "sequential processes threads coroutines " ] || fail "--compare --json models: '$models'"
if command -v jq >/dev/null; then
    [ "$(jq length <<<"$from_file")" = 4 ] || fail "--compare --json is not an array of 4"
fi

# --compare: a header with the four model names, then rows of a label and four values.
expect 0 "" run "$tmp/two.scn" --compare
checks=$((checks + 1))
header=$(sed -n 2p <<<"$out" | tr -s ' ')
[ "$header" = " sequential processes threads coroutines" ] || fail "--compare header: '$header'"
for row in requests completed failed makespan events; do
    n=$(grep "^$row " <<<"$out" | awk '{print NF}')
    [ "$n" = 5 ] || fail "--compare row '$row' has ${n:-no} fields, expected 5"
done
grep -q '^makespan  *28ms ' <<<"$out" || fail "--compare: sequential makespan is not 28ms"
grep -q '^utilization .*%$' <<<"$out" || fail "--compare: no utilization row in %"

# No command: the comparison on the built-in scenario (only when the window is not built in).
if grep -q '^With no command, schedlab compares' <<<"$("$bin" --help)"; then
    expect 0 ""
    grep -q '^scenario: <default>' <<<"$out" || fail "no command: no comparison of the default scenario"
    [ "$(sed -n 2p <<<"$out" | tr -s ' ')" = " sequential processes threads coroutines" ] ||
        fail "no command: the table does not compare the four models"
fi

# ---------------------------------------------------------------- internal failure (exit 1)
checks=$((checks + 1))
"$bin" run "$tmp/two.scn" >/dev/full 2>"$tmp/err"
code=$?
[ "$code" -eq 1 ] || fail "writing to a full disk: exit $code, expected 1"
[ "$(cat "$tmp/err")" = "schedlab: error: cannot write to standard output" ] ||
    fail "writing to a full disk: stderr '$(cat "$tmp/err")'"

printf '%d checks, %d failed\n' "$checks" "$fails"
[ "$fails" -eq 0 ]
