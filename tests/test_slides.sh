#!/usr/bin/env bash
# test_slides.sh SCHEDLAB — pictures for slides: the PDF export opens in poppler (pdftoppm, fonts
# embedded per pdffonts) and its raster matches the PNG of the same frame; the SVG rasterised by
# librsvg (rsvg-convert) and by Inkscape puts its text where the PNG does (the bounding box of
# the text in given regions within 3 pixels). Then the course figures in figure style (the
# README's commands, tests/golden/figure/list.txt) against their golden PNGs, each also as SVG
# (librsvg, Inkscape) and PDF (poppler) against its PNG. Needs ImageMagick,
# poppler-utils and librsvg2-bin (else exit 77); the Inkscape checks are skipped, with a message,
# when Inkscape is not installed. VERBOSE=1 prints every check.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fails=0 passes=0
check() {  # check NAME CONDITION-COMMAND...
    local name=$1; shift
    if "$@"; then passes=$((passes + 1)); [ -z "${VERBOSE:-}" ] || echo "ok: $name"
    else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
for tool in convert compare identify pdftoppm pdffonts rsvg-convert; do
    command -v $tool >/dev/null || { echo "$tool is not installed (scripts/setup.sh --test installs it)"; exit 77; }
done
"$bin" render --help | grep -q 'OUT.pdf' || { echo "this schedlab has no PNG/PDF export (SDL/cairo off)"; exit 77; }

# near A B MAXPIXELS: both images blurred by a pixel (anti-aliasing and glyph hinting differ between
# renderers; a shape or a text moved by a few pixels does not blur away) differ by more than 20 %
# in at most MAXPIXELS pixels, and they have the same size. The PDF cases allow 0.4 % of the
# pixels: thin lines the PNG snaps to whole pixels and long bold titles a pixel or two wider.
near() {
    local a=$1 b=$2 max=$3 n
    [ "$(identify -format '%wx%h' "$a")" = "$(identify -format '%wx%h' "$b")" ] || {
        echo "  $a and $b differ in size"; return 1; }
    convert "$a" -blur 0x1 "$dir/na.png" && convert "$b" -blur 0x1 "$dir/nb.png" || return 1
    n=$(compare -metric AE -fuzz 20% "$dir/na.png" "$dir/nb.png" null: 2>&1)
    [ "${n%%.*}" -le "$max" ] 2>/dev/null || { echo "  $a vs $b: $n pixels differ (at most $max)"; return 1; }
}

# ---- PDF -------------------------------------------------------------------------------------

pdf_case() {  # pdf_case NAME SCENARIO ARGS...: the PDF's raster at 72 dpi against the PNG
    local name=$1 scn=$2; shift 2
    "$bin" render "$root/scenarios/$scn" "$@" -o "$dir/$name.pdf" 2>"$dir/err" &&
        "$bin" render "$root/scenarios/$scn" "$@" -o "$dir/$name.png" 2>>"$dir/err"
    check "$name: render to PDF and PNG ($(head -c 300 "$dir/err"))" test $? -eq 0
    check "$name: pdftoppm opens the PDF" pdftoppm -r 72 -png -singlefile "$dir/$name.pdf" "$dir/$name-pdf"
    check "$name: every font embedded" test "$(pdffonts "$dir/$name.pdf" | awk 'NR > 2 && $(NF-4) != "yes"' | wc -l)" -eq 0
    check "$name: at least one font (the text is text)" test "$(pdffonts "$dir/$name.pdf" | awk 'NR > 2' | wc -l)" -ge 1
    local px; px=$(identify -format '%[fx:w*h]' "$dir/$name.png")
    check "$name: the PDF's raster matches the PNG" near "$dir/$name-pdf.png" "$dir/$name.png" $((px / 250))
}
pdf_case fig1-course w8-s1-fig1.scn --view course --notes --lang fr --width 830
pdf_case fig5-course w8-s1-fig5.scn --view course --lang en --width 700 --theme dark
pdf_case fig2-timeline w8-s2-fig2.scn --lang fr --width 900
pdf_case compare compare-robot.scn --view compare --lang en --width 1000

# A PDF that differs from the PNG is caught: the same frame shifted by 3 pixels.
convert "$dir/fig1-course.png" -roll +3+3 "$dir/shifted.png"
far() { ! near "$@" >/dev/null; }
check "a frame shifted by 3 pixels is not near" far "$dir/fig1-course-pdf.png" "$dir/shifted.png" 1652

# Scale: a PDF page is the canvas in points times the scale.
"$bin" render "$root/scenarios/w8-s1-fig1.scn" --view course --width 600 --scale 2 -o "$dir/s2.pdf"
check "--scale 2: a 1200-point-wide page" test "$(pdfinfo "$dir/s2.pdf" 2>/dev/null | awk '/Page size/ { print $3 }')" = 1200

# ---- SVG through other consumers ---------------------------------------------------------------

# textbox IMG WxH+X+Y: the bounding box "WxH+X+Y" of the dark pixels (text, lines) in a region.
textbox() {
    convert "$1" -crop "$2" +repage -colorspace gray -threshold 70% -fuzz 5% -format '%@' info: 2>/dev/null
}
# boxes_near A B [TOL]: every number of two textbox answers within TOL (default 3) pixels.
boxes_near() {
    local a b i tol=${3:-3}; IFS='x+' read -ra a <<<"$1"; IFS='x+' read -ra b <<<"$2"
    [ ${#a[@]} -eq 4 ] && [ ${#b[@]} -eq 4 ] || return 1
    for i in 0 1 2 3; do [ $((a[i] - b[i])) -le "$tol" ] && [ $((b[i] - a[i])) -le "$tol" ] || return 1; done
}

inkscape_ok=0
if command -v inkscape >/dev/null; then inkscape_ok=1; else echo "note: inkscape is not installed: SVG checked with librsvg only"; fi

# svg_case NAME SCENARIO "REGION..." ARGS...: the SVG through rsvg-convert (and Inkscape) against
# the PNG: near overall, and the text in each region at the same place within 3 pixels.
svg_case() {
    local name=$1 scn=$2 regions=$3 tool r; shift 3
    "$bin" render "$root/scenarios/$scn" "$@" -o "$dir/$name.svg" 2>"$dir/err" &&
        "$bin" render "$root/scenarios/$scn" "$@" -o "$dir/$name.png" 2>>"$dir/err"
    check "$name: render to SVG and PNG ($(head -c 300 "$dir/err"))" test $? -eq 0
    check "$name: no dominant-baseline in the SVG" bash -c "! grep -q dominant-baseline '$dir/$name.svg'"
    rsvg-convert "$dir/$name.svg" -o "$dir/$name-rsvg0.png"
    check "$name: rsvg-convert reads the SVG" test -s "$dir/$name-rsvg0.png"
    convert "$dir/$name-rsvg0.png" -background white -flatten -alpha off "$dir/$name-rsvg.png"
    if [ $inkscape_ok = 1 ]; then
        inkscape "$dir/$name.svg" --export-type=png --export-filename="$dir/$name-ink0.png" >/dev/null 2>&1
        check "$name: inkscape reads the SVG" test -s "$dir/$name-ink0.png"
        convert "$dir/$name-ink0.png" -background white -flatten -alpha off "$dir/$name-inkscape.png"
    fi
    local px; px=$(identify -format '%[fx:w*h]' "$dir/$name.png")
    for tool in rsvg $([ $inkscape_ok = 1 ] && echo inkscape); do
        check "$name: $tool's raster matches the PNG" near "$dir/$name-$tool.png" "$dir/$name.png" $((px / 250))
        for r in $regions; do
            local want got
            want=$(textbox "$dir/$name.png" "$r") got=$(textbox "$dir/$name-$tool.png" "$r")
            check "$name: $tool: text in $r at $got, PNG at $want" boxes_near "$want" "$got"
        done
    done
}
# Regions: the "temps" title and host names, the notes column, the tick labels (course view);
# the tick labels and the lane names (timeline).
svg_case fig1-course w8-s1-fig1.scn "830x40+0+0 200x440+630+40 90x440+0+40" \
    --view course --notes --lang fr --width 830
svg_case fig2-timeline w8-s2-fig2.scn "900x20+0+0 180x160+0+20" --lang fr --width 900

# ---- Options: bad values are usage errors naming the option --------------------------------------

usage_case() {  # usage_case MESSAGE-PATTERN ARGS...: exit 2, the message on stderr, no file
    local pat=$1; shift
    rm -f "$dir/u.png"
    "$bin" render "$root/scenarios/w8-s1-fig1.scn" "$@" -o "$dir/u.png" 2>"$dir/err"
    local rc=$?
    check "render $*: exit 2 (got $rc)" test $rc -eq 2
    check "render $*: says '$pat' (got '$(head -c 200 "$dir/err")')" grep -q -- "$pat" "$dir/err"
    check "render $*: no file" test ! -e "$dir/u.png"
}
usage_case "--style poster: expected full or figure" --style poster
usage_case "--status maybe: expected on or off" --status maybe
usage_case "--guides some: expected full, short or off" --view course --guides some
usage_case "--ticks 0ms: expected a time above 0" --ticks 0ms
usage_case "--bars uniform has no time scale" --view course --bars uniform --from 1ms
# Figure style with a time window: the bars at their length (a window of real time), no error.
"$bin" render "$root/scenarios/w8-s1-fig1.scn" --view course --style figure --from 0ms --to 2ms -o "$dir/w.png" 2>"$dir/err"
check "--style figure --from/--to: exit 0 ($(head -c 200 "$dir/err"))" test -s "$dir/w.png"

# ---- Figure style: the names are at least 3 % of the width, whatever the width ----------------------

name_size() {  # name_size SVG NAME: the font-size of the text NAME
    grep -o "font-size=\"[0-9.]*\"[^>]*>$2<" "$1" | head -n1 | sed 's/font-size="\([0-9.]*\)".*/\1/'
}
for w in 600 830 1600; do
    "$bin" render "$root/scenarios/w8-s1-fig2.scn" --view course --style figure --width $w -o "$dir/n$w.svg"
    "$bin" render "$root/scenarios/w8-s2-fig1.scn" --style figure --width $w -o "$dir/t$w.svg"
    hs=$(name_size "$dir/n$w.svg" robot) ls=$(name_size "$dir/t$w.svg" run1)
    check "width $w: the host name 'robot' is $hs px (at least 3 % of $w)" awk -v s="${hs:-0}" -v w=$w 'BEGIN { exit !(s >= 0.03 * w) }'
    check "width $w: the lane name 'run1' is $ls px (at least 3 % of $w)" awk -v s="${ls:-0}" -v w=$w 'BEGIN { exit !(s >= 0.03 * w) }'
done
"$bin" render "$root/scenarios/w8-s1-fig2.scn" --view course --width 1600 -o "$dir/full.svg"
check "full style: the host name keeps its 17 px at 1600 px" test "$(name_size "$dir/full.svg" robot)" = 17

# ---- The course figures in figure style (the README's commands) -------------------------------

# Each line of tests/golden/figure/list.txt: the PNG matches its golden image (as test_scenarios.sh
# compares the course goldens: at most GOLDEN_PIXELS pixels differ by more than 10 %); the SVG
# through librsvg and Inkscape, and the PDF through poppler, match that PNG within 1 % of the
# 1.7 % of the pixels: at the figures' text sizes (30 px and more) SDL_ttf's hinted advances make
# a long centred name 2 to 4 pixels narrower than the unhinted text of the vector renderers (up to
# 1.1 % of the pixels, which the 0.4 % above does not allow; a frame shifted by 3 pixels differs in
# 4.6 %), and the text of the top band (title, host names) is where the PNG has it within 4 px.
GOLDEN_PIXELS=${GOLDEN_PIXELS:-100}
while read -r name orig scn args; do
    case $name in ''|'#'*) continue ;; esac
    f="$dir/fig-$name"
    # shellcheck disable=SC2086  # args are words by design
    "$bin" render "$root/$scn" $args -o "$f.png" 2>"$dir/err" && "$bin" render "$root/$scn" $args -o "$f.svg" 2>>"$dir/err" &&
        "$bin" render "$root/$scn" $args -o "$f.pdf" 2>>"$dir/err"
    check "figure $name ($orig): PNG, SVG and PDF ($(head -c 300 "$dir/err"))" test $? -eq 0
    n=$(compare -metric AE -fuzz 10% "$f.png" "$root/tests/golden/figure/$name.png" null: 2>&1)
    check "figure $name: PNG matches tests/golden/figure/$name.png ($n pixels differ)" test "${n%%.*}" -le "$GOLDEN_PIXELS" 2>/dev/null
    px=$(identify -format '%[fx:w*h]' "$f.png")
    rsvg-convert "$f.svg" -o "$f-r0.png" && convert "$f-r0.png" -background white -flatten -alpha off "$f-rsvg.png"
    check "figure $name: librsvg's raster matches the PNG" near "$f-rsvg.png" "$f.png" $((px / 60))
    if [ $inkscape_ok = 1 ]; then
        inkscape "$f.svg" --export-type=png --export-filename="$f-i0.png" >/dev/null 2>&1 &&
            convert "$f-i0.png" -background white -flatten -alpha off "$f-ink.png"
        check "figure $name: Inkscape's raster matches the PNG" near "$f-ink.png" "$f.png" $((px / 60))
    fi
    band="$(identify -format '%w' "$f.png")x$(( $(identify -format '%h' "$f.png") / 6 ))+0+0"
    for kind in rsvg $([ $inkscape_ok = 1 ] && echo ink); do
        want=$(textbox "$f.png" "$band") got=$(textbox "$f-$kind.png" "$band")
        check "figure $name: $kind: the top band's text at $got, PNG at $want" boxes_near "$want" "$got" 4
    done
    pdftoppm -r 72 -png -singlefile "$f.pdf" "$f-pdf"
    check "figure $name: the PDF's raster matches the PNG" near "$f-pdf.png" "$f.png" $((px / 60))
done < "$root/tests/golden/figure/list.txt"

echo "test_slides: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
