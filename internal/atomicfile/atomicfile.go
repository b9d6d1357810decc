// Package atomicfile writes files so that readers see the old content or the new,
// never a half-written file: a temporary file in the same folder, then a rename.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrSymlink is the error for a path that is a symbolic link: writing through it would
// replace the link with a regular file holding the content of the file it points to.
var ErrSymlink = errors.New("a symbolic link; not written through")

// Write replaces path with data, keeping the mode of an existing file (perm for a new one).
// It refuses a path that is a symbolic link or not a regular file.
func Write(path string, data []byte, perm fs.FileMode) (err error) {
	if st, err := os.Lstat(path); err == nil {
		if st.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("writing %s: %w", path, ErrSymlink)
		}
		if !st.Mode().IsRegular() {
			return fmt.Errorf("writing %s: not a regular file", path)
		}
		perm = st.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	guard := guardSignals() // SIGINT or SIGTERM from here on removes the temporary file
	defer guard.stop()
	tmp, err := guard.createTemp(filepath.Dir(path), "."+filepath.Base(path)+".keylint-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
