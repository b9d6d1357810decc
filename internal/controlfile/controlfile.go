// Package controlfile reads the small files that steer keylint and git (ignore files, the
// configuration, a baseline, the index) as git reads them: regular files only, opened
// without blocking, so a FIFO or a device in their place is refused instead of hanging or
// filling memory, and never more than a size cap.
package controlfile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrNotRegular is the error for a FIFO, device, socket or folder where a file was expected.
var ErrNotRegular = errors.New("not a regular file; not read")

// ErrSymlink is the error for a symbolic link where links are not followed, as git does not
// follow a symlinked .gitignore.
var ErrSymlink = errors.New("a symbolic link; not followed")

// TooLargeError is the error for a file over its cap.
type TooLargeError struct {
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%d bytes, over the %d-byte limit; not read", e.Size, e.Limit)
}

// Options says how a control file is read.
type Options struct {
	// Limit is the largest size read, in bytes.
	Limit int64
	// Follow follows a symbolic link (to a regular file); without it a link is ErrSymlink.
	Follow bool
}

// Read returns the whole content of the regular file at path, or an *os.PathError wrapping
// ErrNotRegular, ErrSymlink, a *TooLargeError or the system's error (fs.ErrNotExist for a
// missing file).
func Read(path string, opt Options) ([]byte, error) {
	f, err := open(path, opt.Follow)
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	if st.Size() > opt.Limit {
		return nil, &os.PathError{Op: "read", Path: path, Err: &TooLargeError{Size: st.Size(), Limit: opt.Limit}}
	}
	// Read into a buffer of the size the file says (one read for a file that did not
	// change, instead of io.ReadAll's doubling from 512 bytes: a 1 MB index was 12 reads
	// and copies), never holding more than the cap.
	data, err := readSized(f, st.Size(), opt.Limit)
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil
}

// ReadAtMost reads r to its end, or fails with a *TooLargeError (Size one past limit) as
// soon as it holds more than limit bytes, having read no more than that.
func ReadAtMost(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: int64(len(data)), Limit: limit}
	}
	return data, nil
}

// readSized reads r to its end into a buffer sized for size bytes (and one more, to see
// the end without growing it), failing like ReadAtMost as soon as it holds more than limit,
// having read no more than that.
func readSized(r io.Reader, size, limit int64) ([]byte, error) {
	if size < 0 || size >= limit {
		return ReadAtMost(r, limit)
	}
	data := make([]byte, 0, size+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew: let append pick the next size
		}
		room := min(int64(cap(data)), limit+1) - int64(len(data))
		n, err := r.Read(data[len(data) : len(data)+int(room)])
		data = data[:len(data)+n]
		if int64(len(data)) > limit {
			return nil, &TooLargeError{Size: int64(len(data)), Limit: limit}
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Open opens the regular file at path for reading, as Read does (without blocking on a
// FIFO), for files too large to read whole (a repository's packs); the caller closes it.
// The error is an *os.PathError wrapping ErrNotRegular, ErrSymlink, a *TooLargeError
// (over opt.Limit) or the system's error.
func Open(path string, opt Options) (*os.File, error) {
	f, err := open(path, opt.Follow)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &os.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	if st.Size() > opt.Limit {
		f.Close()
		return nil, &os.PathError{Op: "open", Path: path, Err: &TooLargeError{Size: st.Size(), Limit: opt.Limit}}
	}
	return f, nil
}
