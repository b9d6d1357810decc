//go:build !linux

package source

import (
	"errors"
	"io"
	"os"
)

// readFolder calls each with the path (prefix and name), name and type of every entry of
// folder dir, reading dirBatch entries at a time, until each returns false.
func readFolder(dir, prefix string, _ *scratch, each func(p, name string, typ os.FileMode) bool) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		entries, err := f.ReadDir(dirBatch)
		for _, e := range entries {
			p := prefix + e.Name()
			if !each(p, p[len(prefix):], e.Type()) {
				return nil
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
