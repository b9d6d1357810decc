package history

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"iter"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/keylint/keylint/scanner"
)

// The walk keeps what attribution needs in two spillLogs rather than in memory: the
// commits (20 bytes each, the hash, in walk order: a change's commit index is its place)
// and the changes (one record each: commit index, deleted flag, path, blob, the parents'
// blobs). Only blobs with findings are attributed, and they are rare, so the log is read
// back once, in order, at the end.

// record appends the changes of one commit to the change log.
func (s *scan) record(chs []change) {
	b := s.recBuf[:0]
	for _, ch := range chs {
		b = binary.AppendUvarint(b, uint64(ch.commit))
		flag := byte(0)
		if ch.deleted {
			flag = 1
		}
		b = append(b, flag)
		b = binary.AppendUvarint(b, uint64(len(ch.path)))
		b = append(b, ch.path...)
		b = append(b, ch.blob[:]...)
		b = binary.AppendUvarint(b, uint64(len(ch.old)))
		for _, o := range ch.old {
			b = append(b, o[:]...)
		}
	}
	s.changeLog.append(b)
	s.recBuf = b
}

// changeReader decodes the change log's records, reusing its buffers.
type changeReader struct {
	r    *bufio.Reader
	path []byte
	old  []plumbing.Hash
}

// next decodes the next record; its path and the blobs it replaced are decoded only when
// full, given the rest, says so (nil: always).
func (cr *changeReader) next(full func(change) bool) (change, error) {
	var ch change
	r := cr.r
	idx, err := binary.ReadUvarint(r)
	if err != nil {
		return ch, err // io.EOF at the log's end
	}
	flag, err := r.ReadByte()
	if err != nil {
		return ch, io.ErrUnexpectedEOF
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<20 {
		return ch, io.ErrUnexpectedEOF
	}
	cr.path = slices.Grow(cr.path[:0], int(n))[:n]
	if _, err := io.ReadFull(r, cr.path); err != nil {
		return ch, io.ErrUnexpectedEOF
	}
	if _, err := io.ReadFull(r, ch.blob[:]); err != nil {
		return ch, io.ErrUnexpectedEOF
	}
	k, err := binary.ReadUvarint(r)
	if err != nil || k > 1<<16 {
		return ch, io.ErrUnexpectedEOF
	}
	cr.old = slices.Grow(cr.old[:0], int(k))[:k]
	for i := range cr.old {
		if _, err := io.ReadFull(r, cr.old[i][:]); err != nil {
			return ch, io.ErrUnexpectedEOF
		}
	}
	ch.commit, ch.deleted = int32(idx), flag == 1
	if full == nil || full(ch) {
		ch.path = string(cr.path)
		if k > 0 {
			ch.old = slices.Clone(cr.old)
		}
	}
	return ch, nil
}

// changes yields every change the walk recorded, in walk order (a commit's changes
// together). A change full (nil: every one) turns down, given its commit, blob and
// whether it deletes the blob, comes without its path and the blobs it replaced.
func (s *scan) changes(full func(change) bool) iter.Seq[change] {
	return func(yield func(change) bool) {
		cr := changeReader{r: s.changeLog.reader()}
		for {
			ch, err := cr.next(full)
			if err == io.EOF {
				return
			}
			if err != nil {
				s.problem(s.lay.GitDir, fmt.Errorf("reading back the walk's record of changes: %w", err))
				return
			}
			if !yield(ch) {
				return
			}
		}
	}
}

// none wants no change whole.
func none(change) bool { return false }

// removedBy returns the blobs removed by each commit that adds one of the found blobs
// (for renames), and nothing for the other commits.
func (s *scan) removedBy(found map[plumbing.Hash][]scanner.Finding) map[int32][]plumbing.Hash {
	adds := map[int32]bool{}
	for ch := range s.changes(none) {
		if !ch.deleted && found[ch.blob] != nil {
			adds[ch.commit] = true
		}
	}
	removed := map[int32][]plumbing.Hash{}
	for ch := range s.changes(none) {
		if ch.deleted && adds[ch.commit] {
			removed[ch.commit] = append(removed[ch.commit], ch.blob)
		}
	}
	return removed
}

// addCommit appends a commit to the commit log and returns its index.
func (s *scan) addCommit(h plumbing.Hash) int32 {
	s.commitLog.append(h[:])
	idx := s.ncommits
	s.ncommits++
	return idx
}

// commitHash returns the hash of commit idx (zero when the log cannot be read).
func (s *scan) commitHash(idx int32) plumbing.Hash {
	var h plumbing.Hash
	if err := s.commitLog.readAt(h[:], int64(idx)*20); err != nil {
		s.problem(s.lay.GitDir, fmt.Errorf("reading back the walk's record of commits: %w", err))
	}
	return h
}
