//go:build unix

package source

import (
	"errors"
	"io"
	"os"
	"syscall"
)

// openFlags are the flags of every open of a file to scan: read only, not inherited, and
// not waiting on a FIFO.
const openFlags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK

// openFile opens a regular file for one pass of reading with as few system calls as
// grep makes: open, fstat, the reads, close. It does not block on a FIFO that
// replaced the file since the walk, and it reads no more than the size fstat gave,
// so a file that grows while it is read ends where it ended when opened.
func openFile(p string) (io.ReadCloser, error) {
	fd, err := openPath(p)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: p, Err: err}
	}
	return fileFromFD(fd, p)
}

// fileFromFD is the file open as fd, found at path p, if it is a regular file; fd is
// closed otherwise.
func fileFromFD(fd int, p string) (io.ReadCloser, error) {
	f := &rawFile{}
	if err := f.init(fd, p); err != nil {
		return nil, err
	}
	return f, nil
}

// init makes f the file open as fd, found at path p, if it is a regular file; fd is closed
// otherwise.
func (f *rawFile) init(fd int, p string) error {
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return &os.PathError{Op: "stat", Path: p, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return errNotRegular
	}
	*f = rawFile{fd: fd, left: st.Size, size: st.Size, path: p}
	return nil
}

// rawFile reads a file descriptor up to the size the file had when it was opened.
type rawFile struct {
	fd   int
	left int64
	size int64 // when opened
	path string
}

// Size is the file's size when it was opened.
func (f *rawFile) Size() int64 { return f.size }

// ReadAt reads at off without moving the offset Read uses, within the size at open.
func (f *rawFile) ReadAt(p []byte, off int64) (int, error) {
	if off >= f.size {
		return 0, io.EOF
	}
	want := len(p)
	if int64(want) > f.size-off {
		p = p[:f.size-off]
	}
	n := 0
	for n < len(p) {
		m, err := syscall.Pread(f.fd, p[n:], off+int64(n))
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return n, &os.PathError{Op: "read", Path: f.path, Err: err}
		}
		if m == 0 {
			return n, io.EOF // the file shrank
		}
		n += m
	}
	if n < want {
		return n, io.EOF
	}
	return n, nil
}

func (f *rawFile) Read(p []byte) (int, error) {
	if f.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > f.left {
		p = p[:f.left]
	}
	for {
		n, err := syscall.Read(f.fd, p)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return 0, &os.PathError{Op: "read", Path: f.path, Err: err}
		}
		if n == 0 { // the file shrank while it was read
			f.left = 0
			return 0, io.EOF
		}
		f.left -= int64(n)
		if f.left == 0 {
			return n, io.EOF
		}
		return n, nil
	}
}

func (f *rawFile) Close() error { return syscall.Close(f.fd) }
