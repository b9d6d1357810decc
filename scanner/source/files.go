package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Files is a source of the files under one or more paths. Folders are read on several
// goroutines at once, in no set order; yield and Problem are called from one at a time.
type Files struct {
	// Paths are the files and folders to scan; a named file is always scanned.
	Paths []string
	// NoIgnore scans what .gitignore would leave out.
	NoIgnore bool
	// KeepIgnored, when set, names files (by slash path) to yield even though git ignores
	// them, such as .env files whose public variables a bundler inlines; folders git
	// ignores are still not entered.
	KeepIgnored func(path string) bool
	// KeepIgnoredDir, when set, says of a folder git ignores (by slash path) whether to enter it
	// all the same, with the ignore rules still applied (to reach built output inside it), and
	// whether to walk it whole, as built output (dist/) that is deployed; Problem hears of each
	// folder walked whole.
	KeepIgnoredDir func(path string) (enter, whole bool)
	// Skip reports whether a path is left out: a file named in Paths, or a file or folder found
	// by walking. The path is slash-separated and relative to the walked root, or to Base's folder.
	Skip func(path string, dir bool) bool
	// Base, when set, returns for each entry of Paths its slash path relative to the folder
	// Skip's paths are relative to (the configuration's root); "." for that folder itself.
	Base func(root string) string
	// Problem receives troubles that belong to no item, such as an unreadable folder.
	Problem func(*Problem)
	// Walkers is how many goroutines read folders at once; 0 for one a processor (at least 2).
	// Skip, KeepIgnored and KeepIgnoredDir may be called from all of them at once.
	Walkers int
}

// Items walks every path and yields its regular files.
func (f *Files) Items(ctx context.Context, yield func(Item) error) error {
	for _, p := range f.Paths {
		if err := f.walk(ctx, p, yield); err != nil {
			return err
		}
	}
	return nil
}

func (f *Files) walk(ctx context.Context, root string, yield func(Item) error) error {
	info, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("scanning %s: %w", root, err)
	}
	base := "."
	if f.Base != nil {
		base = f.Base(root)
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			f.problem(DisplayPath(root), errNotRegular)
			return nil
		}
		if f.Skip != nil && f.Skip(base, false) {
			return nil
		}
		return yield(fileItem(root, DisplayPath(root), info.Size()))
	}
	w := newWalker(ctx, f, root, base, yield)
	var ign *ignorer
	if !f.NoIgnore {
		ign, err = newIgnorer(root, w.notice)
		if err != nil {
			f.problem(DisplayPath(root), err)
		}
		if ign.rootIgnored() {
			// A folder named on the command line is scanned whole, even when git
			// ignores it: built output such as dist/ is often ignored and still deployed.
			ign = nil
		}
	}
	return w.run(ign.enterRoot(root))
}

// errBuiltOutput is the note for an ignored folder of built output that is scanned all the same.
var errBuiltOutput = errors.New("git ignores this folder; scanned all the same as built output, which is deployed " +
	"(build-output: false in .keylint.yaml turns this off)")

func (f *Files) problem(path string, err error) {
	if f.Problem != nil {
		f.Problem(&Problem{Path: path, Err: err})
	}
}

// notice reports a trouble that left nothing unscanned.
func (f *Files) notice(path string, err error) {
	if f.Problem != nil {
		f.Problem(&Problem{Path: path, Err: err, Notice: true})
	}
}

// DisplayPath is a path as users see it: slash-separated, without a leading "./".
func DisplayPath(p string) string {
	p = filepath.ToSlash(filepath.Clean(p))
	return strings.TrimPrefix(p, "./")
}

// relPath is p relative to root, slash-separated.
func relPath(root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}

// under names the paths a walk of one root yields, without cleaning each one: the
// walk joins names to root, so every path below it is clean and starts with it.
type under struct {
	root, clean, sep string
}

func newUnder(root string) under {
	c := filepath.Clean(root)
	sep := string(filepath.Separator)
	if strings.HasSuffix(c, sep) {
		sep = "" // the file system root
	}
	return under{root: root, clean: c, sep: sep}
}

// paths returns p as users see it and relative to the root, both slash-separated.
func (u under) paths(p string) (shown, rel string) {
	if p != u.root {
		if u.clean == "." {
			s := filepath.ToSlash(p)
			return s, s
		}
		if len(p) > len(u.clean)+len(u.sep) && strings.HasPrefix(p, u.clean) && strings.HasPrefix(p[len(u.clean):], u.sep) {
			return filepath.ToSlash(p), filepath.ToSlash(p[len(u.clean)+len(u.sep):])
		}
	}
	return DisplayPath(p), relPath(u.root, p)
}

func fileItem(p, shown string, size int64) Item {
	return Item{
		Location: Location{Path: shown},
		Size:     size,
		Open:     func() (io.ReadCloser, error) { return openFile(p) },
	}
}

// errNotRegular is the note for a FIFO, device or socket: such files are not read.
var errNotRegular = errors.New("not a regular file; skipped")

// Stdin is a source of one item: standard input, shown as "-".
type Stdin struct {
	R io.Reader
}

// Items yields standard input.
func (s Stdin) Items(_ context.Context, yield func(Item) error) error {
	return yield(Item{Location: Location{Path: "-"}, Size: -1, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(s.R), nil
	}})
}
