#!/usr/bin/env bash
# fuzz.sh [SECONDS] — builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs
# each for SECONDS (default 60) on a corpus seeded from scenarios/. A crash leaves its input in
# build-fuzz/crash-*; turn it into a regression test (tests/regress/) before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
command -v clang >/dev/null || { echo "fuzz.sh: clang is missing (scripts/setup.sh --test installs it)"; exit 2; }
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DSCHEDLAB_FUZZ=ON \
      -DSCHEDLAB_GUI=OFF -DSCHEDLAB_TESTS=OFF > build-fuzz.log
cmake --build build-fuzz -j"$(nproc)" --target fuzz_parse fuzz_pipeline >> build-fuzz.log
for target in fuzz_parse fuzz_pipeline; do
    corpus=build-fuzz/corpus-$target
    mkdir -p "$corpus"
    cp scenarios/*.scn "$corpus"/ 2>/dev/null || true
    [ -d tests/regress ] && cp tests/regress/* "$corpus"/ 2>/dev/null || true
    echo "fuzz.sh: $target for ${secs}s"
    (cd build-fuzz && ./fuzz/$target -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "../$corpus" 2>&1 | tail -n 12)
done
echo "fuzz.sh: no finding"
