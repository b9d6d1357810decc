package source_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/source"
)

// TestParallelWalkMatchesSequential checks that folders read on many goroutines yield
// exactly the items and problems of a walk on one, on a tree with nested .gitignore files,
// negations, excluded folders, built output, links and an unreadable folder.
func TestParallelWalkMatchesSequential(t *testing.T) {
	files := map[string]string{
		".git/HEAD":                "ref: refs/heads/main\n",
		".git/info/exclude":        "*.tmp\n",
		".gitignore":               "*.log\n!keep.log\nbuild/\nsecret/\n",
		"a.go":                     "x\n",
		"debug.log":                "x\n",
		"keep.log":                 "x\n",
		"scratch.tmp":              "x\n",
		".env":                     "x\n",
		"build/out.js":             "x\n",
		"secret/s.txt":             "x\n",
		"web/.gitignore":           "!*.log\ngen/\n",
		"web/app.log":              "x\n",
		"web/gen/g.js":             "x\n",
		"web/src/.gitignore":       "*.ts\n!main.ts\n",
		"web/src/main.ts":          "x\n",
		"web/src/other.ts":         "x\n",
		"web/src/deep/er/x.ts":     "x\n",
		"web/src/deep/er/keep.log": "x\n",
		"vendor/v.go":              "x\n",
		"pkg/vendor/v.go":          "x\n",
		"pkg/skipme.go":            "x\n",
		"locked/inside.txt":        "x\n",
		"empty/":                   "",
	}
	// Enough folders that walkers overlap.
	for i := range 40 {
		files[filepath.ToSlash(filepath.Join("many", string(rune('a'+i%26))+strings.Repeat("x", i/26), "f.txt"))] = "x\n"
		files[filepath.ToSlash(filepath.Join("many", string(rune('a'+i%26))+strings.Repeat("x", i/26), "f.log"))] = "x\n"
	}
	root := tree(t, files)
	os.Symlink(filepath.Join(root, "a.go"), filepath.Join(root, "web", "link.go"))
	os.Symlink(filepath.Join(root, "web"), filepath.Join(root, "pkg", "webdir"))
	os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "many", "a", "broken"))
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	unreadable := true
	if _, err := os.ReadDir(locked); err == nil {
		unreadable = false // running as root: the folder is read all the same
	}
	base := source.Files{
		Paths:          []string{root},
		Skip:           func(rel string, dir bool) bool { return rel == "vendor" || strings.HasSuffix(rel, "skipme.go") },
		KeepIgnored:    func(p string) bool { return strings.HasSuffix(p, "/.env") },
		KeepIgnoredDir: func(p string) (bool, bool) { return strings.HasSuffix(p, "/build"), strings.HasSuffix(p, "/build") },
	}
	seq := base
	seq.Walkers = 1
	wantPaths, wantProblems := walkSet(t, root, seq)

	// Spelled out too, so that both walks cannot be wrong the same way.
	want := []string{".env", ".gitignore", "a.go", "build/out.js", "keep.log", "pkg/vendor/v.go",
		"web/.gitignore", "web/app.log", "web/src/.gitignore", "web/src/deep/er/keep.log", "web/src/main.ts"}
	for i := range 40 {
		want = append(want, filepath.ToSlash(filepath.Join("many", string(rune('a'+i%26))+strings.Repeat("x", i/26), "f.txt")))
	}
	if !unreadable {
		want = append(want, "locked/inside.txt")
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, wantPaths); diff != "" {
		t.Errorf("sequential walk (-want +got):\n%s", diff)
	}
	problems := []string{"many/a/broken: broken symbolic link", "build: git ignores this folder; scanned all the same"}
	if unreadable {
		// The folder's .gitignore cannot be read either, as before the walk was parallel.
		problems = append(problems, "locked: open", "locked/.gitignore: permission denied")
	}
	if len(wantProblems) != len(problems) {
		t.Errorf("sequential walk problems = %q, want %d", wantProblems, len(problems))
	}
	for _, p := range problems {
		found := false
		for _, got := range wantProblems {
			found = found || strings.HasPrefix(got, filepath.ToSlash(root)+"/"+p)
		}
		if !found {
			t.Errorf("sequential walk problems = %q, want one starting %q", wantProblems, p)
		}
	}

	for _, n := range []int{0, 2, 8, 32} {
		for round := range 10 {
			par := base
			par.Walkers = n
			gotPaths, gotProblems := walkSet(t, root, par)
			if diff := cmp.Diff(wantPaths, gotPaths); diff != "" {
				t.Fatalf("%d walkers, round %d: items (-sequential +parallel):\n%s", n, round, diff)
			}
			if diff := cmp.Diff(wantProblems, gotProblems); diff != "" {
				t.Fatalf("%d walkers, round %d: problems (-sequential +parallel):\n%s", n, round, diff)
			}
		}
	}
}

// walkSet is walk with the problems sorted too: a parallel walk reports them in no set order.
func walkSet(t *testing.T, root string, f source.Files) (paths, problems []string) {
	t.Helper()
	paths, problems = walk(t, root, f)
	sort.Strings(problems)
	return paths, problems
}

// TestNamedLinkedFolderIsWalked checks that a folder named through a symbolic link is
// walked: a named path is always scanned (links found by walking are still not followed).
func TestNamedLinkedFolderIsWalked(t *testing.T) {
	target := tree(t, map[string]string{"a.txt": "x\n", "sub/b.txt": "x\n"})
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlink: %v", err)
	}
	got, problems := walk(t, link, source.Files{Paths: []string{link}})
	if diff := cmp.Diff([]string{"a.txt", "sub/b.txt"}, got); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
	if len(problems) != 0 {
		t.Errorf("problems = %q", problems)
	}
}

// TestWalkStopsAtYieldError checks that once yield returns an error no walker calls it
// again, and that the error is returned.
func TestWalkStopsAtYieldError(t *testing.T) {
	files := map[string]string{}
	for i := range 200 {
		files[filepath.ToSlash(filepath.Join("d"+strings.Repeat("x", i%20), strings.Repeat("f", 1+i/20)))] = "x\n"
	}
	root := tree(t, files)
	stop := errors.New("stop")
	calls := 0
	err := (&source.Files{Paths: []string{root}, Walkers: 8}).Items(context.Background(), func(source.Item) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("error = %v, want the yield's", err)
	}
	if calls != 3 {
		t.Errorf("yield called %d times, want 3", calls)
	}
}
