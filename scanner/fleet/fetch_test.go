package fleet

import (
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/transport/http"
)

// TestAuthMethod checks where the token goes: to https remotes only, and not when the URL
// carries its own credentials; ssh asks the SSH agent, and says so when there is none.
func TestAuthMethod(t *testing.T) {
	a := Auth{Token: "t0ken-value"}
	tests := []struct {
		name, url string
		want      string // "basic", "none" or an error fragment
	}{
		{"https", "https://github.com/o/r", "basic"},
		{"plain http", "http://127.0.0.1:8080/r.git", "none"},
		{"https with its own user", "https://bob:pw@github.com/o/r", "none"},
		{"file", "file:///srv/r.git", "none"},
		{"git protocol", "git://example.org/r", "none"},
		{"ssh without an agent", "git@github.com:o/r.git", "SSH_AUTH_SOCK"},
	}
	t.Setenv("SSH_AUTH_SOCK", "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			m, err := a.method(r)
			got := "none"
			switch {
			case err != nil:
				got = err.Error()
				if strings.Contains(got, a.Token) {
					t.Errorf("the error shows the token: %v", err)
				}
			case m != nil:
				b, ok := m.(*http.BasicAuth)
				if !ok || b.Password != a.Token || b.Username != "x-access-token" {
					t.Fatalf("method %T %v", m, m)
				}
				if strings.Contains(b.String(), a.Token) {
					t.Errorf("the method's String shows the token")
				}
				got = "basic"
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("method for %s: %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}

func TestScrub(t *testing.T) {
	err := errString("authentication failed for https://x:s3cret@host/r")
	if got := scrub(err, "s3cret"); strings.Contains(got, "s3cret") {
		t.Errorf("scrub left the token: %s", got)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
