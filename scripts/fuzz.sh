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
  go test -run '^$' -fuzz "^${target}\$" -fuzztime "${secs}s" "$pkg" || status=1
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  pkg="./$(dirname "${f#./}")"
  grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //' | while read -r t; do echo "$pkg $t"; done
done | sort -u)
exit $status
