#!/usr/bin/env bash
# web.sh — builds the web edition: the WebAssembly module of src/core + src/view (+ the SVG writer)
# with Debian's emscripten through CMake (emcmake: the same source lists as the native build), then
# the page in build-web/site/ (index.html and its files) and the single-file page
# build-web/site/schedlab-page.html that `schedlab export FILE --format html` fills in.
# Usage: scripts/web.sh [--build-dir DIR] [--serve [PORT]]
#   --serve: then serves the page on http://127.0.0.1:PORT/ (default 8000) until Ctrl-C.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/build-web"
serve=""

say() { printf 'web: %s\n' "$*"; }
die() { printf 'web: error: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) [ $# -ge 2 ] || die "--build-dir needs a directory"; out=$2; shift 2 ;;
        --serve) serve=8000; if [ $# -ge 2 ] && [[ $2 =~ ^[0-9]+$ ]]; then serve=$2; shift; fi; shift ;;
        -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (usage: scripts/web.sh [--build-dir DIR] [--serve [PORT]])" ;;
    esac
done

command -v emcmake >/dev/null && command -v emcc >/dev/null ||
    die "emscripten is missing: apt-get install --no-install-recommends emscripten (or bash scripts/setup.sh --test)"
command -v python3 >/dev/null || die "python3 is missing (it assembles the page)"

# Debian's emscripten runs its JavaScript optimizer with Node and Debian's node-acorn, which lives
# in /usr/share/nodejs: on Debian's own Node that is on the search path, on others it is not.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

mkdir -p "$out"
# CMAKE_BUILD_TYPE Release: -O2 and the JavaScript minifier (the module is ~1/3 the size of -O0).
if [ ! -f "$out/CMakeCache.txt" ]; then
    emcmake cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DSCHEDLAB_GUI=OFF -DSCHEDLAB_TESTS=OFF >/dev/null
fi
cmake --build "$out" --target schedlab_web -j 2 >"$out/build.log" 2>&1 || { tail -30 "$out/build.log" >&2; die "the wasm build failed (log: $out/build.log)"; }

python3 "$root/web/assemble.py" --root "$root" --wasm-js "$out/src/web/schedlab_wasm.js" --out "$out/site"

site="$out/site"
say "built $site/index.html and $site/schedlab-page.html (single file)"
say "open file://$site/index.html"
say "or serve it: python3 -m http.server --bind 127.0.0.1 --directory $site 8000, then open http://127.0.0.1:8000/"
if [ -n "$serve" ]; then
    say "serving http://127.0.0.1:$serve/ (Ctrl-C stops)"
    exec python3 -m http.server --bind 127.0.0.1 --directory "$site" "$serve"
fi
