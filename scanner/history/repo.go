package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/keylint/keylint/internal/controlfile"
)

// Layout is where a repository's parts live on disk.
type Layout struct {
	// GitDir holds HEAD and the index ("REPO/.git", a worktree's own folder, or a bare repository).
	GitDir string
	// CommonDir holds objects and refs shared by worktrees; it equals GitDir outside worktrees.
	CommonDir string
	// WorkTree is the checked-out folder, or "" for a bare repository.
	WorkTree string
}

// Resolve finds the repository at or above path: a work tree with a .git folder,
// a worktree or submodule whose .git is a file naming the real folder, or a bare repository.
func Resolve(path string) (Layout, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Layout{}, fmt.Errorf("repository %s: %w", path, err)
	}
	if st, err := os.Stat(abs); err != nil {
		return Layout{}, fmt.Errorf("repository %s: %w", path, err)
	} else if !st.IsDir() {
		return Layout{}, fmt.Errorf("repository %s: not a folder", path)
	}
	if looksLikeGitDir(abs) && filepath.Base(abs) != ".git" {
		return withCommon(Layout{GitDir: abs})
	}
	for dir := abs; ; {
		dot := filepath.Join(dir, ".git")
		st, err := os.Stat(dot)
		switch {
		case err == nil && st.IsDir():
			return withCommon(Layout{GitDir: dot, WorkTree: dir})
		case err == nil:
			gd, err := readGitFile(dot)
			if err != nil {
				return Layout{}, err
			}
			return withCommon(Layout{GitDir: gd, WorkTree: dir})
		case filepath.Base(dir) == ".git" && looksLikeGitDir(dir):
			return withCommon(Layout{GitDir: dir, WorkTree: filepath.Dir(dir)})
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return Layout{}, fmt.Errorf("%s is not in a git repository (no .git found here or above)", path)
		}
		dir = parent
	}
}

// looksLikeGitDir reports whether dir holds HEAD and objects, as a .git folder or bare repository does.
func looksLikeGitDir(dir string) bool {
	if st, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil || st.IsDir() {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, "objects"))
	if err != nil {
		// A worktree's own folder has no objects, but a commondir file.
		_, err = os.Stat(filepath.Join(dir, "commondir"))
	}
	return err == nil
}

// maxPointerFile bounds a .git file or a commondir file, which hold one path.
const maxPointerFile = 64 << 10

// readGitFile reads a ".git" file ("gitdir: PATH").
func readGitFile(name string) (string, error) {
	b, err := controlfile.Read(name, controlfile.Options{Limit: maxPointerFile, Follow: true})
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	gd, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: not a gitdir file", name)
	}
	gd = strings.TrimSpace(gd)
	if !filepath.IsAbs(gd) {
		gd = filepath.Join(filepath.Dir(name), gd)
	}
	if _, err := os.Stat(gd); err != nil {
		return "", fmt.Errorf("%s names %s: %w", name, gd, err)
	}
	return gd, nil
}

func withCommon(l Layout) (Layout, error) {
	l, err := withCommonDir(l)
	if err != nil {
		return l, err
	}
	return l, checkRefFiles(l)
}

// checkRefFiles refuses a repository whose HEAD, packed-refs or loose refs are not regular
// files (a FIFO would block every read, a link to /dev/zero would never end), as git reads
// refs only from regular files.
func checkRefFiles(l Layout) error {
	check := func(p string) error {
		st, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
		if !st.Mode().IsRegular() && !st.IsDir() {
			return fmt.Errorf("reading %s: not a regular file (%s); git reads refs only from regular files", p, fileKind(st.Mode()))
		}
		return nil
	}
	for _, p := range []string{filepath.Join(l.GitDir, "HEAD"), filepath.Join(l.CommonDir, "packed-refs")} {
		if err := check(p); err != nil {
			return err
		}
	}
	refs := filepath.Join(l.CommonDir, "refs")
	return filepath.WalkDir(refs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) && p == refs {
				return nil
			}
			return fmt.Errorf("reading %s: %w", p, err)
		}
		if d.Type().IsRegular() || d.IsDir() {
			return nil
		}
		return check(p)
	})
}

// fileKind names what a file that is not regular is.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a plain file"
}

// withCommonDir sets the layout's common folder from a worktree's commondir file.
func withCommonDir(l Layout) (Layout, error) {
	l.CommonDir = l.GitDir
	b, err := controlfile.Read(filepath.Join(l.GitDir, "commondir"), controlfile.Options{Limit: maxPointerFile, Follow: true})
	if errors.Is(err, os.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("reading %s: %w", filepath.Join(l.GitDir, "commondir"), err)
	}
	cd := strings.TrimSpace(string(b))
	if !filepath.IsAbs(cd) {
		cd = filepath.Join(l.GitDir, cd)
	}
	if _, err := os.Stat(cd); err != nil {
		return l, fmt.Errorf("worktree's common git folder: %w", err)
	}
	l.CommonDir = filepath.Clean(cd)
	return l, nil
}

// HooksDir is where git looks for this repository's hooks by default (core.hooksPath aside).
func (l Layout) HooksDir() string { return filepath.Join(l.CommonDir, "hooks") }

// open returns a storage over the repository that keeps pack files open and caches
// up to cacheBytes of decoded objects. It is not safe for concurrent use.
func (l Layout) open(cacheBytes int64) *filesystem.Storage {
	var fs billy.Filesystem = osfs.New(l.GitDir)
	if l.CommonDir != l.GitDir {
		fs = dotgit.NewRepositoryFilesystem(fs, osfs.New(l.CommonDir))
	}
	return filesystem.NewStorageWithOptions(fs, cache.NewObjectLRU(cache.FileSize(cacheBytes)),
		filesystem.Options{KeepDescriptors: true, LargeObjectThreshold: 64 << 20})
}
