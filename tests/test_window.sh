#!/usr/bin/env bash
# test_window.sh SCHEDLAB — the real window under a virtual X server (Xvfb), driven by the scripts
# in tests/window/ (schedlab --script: events pushed into the real event loop), then checked on the
# screenshots' pixels with ImageMagick. Exit 0 pass, 1 fail, 77 skip (only when Xvfb is missing).
set -u

bin=${1:?usage: test_window.sh PATH/TO/schedlab}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")   # the checks run in a scratch folder
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
scripts=$here/window

if ! command -v Xvfb >/dev/null 2>&1; then
    echo "SKIP: Xvfb is not installed (apt-get install xvfb)"
    exit 77
fi
for tool in convert compare identify timeout xmllint; do
    command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: '$tool' is missing (ImageMagick, coreutils, libxml2-utils)"; exit 1; }
done

work=$(mktemp -d)
xpid=
xpid720=
cleanup() {
    [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
    [ -n "$xpid720" ] && kill "$xpid720" 2>/dev/null
    [ -n "${KEEP_SHOTS:-}" ] && cp -r "$work" "$KEEP_SHOTS"
    rm -rf "$work"
}
trap cleanup EXIT

# Xvfb picks a free display itself and writes its number on fd 5 once it accepts clients.
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$work/display" 2>"$work/xvfb.log" &
xpid=$!
for _ in $(seq 100); do
    [ -s "$work/display" ] && break
    sleep 0.1
done
[ -s "$work/display" ] || { echo "FAIL: Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=":$(head -n1 "$work/display")"
# English unless a test says otherwise: the status bar's words follow the locale.
export LC_ALL=C.UTF-8 LANGUAGE=
# The leak checker of a sanitizer build would report the X and GL libraries' own allocations.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
cd "$work" || exit 1

failures=0
checks=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
ok() {
    checks=$((checks + 1))
    echo "ok: $*"
}
check() {   # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then ok "$what"; else fail "$what"; fi
}

# run NAME EXPECTED_EXIT [ARGS...]: the script tests/window/NAME.script (or ./NAME.script when the
# test filled in a template) with the program's stderr kept in NAME.err.
run() {
    local name=$1 want=$2 script=$scripts/$1.script
    shift 2
    [ -f "./$name.script" ] && script=./$name.script
    timeout 120 "$bin" --script "$script" "$@" 2>"$name.err"
    local rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "$name.script: exit $rc, expected $want"
        sed 's/^/    /' "$name.err"
        return 1
    fi
    ok "$name.script exits $want"
}

# Pixels of exactly colour HEX in FILE.
count() {
    convert "$1" -fill black +opaque "$2" -fill white -opaque "$2" -format '%[fx:int(mean*w*h+0.5)]' info:
}
# Pixels that differ between two images (0: identical).
differ() {
    compare -metric AE "$1" "$2" null: 2>&1 | cut -d' ' -f1
}
same() { [ "$(differ "$1" "$2")" = 0 ]; }
different() { local d; d=$(differ "$1" "$2"); [ -n "$d" ] && [ "$d" != 0 ]; }
size_is() { [ "$(identify -format '%wx%h' "$1")" = "$2" ]; }
# The colour of pixel (X, Y) as #RRGGBB.
pixel() {
    convert "$1" -crop "1x1+$2+$3" -depth 8 txt:- | tail -n1 | grep -o '#[0-9A-F]\{6\}'
}
# "X Y" at the centre of the largest bar (a blob at most 20 px tall) of colour HEX.
bar_center() {
    convert "$1" -fill black +opaque "$2" -fill white -opaque "$2" \
        -define connected-components:verbose=true -connected-components 8 null: |
        awk '$NF == "srgb(255,255,255)" { split($2, g, /[x+]/); if (g[2] <= 20 && $4 > best) { best = $4; c = $3 } }
             END { split(c, p, ","); if (best) printf "%d %d\n", p[1], p[2] }'
}
# The x of the column holding the most pixels of colour HEX (a vertical line).
line_x() {
    convert "$1" -fill black +opaque "$2" -fill white -opaque "$2" -scale "x1!" -depth 16 txt:- |
        awk -F'[,:( ]+' 'NR > 1 && $4 > best { best = $4; x = $1 } END { print x + 0 }'
}
near() { local d=$(($1 - $2)); [ "${d#-}" -le "$3" ]; }
# "X Y" at the centre of the largest blob of colour HEX, whatever its size.
blob_center() {
    convert "$1" -fill black +opaque "$2" -fill white -opaque "$2" \
        -define connected-components:verbose=true -connected-components 8 null: |
        awk '$NF == "srgb(255,255,255)" && $4 > best { best = $4; c = $3 }
             END { split(c, p, ","); if (best) printf "%d %d\n", p[1], p[2] }'
}
# "START WIDTH" of the widest horizontal run of colour HEX in row Y.
widest_run() {
    convert "$1" -crop "x1+0+$3" -depth 8 txt:- |
        awk -F'[,: ]+' -v hex="$2" 'NR > 1 { if (index($0, hex) && $1 == last + 1 && run) n++; else if (index($0, hex)) { n = 1; s = $1 } else n = 0;
             run = index($0, hex) > 0; last = $1; if (n > best) { best = n; bs = s } } END { printf "%d %d\n", bs, best }'
}
# Pixels of colour HEX in the W x H box at (X, Y).
count_in() {
    convert "$1" -crop "$3x$4+$5+$6" +repage -fill black +opaque "$2" -fill white -opaque "$2" \
        -format '%[fx:int(mean*w*h+0.5)]' info:
}
# Rows at the bottom of FILE (column 3) that have the colour of its last row: the status bar.
status_h() {
    convert "$1" -crop "1x$(identify -format %h "$1")+3+0" -depth 8 txt:- |
        awk -F'[,: ]+' 'NR > 1 { c[NR] = $0; sub(/^[^#]*/, "", c[NR]); sub(/ .*/, "", c[NR]) } END {
             n = 0; for (i = NR; i > 1 && c[i] == c[NR]; i--) n++; print n }'
}
# The first y whose pixel at x=3 is the light theme's group header colour (+ half a header).
header_y() {
    convert "$1" -crop 1x800+3+0 -depth 8 txt:- | awk -F"[,:]" '!done && /#E9ECF1/ { print $2 + 8; done = 1 }'
}
fill() {   # fill TEMPLATE OUT KEY=VALUE...
    local tpl=$1 out=$2 sedargs=()
    shift 2
    for kv in "$@"; do sedargs+=(-e "s/@${kv%%=*}@/${kv#*=}/g"); done
    sed "${sedargs[@]}" "$scripts/$tpl.script" >"$out"
}

