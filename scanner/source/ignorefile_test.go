package source

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/keylint/keylint/scanner/gitrepo"
)

// TestIgnoreFileMatchesGoGit compares the indexed ignore file with go-git's matcher over
// the same lines, on random files of plain names, negations, folder-only names and globs.
func TestIgnoreFileMatchesGoGit(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	names := []string{"a", "b", "build", "x.log", "node_modules", ".env"}
	lines := []string{"a", "b/", "!a", "!b/", "build", "build/", "!build", "*.log", "!x.log", "/a", "a/b", "**/build/x.log",
		"x.log", "!node_modules/", ".env", "!.env", "b ", "[ab]", "node_modules"}
	domains := [][]string{nil, {"a"}, {"build", "b"}}
	for n := range 3000 {
		var text strings.Builder
		for range 1 + r.IntN(6) {
			text.WriteString(lines[r.IntN(len(lines))] + "\n")
		}
		domain := domains[r.IntN(len(domains))]
		parts := make([]string, 1+r.IntN(4))
		for i := range parts {
			parts[i] = names[r.IntN(len(names))]
		}
		if r.IntN(2) == 0 && len(domain) > 0 {
			parts = append(append([]string(nil), domain...), parts...)
		}
		dir := r.IntN(2) == 0
		want := gitignore.NewMatcher(gitrepo.ParseIgnore([]byte(text.String()), domain)).Match(parts, dir)
		ignored, _ := parseIgnoreFile([]byte(text.String()), domain).match(parts, dir)
		if ignored != want {
			t.Fatalf("case %d: lines %q under %q, path %q (dir %v): ignored %v, go-git says %v", n, text.String(), domain, parts, dir, ignored, want)
		}
	}
}
