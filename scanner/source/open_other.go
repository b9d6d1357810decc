//go:build !unix

package source

import (
	"io"
	"os"
)

// openFile opens a regular file for reading.
func openFile(p string) (io.ReadCloser, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, errNotRegular
	}
	return sizedFile{f, st.Size()}, nil
}

// sizedFile is an open file with its size at open, so that a zip is read in place.
type sizedFile struct {
	*os.File
	size int64
}

// Size is the file's size when it was opened.
func (f sizedFile) Size() int64 { return f.size }
