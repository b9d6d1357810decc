package history

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestTreeFilesReadFile: a commit's tree gives its regular files by path, refuses one larger
// than the limit, and says fs.ErrNotExist for a missing file and for a folder.
func TestTreeFilesReadFile(t *testing.T) {
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := r.Worktree()
	big := strings.Repeat("x", 1000)
	if err := os.MkdirAll(filepath.Join(dir, "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	for p, data := range map[string]string{"dist/app.js.map": "{}", "dist/big.map": big} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	h, err := wt.Commit("c", &git.CommitOptions{Author: &object.Signature{Name: "a", Email: "a@b"}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.CommitObject(h)
	if err != nil {
		t.Fatal(err)
	}
	lay, err := Resolve(dir)
	if err != nil {
		t.Fatal(err)
	}
	ps := openPacks(lay)
	defer ps.close()
	rs := newReaders(lay, ps)
	defer rs.close()
	tree := &treeFiles{readers: rs, root: c.TreeHash}
	tests := []struct {
		name, path string
		limit      int64
		want       string
		notExist   bool
		tooLarge   bool
	}{
		{name: "a file", path: "dist/app.js.map", limit: 100, want: "{}"},
		{name: "at the limit", path: "dist/big.map", limit: 1000, want: big},
		{name: "over the limit", path: "dist/big.map", limit: 999, tooLarge: true},
		{name: "missing", path: "dist/none.map", limit: 100, notExist: true},
		{name: "a folder", path: "dist", limit: 100, notExist: true},
		{name: "under a file", path: "dist/app.js.map/x", limit: 100, notExist: true},
		{name: "parent", path: "../dist/app.js.map", limit: 100, notExist: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tree.ReadFile(tt.path, tt.limit)
			switch {
			case tt.notExist:
				if !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("err = %v, want fs.ErrNotExist", err)
				}
			case tt.tooLarge:
				if err == nil || !strings.Contains(err.Error(), "larger than") {
					t.Errorf("err = %v, want a refusal", err)
				}
			case err != nil || string(got) != tt.want:
				t.Errorf("got %d bytes, err %v; want %d bytes", len(got), err, len(tt.want))
			}
		})
	}
}
