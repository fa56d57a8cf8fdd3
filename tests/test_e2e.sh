#!/usr/bin/env bash
# test_e2e.sh SCHEDLAB — end-to-end robustness of the real window under virtual X servers (issue 7):
# windows resized to 1x1, 50x30 and 4000x3000 and back, zoom to both extremes (keys and wheel), pans
# past both ends, a click every 40 px in every view, every model x view x theme x language and
# lecture mode, a scenario file broken then fixed and deleted under the running program, pictures
# saved in every view and size and to an unwritable folder. Each run is a --script generated here;
# it must still answer at its end (expect-status, a screenshot), exit 0 at `quit`, print no
# sanitizer report, and leave no partial file: no temporary, every PNG decodes, every SVG parses.
# Exit 0 pass, 1 fail, 77 skip (only when Xvfb is missing). KEEP_SHOTS=DIR keeps the work folder.
set -u

bin=${1:?usage: test_e2e.sh PATH/TO/schedlab}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

if ! command -v Xvfb >/dev/null 2>&1; then
    echo "SKIP: Xvfb is not installed (apt-get install xvfb)"
    exit 77
fi
for tool in convert identify xmllint timeout; do
    command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: '$tool' is missing (scripts/setup.sh --test)"; exit 1; }
done

work=$(mktemp -d)
xpids=()
cleanup() {
    local p
    for p in $(jobs -p) "${xpids[@]}"; do kill "$p" 2>/dev/null; done
    [ -n "${KEEP_SHOTS:-}" ] && cp -r "$work" "$KEEP_SHOTS"
    rm -rf "$work"
}
trap cleanup EXIT

# xvfb VAR WxH: starts a virtual X server with a screen of that size; its display (":N") in VAR.
xvfb() {
    local f=$work/display-$2
    Xvfb -displayfd 5 -screen 0 "$2x24" -nolisten tcp 5>"$f" >/dev/null 2>"$work/xvfb-$2.log" &
    xpids+=($!)
    for _ in $(seq 100); do
        [ -s "$f" ] && break
        sleep 0.1
    done
    [ -s "$f" ] && printf -v "$1" ':%s' "$(head -n1 "$f")"
}
# Two servers, so that two runs go at once: a screen larger than the largest window asked for
# (4000x3000), and a laptop's, where lecture mode's full screen stays cheap to draw.
xvfb big 4096x3072 && xvfb small 1280x800 || { echo "FAIL: Xvfb did not start"; cat "$work"/xvfb-*.log; exit 1; }
export LC_ALL=C.UTF-8 LANGUAGE=
# No vertical sync: a script waits for each frame, and Xvfb's 60 Hz would make it 3 x slower.
export SDL_RENDER_VSYNC=0
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
size_is() { [ "$(identify -format '%wx%h' "$1" 2>/dev/null)" = "$2" ]; }
# Pixels of exactly colour HEX in FILE.
count() {
    convert "$1" -fill black +opaque "$2" -fill white -opaque "$2" -format '%[fx:int(mean*w*h+0.5)]' info:
}
ms() { echo $(($(date +%s%N) / 1000000)); }

# run NAME [ARGS...]: NAME.script, which ends by resizing back to 1280x800, checking the status bar
# and taking NAME-end.png; exit 0, no sanitizer report on stderr (NAME.err), the end picture whole.
run() {
    local name=$1 t0 rc took
    shift
    t0=$(ms)
    timeout 120 "$bin" --script "$name.script" "$@" 2>"$name.err"
    rc=$?
    took=$(($(ms) - t0))
    if [ "$rc" -ne 0 ]; then
        fail "$name: exit $rc after $took ms, expected 0"
        sed 's/^/    /' "$name.err" | head -40
        return 1
    fi
    ok "$name: $(grep -c . "$name.script") commands, exit 0 in $took ms"
    check "$name: no sanitizer report" eval '! grep -q "ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer" "$name.err"'
    check "$name: still answering at the end, 1280x800" size_is "$name-end.png" 1280x800
}

# ---- Script pieces ------------------------------------------------------------------------------

