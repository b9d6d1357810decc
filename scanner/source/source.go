// Package source produces the bytes keylint scans, each with the place it came from:
// files in a tree, standard input, git blobs, commit ranges and the index.
// A source only reads; it never decides what is a key.
package source

import (
	"context"
	"io"
	"time"
)

// Commit names the git commit a blob was read from.
type Commit struct {
	SHA         string
	Author      string
	Email       string
	Date        time.Time
	Message     string
	StillInHead bool
}

// Location says where bytes came from.
type Location struct {
	// Path is slash-separated and relative to the scanned root ("-" for standard input).
	Path string
	// Member is the chain of archive members inside Path, joined by "!" ("inner.zip!a.js").
	Member string
	// Commit is set for bytes read from git history.
	Commit *Commit
	// Repo is the repository's URI in a scan of several repositories ("" otherwise).
	Repo string
	// Bundle marks built front-end output, reachable by every visitor of a site.
	Bundle bool
	// Blob is the git object id of the bytes, for bytes read from git (history or the index).
	Blob string
	// Tree reads the other files of the git tree the bytes came from, for checks that look
	// beside a file (a script's source map); nil for files on disk.
	Tree Tree
}

// Tree reads files of one git tree (a commit's, or the index's) by slash-separated path
// from the repository root.
type Tree interface {
	// ReadFile returns the regular file at p, an error wrapping fs.ErrNotExist when there is
	// none, or an error when it is larger than limit bytes.
	ReadFile(p string, limit int64) ([]byte, error)
}

// Display is the location as users see it: "path" or "path!member".
func (l Location) Display() string {
	if l.Member == "" {
		return l.Path
	}
	return l.Path + "!" + l.Member
}

// Item is one unit of bytes to scan.
type Item struct {
	Location Location
	// Size is the byte size when known, or -1.
	Size int64
	// Open returns the item's bytes; the caller closes them.
	Open func() (io.ReadCloser, error)
	// NamesScanned marks an item whose source finds keys in its names itself (git history
	// does, once per path and commit), so that the scan does not search them again.
	NamesScanned bool
}

// Source yields items. Yield may be called from several goroutines at once only if
// the source documents so; an error from yield stops the source and is returned.
type Source interface {
	Items(ctx context.Context, yield func(Item) error) error
}

// Problem is a non-fatal trouble with one place (unreadable file, broken link):
// the scan reports it and goes on.
type Problem struct {
	Path string
	Err  error
	// Notice marks a trouble that left no content unscanned, such as a broken symbolic
	// link or an ignore file git would not read either; other problems mean bytes that
	// may hold keys were not read.
	Notice bool
	// Blob is the git object the trouble is with, for bytes read from git.
	Blob string
}

func (p *Problem) Error() string { return p.Path + ": " + p.Err.Error() }

func (p *Problem) Unwrap() error { return p.Err }
