//go:build !unix

package history

import "os"

// mapFile reads a file's first size bytes (unix systems map them instead).
func mapFile(f *os.File, size int64) ([]byte, func(), error) { return readFile(f, size) }

// mapPack maps nothing here: packs are read in windows.
func mapPack(*os.File, int64) ([]byte, func(), func()) { return nil, nil, nil }
