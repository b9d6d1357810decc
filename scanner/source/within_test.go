package source_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/source"
)

func TestWithin(t *testing.T) {
	root := filepath.FromSlash("/work/repo")
	for _, tc := range []struct {
		name, p, want string
		ok            bool
	}{
		{name: "under", p: "/work/repo/src/a.go", want: "src/a.go", ok: true},
		{name: "relative to root", p: "src/a.go", want: "src/a.go", ok: true},
		{name: "the root itself", p: "/work/repo", want: ".", ok: true},
		{name: "a name starting with two dots", p: "/work/repo/..env", want: "..env", ok: true},
		{name: "beside", p: "/work/other/a.go"},
		{name: "a sibling sharing the prefix", p: "/work/repo2/a.go"},
		{name: "climbing out", p: "../x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rel, ok := source.Within(root, filepath.FromSlash(tc.p))
			if diff := cmp.Diff([]any{tc.want, tc.ok}, []any{filepath.ToSlash(rel), ok}); diff != "" {
				t.Errorf("Within (-want +got):\n%s", diff)
			}
		})
	}
}