PURPLE='#B46AE0'   # request foo of the built-in scenario
RED='#E8605A'      # request bar
WHITE='#FFFFFF'    # light theme background
DARK='#1E1F22'     # dark theme background
ALERT='#D00000'    # light theme: playhead, error box, makespan lines
INK='#1A1A1A'      # light theme: text, the course view's host lines

echo "== the built-in scenario, models and knobs"
if run open 0; then
    check "a 1280x800 window" size_is default.png 1280x800
    check "request foo's bars are drawn" [ "$(count default.png "$PURPLE")" -gt 4000 ]
    check "request bar's bars are drawn" [ "$(count default.png "$RED")" -gt 4000 ]
    # The legend's last entry ("failed", a cross in the alert colour) wraps to a second row rather
    # than being cut at the right edge: it shows whole left of x=1200.
    check "the legend wraps rather than being cut (its last entry shows)" \
        [ "$(count_in default.png "$ALERT" 1200 120 0 680)" -gt 20 ]
    check "the background is white (the rows' bands fill most of the height)" [ "$(count default.png "$WHITE")" -gt 300000 ]
    check "sequential looks different from threads" different default.png sequential.png
    check "coroutines look different from threads" different default.png coroutines.png
    check "knobs turned back give the first picture" same default.png default-again.png
fi

echo "== selection, folding, tooltip"
read -r bx by <<<"$(bar_center default.png "$PURPLE")"
hy=$(header_y default.png)
if [ -z "${bx:-}" ] || [ -z "$hy" ]; then
    fail "no bar of request foo or no group header found in default.png"
