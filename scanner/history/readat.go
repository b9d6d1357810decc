package history

import (
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ErrNotInCommit is returned by ReadAt for a path the commit does not hold as a regular file.
var ErrNotInCommit = errors.New("not in the commit")

// HasCommit reports whether rev names a commit this clone holds.
func HasCommit(repo, rev string) bool {
	lay, err := Resolve(repo)
	if err != nil {
		return false
	}
	st := lay.open(1 << 20)
	defer st.Close()
	h, err := resolveRevision(st, rev)
	if err != nil {
		return false
	}
	_, err = st.EncodedObject(plumbing.CommitObject, h)
	return err == nil
}

// ReadAt returns the content of the regular file at path (slash-separated, relative to the
// repository's root) in the commit rev names, read from the object store, never from the work
// tree: so that ci can take its configuration from the trusted side of a pull request. A file
// larger than limit bytes is an error; a missing revision is a *MissingCommitError.
func ReadAt(repo, rev, path string, limit int64) ([]byte, error) {
	lay, err := Resolve(repo)
	if err != nil {
		return nil, err
	}
	st := lay.open(1 << 20)
	defer st.Close()
	h, err := resolveRevision(st, rev)
	if err != nil {
		return nil, &MissingCommitError{Rev: rev, Err: err}
	}
	o, err := st.EncodedObject(plumbing.CommitObject, h)
	if err != nil {
		return nil, &MissingCommitError{Rev: rev, Err: err}
	}
	c, err := object.DecodeCommit(st, o)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", rev, err)
	}
	tree, err := object.GetTree(st, c.TreeHash)
	if err != nil {
		return nil, fmt.Errorf("commit %s: tree: %w", rev, err)
	}
	e, err := tree.FindEntry(path)
	if err != nil {
		return nil, fmt.Errorf("%s at %s: %w", path, rev, ErrNotInCommit)
	}
	if e.Mode != filemode.Regular && e.Mode != filemode.Executable {
		return nil, fmt.Errorf("%s at %s is not a regular file: %w", path, rev, ErrNotInCommit)
	}
	blob, err := object.GetBlob(st, e.Hash)
	if err != nil {
		return nil, fmt.Errorf("%s at %s: %w", path, rev, err)
	}
	if blob.Size > limit {
		return nil, fmt.Errorf("%s at %s: larger than %d bytes", path, rev, limit)
	}
	rc, err := blob.Reader()
	if err != nil {
		return nil, fmt.Errorf("%s at %s: %w", path, rev, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s at %s: %w", path, rev, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s at %s: larger than %d bytes", path, rev, limit)
	}
	return data, nil
}
