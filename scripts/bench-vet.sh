#!/usr/bin/env bash
# Measures what the keylint analyzer adds to `go vet`: the wall time of
#   go vet -vettool=keylint PACKAGES
# against go vet with a vet tool running one trivial analyzer (same unitchecker driver,
# so type checking, the dominant cost, is the same), alternating runs.
#
#   scripts/bench-vet.sh [-n RUNS] [PACKAGES...]     (default: -n 2 std cmd)
#
# Every run uses a fresh value of a dummy flag so that go vet's result cache never answers;
# compiled export data is cached after the warm-up run, as it is in everyday use.
set -euo pipefail

runs=2
if [ "${1:-}" = "-n" ]; then
	runs=$2
	shift 2
fi
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(std cmd)

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$repo" && go build -o "$work/keylint" ./cmd/keylint)

# The baseline: one analyzer that does nothing, with a flag like keylint's.
mkdir -p "$work/trivial"
cat > "$work/trivial/main.go" <<'GO'
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() {
	a := &analysis.Analyzer{Name: "trivial", Doc: "does nothing", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	a.Flags.String("gonkagate-env", "", "unused")
	unitchecker.Main(a)
}
GO
tools=$(cd "$repo" && go list -m -f '{{.Version}}' golang.org/x/tools)
(cd "$work/trivial" && go mod init trivial >/dev/null 2>&1 &&
	go mod edit -require="golang.org/x/tools@$tools" &&
	GOFLAGS=-mod=mod go build -o "$work/trivialvet" .)

# vet TOOL NAME NONCE prints "wall cpu" seconds (cpu: user+sys of go vet and its children).
vet() {
	local TIMEFORMAT='%R %U %S' t
	t=$({ time go vet -vettool="$1" "-$2.gonkagate-env=BENCH_$3" "${pkgs[@]}" >"$work/out" 2>&1; } 2>&1 || true)
	t=$(echo "$t" | tail -1)
	set -- $t
	echo "$1 $(echo "$2 + $3" | bc)"
}

echo "warm-up (compiles export data)..." >&2
vet "$work/trivialvet" trivial warm >/dev/null

wt=0 ct=0 wk=0 ck=0
for i in $(seq 1 "$runs"); do
	read -r w c <<<"$(vet "$work/trivialvet" trivial "t$i-$$-$RANDOM")"
	wt=$(echo "$wt + $w" | bc) ct=$(echo "$ct + $c" | bc)
	echo "run $i: trivial wall ${w}s cpu ${c}s" >&2
	read -r w c <<<"$(vet "$work/keylint" keylint "k$i-$$-$RANDOM")"
	wk=$(echo "$wk + $w" | bc) ck=$(echo "$ck + $c" | bc)
	echo "run $i: keylint wall ${w}s cpu ${c}s" >&2
done
printf 'packages: %s; %d runs each; %d CPUs; %s\n' "${pkgs[*]}" "$runs" "$(nproc)" "$(go version)"
printf 'go vet, trivial analyzer: wall %.1fs, cpu %.1fs (mean)\n' "$(echo "$wt / $runs" | bc -l)" "$(echo "$ct / $runs" | bc -l)"
printf 'go vet, keylint:          wall %.1fs, cpu %.1fs (mean)\n' "$(echo "$wk / $runs" | bc -l)" "$(echo "$ck / $runs" | bc -l)"
printf 'keylint overhead:         wall %+.1f%%, cpu %+.1f%%\n' "$(echo "($wk - $wt) * 100 / $wt" | bc -l)" "$(echo "($ck - $ct) * 100 / $ct" | bc -l)"
