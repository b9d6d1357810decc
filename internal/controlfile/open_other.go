//go:build !unix

package controlfile

import (
	"errors"
	"os"
)

// open opens path for reading; without follow, a symbolic link is ErrSymlink.
func open(path string, follow bool) (*os.File, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, unwrap(err)
	}
	if st.Mode()&os.ModeSymlink != 0 && !follow {
		return nil, ErrSymlink
	}
	if st.Mode()&os.ModeSymlink == 0 && !st.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrap(err)
	}
	return f, nil
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
