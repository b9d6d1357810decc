// Package history finds keys in a git repository's history, in a commit range and in
// the index, reading the repository with go-git (no git binary, no hooks, nothing from
// the repository's config is executed).
//
// A history scan walks the commits reachable from the chosen refs, diffs each commit's
// tree against its parents' trees by hash (identical subtrees are skipped), scans every
// distinct blob that a walked commit adds once, in pack order and in parallel (objects are
// read by the pack reader of pack.go, each goroutine with its own bounded cache, and through
// go-git where that reader cannot), and only for blobs with findings works out which commit introduced which key: a key is introduced by a commit
// when none of the commit's parents holds it at the same path, nor in a file the commit
// removed (so a rename introduces nothing). A key that stays in the tree over many
// commits is therefore reported once, at the commit that introduced it.
//
// Shapes: Scan is the one entry point; Options picks the mode (all refs, Branch, Range,
// Since, Unpushed or Staged); Stats holds live counters; Summary says what was walked.
// A revision that cannot be found yields *MissingCommitError.
package history

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// Options choose what Scan reads. At most one of Branch, Range, Since, Unpushed and Staged is set;
// none means every commit reachable from every ref (branches, tags, remote-tracking refs, stash, HEAD).
type Options struct {
	// Repo is a folder in the repository's work tree, a bare repository, or "" for ".".
	Repo string
	// Branch limits the walk to the commits reachable from this revision.
	Branch string
	// Range is "BASE..HEAD": the commits reachable from HEAD and not from BASE (either side defaults to HEAD).
	Range string
	// Since is a revision: the same as Range "Since..HEAD".
	Since string
	// Unpushed is a revision: the commits reachable from it that no remote-tracking ref reaches
	// (a pre-push of a new branch).
	Unpushed string
	// Staged scans what the index adds compared with HEAD's tree.
	Staged bool
	// IndexFile is the index Staged reads, when not the repository's own (git sets GIT_INDEX_FILE
	// for the hooks of git commit -a and git commit PATH, which stage into a temporary index).
	IndexFile string
	// Workers is how many blobs are read and scanned at once; 0 means the number of CPUs.
	Workers int
	// Skip reports whether a file or folder (slash-separated path relative to the repository root) is left out.
	Skip func(path string, dir bool) bool
	// Exclude lists commits (full SHAs) an earlier scan walked: an all-refs scan leaves out their
	// history; SHAs no longer in the repository (after a force-push) are ignored.
	Exclude []string
	// Known reports whether a blob was scanned already, by an earlier run; it is not scanned again.
	Known func(blob [20]byte) bool
	// Scanned receives, once a history scan completes, each blob it scanned and whether the blob
	// held findings (not blobs Known skipped or blobs that could not be read).
	Scanned func(blob [20]byte, findings bool)
	// Problem receives troubles that do not stop the scan: unreadable objects, submodules,
	// LFS pointers. It is called from Scan's goroutine only.
	Problem func(*source.Problem)
}

// Stats counts a scan's progress; it is safe to read while the scan goes on.
type Stats struct {
	Commits atomic.Int64
	// Stats counts the blobs scanned (Items), their bytes and their findings.
	scanner.Stats
}

// Summary says what a scan walked.
type Summary struct {
	// Commits is the number of commits walked (0 for Staged).
	Commits int
	// Blobs is the number of distinct blobs scanned.
	Blobs int
	// Base and Head are the full SHAs a Range, Since or Unpushed scan resolved ("" otherwise; Base is "" for Unpushed).
	Base, Head string
	// Tips are the commits an all-refs scan started from (every ref's, tags peeled), sorted.
	Tips []string
	// Shallow is set when the repository is a shallow clone: history before its boundary was not scanned.
	Shallow bool
	// ShallowBoundary lists the shallow boundary commits that were walked (treated as roots).
	ShallowBoundary []string
}

// MissingCommitError is a revision that names no commit in the repository.
type MissingCommitError struct {
	Rev string
	Err error
}

func (e *MissingCommitError) Error() string {
	return fmt.Sprintf("commit %q is not in this repository (%v); if this is a shallow clone, fetch the history "+
		"it needs (actions/checkout: fetch-depth: 0; or git fetch --unshallow)", e.Rev, e.Err)
}

func (e *MissingCommitError) Unwrap() error { return e.Err }

// Scan runs the scan opt describes with sc and hands each finding to sink, from the calling goroutine.
// Findings from history carry Location.Commit (with StillInHead); staged findings carry none.
func Scan(ctx context.Context, sc *scanner.Scanner, opt Options, sink func(scanner.Finding), stats *Stats) (Summary, error) {
	if stats == nil {
		stats = &Stats{}
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	if opt.Repo == "" {
		opt.Repo = "."
	}
	modes := 0
	for _, set := range []bool{opt.Branch != "", opt.Range != "", opt.Since != "", opt.Unpushed != "", opt.Staged} {
		if set {
			modes++
		}
	}
	if modes > 1 {
		return Summary{}, errors.New("choose one of branch, range, since, unpushed and staged")
	}
	lay, err := Resolve(opt.Repo)
	if err != nil {
		return Summary{}, err
	}
	s := &scan{ctx: ctx, sc: sc, opt: opt, lay: lay, stats: stats, sink: sink}
	st := lay.open(24 << 20)
	defer st.Close()
	s.st = st
	if opt.Staged {
		return s.staged()
	}
	return s.history()
}

// problem reports a trouble that does not stop the scan.
func (s *scan) problem(path string, err error) {
	if s.opt.Problem != nil {
		s.opt.Problem(&source.Problem{Path: path, Err: err})
	}
}

// noteOnce reports a trouble about a path once.
func (s *scan) noteOnce(path string, err error) {
	if s.noted == nil {
		s.noted = map[string]bool{}
	}
	if s.noted[path] {
		return
	}
	s.noted[path] = true
	s.problem(path, err)
}
