package history_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/history"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// keys makes n GonkaGate keys from a fixed seed and checks that the rules recognise each.
func keys(t testing.TB, set *rules.Set, n int) []string {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 11))
	out := make([]string, n)
	for i := range out {
		out[i] = testkey.GonkaGate(r)
		if got := set.Find([]byte(`k = "` + out[i] + `"`)); len(got) != 1 {
			t.Fatalf("generated key not recognised: %s", set.Explain(out[i])[0].Why)
		}
	}
	return out
}

func newScanner(t testing.TB) *scanner.Scanner {
	t.Helper()
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return scanner.New(set, scanner.Options{})
}

// repo builds a repository with go-git.
type repo struct {
	t    testing.TB
	dir  string
	r    *git.Repository
	wt   *git.Worktree
	when time.Time
	msgs map[string]string // commit SHA -> message
}

func newRepo(t testing.TB) *repo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &repo{t: t, dir: dir, r: r, wt: wt, when: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), msgs: map[string]string{}}
}

func (h *repo) write(path, content string) {
	h.t.Helper()
	p := filepath.Join(h.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.wt.Add(path); err != nil {
		h.t.Fatal(err)
	}
}

func (h *repo) remove(path string) {
	h.t.Helper()
	if _, err := h.wt.Remove(path); err != nil {
		h.t.Fatal(err)
	}
}

func (h *repo) move(from, to string) {
	h.t.Helper()
	if _, err := h.wt.Move(from, to); err != nil {
		h.t.Fatal(err)
	}
}

func (h *repo) commit(msg string, parents ...plumbing.Hash) plumbing.Hash {
	h.t.Helper()
	h.when = h.when.Add(time.Hour)
	sig := &object.Signature{Name: "Dev", Email: "dev@example.com", When: h.when}
	opt := &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true}
	if len(parents) > 0 {
		opt.Parents = parents
	}
	c, err := h.wt.Commit(msg, opt)
	if err != nil {
		h.t.Fatal(err)
	}
	h.msgs[c.String()] = msg
	return c
}

func (h *repo) branch(name string, at plumbing.Hash) {
	h.t.Helper()
	if err := h.r.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName(name), at)); err != nil {
		h.t.Fatal(err)
	}
}

func (h *repo) checkout(name string) {
	h.t.Helper()
	if err := h.wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name), Force: true}); err != nil {
		h.t.Fatal(err)
	}
}

func (h *repo) head() plumbing.Hash {
	h.t.Helper()
	ref, err := h.r.Head()
	if err != nil {
		h.t.Fatal(err)
	}
	return ref.Hash()
}

// hit is a finding as the tests compare it.
type hit struct {
	Path   string
	Line   int
	Key    int    // index into the test's keys
	Commit string // the introducing commit's message, "" for staged findings
	InHead bool
}

