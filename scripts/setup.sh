#!/usr/bin/env bash
# setup.sh — installs the Debian packages schedlab needs (only those missing), then builds it in build/.
# Usage: scripts/setup.sh [--test]    --test: also the packages the test suite needs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

run_pkgs=(build-essential cmake pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
          libfontconfig-dev libcairo2-dev fonts-dejavu-core libcmocka-dev)
# xauth: xvfb-run needs it and xvfb only recommends it (we install without recommends).
test_pkgs=(xvfb xauth xdotool imagemagick valgrind libxml2-utils clang libclang-rt-14-dev jq cppcheck clang-tidy
           poppler-utils librsvg2-bin inkscape emscripten nodejs chromium)   # the web edition: scripts/web.sh, tests/test_web.sh

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

pkgs=("${run_pkgs[@]}")
case "${1:-}" in
    "") ;;
    --test) pkgs+=("${test_pkgs[@]}") ;;
    *) die "unknown option '$1' (usage: scripts/setup.sh [--test])" ;;
esac

# A package counts as present only when dpkg says "installed" (not "config-files", not unknown).
missing_pkgs() {
    local p
    for p in "${pkgs[@]}"; do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
            printf '%s\n' "$p"
        fi
    done
}

# Root runs apt-get directly; anyone else goes through sudo, which must not wait for a
# password nobody can type when there is no terminal (CI).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif ! command -v sudo >/dev/null; then
        die "installing packages needs root or sudo; run as root: apt-get install ${missing[*]}"
    elif [ -t 0 ]; then
        sudo "$@"
    else
        sudo -n "$@" || die "sudo needs a password and there is no terminal; run this as root"
    fi
}

install_missing() {
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        say "not a Debian system: make sure these are installed: ${pkgs[*]}"
        return
    fi
    mapfile -t missing < <(missing_pkgs)
    if [ "${#missing[@]}" -eq 0 ]; then
        say "all ${#pkgs[@]} packages present"
        return
    fi
    say "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -q update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends \
        "${missing[@]}"
}

build() {
    local jobs
    jobs=$(nproc 2>/dev/null || echo 2)
    cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
    cmake --build "$root/build" -j "$jobs"
}

missing=()
install_missing
build
say "built $root/build/src/cli/schedlab"
