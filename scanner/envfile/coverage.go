package envfile

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/keylint/keylint/internal/controlfile"
)

// maxEnvFile bounds a tracked .env file read to see whether it holds a key.
const maxEnvFile = 64 << 20

// Coverage is how well a work tree's .gitignore keeps .env files out of git.
type Coverage struct {
	// Root is the work tree's absolute root.
	Root string
	// Uncovered are .env-style files neither ignored nor tracked: the next git add . commits them.
	Uncovered []string
	// Tracked are .env-style files git already tracks; KeyTracked those of them that hold a key.
	Tracked, KeyTracked []string
	// Missing are the lines the root .gitignore lacks, in the order to append them.
	Missing []string
	// Notes name the ignore files that are there and were not read: git leaves a symlinked
	// .gitignore out too, and a FIFO or a file over the cap is not read.
	Notes []error
}

// Audit reads the work tree holding dir and says which .env files and patterns git's
// ignore rules do not cover; hasKey tells whether a file's content holds a key.
// Paths are slash-separated and relative to the root. Examples (.env.example) are never
// reported: they are meant to be committed.
func Audit(dir string, hasKey func([]byte) bool) (*Coverage, error) {
	repo, err := OpenRepo(dir)
	if repo == nil {
		if err == nil {
			err = fmt.Errorf("%s is not inside a git work tree", dir)
		}
		return nil, err
	}
	c := &Coverage{Root: repo.Root()}
	var present []string
	err = filepath.WalkDir(repo.Root(), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != repo.Root() && (d.Name() == ".git" || d.Name() == "node_modules" || repo.Ignored(p, true)) {
				return fs.SkipDir
			}
			return nil
		}
		rel := strings.Join(repo.Rel(p), "/")
		if !d.Type().IsRegular() || !IsEnvFile(rel) {
			return nil
		}
		present = append(present, rel)
		if !IsExample(rel) && !repo.Tracked(p) && !repo.Ignored(p, false) {
			c.Uncovered = append(c.Uncovered, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("looking for .env files in %s: %w", repo.Root(), err)
	}
	c.Tracked = repo.TrackedPaths(func(p string) bool { return IsEnvFile(p) && !IsExample(p) })
	sort.Strings(c.Tracked)
	for _, p := range c.Tracked {
		data, err := controlfile.Read(filepath.Join(repo.Root(), filepath.FromSlash(p)), controlfile.Options{Limit: maxEnvFile})
		if err == nil && hasKey != nil && hasKey(data) {
			c.KeyTracked = append(c.KeyTracked, p)
		}
	}
	c.Missing = missing(repo, present, c.Uncovered)
	c.Notes = repo.Notes()
	return c, nil
}

// missing returns the lines that make the root .gitignore ignore .env and .env.* files
// anywhere while keeping the templates committable.
func missing(repo *Repo, present, uncovered []string) []string {
	var lines []string
	var extra []gitignore.Pattern
	ignored := func(p string) bool { return repo.match(strings.Split(p, "/"), false, extra) }
	add := func(line string) {
		lines = append(lines, line)
		extra = append(extra, gitignore.ParsePattern(line, nil))
	}
	if !ignored(".env") {
		add(".env")
	}
	if !ignored(".env.local") || !ignored(".env.production") {
		add(".env.*")
	}
	for _, p := range uncovered {
		if base := path.Base(p); !strings.HasPrefix(base, ".env") && !ignored(p) {
			add("*.env")
			break
		}
	}
	templates := []string{".env.example"}
	for _, p := range present {
		if IsExample(p) {
			templates = append(templates, p)
		}
	}
	for _, p := range templates {
		if ignored(p) {
			add("!" + path.Base(p))
		}
	}
	return lines
}
