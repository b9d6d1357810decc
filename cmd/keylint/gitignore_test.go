package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/frontend/frontendtest"
)

// gitignoreRepo makes a work tree with a CRLF .gitignore, an unignored .env and,
// when tracked is set, a committed .env.production holding a key.
func gitignoreRepo(t *testing.T, tracked bool) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	k := frontendtest.NewKeys(t, 5)
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		".gitignore":          "node_modules/\r\ndist/\r\n",
		".env":                "GONKAGATE_API_KEY=" + k.GonkaGate + "\n",
		".env.example":        "GONKAGATE_API_KEY=gp-your-api-key-here\n",
		"web/.env.production": "VITE_FASTGPT_API_KEY=" + k.FastGPT + "\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if tracked {
		wt, err := repo.Worktree()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add("web/.env.production"); err != nil {
			t.Fatal(err)
		}
		sig := &object.Signature{Name: "Ada", Email: "ada@example.com", When: time.Unix(1767225600, 0)}
		if _, err := wt.Commit("add env", &git.CommitOptions{Author: sig}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestGitignoreCommand(t *testing.T) {
	const added = "\r\n# Local environment files hold keys; commit .env.example instead (added by keylint gitignore --fix)\r\n" +
		".env\r\n.env.*\r\n!.env.example\r\n"
	type step struct {
		args    []string
		code    int
		out     []string // parts the output must hold, in order
		ignored string   // .gitignore afterwards
	}
	tests := []struct {
		name    string
		tracked bool
		steps   []step
	}{
		{
			name: "fix twice",
			steps: []step{
				{[]string{"gitignore"}, exitFindings, []string{".gitignore lacks: .env, .env.*, !.env.example", ".env: not ignored", "web/.env.production: not ignored"}, "node_modules/\r\ndist/\r\n"},
				{[]string{"gitignore", "--fix"}, exitClean, []string{"added to .gitignore: .env, .env.*, !.env.example"}, "node_modules/\r\ndist/\r\n" + added},
				{[]string{"gitignore", "--fix"}, exitClean, nil, "node_modules/\r\ndist/\r\n" + added},
				{[]string{"gitignore"}, exitClean, []string{".env files are covered by .gitignore"}, "node_modules/\r\ndist/\r\n" + added},
			},
		},
		{
			name: "tracked file with a key", tracked: true,
			steps: []step{
				{[]string{"gitignore", "--fix"}, exitFindings, []string{"added to .gitignore", "web/.env.production: tracked by git and holds a key; ignoring it is not enough: git rm --cached web/.env.production, rotate the key"}, "node_modules/\r\ndist/\r\n" + added},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitignoreRepo(t, tt.tracked)
			for i, s := range tt.steps {
				var stdout, stderr bytes.Buffer
				code := run(append(s.args, dir), strings.NewReader(""), &stdout, &stderr)
				if code != s.code {
					t.Errorf("step %d %v: exit %d, want %d; stdout %q stderr %q", i, s.args, code, s.code, stdout.String(), stderr.String())
				}
				out := stdout.String()
				for _, part := range s.out {
					j := strings.Index(out, part)
					if j < 0 {
						t.Errorf("step %d %v: output %q lacks %q", i, s.args, stdout.String(), part)
						continue
					}
					out = out[j+len(part):]
				}
				got, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(s.ignored, string(got)); diff != "" {
					t.Errorf("step %d %v: .gitignore (-want +got):\n%s", i, s.args, diff)
				}
			}
		})
	}
}

func TestGitignoreOutsideWorkTree(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"gitignore", t.TempDir()}, strings.NewReader(""), &stdout, &stderr); code != exitError {
		t.Errorf("exit %d, want %d; stderr %q", code, exitError, stderr.String())
	}
	if !strings.Contains(stderr.String(), "not inside a git work tree") {
		t.Errorf("stderr %q does not say why", stderr.String())
	}
}