repeat() {   # repeat N COMMAND: N lines
    local i
    for ((i = 0; i < $1; i++)); do echo "$2"; done
}
# The keys that enter each view from the timeline, and those that leave it back to the timeline
# whatever happened meanwhile: Esc closes the help, clears the selection, hides the playhead, then
# goes back to the run (timeline or course view, which only v switches).
enter() {
    case $1 in
    timeline) ;;
    course) echo "key v" ;;
    compare) echo "key c" ;;
    compare-course) printf 'key v\nkey c\n' ;;
    sweep) echo "key p" ;;
    esac
}
leave() {
    repeat 4 "key Escape"
    case $1 in course | compare-course) echo "key v" ;; esac
}
views="timeline course compare compare-course sweep"
# The end of every script: the window back to its size, a status bar that still says something.
finish() {
    printf 'resize 1280 800\nkey Escape\nkey Escape\nkey Escape\nexpect-status %s\nscreenshot %s-end.png\nquit\n' "$2" "$1"
}

# The scenario: two cores, a server, a repeat (so n / N and the sweep plot work).
scn() {   # scn CORES > FILE
    printf 'title "e2e"\nmodel threads\ncores %s\nserver db\nrepeat 4 every=1ms request q : cpu 2ms ; call db latency=1ms serve=1ms ; cpu 1ms\n' "$1"
}
scn 2 >e2e.scn
echo "not a folder" >plain-file
mkdir -p pics scn
scn 2 >scn/live.scn

# ---- The scripts ------------------------------------------------------------------------------

# Resize to tiny and huge in every view, a picture saved (s, S) at each size, the help shown on the
# tiny ones (pictures of 4000x3000 take a second each to encode: one screenshot per view).
{
    echo "move 5 5"
    for v in $views; do
        enter "$v"
        for size in "1 1" "50 30" "4000 3000" "1 1" "1280 800"; do
            printf 'resize %s\nkey s\nkey S\nscreenshot resize-%s-%s.png\n' "$size" "$v" "${size/ /x}"
            [ "$size" = "4000 3000" ] && continue
            printf 'key question\nscreenshot resize-%s-%s-help.png\nkey question\n' "$v" "${size/ /x}"
        done
        echo "expect-status cores 2"
        leave "$v"
    done
    finish resize "cores 2"
} >resize.script

# Zoom to both extremes (keys, wheel). From the whole run (0), 200 x Left pans 20 widths before its
# start, 200 x Right 20 widths past its end; Up / Down scroll the lanes (course view: move in time)
# past both ends; drags end far outside the window. In a 960x600 window: a frame costs its pixels.
{
    echo "move 480 300"
    for v in timeline course compare-course compare; do
        enter "$v"
        repeat 60 "key plus"
        echo "screenshot zoom-$v-in.png"
        repeat 60 "key minus"
        echo "screenshot zoom-$v-out.png"
        repeat 60 "wheel 480 300 1"
        repeat 60 "wheel 480 300 -1"
        printf 'wheel 480 300 1000\nwheel 480 300 -1000\nwheel 60 300 -1000\nwheel 60 300 1000\nkey 0\n'
        repeat 200 "key Left"
        printf 'screenshot pan-%s-left.png\nkey 0\n' "$v"
        repeat 200 "key Right"
        echo "screenshot pan-$v-right.png"
        case $v in timeline | course)
            repeat 200 "key Up"
            repeat 200 "key Down" ;;
        esac
        printf 'drag 480 300 -5000 -5000\ndrag 480 300 90000 90000\nkey 0\n'
        leave "$v"
    done
    finish zoom "cores 2"
} >zoom.script

# A click every 40 px in every view (group headers fold, bars select, the axis places the playhead).
{
    echo "move 5 5"
    for v in $views; do
        enter "$v"
        [ "$v" = sweep ] && echo "wait-status 30000 peak throughput"   # clicks on the plot
        for ((y = 20; y < 800; y += 40)); do
            for ((x = 20; x < 1280; x += 40)); do echo "click $x $y"; done
        done
        printf 'move 5 5\nexpect-status cores 2\nscreenshot clicks-%s.png\n' "$v"
        leave "$v"
    done
    finish clicks "cores 2"
} >clicks.script

