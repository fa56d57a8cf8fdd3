#!/usr/bin/env bash
# run.sh — sets up and builds schedlab (scripts/setup.sh), then runs it with the given arguments.
# Usage: scripts/run.sh [ARGS...]    (no argument: the built-in scenario)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Set-up chatter goes to stderr so that `scripts/run.sh run x.scn --json | jq` sees only JSON.
bash "$root/scripts/setup.sh" >&2
exec "$root/build/src/cli/schedlab" "$@"
