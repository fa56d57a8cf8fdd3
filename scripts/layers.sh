#!/usr/bin/env bash
# layers.sh — the include graph between the folders of src/, read from the code, checked against
# the include rules of docs/architecture.md. Prints one line per folder: what it includes from the
# others (the diagram of the page), then every include that breaks a rule. Exit 1 on a broken rule.
# ctest: include_rules (label unit).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root/src" || exit 2

# What each folder may include besides itself (the layers only look down; ui reads cli.h's options).
declare -A allowed=(
    [core]="" [dl]="" [view]="core dl" [render]="core dl" [export]="core" [real]="core"
    [ui]="core dl view render real cli" [cli]="core dl view render export real ui" [web]="core dl view render"
)

declare -A home   # header name -> its folder
while IFS= read -r h; do home[$(basename "$h")]=${h%%/*}; done < <(find . -name '*.h' | sed 's|^\./||')

declare -A edges  # "from to" -> count
broken=0
while IFS= read -r f; do
    from=${f%%/*}
    while IFS= read -r inc; do
        to=${home[$(basename "$inc")]:-}
        [ -z "$to" ] || [ "$to" = "$from" ] && continue   # generated or asset headers, own folder
        edges["$from $to"]=$(( ${edges["$from $to"]:-0} + 1 ))
        if [[ " ${allowed[$from]:-} " != *" $to "* ]]; then
            echo "broken rule: src/$f includes $inc (src/$to): $from may include only: ${allowed[$from]:-nothing}"
            broken=1
        fi
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done < <(find . -name '*.c' -o -name '*.h' | sed 's|^\./||' | sort)

for from in core dl view render export real ui cli web; do
    [ -d "$from" ] || continue
    list=""
    for to in core dl view render export real ui cli web; do
        n=${edges["$from $to"]:-0}
        [ "$n" -eq 0 ] || list+="${list:+, }$to ($n)"
    done
    printf '%-7s -> %s\n' "$from" "${list:-nothing}"
done
exit $broken
