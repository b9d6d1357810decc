package history_test

import (
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/keylint/keylint/scanner/history"
)

// TestDeepTree checks that a chain of folders deeper than git's core.maxTreeDepth is walked
// to that depth and named, not followed to its end: each level holds its path, so the
// cost grew with the square of the depth (a file 50,000 folders deep took 5.2 GB).
func TestDeepTree(t *testing.T) {
	sc := newScanner(t)
	ks := keys(t, sc.Rules(), 2)
	h := newRepo(t)
	st := h.r.Storer
	put := func(o interface {
		Encode(plumbing.EncodedObject) error
	}) plumbing.Hash {
		eo := st.NewEncodedObject()
		if err := o.Encode(eo); err != nil {
			t.Fatal(err)
		}
		hash, err := st.SetEncodedObject(eo)
		if err != nil {
			t.Fatal(err)
		}
		return hash
	}
	blob := func(content string) plumbing.Hash {
		eo := st.NewEncodedObject()
		eo.SetType(plumbing.BlobObject)
		w, _ := eo.Writer()
		w.Write([]byte(content))
		w.Close()
		hash, err := st.SetEncodedObject(eo)
		if err != nil {
			t.Fatal(err)
		}
		return hash
	}
	deep := put(&object.Tree{Entries: []object.TreeEntry{{Name: "k.txt", Mode: filemode.Regular, Hash: blob(line(ks[1]))}}})
	for range history.MaxTreeDepth + 5 {
		deep = put(&object.Tree{Entries: []object.TreeEntry{{Name: "d", Mode: filemode.Dir, Hash: deep}}})
	}
	root := put(&object.Tree{Entries: []object.TreeEntry{
		{Name: "a.txt", Mode: filemode.Regular, Hash: blob(line(ks[0]))},
		{Name: "d", Mode: filemode.Dir, Hash: deep},
	}})
	sig := object.Signature{Name: "Dev", Email: "dev@example.com", When: h.when}
	c := put(&object.Commit{Author: sig, Committer: sig, Message: "deep", TreeHash: root})
	h.branch("master", c)
	h.msgs[c.String()] = "deep"

	got, problems, _, err := run(t, sc, history.Options{Repo: h.dir, Workers: 2}, ks, h.msgs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Path != "a.txt" {
		t.Errorf("findings %+v, want the key in a.txt only", got)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "folders nested deeper than 4096") || len(problems[0]) > 400 {
		t.Errorf("problems %q, want one short note of the depth", problems)
	}
}
