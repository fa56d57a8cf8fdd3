#!/usr/bin/env bash
# regen.sh [SCHEDLAB] — rewrites the golden course figures (tests/golden/course/NAME.png, and the
# figure-style ones in tests/golden/figure/ from their list.txt) from the
# list in tests/golden/course/list.txt, rendered exactly as tests/test_scenarios.sh renders them.
# Run it after a deliberate change of the pictures, look at every PNG, then commit them.
# SCHEDLAB defaults to build/src/cli/schedlab.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/src/cli/schedlab}
cd "$root"
grep -v '^#' tests/golden/course/list.txt | while read -r name scn args; do
    [ -n "$name" ] || continue
    # shellcheck disable=SC2086  # args are words by design
    "$bin" render "$scn" $args --width 900 --height 540 --theme light -o "tests/golden/course/$name.png"
    echo "wrote tests/golden/course/$name.png"
done
# The figure-style goldens (tests/golden/figure/NAME.png), with the README's commands.
grep -v '^#' tests/golden/figure/list.txt | while read -r name orig scn args; do
    [ -n "$name" ] || continue
    # shellcheck disable=SC2086  # args are words by design
    "$bin" render "$scn" $args -o "tests/golden/figure/$name.png"
    echo "wrote tests/golden/figure/$name.png (the course's $orig)"
done
