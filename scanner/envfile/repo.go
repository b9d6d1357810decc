package envfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/keylint/keylint/scanner/gitrepo"
	"github.com/keylint/keylint/scanner/history"
	"github.com/keylint/keylint/scanner/source"
)

// Repo answers, for one git work tree, whether git ignores or tracks a path, from the
// same sources git uses: nested .gitignore files, .git/info/exclude, and the global
// and system excludes files. It is safe for concurrent use.
type Repo struct {
	root    string // absolute work tree root
	base    []gitignore.Pattern
	tracked map[string]bool // slash-separated paths in the index

	mu    sync.Mutex
	dirs  map[string][]gitignore.Pattern // .gitignore patterns by slash-separated folder ("" for the root)
	notes []error                        // ignore files that are there and were not read
}

// OpenRepo reads the work tree that holds path; it returns nil and no error outside any work tree.
func OpenRepo(path string) (*Repo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("opening the work tree of %s: %w", path, err)
	}
	root := gitrepo.FindWorkTree(abs)
	if root == "" {
		return nil, nil
	}
	r := &Repo{root: root, tracked: map[string]bool{}, dirs: map[string][]gitignore.Pattern{}}
	gitDir := filepath.Join(root, ".git")
	if st, err := os.Stat(gitDir); err != nil || !st.IsDir() {
		gitDir = "" // a linked work tree or submodule: .git is a file
	}
	r.base = gitrepo.BasePatterns(gitDir, r.note)
	indexDir := gitDir
	if indexDir == "" {
		lay, err := history.Resolve(root) // follows the .git file to the worktree's own folder
		if err != nil {
			return r, fmt.Errorf("opening the git repository at %s: %w", root, err)
		}
		indexDir = lay.GitDir
	}
	idx, err := gitrepo.ReadIndex(filepath.Join(indexDir, "index"))
	if err != nil {
		return r, fmt.Errorf("reading the git index at %s: %w", root, err)
	}
	for _, e := range idx.Entries {
		r.tracked[e.Name] = true
	}
	return r, nil
}

// note records an ignore file that is there and was not read.
func (r *Repo) note(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.noteLocked(err)
}

func (r *Repo) noteLocked(err error) { r.notes = append(r.notes, err) }

// Notes returns the ignore files read so far that are there and were not read (a
// symbolic link, a FIFO, a file over the cap), each as an error naming the file.
func (r *Repo) Notes() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.notes...)
}

// Root is the work tree's absolute root.
func (r *Repo) Root() string { return r.root }

// Rel returns path's slash-separated components relative to the work tree, or nil outside it.
func (r *Repo) Rel(path string) []string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	rel, ok := source.Within(r.root, abs)
	if !ok || rel == "." {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

// Tracked reports whether git's index holds path.
func (r *Repo) Tracked(path string) bool {
	parts := r.Rel(path)
	return parts != nil && r.tracked[strings.Join(parts, "/")]
}

// TrackedPaths returns the index's slash-separated paths for which keep returns true.
func (r *Repo) TrackedPaths(keep func(string) bool) []string {
	var out []string
	for p := range r.tracked {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// Ignored reports whether git ignores path, a file or (with dir) a folder.
func (r *Repo) Ignored(path string, dir bool) bool {
	parts := r.Rel(path)
	if parts == nil {
		return false
	}
	return r.match(parts, dir, nil)
}

// match checks parts against the patterns, with extra patterns for the root .gitignore appended.
func (r *Repo) match(parts []string, dir bool, extra []gitignore.Pattern) bool {
	ps := append([]gitignore.Pattern(nil), r.base...)
	ps = append(ps, r.dirPatterns("")...)
	ps = append(ps, extra...)
	for i := 1; i < len(parts); i++ {
		ps = append(ps, r.dirPatterns(strings.Join(parts[:i], "/"))...)
	}
	m := gitignore.NewMatcher(ps)
	// A file inside an ignored folder is ignored whatever its own patterns say.
	for i := 1; i < len(parts); i++ {
		if m.Match(parts[:i], true) {
			return true
		}
	}
	return m.Match(parts, dir)
}

// dirPatterns returns the patterns of a folder's .gitignore, read once.
func (r *Repo) dirPatterns(dir string) []gitignore.Pattern {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ps, ok := r.dirs[dir]; ok {
		return ps
	}
	var domain []string
	if dir != "" {
		domain = strings.Split(dir, "/")
	}
	ps := gitrepo.ReadPatterns(filepath.Join(r.root, filepath.FromSlash(dir), ".gitignore"), domain, false, r.noteLocked)
	r.dirs[dir] = ps
	return ps
}
