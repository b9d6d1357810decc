package scanner_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// BenchmarkRunTree scans a whole folder as keylint scan does, with every check:
// $KEYLINT_BENCH_TREE, or the Go toolchain's sources when it is unset.
func BenchmarkRunTree(b *testing.B) {
	root := os.Getenv("KEYLINT_BENCH_TREE")
	if root == "" {
		root = filepath.Join(runtime.GOROOT(), "src")
	}
	if _, err := os.Stat(root); err != nil {
		b.Skipf("no tree to scan: %v", err)
	}
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		b.Fatal(err)
	}
	checks := append(frontend.Checks(), envfile.NewCheck(false, []string{root}))
	sc := scanner.New(set, scanner.Options{Checks: checks})
	var stats scanner.Stats
	for b.Loop() {
		src := &source.Files{Paths: []string{root}, KeepIgnored: envfile.IsEnvFile}
		err := sc.Run(context.Background(), src, runtime.GOMAXPROCS(0), scanner.Sink{
			Finding: func(scanner.Finding) {},
			Problem: func(*source.Problem) {},
		}, &stats)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(stats.Bytes.Load() / int64(b.N))
}
