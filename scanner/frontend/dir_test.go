package frontend

import (
	"math/rand/v2"
	"path"
	"testing"
)

// TestDirOf checks dirOf against path.Dir, on paths as a walk gives them and on paths that
// need cleaning (archive members, URLs' paths).
func TestDirOf(t *testing.T) {
	for _, p := range []string{
		"", "a.js", "/a.js", "dist/a.js", "a/b/c.js", "./a.js", "../a.js", "a/./b.js", "a/../b.js",
		"a//b.js", "a/b/", "/", ".next/static/a.js", "web/.next/a.js", "a/.hidden/b.js", "a/b.c/d.js",
		"dist", "a/..", "a/.", "//a.js", "a/b//", ".", "..", "/root/.cache/tree/dist/a.js", "/a/.b/./c.js",
		"/a/.b/../c.js", "a/.../b.js", "a/..b/c.js", "/a/b/.", "/a/b/..", "/./a.js", "/../a.js", "a/b/.c",
	} {
		if got, want := dirOf(p), path.Dir(p); got != want {
			t.Errorf("dirOf(%q) = %q, want %q", p, got, want)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		b := make([]byte, r.IntN(16))
		for i := range b {
			b[i] = "ab./"[r.IntN(4)]
		}
		if got, want := dirOf(string(b)), path.Dir(string(b)); got != want {
			t.Fatalf("dirOf(%q) = %q, want %q", b, got, want)
		}
	}
}