# Every model x view x theme x language, and lecture mode in each.
{
    echo "move 5 5"
    m=0
    for name in sequential processes threads coroutines; do
        m=$((m + 1))
        printf 'key %s\nexpect-status %s\n' "$m" "$name"
        for v in $views; do
            enter "$v"
            [ "$v" = sweep ] && echo "wait-status 30000 peak throughput"
            repeat 3 "key t"
            printf 'key i\nexpect-status cœurs 2\nkey t\nkey i\nkey L\nexpect-status cores 2\nkey t\nkey L\n'
            printf 'screenshot switch-%s-%s.png\nkey t\nkey t\n' "$name" "$v"
            leave "$v"
        done
    done
    echo "key 3"
    finish switch "threads"
} >switch.script

# The scenario file under the running program: broken (line 4: an unknown server), binary (1:1),
# cut short (5:16), empty (1:1), fixed (cores 3), deleted (the last good run stays; r says why),
# back (cores 4, the model key kept), replaced by a folder, back (cores 2), its folder deleted
# (PageDown says so). The writer waits for each of the script's pictures, then changes the file;
# the script waits for what the window must show next (wait-status): neither side sleeps long.
cat >live.script <<'SCRIPT'
move 5 5
expect-status cores 2
key v
screenshot live-0.png
wait-status 5000 scenario error at scn/live.scn:4:
screenshot live-error.png
key c
screenshot live-1.png
wait-status 5000 scenario error at scn/live.scn:1:
screenshot live-2.png
wait-status 5000 scenario error at scn/live.scn:5:
key c
screenshot live-3.png
wait-status 5000 scenario error at scn/live.scn:1:
key r
screenshot live-4.png
wait-status 5000 cores 3
key p
screenshot live-5.png
wait 1500
expect-status cores 3
key p
key r
expect-status scenario error at scn/live.scn
key 1
expect-status sequential
key s
expect-status saved
key v
screenshot live-6.png
wait-status 5000 cores 4
expect-status sequential
screenshot live-7.png
wait-status 5000 scenario error at scn/live.scn
screenshot live-8.png
wait-status 5000 cores 2
key PageDown
expect-status no scenario after this one
screenshot live-9.png
wait 800
key PageDown
expect-status cannot read the folder
key r
expect-status scenario error at scn/live.scn
key 3
key 0
SCRIPT
finish live "cores 2" >>live.script
await() {
    local i
    for ((i = 0; i < 600; i++)); do [ -f "$1" ] && return 0; sleep 0.05; done
    echo "writer: $1 never came" >&2
    return 1
}
write_steps() {
    await live-0.png && printf 'model threads\ncores 2\nserver db\nrequest q : cpu 2ms ; call dbx latency=1ms\n' >scn/live.scn &&
        await live-1.png && { printf '\177ELF\2\1\1'; head -c 3000 /dev/zero; } >scn/live.scn &&
        await live-2.png && scn 3 | head -c 60 >scn/live.scn &&
        await live-3.png && : >scn/live.scn &&
        await live-4.png && scn 3 >scn/live.scn &&
        await live-5.png && rm scn/live.scn &&
        await live-6.png && scn 4 >scn/live.scn &&
        await live-7.png && rm scn/live.scn && mkdir scn/live.scn &&
        await live-8.png && rmdir scn/live.scn && scn 2 >scn/live.scn &&
        await live-9.png && rm -r scn
}

# Saves to an unwritable folder (a regular file used as one) in every view.
{
    echo "move 5 5"
    for v in $views; do
        enter "$v"
        printf 'key s\nexpect-status not saved: plain-file/sub/\nkey S\nexpect-status not saved: plain-file/sub/\n'
        leave "$v"
    done
    printf 'key 1\nexpect-status sequential\n'
    finish unwritable "cores 2"
} >unwritable.script

# A PNG larger than the window can hold (4000 x 3000 at --scale 8: 768 million pixels) is saved at
# the largest scale that fits, and the status bar says so; the SVG is saved.
{
    printf 'move 5 5\nresize 4000 3000\nkey s\nexpect-status saved\nexpect-status size capped at\nkey S\nexpect-status saved\n'
    finish toolarge "cores 2"
} >toolarge.script

# ---- Two lanes at once, one per X server -------------------------------------------------------

