package source

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// ignorer answers whether git ignores a path of the work tree being walked,
// from .git/info/exclude and the .gitignore files of the folders walked so far.
type ignorer struct {
	root     string   // the walk's root, as given
	base     []string // root's components relative to the work tree
	repo     string   // absolute work tree root
	patterns []gitignore.Pattern
}

// newIgnorer returns nil when root is not inside a git work tree.
func newIgnorer(root string) (*ignorer, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	repo := FindWorkTree(abs)
	if repo == "" {
		return nil, nil
	}
	ig := &ignorer{root: root, repo: repo}
	if st, err := os.Stat(filepath.Join(repo, ".git")); err == nil && st.IsDir() {
		ig.load(filepath.Join(repo, ".git", "info", "exclude"), nil)
	}
	// The .gitignore files of the folders above root apply to it too.
	rel, _ := filepath.Rel(repo, abs)
	if rel != "." {
		ig.base = strings.Split(filepath.ToSlash(rel), "/")
		dir := repo
		ig.load(filepath.Join(dir, ".gitignore"), nil)
		for i, part := range ig.base[:len(ig.base)-1] {
			dir = filepath.Join(dir, part)
			ig.load(filepath.Join(dir, ".gitignore"), ig.base[:i+1])
		}
	}
	return ig, nil
}

// FindWorkTree returns the nearest folder at or above dir that holds .git, or "".
func FindWorkTree(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// enter reads the .gitignore of a folder the walk has reached.
func (ig *ignorer) enter(dir string) {
	if ig == nil {
		return
	}
	ig.load(filepath.Join(dir, ".gitignore"), ig.parts(dir))
}

func (ig *ignorer) load(file string, domain []string) {
	data, err := os.ReadFile(file)
	if err != nil {
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ig.patterns = append(ig.patterns, gitignore.ParsePattern(line, append([]string(nil), domain...)))
	}
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

// ignored reports whether git ignores p.
func (ig *ignorer) ignored(p string, dir bool) bool {
	if ig == nil || len(ig.patterns) == 0 {
		return false
	}
	parts := ig.parts(p)
	if len(parts) == 0 {
		return false
	}
	return gitignore.NewMatcher(ig.patterns).Match(parts, dir)
}
