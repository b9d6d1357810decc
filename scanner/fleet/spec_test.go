package fleet

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, spec        string
		wantSpec, wantKey string
		remote            bool
	}{
		{"https", "https://github.com/Owner/Repo.git", "https://github.com/Owner/Repo.git", "github.com/Owner/Repo", true},
		{"https with token", "https://x-access-token:s3cr3t@GitHub.com/o/r", "https://GitHub.com/o/r", "github.com/o/r", true},
		{"https with user", "https://bob@github.com/o/r", "https://github.com/o/r", "github.com/o/r", true},
		{"ssh", "ssh://git@github.com:22/o/r.git", "ssh://git@github.com:22/o/r.git", "github.com/o/r", true},
		{"scp", "git@github.com:o/r.git", "git@github.com:o/r.git", "github.com/o/r", true},
		{"git protocol", "git://example.org/o/r", "git://example.org/o/r", "example.org/o/r", true},
		{"file", "file:///srv/git/r.git", "file:///srv/git/r.git", "/srv/git/r.git", true},
		{"absolute path", "/srv/git/r", "/srv/git/r", "/srv/git/r", false},
		{"path with colon after slash", "./a:b", "./a:b", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			got := []any{r.Spec, r.Remote()}
			want := []any{tt.wantSpec, tt.remote}
			if tt.wantKey != "" {
				got, want = append(got, r.Key), append(want, tt.wantKey)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.spec, d)
			}
		})
	}
}

func TestURI(t *testing.T) {
	for spec, want := range map[string]string{
		"git@github.com:o/r.git":         "ssh://git@github.com/o/r.git",
		"https://tok@github.com/o/r":     "https://github.com/o/r",
		"/srv/git/my repo":               "file:///srv/git/my%20repo",
		"ssh://git@example.org:2222/o/r": "ssh://git@example.org:2222/o/r",
	} {
		r, err := Parse(spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.URI(); got != want {
			t.Errorf("URI of %q = %q, want %q", spec, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for name, spec := range map[string]string{
		"empty":              "  ",
		"unknown scheme":     "ftp://example.org/r",
		"token not in error": "gopher://tok3n@example.org/r",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(spec)
			if err == nil {
				t.Fatalf("Parse(%q) = nil error", spec)
			}
			if strings.Contains(err.Error(), "tok3n") {
				t.Errorf("error shows the credential: %v", err)
			}
		})
	}
}

func TestSameRepositoryInEveryForm(t *testing.T) {
	forms := []string{"https://github.com/o/r", "https://github.com/o/r.git/", "ssh://git@github.com/o/r.git", "git@github.com:o/r", "https://GITHUB.COM:443/o/r"}
	want, _ := Parse(forms[0])
	for _, f := range forms[1:] {
		r, err := Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		if r.Key != want.Key || r.ID() != want.ID() {
			t.Errorf("%s: key %q, want %q", f, r.Key, want.Key)
		}
	}
}

func TestParseList(t *testing.T) {
	list := "# our repositories\nhttps://github.com/o/a\n\n  git@github.com:o/b.git  # the fork\nhttps://example.org/c#frag\n"
	rs, err := ParseList(list)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.Key)
	}
	want := []string{"github.com/o/a", "github.com/o/b", "example.org/c"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ParseList (-want +got):\n%s", d)
	}
	if _, err := ParseList("ok/path\nftp://x/y\n"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a bad line: error %v, want one naming line 2", err)
	}
}