else
    ok "request foo's largest bar at ($bx, $by), first group header at y=$hy"
    check "the lane of that bar has a label on the left" \
        [ "$(convert default.png -crop "100x12+0+$((by - 6))" -format '%[fx:int(minima.r*255)]' info:)" -lt 100 ]
    fill select select.script BAR_X="$bx" BAR_Y="$by" HEAD_X=60 HEAD_Y="$hy"
    if run select 0; then
        check "the selected request stays in full colour" [ "$(count selected.png "$PURPLE")" -gt 4000 ]
        check "the other request is dimmed" [ "$(count selected.png "$RED")" -lt "$(($(count default.png "$RED") / 10))" ]
        check "Esc gives the first picture back" same default.png unselected.png
        check "a click on a group header folds it" [ "$(count folded.png "$PURPLE")" -lt "$(count default.png "$PURPLE")" ]
        check "a second click unfolds it" same default.png unfolded.png
        check "hovering a bar shows a tooltip" [ "$(differ default.png tooltip.png)" -gt 2000 ]
    fi
fi

echo "== zoom, pan, toggles, themes, text size, resize"
if run view 0; then
    check "+ zooms in" different fit.png zoom-keys.png
    check "the wheel zooms in" different zoom-keys.png zoom-wheel.png
    check "0 fits the whole run again" same fit.png fit-again.png
    check "dragging pans" different fit.png panned.png
    check "90 wheel notches zoom in deep" different fit.png deep.png
    check "at the deepest zoom, dragging 10 px and back returns exactly (no jitter)" same deep.png deep-back.png
    check "... and so do Right then Left" same deep.png deep-keys.png
    check "m hides the message arrows" different fit.png no-msgs.png
    check "m shows them again" same fit.png msgs.png
    check "l hides the legend" different fit.png no-legend.png
    check "? shows the help" [ "$(differ fit.png help.png)" -gt 50000 ]
    check "Esc closes the help" same fit.png no-help.png
    check "t: the dark theme has a dark background" [ "$(count dark.png "$DARK")" -gt 300000 ]
    check "t: the background pixel changes colour" [ "$(pixel fit.png 700 650)" != "$(pixel dark.png 700 650)" ]
    check "t: contrast differs from light" different fit.png contrast.png
    check "t three times: back to light" same fit.png light.png
    check "Ctrl+plus makes text larger" different fit.png big-text.png
    check "Ctrl+0 resets the text size" same fit.png text-reset.png
    check "the window resizes" size_is small.png 900x600
fi

echo "== playhead"
printf 'profile ideal\nmodel sequential\nserver srv\nrequest a : cpu 1ms ; call srv latency=1ms serve=1ms ; cpu 1ms\n' >seq.scn
if run playhead 0 seq.scn; then
    check "playing draws the playhead line" [ "$(count playing.png "$ALERT")" -gt 600 ]
    phx=$(line_x at-2ms.png "$ALERT")
    ok "the playhead at 2 ms is drawn at x=$phx"
    check "its time is written over the axis ($(count_in at-2ms.png "$ALERT" 1280 30 0 0) px)" \
        [ "$(count_in at-2ms.png "$ALERT" 1280 30 0 0)" -gt 150 ]
    check "course view: the playhead's time in the time column ($(count_in course-2ms.png "$ALERT" 120 800 0 0) px)" \
        [ "$(count_in course-2ms.png "$ALERT" 120 800 0 0)" -gt 150 ]
    check "course view: the ticks after the paused playhead stay ($(count_in course-2ms.png '#6B6B6B' 120 250 0 500) px)" \
        [ "$(count_in course-2ms.png '#6B6B6B' 120 250 0 500)" -gt 40 ]
    fill scrub scrub.script PH_X="$phx" PH_X2="$((phx + 200))" AXIS_Y=14
    if run scrub 0 seq.scn; then
        check "dragging the playhead in the axis moves it 200 px" near "$(line_x scrubbed.png "$ALERT")" "$((phx + 200))" 2
        check "a click in the axis puts it back" near "$(line_x clicked.png "$ALERT")" "$phx" 2
        check "Esc hides it (the legend's failure cross aside)" [ "$(count hidden.png "$ALERT")" -lt 100 ]
    fi
fi

