package history

import (
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ErrNotInCommit is returned by ReadFile for a path the commit does not hold.
var ErrNotInCommit = errors.New("not in that commit")

// ReadFile returns up to limit bytes of path as commit sha of the repository holding repo
// holds it: the place a history finding names, for checking it again later.
func ReadFile(repo, sha, path string, limit int64) ([]byte, error) {
	lay, err := Resolve(repo)
	if err != nil {
		return nil, err
	}
	st := lay.open(8 << 20)
	defer st.Close()
	c, err := object.GetCommit(st, plumbing.NewHash(sha))
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", sha, err)
	}
	f, err := c.File(path)
	if errors.Is(err, object.ErrFileNotFound) {
		return nil, ErrNotInCommit
	}
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", sha, err)
	}
	r, err := f.Reader()
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", sha, err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil {
		return nil, fmt.Errorf("commit %s: reading the file: %w", sha, err)
	}
	return data, nil
}
