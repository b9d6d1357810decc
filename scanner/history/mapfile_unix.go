//go:build unix

package history

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// mapFile maps a file's first size bytes read-only: a pack index is held this way, as
// git holds it, so that it is the page cache's memory, not the heap's (which the
// collector lets grow to twice what is live). unmap releases it.
func mapFile(f *os.File, size int64) (data []byte, unmap func(), err error) {
	if size == 0 {
		return nil, func() {}, nil
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return readFile(f, size)
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}

// mapPack maps a pack file read-only, or returns nil where it cannot (the pack is then
// read in windows). A pack's pages are the page cache's: release drops them from the
// process, so that a long walk does not count the whole pack as its own memory.
func mapPack(f *os.File, size int64) (data []byte, unmap func(), release func()) {
	if size <= 0 || size != int64(int(size)) {
		return nil, nil, nil
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, nil
	}
	return data, func() { _ = syscall.Munmap(data) }, func() { _ = unix.Madvise(data, unix.MADV_DONTNEED) }
}
