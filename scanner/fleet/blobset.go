package fleet

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/keylint/keylint/internal/atomicfile"
	"github.com/keylint/keylint/internal/controlfile"
)

// blobSet is the set of blobs scanned clean in earlier runs for one project (shared by its forks):
// a sorted array of 20-byte hashes on disk, 20 bytes each in memory, plus what this run added.
// Blobs that held findings are never added, so every fork that holds them reports its places.
type blobSet struct {
	path   string
	saveMu sync.Mutex // one save at a time, so a later snapshot is never overwritten by an older one
	mu     sync.Mutex
	sorted [][20]byte // read from disk; immutable
	added  map[[20]byte]struct{}
	refs   int // repositories using it now
}

// loadBlobSet reads the set at path; a missing file is an empty set.
func loadBlobSet(path string) (*blobSet, error) {
	b := &blobSet{path: path, added: map[[20]byte]struct{}{}}
	data, err := controlfile.Read(path, controlfile.Options{Limit: maxBlobSet, Follow: true})
	if errors.Is(err, fs.ErrNotExist) {
		return b, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the blob set: %w", err)
	}
	if len(data)%20 != 0 {
		return nil, fmt.Errorf("blob set %s: %d bytes is not a whole number of hashes (remove it to scan again)", path, len(data))
	}
	b.sorted = make([][20]byte, len(data)/20)
	for i := range b.sorted {
		copy(b.sorted[i][:], data[i*20:])
	}
	if !slices.IsSortedFunc(b.sorted, cmpHash) {
		slices.SortFunc(b.sorted, cmpHash)
	}
	return b, nil
}

func cmpHash(a, b [20]byte) int { return bytes.Compare(a[:], b[:]) }

// Has reports whether h was scanned clean before.
func (b *blobSet) Has(h [20]byte) bool {
	if _, ok := slices.BinarySearchFunc(b.sorted, h, cmpHash); ok {
		return true
	}
	b.mu.Lock()
	_, ok := b.added[h]
	b.mu.Unlock()
	return ok
}

// Add records hashes scanned clean.
func (b *blobSet) Add(hs [][20]byte) {
	b.mu.Lock()
	for _, h := range hs {
		b.added[h] = struct{}{}
	}
	b.mu.Unlock()
}

// Len is the number of hashes in the set.
func (b *blobSet) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.sorted) + len(b.added)
}

// save writes the whole set, sorted, atomically.
func (b *blobSet) save() error {
	b.saveMu.Lock()
	defer b.saveMu.Unlock()
	b.mu.Lock()
	all := make([][20]byte, 0, len(b.sorted)+len(b.added))
	all = append(all, b.sorted...)
	for h := range b.added {
		if _, ok := slices.BinarySearchFunc(b.sorted, h, cmpHash); !ok {
			all = append(all, h)
		}
	}
	b.mu.Unlock()
	slices.SortFunc(all, cmpHash)
	data := make([]byte, 0, 20*len(all))
	for _, h := range all {
		data = append(data, h[:]...)
	}
	if err := atomicfile.Write(b.path, data, 0o644); err != nil {
		return fmt.Errorf("writing the blob set: %w", err)
	}
	return nil
}