echo "== reload on change, error overlay"
good='title "watched"\nmodel threads\ncores %s\nserver db\nrepeat 4 every=1ms request q : cpu 2ms ; call db latency=1ms serve=1ms ; cpu 1ms\n'
# shellcheck disable=SC2059
printf "$good" 2 >watched.scn
run reload 0 watched.scn &
runner=$!
for _ in $(seq 600); do [ -f before.png ] && break; sleep 0.05; done
printf 'model threads\ncores 2\nserver db\nrequest q : cpu 2ms ; call dbx latency=1ms\n' >watched.scn
for _ in $(seq 600); do [ -f broken.png ] && break; sleep 0.05; done
# shellcheck disable=SC2059
printf "$good" 3 >watched.scn
if wait "$runner"; then
    checks=$((checks + 1))   # counted by the background run
    check "the error box appears over the last good run" [ "$(count broken.png "$ALERT")" -gt 500 ]
    check "... and the run stays on screen" [ "$(count broken.png '#E69F00')" -gt 1000 ]
    check "the fixed file replaces it (no error box; the legend's failure cross aside)" [ "$(count fixed.png "$ALERT")" -lt 100 ]
    check "the fixed file is what shows (cores 3 differs)" different before.png fixed.png
else
    failures=$((failures + 1))
fi

echo "== course view (v)"
if run course 0; then
    read -r lx lw <<<"$(widest_run course.png "$INK" 400)"
    check "the client's thick line ($lw px at x=$lx) is the widest line, in the centre column" \
        eval '[ "$lw" -ge 3 ] && [ "$lx" -gt 512 ] && [ "$lx" -lt 768 ]'
    check "bursts in request colours sit on the client's line" \
        [ "$(count_in course.png "$PURPLE" 120 700 $((lx - 60)) 0)" -gt 2000 ]
    check "... and on a server's line, away from the centre" [ "$(count_in course.png "$PURPLE" 400 700 0 0)" -gt 2000 ]
    check "the course view differs from the timeline" different timeline.png course.png
    check "French changes the course view's words" different course.png course-fr.png
    check "v again gives the timeline back" same timeline.png timeline-again.png
    read -r cx cy <<<"$(blob_center course.png "$PURPLE")"
    fill course-select course-select.script BAR_X="${cx:-0}" BAR_Y="${cy:-0}"
    if run course-select 0; then
        check "a click on a course bar keeps its request in full colour" \
            [ "$(count course-selected.png "$PURPLE")" -gt "$(($(count course.png "$PURPLE") * 9 / 10))" ]
        check "... and dims the other one" [ "$(count course-selected.png "$RED")" -lt "$(($(count course.png "$RED") / 10))" ]
        check "Esc clears the selection" same course.png course-unselected.png
    fi
fi

echo "== comparison (c)"
if run compare 0; then
    for q in 0 1 2 3; do
        check "course panel $((q + 1)) of 4 has its makespan line" \
            [ "$(count_in compare-course.png "$ALERT" 320 700 $((q * 320)) 60)" -gt 40 ]
    done
    check "stacked timelines differ from course panels" different compare-timelines.png compare-course.png
    check "k / K re-simulate the four models" different compare-course.png compare-2cores.png
    check "c closes the comparison" same default.png compare-closed.png
fi

echo "== the course view at a paused playhead: a thread waiting for the GIL"
if run course-gil 0 --width 1280 --height 800; then
    gil=$(count course-gil.png '#B2182B')
    check "a hatched GIL marker on the client's column at the playhead ($gil px of the GIL's hatch)" [ "$gil" -gt 20 ]
    check "... which goes with the playhead" [ "$(count course-no-playhead.png '#B2182B')" -lt 5 ]
fi

echo "== comparison of three servers with long names"
printf '%s\n' 'title "Three servers"' 'model threads' 'cores 2' 'client crawler' \
    'server www.example-alpha.com' 'server www.example-beta.com' 'server www.example-gamma.com' \
    'request a color=#1f77b4 : cpu 1ms ; call www.example-alpha.com latency=5ms serve=2ms ; cpu 1ms' \
    'request b color=#ff7f0e : cpu 1ms ; call www.example-beta.com latency=5ms serve=2ms ; cpu 1ms' \
    'request c color=#2ca02c : cpu 1ms ; call www.example-gamma.com latency=5ms serve=2ms ; cpu 1ms' >hosts.scn
