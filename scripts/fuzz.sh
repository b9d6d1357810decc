#!/usr/bin/env bash
# Runs every fuzz target for a while: scripts/fuzz.sh [SECONDS_EACH] (default 60).
# CI calls it with a short budget. A crash is saved under the package's testdata/fuzz
# by go test; commit it there so it becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
status=0
while read -r pkg target; do
  echo "== $pkg $target (${secs}s)"
  # On a loaded machine the fuzzing engine itself sometimes gives up ("context deadline
  # exceeded") with no failing input: that run is tried once more. A failing input
  # (written under testdata/fuzz) always fails.
  for try in 1 2; do
    out=$(go test -run '^$' -fuzz "^${target}\$" -fuzztime "${secs}s" "$pkg" 2>&1) && { echo "$out" | tail -3; break; }
    echo "$out" | tail -20
    if [ "$try" = 2 ] || echo "$out" | grep -q 'Failing input written to' || ! echo "$out" | grep -q 'context deadline exceeded'; then
      status=1
      break
    fi
    echo "== $pkg $target: the engine timed out without a failing input; once more"
  done
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  pkg="./$(dirname "${f#./}")"
  grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //' | while read -r t; do echo "$pkg $t"; done
done | sort -u)
exit $status
