package source

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUnderPaths checks the walk's shortcut against cleaning every path, for roots
// written in the ways users write them.
func TestUnderPaths(t *testing.T) {
	cases := []struct {
		name, root, child string
	}{
		{"dot", ".", "a/b.go"},
		{"dot slash", "./", "a/b.go"},
		{"relative", "src", "a/b.go"},
		{"trailing slash", "src/", "a/b.go"},
		{"dot segments", "./src/../web", "x.js"},
		{"parent", "../proj", "main.go"},
		{"absolute", "/tmp/proj", "pkg/x.go"},
		{"file system root", "/", "etc/hosts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := newUnder(c.root)
			for _, p := range []string{c.root, filepath.Join(c.root, c.child)} {
				type pair struct{ Shown, Rel string }
				shown, rel := u.paths(p)
				want := pair{DisplayPath(p), relPath(c.root, p)}
				if diff := cmp.Diff(want, pair{shown, rel}); diff != "" {
					t.Errorf("paths(%q) (-want +got):\n%s", p, diff)
				}
			}
		})
	}
}