if run compare-hosts 0 hosts.scn --width 1280 --height 800; then
    # Request c's bars (green, at least 4 px tall): a core, its unit and its server in each of the
    # four panels; panels cut to their first group showed about 9.
    bars=$(convert hosts-timelines.png -fill black +opaque '#2CA02C' -fill white -opaque '#2CA02C' \
        -define connected-components:verbose=true -connected-components 8 null: |
        awk '$NF == "srgb(255,255,255)" { split($2, g, /[x+]/); if (g[2] >= 4) n++ } END { print n + 0 }')
    check "stacked timelines show the server lanes of every panel ($bars green bars, at least 16)" [ "$bars" -ge 16 ]
    # The host names' band: the tallest glyph ('b' rises 0.76 em): names of 13 px or more.
    glyph=$(convert hosts-course.png -crop 1280x30+0+105 +repage -fill black +opaque "$INK" -fill white -opaque "$INK" \
        -define connected-components:verbose=true -connected-components 8 null: |
        awk '$NF == "srgb(255,255,255)" { split($2, g, /[x+]/); if (g[2] > h) h = g[2] } END { print h + 0 }')
    check "host names in course panels stay readable (glyphs $glyph px, at least 9)" [ "$glyph" -ge 9 ]
    check "an abbreviated host name shows its full name under the pointer" \
        [ "$(differ hosts-course.png hosts-tip.png)" -gt 2000 ]
fi

echo "== sweep plot (p)"
printf 'title "sweep test"\nmodel coroutines\nserver srv cores=1000000\nrepeat 4 request q : cpu 10us ; call srv latency=1ms serve=1ms ; cpu 10us\n' >sweep.scn
if run sweep 0 sweep.scn; then
    check "the window answered t while the sweep computed (dark theme)" [ "$(count sweep-computing.png "$DARK")" -gt 400000 ]
    for c in '#0072B2' '#D55E00' '#009E73' '#CC79A7'; do   # one colour per model in every theme (lay_sweep.c)
        check "the plot has the line of model colour $c" [ "$(count sweep.png "$c")" -gt 300 ]
    done
fi
if run sweep-none 0; then
    check "no plot without a repeat: the run stays on screen" [ "$(count no-sweep.png "$PURPLE")" -gt 4000 ]
fi

echo "== coroutines: the core rows that repeat the loop (o)"
if run core-rows 0; then
    check "o shows the core row: the pictures differ" different coro-hidden.png coro-shown.png
    check "... and the shown one has more of the requests' colour" \
        [ "$(count coro-shown.png "$PURPLE")" -gt "$(count coro-hidden.png "$PURPLE")" ]
fi

echo "== a narrow window: the status bar shortened, not cut"
if run narrow 0 --width 700 --height 400; then
    # The rightmost text pixel of the status band (its last 16 rows): short of the edge.
    right=$(convert narrow.png -crop 700x16+0+384 +repage -fill black +opaque "$INK" -fill white -opaque "$INK" \
        -trim -format '%[fx:page.x+w]' info: 2>/dev/null)
    check "the status text ends at x=$right, before the edge (700)" [ "${right:-700}" -lt 690 ]
fi

echo "== a projector: 1920x1080"
Xvfb -displayfd 7 -screen 0 1920x1080x24 -nolisten tcp 7>"$work/display1080" 2>"$work/xvfb1080.log" &
xpid1080=$!
for _ in $(seq 100); do
    [ -s "$work/display1080" ] && break
    sleep 0.1
done
if [ -s "$work/display1080" ]; then
    DISPLAY=":$(head -n1 "$work/display1080")" run projector 0 --width 1920 --height 1080
    projector_rc=$?
else
    projector_rc=1
    fail "the 1920x1080 Xvfb did not start"
