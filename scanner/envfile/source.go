package envfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/keylint/keylint/scanner/source"
)

// Widen returns the source keylint scan reads: files as given, except that a named
// folder git ignores (a build output such as dist/) is scanned whole, plus the
// .env-style files git ignores, whose public build-time variables still reach the client.
func Widen(files *source.Files) source.Source {
	if files.NoIgnore {
		return files
	}
	var srcs []source.Source
	walked := *files
	walked.Paths = nil
	for _, p := range files.Paths {
		if r, _ := OpenRepo(p); r != nil && isDir(p) && r.Ignored(p, true) {
			whole := *files
			whole.Paths, whole.NoIgnore = []string{p}, true
			srcs = append(srcs, &whole)
			continue
		}
		walked.Paths = append(walked.Paths, p)
	}
	if len(walked.Paths) > 0 {
		srcs = append([]source.Source{&walked}, srcs...)
		srcs = append(srcs, &IgnoredEnv{Paths: walked.Paths, Skip: files.Skip, Problem: files.Problem})
	}
	return &union{srcs: srcs}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// IgnoredEnv is a source of the .env-style files under Paths that git ignores and does
// not track; it does not enter ignored folders, .git or node_modules.
type IgnoredEnv struct {
	Paths   []string
	Skip    func(path string, dir bool) bool
	Problem func(*source.Problem)
}

// Items walks each folder of Paths inside a git work tree.
func (s *IgnoredEnv) Items(ctx context.Context, yield func(source.Item) error) error {
	for _, root := range s.Paths {
		if !isDir(root) {
			continue
		}
		repo, err := OpenRepo(root)
		if err != nil && s.Problem != nil {
			s.Problem(&source.Problem{Path: displayPath(root), Err: err})
		}
		if repo == nil {
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if err != nil {
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			shown := displayPath(p)
			rel := relPath(root, p)
			if d.IsDir() {
				if p != root && (d.Name() == ".git" || d.Name() == "node_modules" || s.Skip != nil && s.Skip(rel, true) || repo.Ignored(p, true)) {
					return fs.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || !IsEnvFile(shown) || IsExample(shown) || s.Skip != nil && s.Skip(rel, false) {
				return nil
			}
			if !repo.Ignored(p, false) || repo.Tracked(p) {
				return nil
			}
			return yield(fileItem(p, shown))
		})
		if err != nil {
			return fmt.Errorf("looking for ignored .env files in %s: %w", root, err)
		}
	}
	return nil
}

// relPath is p relative to the walked root, slash-separated, as source.Files passes it to Skip.
func relPath(root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}

func fileItem(p, shown string) source.Item {
	size := int64(-1)
	if st, err := os.Stat(p); err == nil {
		size = st.Size()
	}
	return source.Item{Location: source.Location{Path: shown}, Size: size, Open: func() (io.ReadCloser, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
			f.Close()
			return nil, errors.New("not a regular file; skipped")
		}
		return f, nil
	}}
}

// union yields the items of each source in turn, each path once.
type union struct {
	srcs []source.Source
}

func (u *union) Items(ctx context.Context, yield func(source.Item) error) error {
	var mu sync.Mutex
	seen := map[string]bool{}
	for _, s := range u.srcs {
		err := s.Items(ctx, func(it source.Item) error {
			key := it.Location.Display()
			mu.Lock()
			dup := seen[key]
			seen[key] = true
			mu.Unlock()
			if dup {
				return nil
			}
			return yield(it)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