lane_big() {
    export DISPLAY=$big
    echo "== resize to tiny and huge, in every view, help and saves included"
    if run resize e2e.scn --out-dir pics; then
        check "tiny window: a 1x1 screenshot" size_is resize-timeline-1x1.png 1x1
        check "huge window: a 4000x3000 screenshot" size_is resize-course-4000x3000.png 4000x3000
        check "huge window: the course view's bars are drawn" [ "$(count resize-course-4000x3000.png '#E69F00')" -gt 10000 ]
        check "a 1x1 window saves 1x1 PNGs" \
            eval '[ "$(identify -format "%wx%h\n" pics/e2e-timeline-threads-*.png | grep -c "^1x1$")" -ge 2 ]'
        check "a 4000x3000 window saves 4000x3000 PNGs (one per view)" \
            eval '[ "$(identify -format "%wx%h\n" pics/e2e-*.png | grep -c "^4000x3000$")" -eq 5 ]'
    fi
    echo "== saving too large a picture"
    run toolarge e2e.scn --out-dir pics --scale 8
    echo "== the scenario broken then fixed, and deleted, under the running program"
    write_steps &
    local writer=$!
    run live scn/live.scn --out-dir pics
    if wait "$writer"; then ok "the writer changed the file 9 times as the window caught up"; else fail "the writer stopped"; fi
    check "the broken file shows the error box over the last good run" [ "$(count live-error.png '#D00000')" -gt 300 ]
    echo "== a click every 40 px in every view"
    run clicks e2e.scn
    echo "COUNTS $checks $failures"
}

lane_small() {
    export DISPLAY=$small
    echo "== zoom to both extremes (keys, wheel), pan and scroll past both ends"
    run zoom e2e.scn --width 960 --height 600
    echo "== every model x view x theme x language, lecture mode"
    run switch e2e.scn
    echo "== saving to an unwritable folder"
    if run unwritable e2e.scn --out-dir plain-file/sub; then
        check "nothing was written through the file used as a folder" [ "$(cat plain-file)" = "not a folder" ]
    fi
    echo "COUNTS $checks $failures"
}

t0=$(ms)
lane_big >lane-big.log 2>&1 &
big_lane=$!
lane_small >lane-small.log 2>&1 &
small_lane=$!
wait "$big_lane" "$small_lane"
for f in lane-big.log lane-small.log; do
    grep -v '^COUNTS ' "$f"
    read -r _ c n < <(grep '^COUNTS ' "$f" || echo "COUNTS 0 1")
    checks=$((checks + c))
    failures=$((failures + n))
done
echo "(both lanes: $(($(ms) - t0)) ms)"

echo "== every picture is whole"
# One identify for every PNG (it decodes them whole; -regard-warnings: a truncated one fails).
mapfile -t pngs < <(find . -name '*.png' | sort)
decoded=$(identify -regard-warnings -format '%i\n' "${pngs[@]}" 2>identify.err | sort)
check "${#pngs[@]} PNGs (screenshots and saves) decode" [ "$decoded" = "$(printf '%s\n' "${pngs[@]}")" ]
bad_svg=0
for f in pics/*.svg; do xmllint --noout "$f" 2>/dev/null || { bad_svg=$((bad_svg + 1)); echo "    broken SVG: $f"; }; done
npng=$(find pics -name '*.png' | wc -l)
nsvg=$(find pics -name '*.svg' | wc -l)
check "$nsvg saved SVGs parse" [ "$bad_svg" -eq 0 ]
# resize: 5 views x 5 sizes, each s and S; live: one s; toolarge: s (capped) and S.
check "every save that said 'saved' left its file: $npng PNGs, $nsvg SVGs (27 and 26)" \
    eval '[ "$npng" -eq 27 ] && [ "$nsvg" -eq 26 ]'
check "the capped PNG has at most 4 x 16 million pixels" \
    eval '[ "$(identify -format "%[fx:w*h<=67108864]\n" pics/*.png | grep -c 0)" -eq 0 ]'
check "nothing but PNGs and SVGs in pics/, no temporary file anywhere" \
    eval '[ -z "$(find pics -type f ! -name "*.png" ! -name "*.svg")" ] && [ -z "$(find . -name "*.tmp*")" ]'

echo "== $checks checks passed, $failures failed"
[ "$failures" -eq 0 ]
