#!/usr/bin/env bash
# Peak memory of keylint scan on a tree that holds a 2 GB file and 100,000 small files.
#   scripts/bench-memory.sh [LIMIT_MB]   (default 300; exits 1 when the peak is over it)
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/keylint" ./cmd/keylint
tree="$work/tree"
mkdir -p "$tree/big"
# A text file with a 2 GB hole: read in full, as text, by keylint.
{ for i in $(seq 200); do echo "log line $i without any key in it"; done; } > "$tree/big/huge.log"
truncate -s 2G "$tree/big/huge.log"
python3 - "$tree/small" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(1000):
    p = os.path.join(root, "d%03d" % d)
    os.makedirs(p)
    for f in range(100):
        with open(os.path.join(p, "f%03d.js" % f), "w") as fh:
            fh.write("export const value%d = compute(%d); // gp-header css class\n" % (f, d) * 20)
PY
/usr/bin/time -f '%e %M' -o "$work/time.out" "$work/keylint" scan --quiet --format json --output "$work/r.json" "$tree" || true
read -r secs kb < "$work/time.out"
mb=$((kb / 1024))
echo "keylint scan: 2 GB file + 100,000 small files in ${secs}s, peak RSS ${mb} MB (limit ${limit} MB)"
[ "$mb" -le "$limit" ]
