package source_test

import (
	"testing"

	"github.com/keylint/keylint/scanner/source"
)

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"token and password", "https://x:SECRETTOKEN@host:bad/p", "https://host:bad/p"},
		{"user only", "https://SECRETTOKEN@host/p", "https://host/p"},
		{"at sign in the path", "https://host/a@b", "https://host/a@b"},
		{"no scheme", "git@host:org/repo", "git@host:org/repo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := source.RedactURL(tc.in); got != tc.want {
				t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestIsURL(t *testing.T) {
	for _, tc := range []struct {
		p    string
		want bool
	}{
		{"https://app.example/assets/a.js", true},
		{"http://127.0.0.1:4173/", true},
		{"dist/assets/a.js", false},
		{"ftp://host/file", false},
		{"https:relative", false},
		{"-", false},
	} {
		if got := source.IsURL(tc.p); got != tc.want {
			t.Errorf("IsURL(%q) = %v, want %v", tc.p, got, tc.want)
		}
	}
}
