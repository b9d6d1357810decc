package history

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// revRepo is a repository built object by object for the revision tests:
//
//	one <- two <- merge <- four (master, HEAD)
//	  ^           /
//	  +-- three -+  (feature)
//
// with tags v1 (lightweight, at two), v2 (annotated, at one), v3 (annotated, at v2),
// remote-tracking refs origin/main (at two) and origin/HEAD (symbolic, at origin/main),
// a branch named like a short SHA of one that points at three, a blob sharing a 4-digit
// prefix with two, and two blobs sharing a prefix with each other.
type revRepo struct {
	dir     string
	commits map[string]plumbing.Hash // by message
	blob    plumbing.Hash            // a blob, which no revision may resolve to
	twins   string                   // the prefix two blobs share
}

func newRevRepo(t *testing.T, packed bool) *revRepo {
	t.Helper()
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	lay, err := Resolve(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := lay.open(1 << 20)
	defer st.Close()
	r := &revRepo{dir: dir, commits: map[string]plumbing.Hash{}}
	store := func(o interface {
		Encode(plumbing.EncodedObject) error
	}, typ plumbing.ObjectType) plumbing.Hash {
		t.Helper()
		obj := st.NewEncodedObject()
		obj.SetType(typ)
		if err := o.Encode(obj); err != nil {
			t.Fatal(err)
		}
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	blob := func(content string) plumbing.Hash {
		t.Helper()
		obj := st.NewEncodedObject()
		obj.SetType(plumbing.BlobObject)
		w, err := obj.Writer()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
		w.Close()
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	ref := func(name string, h plumbing.Hash) {
		t.Helper()
		if err := st.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), h)); err != nil {
			t.Fatal(err)
		}
	}
	when := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	sig := func() object.Signature {
		when = when.Add(time.Hour)
		return object.Signature{Name: "Dev", Email: "dev@example.com", When: when}
	}
	tree := store(&object.Tree{}, plumbing.TreeObject)
	commit := func(msg string, parents ...plumbing.Hash) plumbing.Hash {
		t.Helper()
		s := sig()
		h := store(&object.Commit{Author: s, Committer: s, Message: msg, TreeHash: tree, ParentHashes: parents}, plumbing.CommitObject)
		r.commits[msg] = h
		return h
	}
	tag := func(name string, typ plumbing.ObjectType, target plumbing.Hash) plumbing.Hash {
		t.Helper()
		h := store(&object.Tag{Name: name, Tagger: sig(), Message: name + "\n", TargetType: typ, Target: target}, plumbing.TagObject)
		ref("refs/tags/"+name, h)
		return h
	}
	one := commit("one")
	two := commit("two", one)
	three := commit("three", one)
	merge := commit("merge", two, three)
	four := commit("four", merge)
	ref("refs/heads/master", four)
	ref("refs/heads/feature", three)
	ref("refs/tags/v1", two)
	v2 := tag("v2", plumbing.CommitObject, one)
	tag("v3", plumbing.TagObject, v2)
	ref("refs/remotes/origin/main", two)
	if err := st.SetReference(plumbing.NewSymbolicReference("refs/remotes/origin/HEAD", "refs/remotes/origin/main")); err != nil {
		t.Fatal(err)
	}
	ref("refs/heads/"+one.String()[:7], three)
	ref("refs/tags/missing", plumbing.NewHash("2222222222222222222222222222222222222222"))

	// Blobs whose SHAs share prefixes: one with two, and a pair with each other.
	seen := map[string]string{}
	for i := 0; r.blob.IsZero() || r.twins == ""; i++ {
		content := fmt.Sprintf("blob %d\n", i)
		h := plumbing.ComputeHash(plumbing.BlobObject, []byte(content))
		p := h.String()[:4]
		if r.blob.IsZero() && p == two.String()[:4] {
			r.blob = blob(content)
		} else if other, ok := seen[p]; ok && r.twins == "" && p != two.String()[:4] && !strings.HasPrefix(one.String(), p) {
			blob(other)
			blob(content)
			r.twins = p
		}
		seen[p] = content
	}
	if packed {
		packAll(t, st)
	}
	return r
}

// packAll moves every loose object of st into one pack file.
func packAll(t *testing.T, st *filesystem.Storage) {
	t.Helper()
	var hs []plumbing.Hash
	if err := st.ForEachObjectHash(func(h plumbing.Hash) error { hs = append(hs, h); return nil }); err != nil {
		t.Fatal(err)
	}
	w, err := st.PackfileWriter()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := packfile.NewEncoder(w, st, false).Encode(hs, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if err := st.DeleteLooseObject(h); err != nil {
			t.Fatal(err)
		}
	}
}

