#!/usr/bin/env bash
# lint.sh — static analysis of every C file under src/ and fuzz/: cppcheck, then clang-tidy (the
# checked-in .clang-tidy) on a compile database in build-lint/. Any finding of either fails the run.
# Prints every finding, then one summary line; exit 1 on a finding, 2 when a tool is missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)
bld=build-lint

for tool in cppcheck clang-tidy clang pkg-config; do
    command -v "$tool" >/dev/null || { echo "lint.sh: $tool is missing (scripts/setup.sh --test installs it)"; exit 2; }
done

# The compile database. clang is the compiler so that clang-tidy reads the flags it was given;
# SCHEDLAB_FUZZ puts the fuzz targets in the database (nothing is built here).
mkdir -p "$bld"
cmake -S . -B "$bld" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
      -DSCHEDLAB_FUZZ=ON -DSCHEDLAB_GUI=ON -DSCHEDLAB_TESTS=OFF > "$bld/cmake.log" 2>&1 ||
    { cat "$bld/cmake.log"; echo "lint.sh: cmake failed"; exit 2; }

# Headers generated at build time (the real runs' embedded scripts) must exist for clang-tidy.
cmake --build "$bld" --target schedlab_real_embed > "$bld/embed.log" 2>&1 ||
    { cat "$bld/embed.log"; echo "lint.sh: generating the embedded headers failed"; exit 2; }

mapfile -t files < <(find src fuzz -name '*.c' | sort)
mapfile -t incs < <(find src -mindepth 1 -maxdepth 1 -type d | sort | sed 's/^/-I/')
read -r -a sdl_incs <<< "$(pkg-config --cflags-only-I sdl2 SDL2_ttf SDL2_image fontconfig)"

# cppcheck: the defines of the real builds, so the SDL and window code paths are the ones checked.
cpp_ok=clean
cppcheck --enable=warning,performance,portability --std=c11 --inline-suppr --error-exitcode=1 \
         --suppress=missingIncludeSystem --quiet -j "$jobs" \
         -D_POSIX_C_SOURCE=200809L -DSCHEDLAB_HAVE_PNG -DSCHEDLAB_HAVE_UI -DSCHEDLAB_VERSION='"0"' \
         "${incs[@]}" "${sdl_incs[@]}" src fuzz || cpp_ok="FAILED"

# clang-tidy: one process per file, each with its own log so parallel outputs never interleave;
# xargs exits non-zero when any of them did.
tidy_ok=clean
rm -rf "$bld/tidy" && mkdir -p "$bld/tidy"
printf '%s\n' "${files[@]}" |
    xargs -P"$jobs" -I{} sh -c 'clang-tidy -p "$1" --quiet "$2" > "$1/tidy/$(echo "$2" | tr / _).log" 2>&1' \
          _ "$bld" {} || tidy_ok="FAILED"
cat "$bld"/tidy/*.log | grep -v -e '^[0-9]* warnings\? \(and [0-9]* errors\? \)\?generated\.$' \
    -e '^Suppressed [0-9]* warnings' -e '^Use -header-filter' || true

echo "lint: ${#files[@]} files, cppcheck $cpp_ok, clang-tidy $tidy_ok"
[ "$cpp_ok" = clean ] && [ "$tidy_ok" = clean ]
