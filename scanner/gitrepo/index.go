package gitrepo

import (
	"bytes"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/keylint/keylint/internal/controlfile"
)

// MaxIndexSize is the largest index file read (512 MiB, an index of some millions of paths).
const MaxIndexSize = 512 << 20

// ReadIndexFile reads a git index file whole: a regular file (a link to one is followed,
// as git does inside .git) of at most MaxIndexSize bytes.
func ReadIndexFile(name string) ([]byte, error) {
	return controlfile.Read(name, controlfile.Options{Limit: MaxIndexSize, Follow: true})
}

// Index is a git index as keylint reads it: its entries, and its cached trees.
type Index struct {
	Entries []IndexEntry
	// Tree is the cached-tree (TREE) extension, invalidated folders kept (Entries < 0);
	// nil when the index has none or go-git decoded it.
	Tree []index.TreeEntry
}

// ReadIndex reads a git index file (the repository's, or one a hook names in GIT_INDEX_FILE);
// a missing file is an empty index, in which nothing is tracked. A format the fast reader does
// not know (a split index, say) is decoded by go-git.
func ReadIndex(name string) (*Index, error) {
	entries, tree, _, ok, err := readRaw(name)
	if err != nil {
		return nil, err
	}
	if ok {
		return &Index{Entries: entries, Tree: tree}, nil
	}
	data, err := ReadIndexFile(name)
	if err != nil {
		return nil, err
	}
	idx := &index.Index{}
	if err := index.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", name, err)
	}
	out := &Index{Entries: make([]IndexEntry, 0, len(idx.Entries))}
	for _, e := range idx.Entries {
		out.Entries = append(out.Entries, IndexEntry{Name: e.Name, Hash: e.Hash, Mode: e.Mode, Stage: int(e.Stage)})
	}
	return out, nil
}
