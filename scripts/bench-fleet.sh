#!/usr/bin/env bash
# Repositories per minute and peak memory of keylint git over many repositories.
#   scripts/bench-fleet.sh [LIMIT_MB] [N]   (defaults 400 and 50; exits 1 when a peak is over LIMIT_MB)
# The sources are the bare repositories listed in $KEYLINT_FLEET_SOURCES (one path a line), by
# default the twenty Go projects fetched under /work/.mirror (see GO_PROJECTS), or, where there are
# none (or KEYLINT_FLEET_SYNTHETIC is set), ten made-up projects. N clones are made of them (cheaply, sharing their
# objects), served as file:// URLs, and scanned: one repository alone, then all N (first run, with
# a fresh --cache and --state), all N again (nothing new), and all N after one commit in ten of them.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-400}
n=${2:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/keylint" ./cmd/keylint
if [ -n "${KEYLINT_FLEET_SOURCES:-}" ]; then
  mapfile -t sources < "$KEYLINT_FLEET_SOURCES"
else
  GO_PROJECTS="BurntSushi+toml fatih+color go-chi+chi google+go-cmp gorilla+mux sirupsen+logrus spf13+cobra
    spf13+pflag stretchr+testify urfave+cli gin-gonic+gin labstack+echo spf13+viper uber-go+zap rs+zerolog
    google+uuid pkg+errors hashicorp+go-multierror mitchellh+mapstructure kelseyhightower+envconfig"
  sources=()
  for p in $GO_PROJECTS; do
    d=/work/.mirror/$p/repo
    # Only whole repositories: a snapshot that lacks objects its branches need cannot be cloned.
    if [ -d "$d" ] && git --git-dir="$d" rev-list --objects --branches --tags > /dev/null 2>&1; then
      sources+=("$d")
    elif [ -d "$d" ]; then
      echo "left out $p: objects missing" >&2
    fi
  done
fi
if [ "${#sources[@]}" -eq 0 ] || [ -n "${KEYLINT_FLEET_SYNTHETIC:-}" ]; then
  # No mirrors here (a CI machine): ten made-up projects of 400 commits over 300 files of code each.
  sources=()
  for p in $(seq 0 9); do
    d="$work/synthetic/p$p.git"
    git init -q --bare "$d"
    python3 - "$p" <<'PY' | git --git-dir="$d" fast-import --quiet
import random, sys
p = int(sys.argv[1]); r = random.Random(p)
words = "func return if err nil struct type var const package import for range map string int".split()
def body():
    return "\n".join(" ".join(r.choice(words) for _ in range(10)) for _ in range(r.randint(20, 80))) + "\n"
files = {"pkg/f%03d.go" % i: body() for i in range(300)}
out = sys.stdout.buffer
for c in range(400):
    changed = files if c == 0 else {k: body() for k in r.sample(sorted(files), r.randint(1, 4))}
    files.update(changed)
    msg = b"change %d" % c
    out.write(b"commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\ndata %d\n%s\n" % (1700000000 + c * 60, len(msg), msg))
    for k, v in changed.items():
        b = v.encode()
        out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (k.encode(), len(b), b))
PY
    git --git-dir="$d" symbolic-ref HEAD refs/heads/main
    sources+=("$d")
  done
fi
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
for i in $(seq 0 $((n - 1))); do
  src=${sources[$((i % ${#sources[@]}))]}
  git clone -q --bare --shared "$src" "$work/src/r$i.git"
  echo "file://$work/src/r$i.git" >> "$work/repos.txt"
done
commits=0
for i in $(seq 0 $((n - 1))); do commits=$((commits + $(git --git-dir="$work/src/r$i.git" rev-list --all --count))); done
echo "$n clones of ${#sources[@]} projects, $commits commits in all"

measure() { # name, then keylint's arguments
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time.out" "$work/keylint" git "$@" 2> "$work/err.txt" || true
  read -r secs kb < <(tail -1 "$work/time.out")
  mb=$((kb / 1024))
  local count; count=$(grep -c . "$work/this.txt")
  local per; per=$(awk -v n="$count" -v s="$secs" 'BEGIN { printf "%.0f", n * 60 / (s > 0 ? s : 0.01) }')
  echo "$name: $count repositories in ${secs}s ($per a minute), peak RSS ${mb} MB; $(grep 'keylint: scanned' "$work/err.txt")"
  if grep -q 'not scanned' "$work/err.txt"; then grep 'not scanned' "$work/err.txt" >&2; fail=1; fi
  [ "$mb" -le "$limit" ] || { echo "peak RSS ${mb} MB is over ${limit} MB" >&2; fail=1; }
}
fail=0
# Each source alone: the highest peak is the bound for one repository.
single=0
for i in $(seq 0 $((${#sources[@]} < n ? ${#sources[@]} - 1 : n - 1))); do
  sed -n "$((i + 1))p" "$work/repos.txt" > "$work/this.txt"
  src=${sources[$i]}
  measure "  alone: $(basename "${src%/repo}")" --repos "$work/this.txt" --cache "$work/one-cache" \
    --format json --output "$work/one.json"
  [ "$mb" -le "$single" ] || single=$mb
done
echo "1 repository: the highest peak RSS of the sources alone is $single MB"
cp "$work/repos.txt" "$work/this.txt"
measure "first run, no state" --repos "$work/repos.txt" --cache "$work/cache0" --format json --output "$work/all0.json"
# keylint git scans 2 repositories at once (--parallel 2): the bound is twice one repository's, plus the Go runtime's slack.
bound=$((2 * single + 64))
echo "$n repositories: peak RSS $mb MB, bound 2 x $single + 64 = $bound MB"
[ "$mb" -le "$bound" ] || { echo "peak RSS over the bound" >&2; fail=1; }
measure "first run, --state" --repos "$work/repos.txt" --cache "$work/cache" --state "$work/state" --format json --output "$work/all1.json"
measure "second run, nothing new" --repos "$work/repos.txt" --cache "$work/cache" --state "$work/state" --format json --output "$work/all2.json"
for i in $(seq 0 9); do
  w="$work/w$i"
  git clone -q "$work/src/r$i.git" "$w"
  echo "change $i" > "$w/KEYLINT_BENCH.txt"
  git -C "$w" add KEYLINT_BENCH.txt
  git -C "$w" -c user.name=bench -c user.email=bench@example.com commit -qm "bench change $i"
  git -C "$w" push -q origin HEAD
done
measure "third run, one new commit in 10 repositories" --repos "$work/repos.txt" --cache "$work/cache" --state "$work/state" --format json --output "$work/all3.json"
echo "uptime: $(uptime)"
exit $fail