func run(t *testing.T, sc *scanner.Scanner, opt history.Options, ks []string, msgs map[string]string) ([]hit, []string, history.Summary, error) {
	t.Helper()
	var problems []string
	opt.Problem = func(p *source.Problem) { problems = append(problems, p.Error()) }
	var got []hit
	sum, err := history.Scan(context.Background(), sc, opt, func(f scanner.Finding) {
		h := hit{Path: f.Location.Path, Line: f.Line, Key: -1}
		for i, k := range ks {
			if k == f.Secret {
				h.Key = i
			}
		}
		if c := f.Location.Commit; c != nil {
			h.Commit, h.InHead = msgs[c.SHA], c.StillInHead
			if h.Commit == "" {
				h.Commit = c.SHA
			}
			if c.Author != "Dev" || c.Email != "dev@example.com" || c.Date.IsZero() {
				t.Errorf("commit %s: author %q <%s> %v", c.SHA, c.Author, c.Email, c.Date)
			}
		}
		got = append(got, h)
	}, nil)
	sort.Slice(got, func(i, j int) bool {
		a, b := got[i], got[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Commit < b.Commit
	})
	return got, problems, sum, err
}

func line(k string) string { return `const key = "` + k + `"` + "\n" }

// TestHistory builds one repository in which keys are kept, removed, deleted with their file,
// renamed, left on an unmerged branch, under a tag, merged from a side branch and stashed.
func TestHistory(t *testing.T) {
	sc := newScanner(t)
	k := keys(t, sc.Rules(), 10)
	h := newRepo(t)
	h.write("README.md", "hello\n")
	h.write("src/a.go", "package a\n")
	root := h.commit("root")
	h.write("src/a.go", "package a\n"+line(k[0]))
	h.commit("add kept key")
	// The key stays while the file changes around it, also on its own line moving down.
	h.write("src/a.go", "package a\n\n// more\n"+line(k[0]))
	h.commit("edit around kept key")
	h.write("config/old.txt", "token: "+k[1]+"\n")
	h.commit("add removed key")
	h.write("config/old.txt", "token: none\n")
	h.commit("remove key")
	h.write("gone/file.txt", k[2]+"\n")
	h.commit("add key in doomed file")
	h.remove("gone/file.txt")
	h.commit("delete file")
	h.write("old/name.txt", "x\n"+k[3]+"\n")
	h.commit("add key before rename")
	h.move("old/name.txt", "new/name.txt")
	h.commit("rename file")
	main := h.head()

	// An unmerged branch.
	h.branch("feature", main)
	h.checkout("feature")
	h.write("feature.txt", "k="+k[4]+"\n")
	feature := h.commit("unmerged key")
	// Only under an annotated tag.
	h.branch("tmp", main)
	h.checkout("tmp")
	h.write("rc.txt", "k="+k[5]+"\n")
	rc := h.commit("tagged key")
	if _, err := h.r.CreateTag("v1-rc", rc, &git.CreateTagOptions{Message: "rc", Tagger: &object.Signature{Name: "Dev", Email: "dev@example.com", When: h.when}}); err != nil {
		t.Fatal(err)
	}
	// A side branch merged into main.
	h.branch("side", main)
	h.checkout("side")
	h.write("side.txt", "k="+k[6]+"\n")
	side := h.commit("side key")
	h.checkout("master")
	h.write("side.txt", "k="+k[6]+"\n")
	merge := h.commit("merge side", main, side)
	// A stash: refs/stash points at a commit that only it reaches.
	h.branch("stashwork", merge)
	h.checkout("stashwork")
	h.write("wip.txt", k[7]+"\n")
	stash := h.commit("WIP on master")
	if err := h.r.Storer.SetReference(plumbing.NewHashReference("refs/stash", stash)); err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"tmp", "stashwork"} {
		if err := h.r.Storer.RemoveReference(plumbing.NewBranchReferenceName(b)); err != nil {
			t.Fatal(err)
		}
	}
	h.checkout("master")
	if err := h.r.Storer.SetReference(plumbing.NewHashReference("refs/remotes/origin/master", main)); err != nil {
		t.Fatal(err)
	}
	_ = feature
	_ = root

	all := []hit{
		{Path: "config/old.txt", Line: 1, Key: 1, Commit: "add removed key"},
		{Path: "feature.txt", Line: 1, Key: 4, Commit: "unmerged key"},
		{Path: "gone/file.txt", Line: 1, Key: 2, Commit: "add key in doomed file"},
		{Path: "old/name.txt", Line: 2, Key: 3, Commit: "add key before rename", InHead: true},
		{Path: "rc.txt", Line: 1, Key: 5, Commit: "tagged key"},
		{Path: "side.txt", Line: 1, Key: 6, Commit: "side key", InHead: true},
		{Path: "src/a.go", Line: 2, Key: 0, Commit: "add kept key", InHead: true},
		{Path: "wip.txt", Line: 1, Key: 7, Commit: "WIP on master"},
	}
	tests := []struct {
		name    string
		opt     history.Options
		want    []hit
		commits int
	}{
		{name: "all refs", opt: history.Options{}, want: all, commits: 14},
		{name: "branch master", opt: history.Options{Branch: "master"}, want: []hit{
			all[0], all[2], all[3], all[5], all[6],
		}, commits: 11},
		{name: "range", opt: history.Options{Range: main.String()[:10] + "..master"}, want: []hit{all[5]}, commits: 2},
		{name: "range of one commit", opt: history.Options{Range: "HEAD~1..HEAD"}, want: []hit{all[5]}, commits: 2},
		{name: "since", opt: history.Options{Since: "master~3"}, want: []hit{
			{Path: "old/name.txt", Line: 2, Key: 3, Commit: "add key before rename", InHead: true}, all[5],
		}, commits: 4},
		{name: "range over a rename introduces nothing", opt: history.Options{Range: "HEAD~2..HEAD~1"}, commits: 1},
		{name: "unpushed", opt: history.Options{Unpushed: "feature"}, want: []hit{
			{Path: "feature.txt", Line: 1, Key: 4, Commit: "unmerged key", InHead: true},
		}, commits: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Repo = h.dir
			got, problems, sum, err := run(t, sc, tc.opt, k, h.msgs)
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) > 0 {
				t.Errorf("problems: %q", problems)
			}
			// In a range, HEAD is the range's top: keys the range adds are there.
			if diff := cmp.Diff(tc.want, got); diff != "" && !(len(tc.want) == 0 && len(got) == 0) {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if sum.Commits != tc.commits {
				t.Errorf("walked %d commits, want %d", sum.Commits, tc.commits)
			}
		})
	}
}

