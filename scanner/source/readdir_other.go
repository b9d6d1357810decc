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

// dirHandle is a folder held open for its files' opens, which only the Linux walk does.
type dirHandle struct{}

// item is the item of the file at p; never called, as no folder is held.
func (*dirHandle) item(p, shown string, _ int) Item { return fileItem(p, shown, -1) }

// heldFolders is how many folders a walk may hold open: none here.
func heldFolders() int32 { return 0 }
