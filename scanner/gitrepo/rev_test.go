package gitrepo

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestShortSHA(t *testing.T) {
	full := strings.Repeat("0123456789", 4)
	tests := []struct{ name, rev, want string }{
		{"full SHA", full, "012345678901"},
		{"abbreviated SHA", "0123456", "0123456"},
		{"branch name", "feature/a-long-branch-name", "feature/a-long-branch-name"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ShortSHA(tt.rev); got != tt.want {
				t.Errorf("ShortSHA(%q) = %q, want %q", tt.rev, got, tt.want)
			}
		})
	}
}

func TestNoCommit(t *testing.T) {
	tests := []struct {
		name string
		sha  string
		want bool
	}{
		{"empty", "", true},
		{"zeros", strings.Repeat("0", 40), true},
		{"a commit", "0000000000000000000000000000000000000001", false},
		{"a name", "main", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NoCommit(tt.sha); got != tt.want {
				t.Errorf("NoCommit(%q) = %v, want %v", tt.sha, got, tt.want)
			}
		})
	}
}

func TestParseRange(t *testing.T) {
	type res struct{ Base, Head, Err string }
	tests := []struct {
		name, rng string
		want      res
	}{
		{"both", "a..b", res{Base: "a", Head: "b"}},
		{"head left out", "main..", res{Base: "main", Head: "HEAD"}},
		{"no dots", "main", res{Err: `--range "main": want BASE..HEAD`}},
		{"three dots", "a...b", res{Err: `--range "a...b": want BASE..HEAD`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got res
			b, h, err := ParseRange("--range", tt.rng)
			got.Base, got.Head = b, h
			if err != nil {
				got.Err = err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseRange(%q) (-want +got):\n%s", tt.rng, diff)
			}
		})
	}
}

func TestPushScan(t *testing.T) {
	zero := strings.Repeat("0", 40)
	type res struct{ Range, Unpushed string }
	tests := []struct {
		name, from, to string
		want           res
	}{
		{"an update", "aaa", "bbb", res{Range: "aaa..bbb"}},
		{"a new branch", zero, "bbb", res{Unpushed: "bbb"}},
		{"a new branch, no from", "", "bbb", res{Unpushed: "bbb"}},
		{"a deleted ref", "aaa", zero, res{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got res
			got.Range, got.Unpushed = PushScan(tt.from, tt.to)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("PushScan(%q, %q) (-want +got):\n%s", tt.from, tt.to, diff)
			}
		})
	}
}
