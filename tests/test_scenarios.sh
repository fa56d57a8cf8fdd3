#!/usr/bin/env bash
# test_scenarios.sh SCHEDLAB — every file in scenarios/ renders headless in the course and the
# timeline views, to PNG and to SVG (exit 0, a non-empty file, an SVG that xmllint accepts), and the
# comparison files in the compare view too; then the course figures listed in
# tests/golden/course/list.txt match their golden PNGs within a per-pixel tolerance (ImageMagick
# `compare -metric AE -fuzz 10%`: at most GOLDEN_PIXELS pixels differ by more than 10%).
# Regenerate the golden images with tests/golden/regen.sh.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
GOLDEN_PIXELS=${GOLDEN_PIXELS:-100}
fails=0 passes=0
check() {  # check NAME CONDITION-COMMAND...
    local name=$1; shift
    if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
command -v xmllint >/dev/null || { echo "xmllint is not installed (scripts/setup.sh --test installs it)"; exit 77; }

# PNG needs a build with SDL; without it only SVG is checked.
exts=svg
"$bin" render --help | grep -q 'OUT.png' && "$bin" render "$root/scenarios/w8-s1-fig1.scn" -o "$dir/probe.png" 2>/dev/null &&
    exts="png svg"

render() {  # render NAME OUT ARGS...: exit 0 and a non-empty file; an SVG must be well-formed
    local name=$1 out=$2; shift 2
    rm -f "$out"
    "$bin" render "$@" --width 1000 --height 700 --lang en -o "$out" 2>"$dir/err"
    local rc=$?
    check "$name: exit 0 (got $rc: $(head -c 300 "$dir/err"))" test $rc -eq 0
    check "$name: non-empty $out" test -s "$out"
    case $out in *.svg) check "$name: xmllint accepts the SVG" xmllint --noout "$out" ;; esac
}

n=0
for scn in "$root"/scenarios/*.scn; do
    base=$(basename "$scn" .scn)
    n=$((n + 1))
    for ext in $exts; do
        for view in course timeline; do
            render "$base $view $ext" "$dir/$base-$view.$ext" "$scn" --view $view
        done
        case $base in compare-*) render "$base compare $ext" "$dir/$base-compare.$ext" "$scn" --view compare ;; esac
    done
done
check "scenarios/ holds the course's scenarios ($n files)" test "$n" -ge 15

# Golden course figures.
if ! command -v compare >/dev/null || [ "$exts" = svg ]; then
    echo "golden images skipped: ImageMagick's compare or PNG support is missing"
    echo "$passes checks passed, $fails failed"
    [ $fails -eq 0 ] && exit 77 || exit 1
fi
while read -r name scn args; do
    case $name in ''|'#'*) continue ;; esac
    gold=$root/tests/golden/course/$name.png
    out=$dir/golden-$name.png
    # shellcheck disable=SC2086  # args are words by design
    (cd "$root" && "$bin" render "$scn" $args --width 900 --height 540 --theme light -o "$out")
    check "$name: golden $gold exists" test -s "$gold"
    [ -s "$gold" ] && [ -s "$out" ] || continue
    diff=$(compare -metric AE -fuzz 10% "$gold" "$out" null: 2>&1)
    diff=${diff%% *}
    check "$name: $diff pixels differ from the golden image (at most $GOLDEN_PIXELS; tests/golden/regen.sh regenerates)" \
        test "${diff%.*}" -le "$GOLDEN_PIXELS" 2>/dev/null
done < "$root/tests/golden/course/list.txt"

echo "$passes checks passed, $fails failed"
[ $fails -eq 0 ]