// TestMissingBase names the missing commit and the fix.
func TestMissingBase(t *testing.T) {
	sc := newScanner(t)
	h := newRepo(t)
	h.write("a.txt", "a\n")
	h.commit("one")
	for _, opt := range []history.Options{
		{Range: "0123456789abcdef0123456789abcdef01234567..HEAD"},
		{Since: "nosuchbranch"},
		{Branch: "nosuchbranch"},
	} {
		opt.Repo = h.dir
		_, err := history.Scan(context.Background(), sc, opt, func(scanner.Finding) {}, nil)
		var me *history.MissingCommitError
		if !errors.As(err, &me) {
			t.Fatalf("%+v: error %v, want a MissingCommitError", opt, err)
		}
		if !strings.Contains(err.Error(), "fetch-depth: 0") || !strings.Contains(err.Error(), me.Rev) {
			t.Errorf("error does not name the commit and the fix: %v", err)
		}
	}
}

// TestShallow treats the boundary as a root and says history is incomplete.
func TestShallow(t *testing.T) {
	sc := newScanner(t)
	k := keys(t, sc.Rules(), 3)
	h := newRepo(t)
	h.write("a.txt", k[0]+"\n")
	first := h.commit("old key")
	h.write("b.txt", k[1]+"\n")
	boundary := h.commit("boundary")
	h.write("c.txt", k[2]+"\n")
	h.commit("new key")
	// Make it shallow: the boundary's parent is gone.
	if err := os.WriteFile(filepath.Join(h.dir, ".git", "shallow"), []byte(boundary.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := first.String()
	if err := os.Remove(filepath.Join(h.dir, ".git", "objects", s[:2], s[2:])); err != nil {
		t.Fatal(err)
	}
	got, problems, sum, err := run(t, sc, history.Options{Repo: h.dir}, k, h.msgs)
	if err != nil {
		t.Fatal(err)
	}
	want := []hit{
		{Path: "a.txt", Line: 1, Key: 0, Commit: "boundary", InHead: true},
		{Path: "b.txt", Line: 1, Key: 1, Commit: "boundary", InHead: true},
		{Path: "c.txt", Line: 1, Key: 2, Commit: "new key", InHead: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if !sum.Shallow || len(sum.ShallowBoundary) != 1 || len(problems) != 0 {
		t.Errorf("summary %+v, problems %q: want shallow with one boundary and no problems", sum, problems)
	}
	_, err = history.Scan(context.Background(), sc, history.Options{Repo: h.dir, Range: s + "..HEAD"}, func(scanner.Finding) {}, nil)
	var me *history.MissingCommitError
	if !errors.As(err, &me) || me.Rev != s {
		t.Errorf("range from a commit beyond the boundary: %v, want MissingCommitError for %s", err, s)
	}
}

// TestRobust goes on past a missing blob, a submodule, an LFS pointer, a bare repository and a worktree.
func TestRobust(t *testing.T) {
	sc := newScanner(t)
	k := keys(t, sc.Rules(), 3)
	h := newRepo(t)
	h.write("lost.txt", "this blob will be lost "+k[0]+"\n")
	h.write("big.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n")
	h.write("ok.txt", k[1]+"\n")
	h.commit("one")
	// A submodule entry (a gitlink) in the index.
	idx, err := h.r.Storer.Index()
	if err != nil {
		t.Fatal(err)
	}
	e := idx.Add("vendor/sub")
	e.Hash = plumbing.NewHash("1111111111111111111111111111111111111111")
	e.Mode = 0o160000
	if err := h.r.Storer.SetIndex(idx); err != nil {
		t.Fatal(err)
	}
	h.commit("add submodule")
	if err := h.r.Storer.SetReference(plumbing.NewHashReference("refs/tags/broken", plumbing.NewHash("2222222222222222222222222222222222222222"))); err != nil {
		t.Fatal(err)
	}
	// Thousands of refs, most pointing at the same few commits.
	for i := range 3000 {
		name := plumbing.ReferenceName(fmt.Sprintf("refs/tags/t%04d", i))
		if err := h.r.Storer.SetReference(plumbing.NewHashReference(name, h.head())); err != nil {
			t.Fatal(err)
		}
	}
	lost, _ := blobHash(t, h, "lost.txt")
	if err := os.Remove(filepath.Join(h.dir, ".git", "objects", lost[:2], lost[2:])); err != nil {
		t.Fatal(err)
	}
	got, problems, _, err := run(t, sc, history.Options{Repo: h.dir}, k, h.msgs)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]hit{{Path: "ok.txt", Line: 1, Key: 1, Commit: "one", InHead: true}}, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, want := range []string{"lost.txt: blob", "big.bin: Git LFS pointer", "vendor/sub: submodule", "refs/tags/broken: skipped"} {
		if !strings.Contains(strings.Join(problems, "\n"), want) {
			t.Errorf("problems %q: want one saying %q", problems, want)
		}
	}

	t.Run("bare", func(t *testing.T) {
		// A copy of .git under another name is a bare repository.
		bare := filepath.Join(t.TempDir(), "bare.git")
		if err := os.CopyFS(bare, os.DirFS(filepath.Join(h.dir, ".git"))); err != nil {
			t.Fatal(err)
		}
		got, _, _, err := run(t, sc, history.Options{Repo: bare, Branch: "master"}, k, h.msgs)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Key != 1 {
			t.Errorf("bare: %+v", got)
		}
	})
	t.Run("worktree", func(t *testing.T) {
		// A linked worktree: .git is a file naming .git/worktrees/wt, whose commondir is ../..
		wtdir := filepath.Join(t.TempDir(), "wt")
		admin := filepath.Join(h.dir, ".git", "worktrees", "wt")
		for _, f := range []struct{ name, data string }{
			{filepath.Join(admin, "HEAD"), h.head().String() + "\n"},
			{filepath.Join(admin, "commondir"), "../..\n"},
			{filepath.Join(admin, "gitdir"), filepath.Join(wtdir, ".git") + "\n"},
			{filepath.Join(wtdir, ".git"), "gitdir: " + admin + "\n"},
		} {
			if err := os.MkdirAll(filepath.Dir(f.name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f.name, []byte(f.data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, _, _, err := run(t, sc, history.Options{Repo: wtdir, Range: "HEAD~1..HEAD"}, k, h.msgs)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("worktree range: %+v", got)
		}
		got, _, _, err = run(t, sc, history.Options{Repo: wtdir, Staged: true}, k, h.msgs)
		if err != nil || len(got) != 0 {
			t.Errorf("worktree staged (no index): %+v, %v", got, err)
		}
	})
}

func blobHash(t *testing.T, h *repo, path string) (string, plumbing.Hash) {
	t.Helper()
	c, err := h.r.CommitObject(h.head())
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.File(path)
	if err != nil {
		t.Fatal(err)
	}
	return f.Hash.String(), f.Hash
}

// TestStaged reads the index: unstaged keys are not reported, staged ones are.
func TestStaged(t *testing.T) {
	sc := newScanner(t)
	k := keys(t, sc.Rules(), 6)
	tests := []struct {
		name  string
		setup func(h *repo)
		want  []hit
	}{
		{name: "no commits yet", setup: func(h *repo) {
			h.write("a.txt", k[0]+"\n")
		}, want: []hit{{Path: "a.txt", Line: 1, Key: 0}}},
		{name: "unstaged key is not reported", setup: func(h *repo) {
			h.write("a.txt", "clean\n")
			h.commit("one")
			if err := os.WriteFile(filepath.Join(h.dir, "a.txt"), []byte(k[1]+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "staged then partly unstaged", setup: func(h *repo) {
			h.write("a.txt", "clean\n")
			h.commit("one")
			h.write("a.txt", "clean\n"+k[2]+"\n")
			// The work tree drops the key again after it was staged.
			if err := os.WriteFile(filepath.Join(h.dir, "a.txt"), []byte("clean\nmore\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, want: []hit{{Path: "a.txt", Line: 2, Key: 2}}},
		{name: "key already committed is not reported again", setup: func(h *repo) {
			h.write("a.txt", k[3]+"\n")
			h.commit("one")
			h.write("a.txt", "x\n"+k[3]+"\n")
		}},
		{name: "renamed file with a new key", setup: func(h *repo) {
			h.write("old.txt", "a\n")
			h.write("keep/b.txt", "b\n")
			h.commit("one")
			h.move("old.txt", "new.txt")
			h.write("new.txt", "a\n"+k[4]+"\n")
		}, want: []hit{{Path: "new.txt", Line: 2, Key: 4}}},
		{name: "renamed file with an old key", setup: func(h *repo) {
			h.write("old.txt", k[5]+"\n")
			h.commit("one")
			h.move("old.txt", "new.txt")
		}},
		{name: "new file deep in a tree", setup: func(h *repo) {
			for i := range 30 {
				h.write(fmt.Sprintf("d%d/e/f%d.txt", i%5, i), "x\n")
			}
			h.commit("one")
			h.write("d3/e/new.txt", k[0]+"\n")
		}, want: []hit{{Path: "d3/e/new.txt", Line: 1, Key: 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newRepo(t)
			tc.setup(h)
			got, problems, _, err := run(t, sc, history.Options{Repo: h.dir, Staged: true}, k, h.msgs)
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) > 0 {
				t.Errorf("problems: %q", problems)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
