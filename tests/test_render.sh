#!/usr/bin/env bash
# test_render.sh SCHEDLAB — `schedlab render` with no display: PNG pixels at known positions in the
# timeline, course and compare views (sizes, themes, bars, an arrow, the window), SVGs that parse
# and hold one request-coloured rect per bar the view draws, and the failure paths (message, exit
# status, nothing left in the folder). Needs ImageMagick's convert and xmllint (else exit 77; also
# 77 after the rest passed when this schedlab writes SVG only). VERBOSE=1 prints every check.
# Golden course figures: tests/test_scenarios.sh; Chrome JSON counts: tests/test_export.sh.
set -u
bin=$1
dir=$(mktemp -d)
trap 'chmod -R u+w "$dir" 2>/dev/null; rm -rf "$dir"' EXIT
unset DISPLAY WAYLAND_DISPLAY   # headless, even when ctest runs on a desktop
fails=0 passes=0
check() {  # check NAME CONDITION-COMMAND... (VERBOSE=1: print the passes too)
    local name=$1; shift
    if "$@"; then passes=$((passes + 1)); [ -z "${VERBOSE:-}" ] || echo "ok: $name"
    else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
for tool in convert identify xmllint; do
    command -v $tool >/dev/null || { echo "$tool is not installed (scripts/setup.sh --test installs it)"; exit 77; }
done

# Two requests with colours of their own, no switch or creation costs, one core: every bar's place
# follows from the CSV below (threads: foo 0-3 ms, bar 3-6, foo 7-9, bar 10-12 on the core; foo
# served 4-6 ms by www.foo.com, bar 7-9 by www.bar.com).
cat > "$dir/two.scn" <<'SCN'
title "two colours"
profile ideal
switch process=0ns thread=0ns coroutine=0ns
spawn process=0ns thread=0ns coroutine=0ns
cores 1
client robot
server www.foo.com
server www.bar.com
request foo color=#b46ae0 : cpu 3ms ; call www.foo.com latency=1ms serve=2ms ; cpu 2ms
request bar color=#e8605a : cpu 3ms ; call www.bar.com latency=1ms serve=2ms ; cpu 2ms
SCN
# The same with the default (python) costs: the four models then all end at different times.
grep -v '^switch\|^spawn\|^profile' "$dir/two.scn" > "$dir/costs.scn"
FOO=b46ae0 BAR=e8605a REQS='b46ae0|e8605a'

render() {  # render OUT ARGS...: two.scn in English with ARGS to OUT; a FAIL unless it exits 0
    local out=$1; shift
    "$bin" render "$dir/two.scn" --lang en "$@" -o "$out" 2>"$dir/err"
    local rc=$?
    check "render $* -o $(basename "$out"): exit 0 (got $rc: $(head -c 300 "$dir/err"))" test $rc -eq 0
}

# ---- Reading pictures ----------------------------------------------------------------------

size() { identify -format '%w %h' "$1" 2>/dev/null; }

# pixels IMG WxH+X+Y: one "x y rrggbb" line per pixel of the region, in image coordinates.
pixels() {
    local o=${2#*+}
    convert "$1" -crop "$2" +repage -depth 8 txt:- 2>/dev/null |
        awk -v ox="${o%+*}" -v oy="${o#*+}" 'NR > 1 { split($1, p, /[,:]/); print p[1] + ox, p[2] + oy, tolower(substr($3, 2, 6)) }'
}
px() { pixels "$1" "1x1+$2+$3" | awk '{ print $3 }'; }   # px IMG X Y: "rrggbb"

# runs MODE MIN AXIS: reads pixels lines, prints "class from to" (to excluded) for each run of at
# least MIN pixels of one class along AXIS (x: a row, y: a column). Classes by MODE: exact (the
# colour itself), dark (every channel under 0x50: the hosts' lines, text), grey (neutral, between
# 0x70 and 0xc0: the course's time axis).
runs() {
    awk -v mode="$1" -v min="$2" -v axis="$3" '
        function cls(h,   r, g, b, lo, hi) {
            if (mode == "exact") return h
            r = hex(substr(h, 1, 2)); g = hex(substr(h, 3, 2)); b = hex(substr(h, 5, 2))
            if (mode == "dark") return r < 80 && g < 80 && b < 80 ? "dark" : "-"
            lo = r < g ? (r < b ? r : b) : (g < b ? g : b); hi = r > g ? (r > b ? r : b) : (g > b ? g : b)
            return hi - lo <= 6 && lo >= 112 && hi <= 192 ? "grey" : "-"
        }
        function hex(s,   i, v) { v = 0; for (i = 1; i <= 2; i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
        function flush() { if (cur != "-" && n >= min) print cur, start, start + n }
        { c = cls($3); at = axis == "x" ? $1 : $2
          if (c == cur && at == start + n) { n++; next }
          flush(); cur = c; start = at; n = 1 }
        END { flush() }'
}
# colruns IMG X: the runs of request colours at least 3 px tall down column X, "colour y0 y1".
colruns() { pixels "$1" "1x$(size "$1" | cut -d' ' -f2)+$2+0" | runs exact 3 y | grep -E "^($REQS) "; }
# rowruns IMG Y MODE MIN: the runs of a class along row Y.
rowruns() { pixels "$1" "$(size "$1" | cut -d' ' -f1)x1+0+$2" | runs "$3" "$4" x; }
names() { sed "s/^$FOO /foo /; s/^$BAR /bar /" | awk '{ printf "%s%s", sep, $1; sep = " " }'; }

# near IMG X Y R COLOUR TOL: some pixel within R of (X, Y) is within TOL of COLOUR on every channel.
# shellcheck disable=SC2317  # called through check
near() {
    pixels "$1" "$((2 * $4 + 1))x$((2 * $4 + 1))+$(($2 - $4))+$(($3 - $4))" | awk -v want="$5" -v tol="$6" '
        function hex(s,   i, v) { v = 0; for (i = 1; i <= 2; i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
        function d(a, b) { a = hex(a) - hex(b); return a < 0 ? -a : a }
        { ok = 1; for (k = 1; k <= 5; k += 2) if (d(substr($3, k, 2), substr(want, k, 2)) > tol) ok = 0; if (ok) found = 1 }
        END { exit !found }'
}

# The plot's box (the first clip rectangle of the SVG of the same render, which the PNG shares:
# both come from one display list laid out with the same font): "x y w h".
plotbox() { sed -n 's/.*<clipPath id="c0"><rect x="\([^"]*\)" y="\([^"]*\)" width="\([^"]*\)" height="\([^"]*\)".*/\1 \2 \3 \4/p' "$1"; }
# at P0 LEN FROM TO T: the pixel (floor) of time T on an axis from P0 over LEN pixels showing
# [FROM, TO] (times in ms); at ... SCALE multiplies the result's canvas units.
at() { awk -v p="$1" -v l="$2" -v a="$3" -v b="$4" -v t="$5" -v s="${6:-1}" 'BEGIN { printf "%d", (p + (t - a) / (b - a) * l) * s }'; }

# svg_req_rects SVG: rects filled with a request's colour (the bars; legends use the palette).
svg_req_rects() { grep -oE "<rect[^>]*fill=\"#($REQS)\"" "$1" | wc -l; }

# ---- PNG support ---------------------------------------------------------------------------

# A build without SDL writes only SVG: then the PNG checks are skipped and the test exits 77 after
# the rest passed (as tests/test_scenarios.sh does).
have_png=1
"$bin" render "$dir/two.scn" -o "$dir/probe.png" 2>/dev/null || have_png=0

# ---- Timeline ------------------------------------------------------------------------------

tl="--model threads --width 1000 --from 0ms --to 10ms"
# shellcheck disable=SC2086  # option lists are words by design
render "$dir/t.svg" $tl
check "timeline SVG: xmllint accepts it" xmllint --noout "$dir/t.svg"
read -r PX PY PW PH <<<"$(plotbox "$dir/t.svg")"
check "timeline SVG: a plot box (got '$PX $PY $PW $PH')" test -n "${PH:-}"
svg_h=$(sed -n 's/^<svg[^>]* height="\([0-9.]*\)".*/\1/p' "$dir/t.svg")

if [ $have_png = 1 ] && [ -n "${PH:-}" ]; then
    # shellcheck disable=SC2086
    render "$dir/t.png" $tl
    # shellcheck disable=SC2086
    render "$dir/t2.png" $tl --scale 2
    check "timeline PNG: 1000 x the SVG's automatic height $svg_h (got $(size "$dir/t.png"))" \
        test "$(size "$dir/t.png")" = "1000 $svg_h"
    check "timeline PNG --scale 2: twice that (got $(size "$dir/t2.png"))" test "$(size "$dir/t2.png")" = "2000 $((2 * svg_h))"
    render "$dir/t400.png" --model threads --height 400
    check "timeline PNG without --width: 1600 wide, --height 400 (got $(size "$dir/t400.png"))" \
        test "$(size "$dir/t400.png")" = "1600 400"

    # Down three columns, the request-coloured bars top to bottom: core 0, thread 1, thread 2,
    # www.foo.com, www.bar.com (times clear of the labels written on the core's bars).
    x05=$(at "$PX" "$PW" 0 10 0.5) x52=$(at "$PX" "$PW" 0 10 5.2) x85=$(at "$PX" "$PW" 0 10 8.5)
    c05=$(colruns "$dir/t.png" "$x05") c52=$(colruns "$dir/t.png" "$x52") c85=$(colruns "$dir/t.png" "$x85")
    check "timeline at 0.5 ms: foo on the core and on thread 1 (got '$(names <<<"$c05")')" test "$(names <<<"$c05")" = "foo foo"
    check "timeline at 5.2 ms: bar on the core and thread 2, foo served (got '$(names <<<"$c52")')" \
        test "$(names <<<"$c52")" = "bar bar foo"
    check "timeline at 8.5 ms: foo on the core and thread 1, bar served (got '$(names <<<"$c85")')" \
        test "$(names <<<"$c85")" = "foo foo bar"
    foo_srv=$(sed -n 3p <<<"$c52" | cut -d' ' -f2) bar_srv=$(sed -n 3p <<<"$c85" | cut -d' ' -f2)
    check "timeline: www.bar.com's lane is below www.foo.com's ($bar_srv > $foo_srv)" test "${bar_srv:-0}" -gt "${foo_srv:-0}"
    # The switch from foo to bar on the core at 3 ms, and the core idle from 6 ms: x follows --from/--to.
    read -r _ core0 core1 <<<"$(head -1 <<<"$c05")"
    ym=$(((${core0:-0} + ${core1:-0}) / 2)) x3=$(at "$PX" "$PW" 0 10 3) x6=$(at "$PX" "$PW" 0 10 6)
    check "timeline: foo just before 3 ms on the core" test "$(px "$dir/t.png" $((x3 - 2)) $ym)" = $FOO
    check "timeline: bar just after 3 ms on the core" test "$(px "$dir/t.png" $((x3 + 3)) $ym)" = $BAR
    check "timeline: bar just before 6 ms on the core" test "$(px "$dir/t.png" $((x6 - 2)) $ym)" = $BAR
    check "timeline: nothing just after 6 ms on the core (got $(px "$dir/t.png" $((x6 + 3)) $ym))" \
        test -z "$(px "$dir/t.png" $((x6 + 3)) $ym | grep -E "$REQS")"
    # foo's call: an arrow in foo's colour from thread 1's bar at 3 ms to www.foo.com's at 4 ms.
    ay0=$(sed -n 2p <<<"$c05" | cut -d' ' -f3) ay1=$foo_srv x4=$(at "$PX" "$PW" 0 10 4)
    for u in 25 50 75; do
        ax=$((x3 + (x4 - x3) * u / 100)) ay=$((${ay0:-0} + (${ay1:-0} - ${ay0:-0}) * u / 100))
        check "timeline: foo's call arrow at $u% of its way ($ax, $ay) is foo-coloured" near "$dir/t.png" $ax $ay 2 $FOO 40
    done
    # --scale 2: the same bars at twice the coordinates.
    c2=$(colruns "$dir/t2.png" $((2 * x52 + 1)))
    check "timeline --scale 2 at 5.2 ms: the same bars (got '$(names <<<"$c2")')" test "$(names <<<"$c2")" = "bar bar foo"
    y1=$(sed -n 3p <<<"$c52" | cut -d' ' -f2) y2=$(sed -n 3p <<<"$c2" | cut -d' ' -f2)
    check "timeline --scale 2: www.foo.com's bar starts at twice the y ($y2 vs 2 x $y1)" \
        test $((${y2:-0} - 2 * ${y1:-0})) -ge -1 -a $((${y2:-0} - 2 * ${y1:-0})) -le 1

    # Themes: the empty plot under the last lane is the background; the first row a group header.
    # Request colours stay the scenario's.
    for spec in light:ffffff:e9ecf1 dark:1e1f22:2e3136 contrast:ffffff:d6d6d6; do
        IFS=: read -r th bg hd <<<"$spec"
        # shellcheck disable=SC2086
        render "$dir/th-$th.png" $tl --height 400 --theme "$th"
        # shellcheck disable=SC2086
        render "$dir/th-$th.svg" $tl --height 400 --theme "$th"
        read -r _ ty _ th_ <<<"$(plotbox "$dir/th-$th.svg")"
        ybot=$(awk -v y="$ty" -v h="$th_" 'BEGIN { printf "%d", y + h - 5 }')
        check "theme $th: background $bg under the lanes (got $(px "$dir/th-$th.png" "$x52" "$ybot"))" \
            test "$(px "$dir/th-$th.png" "$x52" "$ybot")" = "$bg"
        check "theme $th: header row $hd (got $(px "$dir/th-$th.png" "$x52" $((${ty%.*} + 5))))" \
            test "$(px "$dir/th-$th.png" "$x52" $((${ty%.*} + 5)))" = "$hd"
        c=$(colruns "$dir/th-$th.png" "$x52")
        check "theme $th: the requests keep their colours (got '$(names <<<"$c")')" test "$(names <<<"$c")" = "bar bar foo"
    done
    check "the three themes give three pictures" \
        test "$(md5sum "$dir"/th-*.png | cut -d' ' -f1 | sort -u | wc -l)" -eq 3

    # Up to --to only: at 8 ms the core, thread 1 and www.bar.com still run in the last column.
    render "$dir/to8.png" --model threads --width 1000 --from 0ms --to 8ms
    c=$(colruns "$dir/to8.png" 999)
    check "timeline --to 8ms: the last column is 8 ms (got '$(names <<<"$c")')" test "$(names <<<"$c")" = "foo foo bar"
fi
# Nothing past --to: no bar of the run's rest (bar at 10 ms) is even in the file.
render "$dir/to8.svg" --model threads --width 1000 --from 0ms --to 8ms
read -r PX8 _ PW8 _ <<<"$(plotbox "$dir/to8.svg")"
past=$(grep -oE "<rect x=\"[0-9.]+\"[^>]*fill=\"#($REQS)\"" "$dir/to8.svg" | sed 's/<rect x="\([0-9.]*\)".*/\1/' |
    awk -v r="$(awk -v a="${PX8:-0}" -v b="${PW8:-0}" 'BEGIN { print a + b }')" '$1 >= r' | wc -l)
check "timeline SVG --to 8ms: no bar starts past the plot ($past do)" test "$past" -eq 0

# ---- Course view -------------------------------------------------------------------------------

cv="--model threads --view course --width 800 --from 0ms --to 12ms"
# shellcheck disable=SC2086
render "$dir/c.svg" $cv
check "course SVG: xmllint accepts it" xmllint --noout "$dir/c.svg"
check "course SVG: 0.6 x 800 = 480 high" grep -q '^<svg[^>]* width="800" height="480"' "$dir/c.svg"
read -r CX CY CW CH <<<"$(plotbox "$dir/c.svg")"
if [ $have_png = 1 ] && [ -n "${CH:-}" ]; then
    # shellcheck disable=SC2086
    render "$dir/c.png" $cv
    # shellcheck disable=SC2086
    render "$dir/c2.png" $cv --scale 2
    check "course PNG: 800 x 480 like the SVG (got $(size "$dir/c.png"))" test "$(size "$dir/c.png")" = "800 480"
    check "course PNG --scale 2: 1600 x 960 (got $(size "$dir/c2.png"))" test "$(size "$dir/c2.png")" = "1600 960"
    # The client's thick line: the one dark run at least 3 px wide across a row, in the middle of the
    # plot (servers on both sides); the client's bars straddle it in the order they ran.
    y15=$(at "$CY" "$CH" 0 12 1.5)
    thick=$(rowruns "$dir/c.png" "$y15" dark 3)
    check "course: one thick dark line across the row at 1.5 ms (got '$(tr '\n' ' ' <<<"$thick")')" test "$(wc -l <<<"$thick")" -eq 1
    read -r _ l0 l1 <<<"$thick"
    cx=$(((${l0:-0} + ${l1:-0}) / 2)) mid=$(awk -v a="$CX" -v b="$CW" 'BEGIN { printf "%d", a + b / 2 }')
    check "course: the client's line is at the plot's centre ($cx vs $mid)" test $((cx - mid)) -ge -3 -a $((cx - mid)) -le 3
    for spec in 1.5:$FOO 4.5:$BAR 8:$FOO 11:$BAR; do
        t=${spec%:*} want=${spec#*:} y=$(at "$CY" "$CH" 0 12 "${spec%:*}")
        check "course at $t ms: the client's line is dark" test -n "$(rowruns "$dir/c.png" "$y" dark 3 | awk -v c=$cx '$2 <= c && c < $3')"
        check "course at $t ms: $want on both sides of the line" \
            test "$(px "$dir/c.png" $((cx - 8)) "$y")$(px "$dir/c.png" $((cx + 8)) "$y")" = "$want$want"
    done
    c=$(colruns "$dir/c.png" $((cx - 8)))
    check "course: down the client's column foo, bar, foo, bar (got '$(names <<<"$c")')" test "$(names <<<"$c")" = "foo bar foo bar"
    c=$(rowruns "$dir/c.png" "$(at "$CY" "$CH" 0 12 5)" exact 10 | grep "^$FOO " | awk -v c=$cx '$3 < c - 60 || $2 > c + 60')
    check "course at 5 ms: foo served in a column of its own" test -n "$c"
    c=$(colruns "$dir/c2.png" $((2 * cx - 16)))
    check "course --scale 2: the same column (got '$(names <<<"$c")')" test "$(names <<<"$c")" = "foo bar foo bar"
    # The time axis: a grey arrow on the left, as long as most of the plot, its head at the bottom.
    axis=$(rowruns "$dir/c.png" "$(at "$CY" "$CH" 0 12 6)" grey 3 | awk -v r="$CX" '$3 <= r' | head -1)
    read -r _ a0 a1 <<<"$axis"
    ax=$(((${a0:-0} + ${a1:-0}) / 2))
    check "course: a grey axis line left of the plot (got '$axis')" test -n "$axis"
    shaft=$(pixels "$dir/c.png" "1x480+$ax+0" | runs grey 3 y | awk '{ print $3 - $2, $2, $3 }' | sort -n | tail -1 | cut -d' ' -f2-)
    read -r s0 s1 <<<"$shaft"
    check "course: the axis runs down most of the plot ($shaft)" test $((${s1:-0} - ${s0:-0})) -ge $((${CH%.*} * 4 / 5))
    head_w=$(pixels "$dir/c.png" "${CX%.*}x16+0+$((${s1:-16} - 16))" | runs grey 3 x | awk '{ print $3 - $2 }' | sort -n | tail -1)
    shaft_w=$((${a1:-0} - ${a0:-0}))
    check "course: the axis ends in an arrow head (${head_w:-0} px wide vs $shaft_w)" test "${head_w:-0}" -ge $((shaft_w + 4))
    # Nothing past --to: with --to 8ms the client's bar reaches the plot's bottom edge and nothing is
    # drawn between the plot and the status bar.
    render "$dir/c8.png" --model threads --view course --width 800 --from 0ms --to 8ms
    bot=$(awk -v y="$CY" -v h="$CH" 'BEGIN { printf "%d", y + h }')
    check "course --to 8ms: foo's bar reaches the plot's bottom" test "$(px "$dir/c8.png" $((cx - 8)) $((bot - 2)))" = $FOO
    below=$(pixels "$dir/c8.png" "$((800 - ${CX%.*}))x6+${CX%.*}+$((bot + 1))" | awk '$3 != "ffffff"' | wc -l)
    check "course --to 8ms: nothing drawn under the plot ($below pixels)" test "$below" -eq 0
fi

# ---- Comparison ------------------------------------------------------------------------------

"$bin" render "$dir/costs.scn" --view compare --lang en --width 1200 -o "$dir/cmp.svg"
check "compare SVG: xmllint accepts it" xmllint --noout "$dir/cmp.svg"
spans=$(grep -o '>makespan [^<]*<' "$dir/cmp.svg" | sort -u | wc -l)
check "compare: four panels with four different makespans ($spans)" test "$spans" -eq 4
models=$(grep -oE '>(sequential|processes|threads|coroutines)<' "$dir/cmp.svg" | sort -u | wc -l)
check "compare: the four models' names ($models)" test "$models" -eq 4
if [ $have_png = 1 ]; then
    "$bin" render "$dir/costs.scn" --view compare --lang en --width 1200 -o "$dir/cmp.png"
    check "compare PNG: 1200 x 720 (got $(size "$dir/cmp.png"))" test "$(size "$dir/cmp.png")" = "1200 720"
    # A client's line: a dark run 3 px wide or more across the middle row (an arrow crossing it
    # may be one too) whose centre column stays dark for 200 px.
    lines=0
    while read -r _ l0 l1; do
        tall=$(pixels "$dir/cmp.png" "1x720+$(((l0 + l1) / 2))+0" | runs dark 200 y | wc -l)
        [ "$tall" -gt 0 ] && lines=$((lines + 1))
    done < <(rowruns "$dir/cmp.png" 360 dark 3)
    check "compare PNG: four clients' thick lines across the middle row ($lines)" test "$lines" -eq 4
    "$bin" render "$dir/costs.scn" --view compare --compare-style timeline --lang en --width 1200 -o "$dir/cmpt.png"
    check "compare --compare-style timeline: a PNG" test -s "$dir/cmpt.png"
fi

# ---- SVG shapes per segment ------------------------------------------------------------------

# What each view draws in a request's colour, from the trace's CSV (one row per segment):
#   timeline: every lane has a row here (few lanes: no aggregate row, nothing collapsed), and a
#     RUN, SERVE or BLOCKED segment is one <rect> filled with its request's colour (READY and GIL
#     are hatched, WAIT and QUEUED dashed lines, creation and switch costs theme colours);
#   course: one bar per burst, the RUN slices of one request step on a unit lane (process, thread,
#     coroutine, main; not the cores or the event loop) or the SERVE slices on a server. With no
#     time slicing here every burst is one segment, hence one <rect>;
#   compare: the panels are those views, one per model: the sum over the models.
# A segment counts when it overlaps [--from, --to]; the window's edges (0.5 ms, 11 ms) lie far
# from every segment's ends, so the few pixels drawn beyond the plot's edges (then clipped) add none.
# Under coroutines with as many cores as event loops the core rows only repeat the loops: hidden.
expect_rects() {  # expect_rects CSV timeline|course [coroutines]
    awk -F, -v view="$2" -v coro="${3:-}" -v a=500000 -v b=11000000 '
        NR > 1 && $4 < b && $5 > a {
            if (view == "timeline" && coro == "coroutines" && $1 ~ /^core( [0-9]+)?$/) next
            if (view == "timeline" && ($2 == "running" || $2 == "serving" || $2 == "blocked")) n++
            if (view == "course" && (($2 == "running" && $1 !~ /^(core|loop)( [0-9]+)?$/) || $2 == "serving")) n++
        }
        END { print n + 0 }' "$1"
}
win="--width 1000 --from 0.5ms --to 11ms"
sum_tl=0 sum_cv=0
for model in sequential processes threads coroutines; do
    "$bin" export "$dir/two.scn" --model $model --format csv -o "$dir/$model.csv"
    for view in timeline course; do
        # shellcheck disable=SC2086
        render "$dir/$model-$view.svg" --model $model --view $view $win
        check "$model $view SVG: xmllint accepts it" xmllint --noout "$dir/$model-$view.svg"
        want=$(expect_rects "$dir/$model.csv" $view $model) got=$(svg_req_rects "$dir/$model-$view.svg")
        check "$model $view SVG: one request-coloured rect per bar ($got vs $want)" test "$got" -eq "$want" -a "$want" -gt 0
        [ $view = timeline ] && sum_tl=$((sum_tl + want)) || sum_cv=$((sum_cv + want))
    done
done
for spec in course:$sum_cv timeline:$sum_tl; do
    # shellcheck disable=SC2086
    render "$dir/cmp-${spec%:*}.svg" --view compare --compare-style "${spec%:*}" $win
    check "compare ${spec%:*} SVG: xmllint accepts it" xmllint --noout "$dir/cmp-${spec%:*}.svg"
    got=$(svg_req_rects "$dir/cmp-${spec%:*}.svg")
    check "compare ${spec%:*} SVG: the four models' bars ($got vs ${spec#*:})" test "$got" -eq "${spec#*:}"
done

# ---- Failure paths: a message, an exit status, and the folder as it was ------------------------

f=$dir/fail
mkdir -p "$f/isdir.png"
touch "$f/file.txt"
printf 'old' > "$f/keep.png"
before=$(ls -A "$f")
fail_case() {  # fail_case NAME CODE MESSAGE ARGS...: exit CODE, MESSAGE in stderr, $f unchanged
    local name=$1 code=$2 msg=$3; shift 3
    "$bin" render "$dir/two.scn" "$@" 2>"$dir/err"
    local rc=$?
    check "$name: exit $code (got $rc)" test $rc -eq "$code"
    check "$name: says '$msg' (said '$(head -1 "$dir/err")')" grep -qF -- "$msg" "$dir/err"
    # shellcheck disable=SC2012  # the folder's names are ours
    check "$name: nothing left in the folder (now: $(ls -A "$f" | tr '\n' ' '))" test "$(ls -A "$f")" = "$before"
    check "$name: the old file is untouched" test "$(cat "$f/keep.png")" = old
}
fail_case "no such folder" 1 "/nonexistent/x.png: error: cannot create a file there" -o /nonexistent/x.png
check "no such folder: still none" test ! -e /nonexistent
fail_case "a file as folder (png)" 1 "$f/file.txt/x.png: error: cannot create a file there: Not a directory" \
    -o "$f/file.txt/x.png"
fail_case "a file as folder (svg)" 1 "$f/file.txt/x.svg: error: cannot create a file there: Not a directory" \
    -o "$f/file.txt/x.svg"
fail_case "a folder as output (refused before the run)" 2 \
    "$f/isdir.png: error: refusing to replace a directory with a file" -o "$f/isdir.png"
if [ "$(id -u)" -ne 0 ]; then   # root writes into a mode 555 folder anyway
    chmod 555 "$f"
    fail_case "a read-only folder" 1 "$f/x.png: error: cannot create a file there: Permission denied" -o "$f/x.png"
    chmod 755 "$f"
else
    echo "note: running as root, the read-only folder case is left out (ENOTDIR stands in for it)"
fi
if [ $have_png = 1 ]; then
    fail_case "a missing font, over an existing file (bad input)" 2 "/nonexistent.ttf: error: cannot open the font" \
        --font /nonexistent.ttf -o "$f/keep.png"
fi
usage="Try 'schedlab render --help'."
fail_case "unknown extension" 2 "schedlab: error: -o $f/x.bmp: expected a file name ending in .png, .svg or .pdf" -o "$f/x.bmp"
fail_case "unknown view" 2 "schedlab: error: --view gantt: expected timeline, course or compare" \
    --view gantt -o "$f/x.svg"
for bad in "--width 0" "--width -5" "--width abc" "--height 999999" "--scale 0"; do
    max=16384
    case $bad in --scale*) max=8 ;; esac
    # shellcheck disable=SC2086
    fail_case "$bad" 2 "schedlab: error: $bad: expected a number above 0 and at most $max" $bad -o "$f/x.svg"
    check "$bad: names the help" grep -qxF "$usage" "$dir/err"
done
fail_case "--to before --from" 2 "schedlab: error: --to 2ms: expected a time after --from" --from 5ms --to 2ms -o "$f/x.png"
fail_case "--to at --from" 2 "schedlab: error: --to 5ms: expected a time after --from" --from 5ms --to 5ms -o "$f/x.svg"
fail_case "a time without a unit" 2 "schedlab: error: --from 2: expected a time with a unit" --from 2 -o "$f/x.svg"

# The status bar names the model in the picture's language in every view (the timeline's said
# 'sequential' in French, the course view's 'séquentiel').
for view in timeline course; do
    "$bin" render "$dir/two.scn" --model sequential --lang fr --view $view -o "$f/status-$view.svg" 2>"$dir/err"
    check "--lang fr --view $view: the status bar says séquentiel" grep -q '>séquentiel   durée totale' "$f/status-$view.svg"
done

echo "$passes passed, $fails failed"
[ $fails -eq 0 ] || exit 1
[ $have_png = 1 ] || { echo "PNG checks skipped: this schedlab writes SVG only"; exit 77; }
exit 0
