#!/usr/bin/env bash
# test.sh — the whole test suite: set-up with the test packages, ctest on the normal build (build/),
# ctest on a sanitizer build (build-asan/), the engine and parser tests under valgrind, static
# analysis (scripts/lint.sh) and a bounded fuzzing run (scripts/fuzz.sh, SCHEDLAB_FUZZ_SECONDS).
# Every step runs even after a failure; the summary at the end lists them; exit 1 if any failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

# The cmocka binaries checked for leaks and invalid accesses (built in build/tests/ when they exist).
valgrind_tests=(test_parse test_sim test_hostile)

# Seconds each libFuzzer target runs (issue: "CI runs each for a short bounded time").
fuzz_seconds=${SCHEDLAB_FUZZ_SECONDS:-60}

results=()
failed=0

banner() { printf '\n===== %s =====\n' "$*"; }

# Records a step's outcome. Steps are functions that chain commands with && or return
# explicitly, because `set -e` is off inside a function called as a condition.
step() {
    local name=$1
    shift
    banner "$name"
    if "$@"; then
        results+=("PASS  $name")
    else
        results+=("FAIL  $name")
        failed=1
    fi
}

setup() {
    bash "$root/scripts/setup.sh" --test
}

# ctest runs the tests one at a time: the window tests share an X server set-up, and a hung
# test is stopped after 300 s rather than eating the CI budget.
ctest_in() {
    (cd "$1" && ctest --output-on-failure --timeout 300)
}

asan_build_and_test() {
    cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DSCHEDLAB_SANITIZE=ON &&
        cmake --build "$root/build-asan" -j "$jobs" &&
        ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest_in "$root/build-asan"
}

# Runs each listed test binary under memcheck from tests/ (where ctest runs them too).
valgrind_all() {
    local t bin ran=0 bad=()
    for t in "${valgrind_tests[@]}"; do
        bin="$root/build/tests/$t"
        if [ ! -x "$bin" ]; then
            printf 'valgrind: %s not built yet, skipped\n' "$t"
            continue
        fi
        printf -- '--- valgrind %s\n' "$t"
        ran=$((ran + 1))
        (cd "$root/tests" && valgrind --leak-check=full --error-exitcode=1 "$bin") || bad+=("$t")
    done
    printf 'valgrind: %d of %d test binaries run, failed: %s\n' "$ran" "${#valgrind_tests[@]}" \
        "${bad[*]:-none}"
    [ "${#bad[@]}" -eq 0 ]
}

lint() {
    bash "$root/scripts/lint.sh"
}

fuzz() {
    bash "$root/scripts/fuzz.sh" "$fuzz_seconds"
}

start=$(date +%s)
step "set-up and build (build/)" setup
if [ "$failed" -eq 0 ]; then
    step "ctest (build/)" ctest_in "$root/build"
    step "ctest with ASan+UBSan (build-asan/)" asan_build_and_test
    step "valgrind (${valgrind_tests[*]})" valgrind_all
    step "static analysis (cppcheck, clang-tidy)" lint
    step "fuzzing (${fuzz_seconds}s per target)" fuzz
fi

banner "summary ($(( $(date +%s) - start ))s)"
printf '%s\n' "${results[@]}"
if [ "$failed" -ne 0 ]; then
    echo "test.sh: FAILED"
    exit 1
fi
echo "test.sh: all steps passed"