fi
kill "$xpid1080" 2>/dev/null
if [ "$projector_rc" -eq 0 ]; then
    check "a 1920x1080 window" size_is projector.png 1920x1080
    # The lowest lane baseline (the lanes' grey line) down the middle column: where the lanes end.
    last=$(convert projector.png -crop 1x1080+1000+0 -depth 8 txt:- | awk -F'[,:]' '/#9A9A9A/ { y = $2 } END { print y + 0 }')
    check "the lanes use the height: they end at y=$last, $((last * 100 / 1080))% of 1080 (at least 60%)" \
        [ "$((last * 100 / 1080))" -ge 60 ]
    # The tallest glyph of the lane names (their colour, in the label column): 'h' and 'd' rise
    # 0.76 em in DejaVu Sans, so 15 px or more means text of 20 px or more.
    glyph=$(convert projector.png -crop 180x1000+0+40 +repage -fill black +opaque "$INK" -fill white -opaque "$INK" \
        -define connected-components:verbose=true -connected-components 8 null: |
        awk '$NF == "srgb(255,255,255)" { split($2, g, /[x+]/); if (g[1] < 40 && g[2] > h) h = g[2] } END { print h + 0 }')
    check "lane names are 20 px or more at 1920x1080 (glyphs $glyph px tall)" [ "$glyph" -ge 15 ]
    check "the course view at 1920x1080 differs" different projector.png projector-course.png
fi

echo "== lecture mode (L) on a 1280x720 screen"
Xvfb -displayfd 6 -screen 0 1280x720x24 -nolisten tcp 6>"$work/display720" 2>"$work/xvfb720.log" &
xpid720=$!
for _ in $(seq 100); do
    [ -s "$work/display720" ] && break
    sleep 0.1
done
display800=$DISPLAY
if [ -s "$work/display720" ]; then
    DISPLAY=":$(head -n1 "$work/display720")"
    run lecture 0 --width 1000 --height 600
    lecture_rc=$?
    DISPLAY=$display800
else
    lecture_rc=1
    fail "the 1280x720 Xvfb did not start"
fi
if [ "$lecture_rc" -eq 0 ]; then
    check "lecture mode fills the 1280x720 screen" size_is lecture.png 1280x720
    check "its label column is the high-contrast theme's, not the light one" \
        [ "$(pixel lecture.png 100 450)" != "$(pixel before-lecture.png 100 450)" ]
    sb=$(status_h before-lecture.png)
    sl=$(status_h lecture.png)
    check "text and bars are 1.6 x larger (status bar $sb -> $sl px)" \
        eval '[ "$((sl * 10))" -ge "$((sb * 15))" ] && [ "$((sl * 10))" -le "$((sb * 17))" ]'
    check "the requests' bars are drawn" [ "$(count lecture.png "$PURPLE")" -gt 2000 ]
    check "the course view in lecture mode differs" different lecture.png lecture-course.png
    check "the comparison in lecture mode differs" different lecture-course.png lecture-compare.png
    check "L again: the window's own size" size_is after-lecture.png 1000x600
    check "... and text size" eval '[ "$(status_h after-lecture.png)" -eq "$sb" ]'
fi
kill "$xpid720" 2>/dev/null
xpid720=

echo "== languages (i, --lang)"
if run lang 0; then
    check "French changes the picture (legend, groups, lane names)" different english.png french.png
    check "the help is in French too" different french.png french-help.png
    check "i twice gives the English picture back" same english.png english-again.png
fi
run lang-flag 0 --lang fr
timeout 60 "$bin" --lang de 2>lang.err
rc=$?
check "--lang de is refused with exit 2 ($rc)" [ "$rc" -eq 2 ]
check "... naming the languages" grep -q "^schedlab: error: --lang de: expected en or fr$" lang.err

echo "== narration (Left/Right through the decisions, the caption)"
if run why 0 "$here/../scenarios/gil-on.scn" --width 1400 --height 800; then
    check "the caption changes with the decision" different why-first.png why-en.png
    check "the caption in French differs" different why-en.png why-fr.png
    check "lecture mode shows it larger" different why-fr.png why-lecture.png
    check "... in English too" different why-lecture.png why-lecture-en.png
fi

echo "== next / previous scenario (PageDown / PageUp)"
mkdir -p folder
printf 'title "first file"\ncores 1\nserver s\nrequest a : cpu 1ms ; call s latency=1ms serve=1ms\n' >folder/a.scn
printf 'cores 1\nserver s s\n' >folder/b.scn
printf 'title "third file"\ncores 2\nserver s\nrequest a : cpu 1ms ; call s latency=1ms serve=1ms\n' >folder/c.scn
if run browse 0 folder/a.scn; then
    check "the course view and the dark theme stay across files" [ "$(count browse-c.png "$DARK")" -gt 300000 ]
    check "the files look different" different browse-c.png browse-a.png