// TestResolveRevision resolves revisions against loose and packed objects and, where git is
// installed, checks every resolution against git rev-parse.
func TestResolveRevision(t *testing.T) {
	for _, packed := range []bool{false, true} {
		t.Run(fmt.Sprintf("packed=%v", packed), func(t *testing.T) {
			r := newRevRepo(t, packed)
			c := r.commits
			lay, err := Resolve(r.dir)
			if err != nil {
				t.Fatal(err)
			}
			st := lay.open(1 << 20)
			defer st.Close()
			gitPath, _ := exec.LookPath("git")
			for _, tc := range []struct {
				rev, want string // want is a commit message, "" for an error
			}{
				{"HEAD", "four"},
				{"@", "four"},
				{"@~2", "two"},
				{"master", "four"},
				{"heads/master", "four"},
				{"refs/heads/master", "four"},
				{"feature", "three"},
				{"refs/heads/feature", "three"},
				{"v1", "two"},
				{"tags/v1", "two"},
				{"refs/tags/v1", "two"},
				{"v2", "one"},
				{"refs/tags/v2", "one"},
				{"v3", "one"},
				{"v3~0", "one"},
				{"v2^0", "one"},
				{"v2^{}", "one"},
				{"v2^{commit}", "one"},
				{"origin/main", "two"},
				{"remotes/origin/main", "two"},
				{"refs/remotes/origin/main", "two"},
				{"origin", "two"},
				{"refs/remotes/origin/HEAD", "two"},
				{c["three"].String(), "three"},
				{strings.ToUpper(c["three"].String()), "three"},
				{c["merge"].String()[:7], "merge"},
				{c["merge"].String()[:5], "merge"},
				{c["two"].String()[:4], "two"},        // a blob shares the prefix: the commit wins
				{c["one"].String()[:7], "three"},      // a branch of that name wins over the short SHA
				{c["one"].String()[:7] + "~1", "one"}, // ... and takes suffixes
				{c["two"].String()[:8] + "^", "one"},  // a short SHA takes suffixes
				{"HEAD~", "merge"},
				{"HEAD~1", "merge"},
				{"HEAD^", "merge"},
				{"HEAD^1", "merge"},
				{"HEAD^0", "four"},
				{"HEAD~2", "two"},
				{"HEAD~3", "one"},
				{"HEAD^^", "two"},
				{"HEAD^^2", "three"},
				{"HEAD~1^2", "three"},
				{"HEAD~1^2~1", "one"},
				{"HEAD~~~", "one"},
				{"feature~1", "one"},
				{"", ""},
				{"~1", ""},
				{"^", ""},
				{"nosuchbranch", ""},
				{"nosuchbranch~1", ""},
				{"HEAD~4", ""},   // past the root
				{"HEAD^2", ""},   // four has one parent
				{"HEAD~1^3", ""}, // merge has two
				{"HEAD^{tree}", ""},
				{"HEAD@{1}", ""},
				{"HEAD:a.txt", ""},
				{"../HEAD", ""},
				{"refs/../HEAD", ""},
				{"missing", ""},                                  // a tag of an object not in the repository
				{"0123456789abcdef0123456789abcdef01234567", ""}, // a full SHA not in the repository
				{r.blob.String(), ""},                            // a blob
				{r.twins, ""},                                    // two blobs, no commit: ambiguous
				{c["one"].String()[:3], ""},                      // too short
				{"feature~99999999999999999999", ""},
			} {
				got, err := resolveRevision(st, tc.rev)
				switch {
				case tc.want == "" && err == nil:
					t.Errorf("%q resolved to %s, want an error", tc.rev, got)
				case tc.want != "" && err != nil:
					t.Errorf("%q: %v, want %s", tc.rev, err, tc.want)
				case tc.want != "" && got != c[tc.want]:
					t.Errorf("%q resolved to %s, want %s (%s)", tc.rev, got, c[tc.want], tc.want)
				}
				if gitPath == "" || tc.rev == "" {
					continue
				}
				out, gitErr := exec.Command(gitPath, "-C", r.dir, "rev-parse", "--verify", "--quiet", "--end-of-options", tc.rev+"^{commit}").Output()
				switch {
				case (gitErr == nil) != (err == nil):
					t.Errorf("%q: git rev-parse says %q (%v), resolveRevision %s (%v)", tc.rev, out, gitErr, got, err)
				case gitErr == nil && strings.TrimSpace(string(out)) != got.String():
					t.Errorf("%q: git rev-parse says %s, resolveRevision %s", tc.rev, out, got)
				}
			}
			if _, err := resolveRevision(st, "nosuchbranch"); !errors.Is(err, plumbing.ErrReferenceNotFound) {
				t.Errorf("unknown name: %v, want ErrReferenceNotFound", err)
			}
			if packed {
				if loose, _ := filepath.Glob(filepath.Join(r.dir, ".git", "objects", "??")); len(loose) > 0 {
					if fs, _ := os.ReadDir(loose[0]); len(fs) > 0 {
						t.Errorf("loose objects left in a packed repository: %s", loose[0])
					}
				}
			}
		})
	}
}
