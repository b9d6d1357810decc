#!/usr/bin/env bash
# Measures what the keylint analyzer adds to `go vet`: the wall and CPU time of
#   go vet -vettool=keylint PACKAGES
# against go vet with a vet tool running one trivial analyzer (same unitchecker driver,
# so type checking, the dominant cost, is the same), alternating runs. It times two keylint
# tools: the keylint command (cmd/keylint, whose other packages' start-up go vet pays once
# per package) and a vet tool holding only the analyzer, which isolates the analysis.
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
# The analyzer alone, as a vet tool.
mkdir -p "$work/analyzeronly"
cat > "$work/analyzeronly/main.go" <<'GO'
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/keylint/keylint/analyzer"
)

func main() { unitchecker.Main(analyzer.New(analyzer.Config{})) }
GO
(cd "$work/analyzeronly" && go mod init analyzeronly >/dev/null 2>&1 &&
	go mod edit -require=github.com/keylint/keylint@v0.0.0 -replace="github.com/keylint/keylint=$repo" &&
	GOFLAGS=-mod=mod go build -o "$work/keylintvet" .)

vet() {
	local TIMEFORMAT='%R %U %S' t
	t=$({ time go vet -vettool="$1" "-$2.gonkagate-env=BENCH_$3" "${pkgs[@]}" >"$work/out" 2>&1; } 2>&1 || true)
	t=$(echo "$t" | tail -1)
	set -- $t
	echo "$1 $(echo "$2 + $3" | bc)"
}

echo "warm-up (compiles export data)..." >&2
vet "$work/trivialvet" trivial warm >/dev/null

# Each tool's total wall and CPU seconds, by name.
declare -A wall cpu
tools=(trivial:"$work/trivialvet" keylint:"$work/keylint" analyzer-only:"$work/keylintvet")
for i in $(seq 1 "$runs"); do
	for t in "${tools[@]}"; do
		name=${t%%:*} bin=${t#*:} flagname=keylint
		[ "$name" = trivial ] && flagname=trivial
		read -r w c <<<"$(vet "$bin" "$flagname" "$name-$i-$$-$RANDOM")"
		wall[$name]=$(echo "${wall[$name]:-0} + $w" | bc)
		cpu[$name]=$(echo "${cpu[$name]:-0} + $c" | bc)
		echo "run $i: $name wall ${w}s cpu ${c}s" >&2
	done
done
printf 'packages: %s; %d runs each; %d CPUs; %s\n' "${pkgs[*]}" "$runs" "$(nproc)" "$(go version)"
for name in trivial keylint analyzer-only; do
	printf '%-28s wall %6.1fs  cpu %6.1fs' "go vet -vettool=$name:" "$(echo "${wall[$name]} / $runs" | bc -l)" "$(echo "${cpu[$name]} / $runs" | bc -l)"
	if [ "$name" != trivial ]; then
		printf '   overhead: wall %+.1f%%, cpu %+.1f%%' \
			"$(echo "(${wall[$name]} - ${wall[trivial]}) * 100 / ${wall[trivial]}" | bc -l)" \
			"$(echo "(${cpu[$name]} - ${cpu[trivial]}) * 100 / ${cpu[trivial]}" | bc -l)"
	fi
	echo
done
