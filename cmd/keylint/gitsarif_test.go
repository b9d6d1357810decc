package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/ci/sarifcheck"
)

// TestGitSARIFOutsideRepo runs keylint git --format sarif from folders other than the
// repository's root: the URIs are relative to the root, which SRCROOT names, so they resolve.
func TestGitSARIFOutsideRepo(t *testing.T) {
	parent := t.TempDir()
	r := newCIRepo(t, filepath.Join(parent, "repo"))
	r.commit("keys", map[string]string{
		"app/main.go":  "package main\n\nconst key = \"" + ciKey() + "\"\n",
		"docs/a b.md":  "token: " + ciKey() + "\n",
		"web/sub/x.py": "K = '" + ciKey() + "'\n",
	})
	outside := filepath.Join(parent, "elsewhere")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir, repo string
	}{
		{name: "outside", dir: outside, repo: r.dir},
		{name: "outside relative", dir: outside, repo: filepath.Join("..", "repo")},
		{name: "subfolder", dir: filepath.Join(r.dir, "web", "sub"), repo: "."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "git.sarif")
			code, _, stderr := ciRun(t, tt.dir, nil, "git", tt.repo, "--quiet", "--format", "sarif", "--output", out)
			if code != 1 {
				t.Fatalf("exit status %d, want 1\n%s", code, stderr)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var log struct {
				Runs []struct {
					Base map[string]struct{ URI string } `json:"originalUriBaseIds"`
					Res  []struct {
						Locs []struct {
							PL struct {
								AL struct {
									URI  string `json:"uri"`
									Base string `json:"uriBaseId"`
								} `json:"artifactLocation"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(data, &log); err != nil {
				t.Fatal(err)
			}
			root := log.Runs[0].Base["SRCROOT"].URI
			if want := "file://" + filepath.ToSlash(r.dir) + "/"; root != want {
				t.Errorf("SRCROOT = %q, want %q", root, want)
			}
			type loc struct{ URI, Base string }
			var got []loc
			for _, res := range log.Runs[0].Res {
				al := res.Locs[0].PL.AL
				got = append(got, loc{URI: al.URI, Base: al.Base})
				p, err := url.PathUnescape(al.URI)
				if err != nil {
					t.Fatalf("URI %q: %v", al.URI, err)
				}
				if _, err := os.Stat(filepath.Join(r.dir, filepath.FromSlash(p))); err != nil {
					t.Errorf("URI %q does not resolve under SRCROOT: %v", al.URI, err)
				}
			}
			want := []loc{
				{URI: "app/main.go", Base: "SRCROOT"},
				{URI: "docs/a%20b.md", Base: "SRCROOT"},
				{URI: "web/sub/x.py", Base: "SRCROOT"},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("locations (-want +got):\n%s", diff)
			}
			if !testing.Short() {
				sarifcheck.Validate(t, out)
			}
		})
	}
}
