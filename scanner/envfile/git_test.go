package envfile_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/frontend/frontendtest"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// write creates files under dir, making folders as needed.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// isolateGlobal points git's user configuration at a fresh home whose global
// excludes file ignores *.secret.env.
func isolateGlobal(t *testing.T) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	write(t, home, map[string]string{
		".gitconfig":    "[core]\n\texcludesfile = ~/global-ignore\n",
		"global-ignore": "*.secret.env\n",
	})
}

// newRepo makes a git work tree with go-git: tracked, unignored and ignored .env
// files, a nested .gitignore and .git/info/exclude.
func newRepo(t *testing.T) (string, frontendtest.Keys) {
	t.Helper()
	isolateGlobal(t)
	k := frontendtest.NewKeys(t, 3)
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, map[string]string{
		".gitignore":          "ignored/\n.env.local\n",
		".env":                "# committed by mistake\nGONKAGATE_API_KEY=" + k.GonkaGate + "\n",
		".env.example":        "GONKAGATE_API_KEY=gp-your-api-key-here\nFASTGPT_API_KEY=fastgpt-xxxxxxxxxxxxxxxxxxxxxx\n",
		"web/.env":            "FASTGPT_API_KEY=" + k.FastGPT + "\n",
		".env.local":          "GONKAGATE_API_KEY=" + k.GonkaGate + "\nVITE_GONKAGATE_API_KEY=" + k.GonkaGate + "\n",
		"web/.gitignore":      ".env.production\n",
		"web/.env.production": "FASTGPT_API_KEY=" + k.FastGPT + "\n",
		".git/info/exclude":   "local.env\n",
		"local.env":           "FASTGPT_API_KEY=" + k.FastGPT + "\n",
		"prod.secret.env":     "FASTGPT_API_KEY=" + k.FastGPT + "\n",
		"ignored/.env":        "NEXT_PUBLIC_FASTGPT_API_KEY=" + k.FastGPT + "\n",
	})
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".gitignore", ".env", ".env.example", "web/.gitignore"} {
		if _, err := wt.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	sig := &object.Signature{Name: "Ada", Email: "ada@example.com", When: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if _, err := wt.Commit("initial", &git.CommitOptions{Author: sig}); err != nil {
		t.Fatal(err)
	}
	return dir, k
}

func TestRepoIgnoredAndTracked(t *testing.T) {
	dir, _ := newRepo(t)
	r, err := envfile.OpenRepo(dir)
	if err != nil || r == nil {
		t.Fatalf("OpenRepo: %v, %v", r, err)
	}
	tests := []struct {
		name             string
		path             string
		ignored, tracked bool
	}{
		{"tracked", ".env", false, true},
		{"example", ".env.example", false, true},
		{"untracked, not ignored", "web/.env", false, false},
		{"root .gitignore", ".env.local", true, false},
		{"nested .gitignore", "web/.env.production", true, false},
		{"nested pattern stays in its folder", ".env.production", false, false},
		{"info/exclude", "local.env", true, false},
		{"global excludes file", "prod.secret.env", true, false},
		{"inside an ignored folder", "ignored/.env", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, filepath.FromSlash(tt.path))
			if got := r.Ignored(p, false); got != tt.ignored {
				t.Errorf("Ignored(%s) = %v, want %v", tt.path, got, tt.ignored)
			}
			if got := r.Tracked(p); got != tt.tracked {
				t.Errorf("Tracked(%s) = %v, want %v", tt.path, got, tt.tracked)
			}
		})
	}
}

type row struct {
	Path string
	Line int
	Rule string
}

func scanRepo(t *testing.T, dir string, noIgnore bool, paths ...string) []row {
	t.Helper()
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{Checks: []scanner.Check{envfile.NewCheck(noIgnore, paths)}})
	src := &source.Files{Paths: paths, NoIgnore: noIgnore, KeepIgnored: envfile.IsEnvFile}
	var out []row
	err = sc.Run(context.Background(), src, 2, scanner.Sink{Finding: func(f scanner.Finding) {
		rel, _ := filepath.Rel(dir, filepath.FromSlash(f.Location.Path))
		out = append(out, row{filepath.ToSlash(rel), f.Line, f.RuleID})
		if f.Secret == "" && f.Context != "" {
			t.Errorf("%s: a finding without its key shows the line %q", f.RuleID, f.Context)
		}
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Rule < b.Rule
	})
	return out
}

func TestScanWorkTree(t *testing.T) {
	dir, _ := newRepo(t)
	tests := []struct {
		name     string
		noIgnore bool
		paths    []string
		want     []row
	}{
		{
			name:  "walk",
			paths: []string{dir},
			want: []row{
				{".env", 2, "committed-env-file"},
				{".env", 2, "gonkagate-api-key"},
				{".env.local", 2, "gonkagate-api-key"},
				{".env.local", 2, "public-env-key"},
				{"web/.env", 1, "env-not-ignored"},
				{"web/.env", 1, "fastgpt-api-key"},
			},
		},
		{
			name:  "named ignored file keeps its keys",
			paths: []string{filepath.Join(dir, ".env.local")},
			want: []row{
				{".env.local", 1, "gonkagate-api-key"},
				{".env.local", 2, "gonkagate-api-key"},
				{".env.local", 2, "public-env-key"},
			},
		},
		{
			name:  "named ignored folder is scanned whole",
			paths: []string{filepath.Join(dir, "ignored")},
			want: []row{
				{"ignored/.env", 1, "fastgpt-api-key"},
				{"ignored/.env", 1, "public-env-key"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, scanRepo(t, dir, tt.noIgnore, tt.paths...)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCommittedInHistory(t *testing.T) {
	k := frontendtest.NewKeys(t, 4)
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	commit := &source.Commit{SHA: "0123456789abcdef0123456789abcdef01234567"}
	check := envfile.NewCheck(false, nil)
	sc := scanner.New(set, scanner.Options{Checks: []scanner.Check{check}})
	var rows []string
	for _, file := range []struct{ path, data string }{
		{"config/.env", "A=1\nFASTGPT_API_KEY=" + k.FastGPT + "\nGONKAGATE_API_KEY=" + k.GonkaGate + "\n"},
		{".env.example", "GONKAGATE_API_KEY=" + k.GonkaGate + "\n"},
		{"main.go", "const key = \"" + k.GonkaGate + "\"\n"},
	} {
		loc := source.Location{Path: file.path, Commit: commit} // as the history scan attributes them
		for _, f := range sc.Introduced(loc, sc.ScanBytes(loc, []byte(file.data))) {
			rows = append(rows, fmt.Sprintf("%s %s:%d %s", f.RuleID, f.Location.Path, f.Line, f.Message))
		}
	}
	want := []string{
		"fastgpt-api-key config/.env:2 ",
		"gonkagate-api-key config/.env:3 ",
		"committed-env-file config/.env:2 config/.env holds a key and was committed to git in 0123456789ab",
		"gonkagate-api-key .env.example:1 ",
		"gonkagate-api-key main.go:1 ",
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
