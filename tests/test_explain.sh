#!/usr/bin/env bash
# test_explain.sh — `schedlab explain`: --json is the same byte for byte from run to run and parses;
# the filters keep only what they name; bad options exit 2. Usage: test_explain.sh SCHEDLAB SCENARIOS_DIR
set -u
bin=$1
dir=$2
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in gil-on w8-s6-fig1 executor w8-s1-fig5; do
    checks=$((checks + 1))
    "$bin" explain "$dir/$f.scn" --json --lang fr >"$tmp/a.json" || fail "$f: exit $?"
    "$bin" explain "$dir/$f.scn" --json --lang fr >"$tmp/b.json" || fail "$f: exit $?"
    cmp -s "$tmp/a.json" "$tmp/b.json" || fail "$f: --json differs between two runs"
    if command -v python3 >/dev/null; then
        n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["decisions"]; print(len(d))' "$tmp/a.json") ||
            fail "$f: --json does not parse"
        [ "${n:-0}" -gt 0 ] || fail "$f: no decisions"
    fi
done

# The text and the JSON say the same sentences.
checks=$((checks + 1))
"$bin" explain "$dir/gil-on.scn" --lang en >"$tmp/t.txt"
# The main thread takes the GIL to create each thread (27 us each, the python profile's measured
# cost), so thread 1 waits for it first.
grep -q '^27 µs: thread 1 waits for the GIL, held by main since 0 ns; after the 5 ms switch interval, at 5.027 ms, main must give it up$' "$tmp/t.txt" ||
    fail "gil-on: the first GIL wait's sentence: $(head -1 "$tmp/t.txt")"

# --at: only the last instant at or before T.
checks=$((checks + 1))
out=$("$bin" explain "$dir/gil-on.scn" --lang en --at 5.1ms)
[ "$(wc -l <<<"$out")" -eq 1 ] && grep -q '^308 µs: core 0, idle since 108 µs, takes thread 1' <<<"$out" ||
    fail "--at 5.1ms: '$out'"
checks=$((checks + 1))
out=$("$bin" explain "$dir/gil-on.scn" --lang en --at 5.108ms)
grep -q '^5.108 ms: thread 1 has held the GIL' <<<"$out" && ! grep -qv '^5.108 ms:' <<<"$out" ||
    fail "--at 5.108ms: '$out'"

# --lane: every line names the lane.
checks=$((checks + 1))
out=$("$bin" explain "$dir/gil-on.scn" --lang en --lane "thread 3")
[ -n "$out" ] && ! grep -qv 'thread 3' <<<"$out" || fail "--lane 'thread 3': '$out'"

# --request: a task's decisions by its name.
checks=$((checks + 1))
out=$("$bin" explain "$dir/w8-s6-fig1.scn" --lang en --request c1)
grep -q 'c1 awaits c2' <<<"$out" || fail "--request c1: '$out'"

# Bad input: exit 2.
for args in "--at soon" "--at 1ms --lane x" "--lang de" "--bogus"; do
    checks=$((checks + 1))
    # shellcheck disable=SC2086
    "$bin" explain "$dir/gil-on.scn" $args >/dev/null 2>&1
    code=$?
    [ "$code" -eq 2 ] || fail "explain $args: exit $code, expected 2"
done

printf '%d checks, %d failed\n' "$checks" "$fails"
[ "$fails" -eq 0 ]
