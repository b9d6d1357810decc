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
// It holds what every folder of the walk shares and is not changed once made; each walked
// folder has its own matcher (folderIgnore), made once from its parent's, so that folders
// can be walked on several goroutines at once.
type ignorer struct {
	root    string   // the walk's root, as given
	base    []string // root's components relative to the work tree
	exclude *ignoreFile
	global  []gitignore.Pattern // the system and global excludes files, lowest priority first
	above   []*ignoreFile       // the .gitignore files of the folders above root, outermost first
	problem func(path string, err error)
}

// folderIgnore answers for the entries of one walked folder, from that folder's .gitignore
// and its parents'. A path is matched only against the files of its own folders, deepest
// first, as git does, so the cost per path does not grow with the number of folders that
// hold a .gitignore.
type folderIgnore struct {
	ig       *ignorer
	parent   *folderIgnore // nil for the walk's root
	patterns *ignoreFile   // this folder's .gitignore, nil for none
	parts    []string      // the folder's components relative to the work tree
	any      bool          // some ignore file applies to the folder's entries
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

// rootIgnored reports whether git ignores the walk's root itself.
func (ig *ignorer) rootIgnored() bool {
	if ig == nil || len(ig.base) == 0 {
		return false
	}
	return ig.decide(nil, ig.base, true)
}

// enterRoot reads the .gitignore of the walk's root, at dir (root as the walk names it).
func (ig *ignorer) enterRoot(dir string) *folderIgnore {
	if ig == nil {
		return nil
	}
	parts := append([]string(nil), ig.base...)
	ps := ig.load(filepath.Join(dir, ".gitignore"), parts, false)
	return &folderIgnore{ig: ig, patterns: ps, parts: parts,
		any: ps != nil || len(ig.above) > 0 || ig.exclude != nil || len(ig.global) > 0}
}

// enter reads the .gitignore of dir, the entry name of fi's folder, for dir's entries.
func (fi *folderIgnore) enter(dir, name string) *folderIgnore {
	if fi == nil {
		return nil
	}
	parts := make([]string, len(fi.parts)+1)
	copy(parts, fi.parts)
	parts[len(fi.parts)] = name
	ps := fi.ig.load(filepath.Join(dir, ".gitignore"), parts, false)
	return &folderIgnore{ig: fi.ig, parent: fi, patterns: ps, parts: parts, any: ps != nil || fi.any}
}

// ignored reports whether git ignores the entry name of fi's folder; scratch is a buffer
// the caller keeps between calls (one per goroutine), so that a path costs no allocation.
func (fi *folderIgnore) ignored(name string, dir bool, scratch *[]string) bool {
	if fi == nil || !fi.any {
		return false
	}
	parts := append(append((*scratch)[:0], fi.parts...), name)
	*scratch = parts
	return fi.ig.decide(fi, parts, dir)
}

// decide applies the ignore files that hold parts, deepest first, from the folder at
// (nil for none) up through root, then those above root, info/exclude and the global ones.
func (ig *ignorer) decide(at *folderIgnore, parts []string, dir bool) bool {
	for f := at; f != nil; f = f.parent {
		if r, ok := match(f.patterns, parts, dir); ok {
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

// match applies one file's patterns (nil for none); ok is false when none matches.
func match(f *ignoreFile, parts []string, dir bool) (ignored, ok bool) {
	if f == nil {
		return false, false
	}
	return f.match(parts, dir)
}
