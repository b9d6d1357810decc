package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/keylint/keylint/internal/controlfile"
	"github.com/keylint/keylint/scanner/gitrepo"
)

// ignorer answers whether git ignores a path of the work tree being walked,
// from the .gitignore files of the folders above the path, .git/info/exclude, and the
// system and global excludes files (gitrepo.GlobalPatterns, which envfile reads too).
// A path is matched only against the files of its own folders, deepest first, as git does,
// so the cost per path does not grow with the number of folders that hold a .gitignore.
type ignorer struct {
	root    string   // the walk's root, as given
	base    []string // root's components relative to the work tree
	exclude *ignoreFile
	global  []gitignore.Pattern // the system and global excludes files, lowest priority first
	above   []*ignoreFile       // the .gitignore files of the folders above root, outermost first
	stack   []frame             // the walked folders holding the current path, outermost first
	problem func(path string, err error)
}

// frame is one walked folder and its .gitignore patterns.
type frame struct {
	prefix   string // the folder's path as walked, with a trailing separator
	root     bool   // the walk's root, which holds every path walked
	patterns *ignoreFile
}

// newIgnorer returns nil when root is not inside a git work tree; problem hears of ignore
// files that exist but cannot be read.
func newIgnorer(root string, problem func(path string, err error)) (*ignorer, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	repo := gitrepo.FindWorkTree(abs)
	if repo == "" {
		return nil, nil
	}
	ig := &ignorer{root: root, problem: problem}
	gitDir := filepath.Join(repo, ".git")
	if st, err := os.Stat(gitDir); err == nil && st.IsDir() {
		// Outside the work tree: git follows a link here.
		ig.exclude = ig.load(filepath.Join(gitDir, "info", "exclude"), nil, true)
	} else {
		gitDir = "" // a linked work tree or submodule: .git is a file
	}
	ig.global = gitrepo.GlobalPatterns(gitDir)
	// The .gitignore files of the folders above root apply to it too.
	rel, _ := filepath.Rel(repo, abs)
	if rel != "." {
		ig.base = strings.Split(filepath.ToSlash(rel), "/")
		dir := repo
		ig.above = append(ig.above, ig.load(filepath.Join(dir, ".gitignore"), nil, false))
		for i, part := range ig.base[:len(ig.base)-1] {
			dir = filepath.Join(dir, part)
			ig.above = append(ig.above, ig.load(filepath.Join(dir, ".gitignore"), ig.base[:i+1], false))
		}
	}
	return ig, nil
}

// enter reads the .gitignore of a folder the walk has reached.
func (ig *ignorer) enter(dir string) {
	if ig == nil {
		return
	}
	ig.pop(dir)
	ps := ig.load(filepath.Join(dir, ".gitignore"), ig.parts(dir), false)
	ig.stack = append(ig.stack, frame{prefix: dir + string(filepath.Separator), root: dir == ig.root, patterns: ps})
}

// pop drops the frames of folders that do not hold p: the walk has left them.
func (ig *ignorer) pop(p string) {
	for n := len(ig.stack); n > 0 && !ig.stack[n-1].root && !strings.HasPrefix(p, ig.stack[n-1].prefix); n-- {
		ig.stack = ig.stack[:n-1]
	}
}

// load parses an ignore file whose patterns apply below domain. A .gitignore in the work
// tree is read only when it is a regular file (git does not follow a symlinked one); a
// file that exists and is not read is named to problem.
func (ig *ignorer) load(file string, domain []string, follow bool) *ignoreFile {
	data, err := controlfile.Read(file, controlfile.Options{Limit: gitrepo.MaxIgnoreFile, Follow: follow})
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) && ig.problem != nil {
			ig.problem(DisplayPath(file), unwrapPath(err))
		}
		return nil
	}
	return parseIgnoreFile(data, domain)
}

// unwrapPath drops an *os.PathError's operation and path, which the note already names.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parts splits p, a path under the walk's root, into components relative to the work tree.
func (ig *ignorer) parts(p string) []string {
	rel, err := filepath.Rel(ig.root, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil
	}
	out := append([]string(nil), ig.base...)
	if rel != "." {
		out = append(out, strings.Split(filepath.ToSlash(rel), "/")...)
	}
	return out
}

// ignored reports whether git ignores p, which is root or a path in the folder last entered.
func (ig *ignorer) ignored(p string, dir bool) bool {
	if ig == nil {
		return false
	}
	ig.pop(p)
	if len(ig.stack) == 0 && len(ig.above) == 0 && ig.exclude == nil && len(ig.global) == 0 {
		return false
	}
	parts := ig.parts(p)
	if len(parts) == 0 {
		return false
	}
	for i := len(ig.stack) - 1; i >= 0; i-- {
		if r, ok := match(ig.stack[i].patterns, parts, dir); ok {
			return r
		}
	}
	for i := len(ig.above) - 1; i >= 0; i-- {
		if r, ok := match(ig.above[i], parts, dir); ok {
			return r
		}
	}
	if r, ok := match(ig.exclude, parts, dir); ok {
		return r
	}
	for i := len(ig.global) - 1; i >= 0; i-- {
		if m := ig.global[i].Match(parts, dir); m != gitignore.NoMatch {
			return m == gitignore.Exclude
		}
	}
	return false
}

// match applies one file's patterns (nil for none); ok is false when none matches.
func match(f *ignoreFile, parts []string, dir bool) (ignored, ok bool) {
	if f == nil {
		return false, false
	}
	return f.match(parts, dir)
}
