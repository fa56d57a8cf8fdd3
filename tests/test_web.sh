#!/usr/bin/env bash
# test_web.sh — the web edition: builds it (scripts/web.sh), runs the wasm build against the native
# one under Node (tests/web/wasm_makespans.js), then drives the page in headless Chromium from a
# local http.server and the single-file export from file:// (tests/web/browser_test.js).
# Usage: tests/test_web.sh SCHEDLAB [OUT_DIR]    exit 77 (skipped) without emscripten, node or chromium.
set -euo pipefail

schedlab=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out=${2:-$(dirname "$schedlab")/web-shots}

for tool in emcc node chromium python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "test_web: SKIP: $tool is missing (bash scripts/setup.sh --test installs it)"
        exit 77
    fi
done

bash "$root/scripts/web.sh"
site="$root/build-web/site"
export SCHEDLAB_WEB_PAGE="$site/schedlab-page.html"   # the page just built, whatever the build tree

node "$here/web/wasm_makespans.js" "$root/build-web/src/web/schedlab_wasm.js" "$schedlab" "$root/scenarios"

# http.server on a port the system picks, bound to loopback; stopped on exit whatever happens.
log=$(mktemp)
python3 -u -m http.server --bind 127.0.0.1 --directory "$site" 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
port=""
for _ in $(seq 100); do
    port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$log" | head -1)
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { echo "test_web: http.server did not start: $(cat "$log")"; exit 1; }

node "$here/web/browser_test.js" "$(command -v chromium)" "http://127.0.0.1:$port/index.html" "$schedlab" "$out"