fi
(cd folder && run browse-here 0 c.scn) && ok "PageDown past the last file names the folder" || fail "browse-here"
run browse-builtin 0

echo "== saving pictures (s, S, --out-dir, --scale)"
# Pixels differing by more than 5 % between two images. The saved PNG is drawn again by the
# software renderer, anti-aliased (png.c draws 3 x finer and averages), so edges and glyphs differ
# slightly from the window's: the same frame stays under 5 % of the pixels, another frame does not.
differ5() {
    compare -metric AE -fuzz 5% "$1" "$2" null: 2>&1 | cut -d' ' -f1
}
matches() { [[ "$1" =~ $2 ]]; }   # matches STRING REGEX (the whole of a one-line STRING)
mkdir -p out
if run export 0 --out-dir out; then
    png=$(ls out/*.png 2>/dev/null)
    svg=$(ls out/*.svg 2>/dev/null)
    check "s saved one PNG named scenario-view-model-date-time ($png)" \
        matches "$png" '^out/default-timeline-threads-[0-9]{8}-[0-9]{6}\.png$'
    check "S saved one SVG ($svg)" matches "$svg" '^out/default-timeline-threads-[0-9]{8}-[0-9]{6}\.svg$'
    if [ -n "$png" ] && [ -n "$svg" ]; then
        check "the PNG has the window's size" size_is "$png" 1280x800
        same_px=$(differ5 "$png" export-shot.png)
        other_px=$(differ5 "$png" export-other.png)
        check "its pixels match the screenshot of the same frame ($same_px of 1024000 differ by > 5 %)" \
            [ "$same_px" -lt 51200 ]
        check "... and not the next frame, model 1 ($other_px differ)" [ "$other_px" -gt $((2 * same_px)) ]
        check "the SVG is well-formed XML" xmllint --noout "$svg"
        check "... as large as the window" grep -q 'width="1280" height="800"' "$svg"
    fi
    check "no temporary file is left" [ -z "$(ls out | grep -v '\.png$\|\.svg$')" ]
fi
here=$(pwd)
fill export-here export-here.script DIR="${here//\//\\/}"
if run export-here 0 --scale 2; then
    png=$(ls default-course-threads-*.png 2>/dev/null)
    check "without --out-dir: in the current folder, the course view ($png)" [ -n "$png" ]
    [ -n "$png" ] && check "--scale 2: twice the window's pixels" size_is "$png" 2560x1600
fi
echo "not a folder" >plain-file
if run export-unwritable 0 --out-dir plain-file/pictures; then
    check "an unwritable folder: the window keeps running and draws" [ "$(count unwritable-after.png "$PURPLE")" -gt 4000 ]
    check "... and nothing was written" [ "$(cat plain-file)" = "not a folder" ]
fi
timeout 60 "$bin" --scale 0 2>scale.err
rc=$?
check "--scale 0 is refused with exit 2 ($rc)" [ "$rc" -eq 2 ]

echo "== long simulations: the window answers, cancels and quits at once (issue 11)"
# A 1 ns time slice over 20 s of CPU: billions of events, minutes of simulation.
printf 'title "never ends"\nmodel threads\ntimeslice 1ns\nrepeat 2 request a : cpu 10s\n' >long.scn
# Quick in its own model (sequential: 2 000 slices), minutes under threads (a GIL hand-over every
# microsecond): the comparison is the long job.
printf 'timeslice 10ms\nswitchinterval 1us\nrepeat 4 request a : cpu 5s\n' >cmp-long.scn
# Arrivals 10^6 s apart: the sweep's 10 000-request point overflows the time line.
printf 'repeat 10 every=1000000s request a : cpu 1ms\n' >sweep-fails.scn
ms() { date +%s%3N; }
t0=$(ms)
if run long-start 0 long.scn; then
    check "the first frame is drawn while the first run simulates" size_is long-start.png 1280x800
    check "... and the whole script took seconds ($(($(ms) - t0)) ms)" [ $(($(ms) - t0)) -lt 15000 ]
fi
t0=$(ms)
if run long-keys 0 long.scn; then
    check "N pressed 14 times in a long run: the window answers and quits in $(($(ms) - t0)) ms" [ $(($(ms) - t0)) -lt 15000 ]
fi
t0=$(ms)
if run long-compare 0 cmp-long.scn; then
    check "a long comparison is stopped by Esc ($(($(ms) - t0)) ms)" [ $(($(ms) - t0)) -lt 15000 ]
fi
t0=$(ms)
if run sweep-fails 0 sweep-fails.scn; then
    check "a sweep with a failing point ends and the window quits ($(($(ms) - t0)) ms)" [ $(($(ms) - t0)) -lt 15000 ]
fi
# SIGTERM in the middle of a run that never ends (SIGINT too, when the shell lets it through: a
# background job of a script ignores SIGINT, and so does the program then).
timeout 60 "$bin" --script "$scripts/idle.script" long.scn 2>term.err &
pid=$!
sleep 2
t0=$(ms)
kill -TERM "$pid"
wait "$pid"
rc=$?
took=$(($(ms) - t0))
check "SIGTERM during a run ends the window in $took ms with exit $rc" [ "$rc" -eq 0 -a "$took" -lt 3000 ]
if run resize-huge 0; then
    check "resize 32767 32767 is capped within 16384 x 16384 and 16 Mpx ($(identify -format '%wx%h' huge.png))" \
        [ "$(identify -format '%[fx:w<=16384 && h<=16384 && w*h<=16777216]' huge.png)" = 1 ]
fi
t0=$(ms)
printf 'expect-status size capped\nscreenshot huge-args.png\n' >huge-args.script
if run huge-args 0 --width 16384 --height 16384; then
    check "--width 16384 --height 16384: capped, first frame in $(($(ms) - t0)) ms" [ $(($(ms) - t0)) -lt 15000 ]
fi

echo "== a real run beside the simulation (R)"
if [ -x /usr/bin/python3 ]; then
    if run real 0; then
        check "R: the measured and the simulated timelines differ from the run alone" different real.png back.png
        check "R: both panels draw the requests' bars" [ "$(count real.png "$PURPLE")" -gt 8000 ]
        check "R, v: the two runs as course panels" different real-course.png real.png
        check "Esc: back to the run's timeline" [ "$(count back.png "$PURPLE")" -gt 4000 ]
    fi
else
    echo "skipped: /usr/bin/python3 is missing (the real run's client)"
fi
printf 'model threads\nlock x\nrequest a : acquire x ; cpu 1ms ; release x\n' >lock.scn
if run real-fails 0 lock.scn; then
    ok "R: a scenario real runs refuse says why in the status bar"
fi

echo "== bad scripts, bad options"
if run bad-command 2; then
    check "an unknown command is reported as FILE:LINE:COL" grep -q "bad-command.script:3:1: error: expected a command .*, got 'jump'" bad-command.err
fi
if run bad-number 2; then
    check "a bad number is reported at its column" grep -q "bad-number.script:2:10: error: expected a number, got 'x'" bad-number.err
fi
if run bad-key 2; then
    check "an unknown key name is reported" grep -q "bad-key.script:1:5: error: expected a key name" bad-key.err
fi
if run expect-fails 3; then
    check "a failed expect-status quotes the status bar" grep -q "expected the status bar to contain 'this text is not in the status bar', got 'threads" expect-fails.err
fi
timeout 60 "$bin" --font /nonexistent/font.ttf 2>font.err
rc=$?
check "--font with a missing file exits 2 ($rc)" [ "$rc" -eq 2 ]
check "... with a clear message" grep -q "font" font.err
timeout 60 "$bin" no-such-file.scn 2>nofile.err
rc=$?
check "a missing scenario file exits 2 ($rc)" [ "$rc" -eq 2 ]
timeout 60 "$bin" --width 10 2>width.err
rc=$?
check "--width 10 is refused with exit 2 ($rc)" [ "$rc" -eq 2 ]

echo "== $checks checks passed, $failures failed"
[ "$failures" -eq 0 ]
