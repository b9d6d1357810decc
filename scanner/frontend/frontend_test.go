package frontend_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/frontend/frontendtest"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// row is a finding as the tests compare it.
type row struct {
	Path     string
	Line     int
	Rule     string
	Severity rules.Severity
	Bundle   bool
	Related  string
}

// scanTree scans dir as keylint scan does and returns its findings as rows, paths relative to dir.
func scanTree(t *testing.T, dir string, paths ...string) []row {
	t.Helper()
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		paths = []string{dir}
	}
	checks := append(frontend.Checks(), envfile.NewCheck(false, paths))
	sc := scanner.New(set, scanner.Options{Checks: checks})
	src := &source.Files{Paths: paths, KeepIgnored: envfile.IsEnvFile, Problem: func(p *source.Problem) { t.Errorf("problem: %v", p) }}
	var out []row
	err = sc.Run(context.Background(), src, 2, scanner.Sink{
		Finding: func(f scanner.Finding) {
			rel, err := filepath.Rel(dir, filepath.FromSlash(f.Location.Path))
			if err != nil {
				t.Fatal(err)
			}
			var related []string
			for _, r := range f.Related {
				related = append(related, fmt.Sprintf("%s:%d", r.Path, r.Line))
			}
			out = append(out, row{filepath.ToSlash(rel), f.Line, f.RuleID, f.Severity, f.Location.Bundle, strings.Join(related, ",")})
		},
		Problem: func(p *source.Problem) { t.Errorf("problem: %v", p) },
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sortRows(out)
	return out
}

func sortRows(rs []row) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Rule < b.Rule
	})
}

const (
	gk   = "gonkagate-api-key"
	fk   = "fastgpt-api-key"
	pub  = "public-env-key"
	errS = rules.SeverityError
)

func TestProjectLayouts(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		want    []row
	}{
		{
			name:    "vite",
			fixture: "vite",
			want: []row{
				{".env.production", 2, gk, errS, false, ""},
				{".env.production", 2, pub, errS, false, ""},
				{"dist/assets/index-3b1f9c.js", 1, fk, errS, true, "src/api/fastgpt.ts:3"},
				{"dist/assets/index-3b1f9c.js", 1, gk, errS, true, "src/main.ts:4"},
				{"dist/assets/index-3b1f9c.js.map", 1, fk, errS, true, "src/api/fastgpt.ts:3"},
				{"dist/assets/index-3b1f9c.js.map", 1, pub, errS, true, "src/main.ts:4"},
				{"src/api/fastgpt.ts", 3, fk, errS, false, ""},
				{"src/main.ts", 4, pub, errS, false, ""},
			},
		},
		{
			name:    "next.js",
			fixture: "next",
			want: []row{
				{".env.local", 2, fk, errS, false, ""},
				{".env.local", 3, fk, errS, false, ""},
				{".env.local", 3, pub, errS, false, ""},
				{".next/static/chunks/app/page-5f2c8e1a.js", 1, fk, errS, true, ""},
				{"app/page.tsx", 4, pub, errS, false, ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			frontendtest.Copy(t, filepath.Join("..", "..", "testdata", "frontend", tt.fixture), dir, frontendtest.NewKeys(t, 1))
			// The map's related path is relative to the scanned root's display form.
			got := scanTree(t, dir)
			for i := range got {
				if got[i].Related != "" {
					rel, _ := filepath.Rel(dir, filepath.FromSlash(got[i].Related[:strings.LastIndexByte(got[i].Related, ':')]))
					got[i].Related = filepath.ToSlash(rel) + got[i].Related[strings.LastIndexByte(got[i].Related, ':'):]
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
