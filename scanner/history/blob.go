package history

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// readers lends object readers to the goroutines that scan blobs and run checks: go-git's
// storage and the pack reader are not safe for concurrent use, so each reader serves one
// goroutine at a time, and a new one is made when all are lent.
type readers struct {
	lay   Layout
	packs *packs // nil: go-git reads every object
	mu    sync.Mutex
	free  []*reader
	all   []*reader
	lent  int  // readers not given back
	done  bool // closed: a reader asked for later reads through go-git only
}

// reader reads objects through the pack reader, and through go-git where that cannot.
type reader struct {
	st   *filesystem.Storage
	objs *objReader
}

func newReaders(lay Layout, ps *packs) *readers { return &readers{lay: lay, packs: ps} }

func (rs *readers) get() *reader {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.lent++
	if n := len(rs.free); n > 0 {
		r := rs.free[n-1]
		rs.free = rs.free[:n-1]
		return r
	}
	r := &reader{st: rs.lay.open(24 << 20)}
	if rs.packs != nil && !rs.done {
		r.objs = newObjReader(rs.packs, workerCacheBytes)
	}
	rs.all = append(rs.all, r)
	return r
}

func (rs *readers) put(r *reader) {
	rs.mu.Lock()
	rs.lent--
	if !rs.done {
		rs.free = append(rs.free, r)
	}
	rs.mu.Unlock()
}

// close closes every reader made. A scan given up on (a --timeout) may leave a goroutine
// still reading: its pack indexes then stay mapped until the process ends, so that the
// read fails instead of touching memory given back.
func (rs *readers) close() {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, r := range rs.all {
		r.st.Close()
	}
	if rs.lent > 0 && rs.packs != nil {
		rs.packs.keepMapped()
	}
	rs.all, rs.free, rs.done = nil, nil, true
}

// object reads a whole object of type want.
func (rs *readers) object(h plumbing.Hash, want plumbing.ObjectType) ([]byte, error) {
	data, rc, err := rs.read(h, want, -1)
	if rc != nil {
		defer rc.Close()
		data, err = io.ReadAll(rc)
	}
	return data, err
}

// blob reads a blob: whole (data) when the pack reader has it or it is small, or else
// streamed (rc, which holds a reader until it is closed).
func (rs *readers) blob(h plumbing.Hash) (data []byte, rc io.ReadCloser, err error) {
	return rs.read(h, plumbing.BlobObject, 1024)
}

// read reads an object of type want; one that only go-git can read and is larger than
// whole bytes (whole < 0: never) comes back as a stream.
func (rs *readers) read(h plumbing.Hash, want plumbing.ObjectType, whole int64) ([]byte, io.ReadCloser, error) {
	r := rs.get()
	if r.objs != nil {
		typ, data, err := r.objs.read(h)
		if err == nil && typ == want {
			rs.put(r)
			return data, nil, nil
		}
		if refused(err) {
			rs.put(r)
			return nil, nil, err // not asked of go-git, which would resolve the chain without bounds
		}
	}
	obj, err := r.st.EncodedObject(want, h)
	if err != nil {
		rs.put(r)
		return nil, nil, err
	}
	orc, err := obj.Reader()
	if err != nil {
		rs.put(r)
		return nil, nil, err
	}
	if whole < 0 || obj.Size() <= whole {
		defer rs.put(r)
		defer orc.Close()
		data, err := io.ReadAll(orc)
		return data, nil, err
	}
	return nil, &lent{ReadCloser: orc, back: func() { rs.put(r) }}, nil
}

// lent is a stream that gives its reader back when closed.
type lent struct {
	io.ReadCloser
	back func()
	once sync.Once
}

func (l *lent) Close() error {
	err := l.ReadCloser.Close()
	l.once.Do(l.back)
	return err
}

// blobBytesReader is a blob held whole: the scanner reads an archive in it in place.
type blobBytesReader struct{ *bytes.Reader }

func (blobBytesReader) Close() error { return nil }

// blobBytes returns the bytes of a blob held whole as an item's reader.
func blobBytes(data []byte) io.ReadCloser { return blobBytesReader{bytes.NewReader(data)} }

// blobError names the blob that could not be read.
func blobError(h plumbing.Hash, err error) error { return fmt.Errorf("blob %s: %w", h, err) }
