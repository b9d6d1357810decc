package analyzer_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/keylint/keylint/analyzer"
)

// BenchmarkAnalyzer measures the analysis alone, with the packages already loaded and type
// checked, against one trivial analyzer, and reports both and the type checking they follow.
// KEYLINT_BENCH_PKGS chooses the packages (default std).
//
//	go test ./analyzer -run '^$' -bench Analyzer -benchtime 3x
func BenchmarkAnalyzer(b *testing.B) {
	patterns := strings.Fields(os.Getenv("KEYLINT_BENCH_PKGS"))
	if len(patterns) == 0 {
		patterns = []string{"std"}
	}
	start := time.Now()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Tests: true}, patterns...)
	if err != nil {
		b.Fatal(err)
	}
	load := time.Since(start)
	trivial := &analysis.Analyzer{Name: "trivial", Doc: "does nothing", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	var tk, tt time.Duration
	for b.Loop() {
		for _, a := range []*analysis.Analyzer{trivial, analyzer.New(analyzer.Config{})} {
			start := time.Now()
			if _, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{Sequential: true}); err != nil {
				b.Fatal(err)
			}
			if a == trivial {
				tt += time.Since(start)
			} else {
				tk += time.Since(start)
			}
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(len(pkgs)), "pkgs")
	b.ReportMetric(load.Seconds(), "load+typecheck-s")
	b.ReportMetric(tt.Seconds()/n, "trivial-s/op")
	b.ReportMetric(tk.Seconds()/n, "keylint-s/op")
	b.ReportMetric((tk-tt).Seconds()/n*100/load.Seconds(), "keylint-extra-%-of-load")
}
