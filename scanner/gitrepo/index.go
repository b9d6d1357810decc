package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"os"

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

// ReadIndex reads and decodes a git index file (the repository's, or one a hook names in
// GIT_INDEX_FILE); a missing file is an empty index, in which nothing is tracked.
func ReadIndex(name string) (*index.Index, error) {
	idx := &index.Index{}
	data, err := ReadIndexFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return idx, nil
	}
	if err != nil {
		return nil, err
	}
	if err := index.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", name, err)
	}
	return idx, nil
}
