#!/usr/bin/env bash
# Builds golangci-lint with the keylint module plugin compiled in, from the Go module proxy
# (what `golangci-lint custom` does, without cloning golangci-lint from GitHub).
#
#   scripts/build-golangci-lint.sh OUT_BINARY
#
# GOLANGCI_LINT_VERSION picks the golangci-lint v2 release (default below);
# KEYLINT_DIR the keylint checkout to build the plugin from (default: this repository).
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 OUT_BINARY" >&2
	exit 2
fi
out=$1
case $out in /*) ;; *) out=$PWD/$out ;; esac
version=${GOLANGCI_LINT_VERSION:-v2.15.0}
keylint_dir=${KEYLINT_DIR:-$(cd "$(dirname "$0")/.." && pwd)}

src=$(go mod download -json "github.com/golangci/golangci-lint/v2@${version}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
	echo "$0: cannot download github.com/golangci/golangci-lint/v2@${version}" >&2
	exit 1
fi

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$src" "$work/golangci-lint"
chmod -R u+w "$work/golangci-lint"
cd "$work/golangci-lint"

cat > cmd/golangci-lint/plugin_keylint.go <<'GO'
package main

// The keylint module plugin, as `golangci-lint custom` would add it.
import _ "github.com/keylint/keylint/analyzer/golangci"
GO

go mod edit -require=github.com/keylint/keylint@v0.0.0 -replace="github.com/keylint/keylint=${keylint_dir}"
# Resolve what the plugin needs (its own requirements come from keylint's go.mod) without
# touching golangci-lint's other pins more than minimal version selection must.
GOFLAGS=-mod=mod go mod tidy -e >/dev/null 2>&1 || GOFLAGS=-mod=mod go get "github.com/keylint/keylint/analyzer/golangci"
GOFLAGS=-mod=mod go build -trimpath -o "$out" ./cmd/golangci-lint
echo "built $out (golangci-lint ${version} with the keylint plugin from ${keylint_dir})"
