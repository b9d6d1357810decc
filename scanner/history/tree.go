package history

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/keylint/keylint/scanner/gitrepo"
)

// treeFiles reads the files of one commit's tree, for the checks that look beside a
// file (a script's source map beside it in the same commit).
type treeFiles struct {
	readers *readers
	root    plumbing.Hash
}

// ReadFile returns the regular file at p in the tree.
func (t *treeFiles) ReadFile(p string, limit int64) ([]byte, error) {
	h := t.root
	parts := strings.Split(p, "/")
	if len(parts) > MaxTreeDepth {
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	for i, part := range parts {
		data, err := t.readers.object(h, plumbing.TreeObject)
		if err != nil {
			return nil, fmt.Errorf("reading tree %s: %w", h, err)
		}
		tr, err := decodeTree(h, data)
		if err != nil {
			return nil, fmt.Errorf("reading tree %s: %w", h, err)
		}
		found := false
		for _, e := range tr.Entries {
			if e.Name != part {
				continue
			}
			if i < len(parts)-1 && e.Mode != filemode.Dir || i == len(parts)-1 && !regular(e.Mode) {
				break
			}
			h, found = e.Hash, true
			break
		}
		if !found {
			return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
		}
	}
	return readLimited(t.readers, h, p, limit)
}

// indexFiles reads the files the index stages, for the same checks in a --staged scan.
type indexFiles struct {
	readers *readers
	entries []gitrepo.IndexEntry
	once    sync.Once
	byPath  map[string]plumbing.Hash
}

// ReadFile returns the regular file staged at p.
func (x *indexFiles) ReadFile(p string, limit int64) ([]byte, error) {
	x.once.Do(func() {
		x.byPath = make(map[string]plumbing.Hash, len(x.entries))
		for _, e := range x.entries {
			if e.Stage == 0 && regular(e.Mode) {
				x.byPath[e.Name] = e.Hash
			}
		}
	})
	h, ok := x.byPath[p]
	if !ok {
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	return readLimited(x.readers, h, p, limit)
}

// readLimited reads the blob of the file at p, refusing one larger than limit bytes before
// it is read whole: the pack reader holds at most maxInflate bytes of an object, and a
// larger one comes back from go-git as a stream, which is measured and left unread.
func readLimited(rs *readers, h plumbing.Hash, p string, limit int64) ([]byte, error) {
	data, rc, err := rs.read(h, plumbing.BlobObject, limit)
	if err != nil {
		return nil, blobError(h, err)
	}
	if rc != nil {
		rc.Close()
		return nil, fmt.Errorf("%s is larger than %d bytes", p, limit)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", p, limit)
	}
	return data, nil
}

// regular reports whether a tree or index entry is a file whose bytes git stores (not a
// link, folder or submodule).
func regular(m filemode.FileMode) bool {
	return m == filemode.Regular || m == filemode.Executable || m == filemode.Deprecated
}
