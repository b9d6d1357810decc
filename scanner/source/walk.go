package source

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
)

// walker reads the folders of one root on several goroutines, as ripgrep's ignore crate
// does: each takes a folder from a shared stack, yields its files and pushes its subfolders,
// each with an ignore matcher made once from its parent's. The stack keeps the walk depth
// first, so that the folders waiting stay few.
type walker struct {
	ctx   context.Context
	f     *Files
	root  string // as given
	base  string // the root's path relative to Skip's folder
	under under

	mu      sync.Mutex // guards what follows
	wake    sync.Cond
	pending []folder
	busy    int         // walkers reading a folder
	err     error       // the first error from yield, or the context's
	halted  atomic.Bool // set with err, read without mu

	emit  sync.Mutex // held while yield or Problem runs, so that they run one at a time
	yield func(Item) error

	// held counts the folders held open for their files' opens. It is allocated on its own:
	// a held folder's cleanup refers to it, and must not reach the walker (and through yield,
	// the items that refer to the folder).
	held *folderBudget
}

// folderBudget counts the folders a walk holds open until their files are opened (on Linux,
// so that each file is opened by its name in the folder: see dirHandle), at most max, so
// that a walk stays well inside the limit of open descriptors; past it, files are opened
// by their whole path.
type folderBudget struct {
	open atomic.Int32
	max  int32
}

// take reports whether one more folder may be held open, and counts it if so.
func (b *folderBudget) take() bool {
	if b.open.Add(1) <= b.max {
		return true
	}
	b.open.Add(-1)
	return false
}

func (b *folderBudget) put() { b.open.Add(-1) }

// folder is a folder to read: its path as walked, as users see it, and the matcher for
// its entries (nil when nothing is ignored below it).
type folder struct {
	path, shown string
	ign         *folderIgnore
}

// dirBatch is how many entries a walker reads from a folder at a time.
const dirBatch = 256

func newWalker(ctx context.Context, f *Files, root, base string, yield func(Item) error) *walker {
	w := &walker{ctx: ctx, f: f, root: root, base: base, under: newUnder(root), yield: yield}
	w.held = &folderBudget{max: heldFolders()}
	w.wake.L = &w.mu
	return w
}

// run walks the tree below the root, whose matcher is ign, and returns the first error.
func (w *walker) run(ign *folderIgnore) error {
	n := w.f.Walkers
	if n <= 0 {
		n = max(2, runtime.GOMAXPROCS(0))
	}
	w.pending = append(w.pending, folder{path: w.root, shown: DisplayPath(w.root), ign: ign})
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := scratch{held: w.held}
			for {
				d, ok := w.next()
				if !ok {
					return
				}
				w.read(d, &sc)
				w.done()
			}
		}()
	}
	wg.Wait()
	return w.err
}

// next takes a folder to read, waiting while others are read that may add some; false when
// the walk is over.
func (w *walker) next() (folder, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.pending) == 0 && w.busy > 0 && w.err == nil {
		w.wake.Wait()
	}
	if w.err != nil || len(w.pending) == 0 {
		w.wake.Broadcast()
		return folder{}, false
	}
	d := w.pending[len(w.pending)-1]
	w.pending = w.pending[:len(w.pending)-1]
	w.busy++
	return d, true
}

func (w *walker) done() {
	w.mu.Lock()
	w.busy--
	if w.busy == 0 && len(w.pending) == 0 || w.err != nil {
		w.wake.Broadcast()
	}
	w.mu.Unlock()
}

func (w *walker) push(d folder) {
	w.mu.Lock()
	w.pending = append(w.pending, d)
	w.wake.Signal()
	w.mu.Unlock()
}

// fail stops the walk with err, unless it was stopped already.
func (w *walker) fail(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
		w.halted.Store(true)
	}
	w.wake.Broadcast()
	w.mu.Unlock()
}

func (w *walker) stopped() bool { return w.halted.Load() }

// read yields the files of folder d and pushes its subfolders.
func (w *walker) read(d folder, sc *scratch) {
	prefix := d.path + string(filepath.Separator)
	if d.path == w.root {
		prefix = w.under.clean + w.under.sep
		if w.under.clean == "." {
			prefix = ""
		}
	}
	n := 0
	err := readFolder(d.path, prefix, sc, func(p, name string, typ os.FileMode) bool {
		if n++; n%dirBatch == 0 {
			if err := w.ctx.Err(); err != nil {
				w.fail(err)
				return false
			}
			if w.stopped() {
				return false
			}
		}
		return w.entry(d, p, name, typ, sc)
	})
	if err != nil {
		w.problem(d.shown, err)
	}
}

// scratch is what one walker goroutine reuses from folder to folder.
type scratch struct {
	parts []string      // a path's components, for the ignore matcher
	buf   []byte        // directory entries as the system returns them
	held  *folderBudget // the walk's folders held open
	dir   *dirHandle    // the folder being read, when it is held open for its files' opens
}

// entry handles the entry name of folder d, at path p; false when the walk is stopped.
func (w *walker) entry(d folder, p, name string, typ os.FileMode, sc *scratch) bool {
	f := w.f
	scratch := &sc.parts
	shown, rel := w.under.paths(p)
	if f.Skip != nil && w.base != "." {
		rel = path.Join(w.base, rel)
	}
	if typ.IsDir() {
		if name == ".git" || f.Skip != nil && f.Skip(rel, true) {
			return true
		}
		ign := d.ign
		if ign.ignored(name, true, scratch) {
			enter, whole := false, false
			if f.KeepIgnoredDir != nil {
				enter, whole = f.KeepIgnoredDir(shown)
			}
			switch {
			case whole:
				w.problem(shown, errBuiltOutput)
				w.push(folder{path: p, shown: shown}) // walked whole: nothing below is ignored
				return true
			case !enter:
				return true
			}
		}
		w.push(folder{path: p, shown: shown, ign: ign.enter(p, name)})
		return true
	}
	if typ&os.ModeSymlink != 0 {
		// Links are not followed; a broken one is worth a word.
		if _, err := os.Stat(p); err != nil {
			w.notice(shown, fmt.Errorf("broken symbolic link: %w", err))
		}
		return true
	}
	if !typ.IsRegular() || f.Skip != nil && f.Skip(rel, false) {
		return true
	}
	if d.ign.ignored(name, false, scratch) && (f.KeepIgnored == nil || !f.KeepIgnored(shown)) {
		return true
	}
	// The size is left unknown: an lstat per file would slow the walk, and the
	// scanner counts the bytes it reads.
	w.emit.Lock()
	if w.stopped() { // yield said to stop on another walker: it hears of nothing more
		w.emit.Unlock()
		return false
	}
	var it Item
	if sc.dir != nil {
		it = sc.dir.item(p, shown, len(p)-len(name))
	} else {
		it = fileItem(p, shown, -1)
	}
	err := w.yield(it)
	w.emit.Unlock()
	if err != nil {
		w.fail(err)
		return false
	}
	return true
}

func (w *walker) problem(path string, err error) {
	w.emit.Lock()
	w.f.problem(path, err)
	w.emit.Unlock()
}

// notice reports a trouble that left nothing unscanned.
func (w *walker) notice(path string, err error) {
	w.emit.Lock()
	w.f.notice(path, err)
	w.emit.Unlock()
}
