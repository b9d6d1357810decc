package source

import (
	"io"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
)

// maxHeldFolders is the most folders a walk holds open for their files' opens, whatever the
// limit of open descriptors: the items a run takes ahead (1,024) stand in fewer folders.
const maxHeldFolders = 256

// spareDescriptors is how many descriptors a walk leaves to everything but held folders
// (standard streams, the runtime's, the report, the workers' files, zips and archives)
// before it holds any: at a limit of 10 or 11, holding even one folder made some opens fail
// that succeeded without it.
const spareDescriptors = 32

// heldFolders is how many folders a walk may hold open: maxHeldFolders, or an eighth of the
// process's limit of open descriptors past spareDescriptors where that is less (124 at the
// common soft limit of 1,024, none at 32 or below), so that everything else has room.
func heldFolders() int32 {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur <= spareDescriptors {
		return 0
	}
	return int32(min(maxHeldFolders, (lim.Cur-spareDescriptors)/8))
}

// dirHandle is a folder held open while the files a walk yielded from it wait to be opened,
// so that each is opened by its name in the folder (openat) rather than by its whole path,
// which the kernel would look up one folder at a time. It is closed once the walker is done
// with the folder and every file yielded from it has been opened; a folder some of whose
// files are never opened (a run stopped early) is closed when the garbage collector finds it
// unreachable.
type dirHandle struct {
	fd   *heldFD
	refs atomic.Int32 // the walker's, and one for each file not yet opened
}

// heldFD is the descriptor of a held folder, closed once. It refers to nothing that refers
// to the folder's dirHandle, so that the cleanup that closes it lets the dirHandle be collected.
type heldFD struct {
	fd     int
	closed atomic.Bool
	budget *folderBudget
}

func (h *heldFD) close() {
	if !h.closed.Swap(true) {
		syscall.Close(h.fd)
		h.budget.put()
	}
}

// holdDir holds the folder open as fd, counted in budget, for the walker that reads it.
func holdDir(fd int, budget *folderBudget) *dirHandle {
	d := &dirHandle{fd: &heldFD{fd: fd, budget: budget}}
	d.refs.Store(1)
	runtime.AddCleanup(d, func(h *heldFD) { h.close() }, d.fd)
	return d
}

// release drops one reference, closing the folder with the last.
func (d *dirHandle) release() {
	if d.refs.Add(-1) == 0 {
		d.fd.close()
	}
}

// item is the item of the file at p, whose name starts at p[name:], opened in d.
func (d *dirHandle) item(p, shown string, name int) Item {
	d.refs.Add(1)
	f := &dirFile{dir: d, path: p, name: name}
	return Item{Location: Location{Path: shown}, Size: -1, Open: f.open}
}

// dirFile is a file of a held folder: opened by its name there the first time, and by its
// path after (a check may read a file again), when the folder may be closed.
type dirFile struct {
	dir  *dirHandle
	path string
	name int // where the name starts in path
	used atomic.Bool
	raw  rawFile // what the first open returns, so that it costs no allocation of its own
}

func (f *dirFile) open() (io.ReadCloser, error) {
	if f.used.Swap(true) {
		return openFile(f.path)
	}
	d := f.dir
	f.dir = nil
	fd, err := openAt(d.fd.fd, f.path[f.name:])
	d.release()
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: f.path, Err: err}
	}
	if err := f.raw.init(fd, f.path); err != nil {
		return nil, err
	}
	return &f.raw, nil
}
