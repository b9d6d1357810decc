package envfile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/envfile"
)

func hasKey(data []byte) bool {
	return bytes.Contains(data, []byte("=gp-")) || bytes.Contains(data, []byte("=fastgpt-"))
}

func TestAuditAndFix(t *testing.T) {
	dir, _ := newRepo(t)
	cov, err := envfile.Audit(dir, hasKey)
	if err != nil {
		t.Fatal(err)
	}
	want := &envfile.Coverage{
		Root:       dir,
		Uncovered:  []string{"web/.env"},
		Tracked:    []string{".env"},
		KeyTracked: []string{".env"},
		Missing:    []string{".env", ".env.*", "!.env.example"},
	}
	if diff := cmp.Diff(want, cov); diff != "" {
		t.Fatalf("Audit before the fix (-want +got):\n%s", diff)
	}
	if err := envfile.Fix(cov.Root, cov.Missing); err != nil {
		t.Fatal(err)
	}
	cov, err = envfile.Audit(dir, hasKey)
	if err != nil {
		t.Fatal(err)
	}
	want.Uncovered, want.Missing = nil, nil
	if diff := cmp.Diff(want, cov); diff != "" {
		t.Errorf("Audit after the fix (-want +got):\n%s", diff)
	}
	r, _ := envfile.OpenRepo(dir)
	if r.Ignored(filepath.Join(dir, ".env.example"), false) {
		t.Errorf(".env.example is ignored after the fix; it must stay committable")
	}
}

func TestFixKeepsFile(t *testing.T) {
	const comment = "# Local environment files hold keys; commit .env.example instead (added by keylint gitignore --fix)"
	tests := []struct {
		name     string
		existing *string // nil: no .gitignore
		files    []string
		want     string
	}{
		{
			name: "created", files: []string{".env"},
			want: comment + "\n.env\n.env.*\n!.env.example\n",
		},
		{
			name: "lf kept", existing: ptr("node_modules/\n"), files: []string{".env"},
			want: "node_modules/\n\n" + comment + "\n.env\n.env.*\n!.env.example\n",
		},
		{
			name: "crlf kept, no final newline", existing: ptr("node_modules/\r\ndist/"), files: []string{".env"},
			want: "node_modules/\r\ndist/\r\n\r\n" + comment + "\r\n.env\r\n.env.*\r\n!.env.example\r\n",
		},
		{
			name: "only what is missing", existing: ptr(".env\r\n"), files: []string{".env.local"},
			want: ".env\r\n\r\n" + comment + "\r\n.env.*\r\n!.env.example\r\n",
		},
		{
			name: "star env", existing: ptr(".env\n.env.*\n!.env.example\n"), files: []string{"deploy/prod.env"},
			want: ".env\n.env.*\n!.env.example\n\n" + comment + "\n*.env\n",
		},
		{
			name: "templates stay committable", existing: ptr(".env*\n"), files: []string{"web/.env.sample"},
			want: ".env*\n\n" + comment + "\n!.env.example\n!.env.sample\n",
		},
		{
			name: "covered", existing: ptr(".env\n.env.*\n!.env.example\n"), files: []string{".env", "web/.env.production"},
			want: ".env\n.env.*\n!.env.example\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateGlobal(t)
			dir := t.TempDir()
			if _, err := git.PlainInit(dir, false); err != nil {
				t.Fatal(err)
			}
			files := map[string]string{}
			for _, f := range tt.files {
				files[f] = "X=1\n"
			}
			if tt.existing != nil {
				files[".gitignore"] = *tt.existing
			}
			write(t, dir, files)
			// Twice: the second run must add nothing.
			for run := 1; run <= 2; run++ {
				cov, err := envfile.Audit(dir, hasKey)
				if err != nil {
					t.Fatal(err)
				}
				if run == 2 && len(cov.Missing) > 0 {
					t.Errorf("second run still misses %q", cov.Missing)
				}
				if err := envfile.Fix(cov.Root, cov.Missing); err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
				if err != nil && tt.existing != nil || err == nil && string(got) != tt.want {
					t.Errorf("run %d: .gitignore = %q, want %q (err %v)", run, got, tt.want, err)
				}
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				for _, e := range entries {
					if strings.Contains(e.Name(), ".keylint-") {
						t.Errorf("temporary file %s left behind", e.Name())
					}
				}
			}
		})
	}
}

func ptr(s string) *string { return &s }
