package history

import (
	"bytes"
	"errors"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/keylint/keylint/scanner/source"
)

// scanBlob reads one blob through st and scans it as the file at j.path.
func scanBlob(s *scan, st *filesystem.Storage, objs *objReader, j blobJob) blobResult {
	r := blobResult{hash: j.hash, path: j.path}
	if objs != nil {
		if typ, data, err := objs.read(j.hash); err == nil && typ == plumbing.BlobObject {
			return scanBlobData(s, j, r, data)
		}
	}
	obj, err := st.EncodedObject(plumbing.BlobObject, j.hash)
	if err != nil {
		r.err = err
		return r
	}
	size := obj.Size()
	open := obj.Reader
	if size <= 1024 {
		rc, err := obj.Reader()
		if err != nil {
			r.err = err
			return r
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			r.err = err
			return r
		}
		if bytes.HasPrefix(data, lfsPointer) {
			r.lfs = true
		}
		open = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	}
	r.findings, r.err = s.sc.Scan(s.ctx, source.Item{Location: source.Location{Path: j.path}, Size: size, Open: open})
	if errors.Is(r.err, s.ctx.Err()) && s.ctx.Err() != nil {
		r.err = nil
	}
	s.stats.Blobs.Add(1)
	s.stats.Bytes.Add(size)
	s.stats.Findings.Add(int64(len(r.findings)))
	return r
}

// scanBlobData scans a blob already read whole.
func scanBlobData(s *scan, j blobJob, r blobResult, data []byte) blobResult {
	r.lfs = len(data) <= 1024 && bytes.HasPrefix(data, lfsPointer)
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	size := int64(len(data))
	r.findings, r.err = s.sc.Scan(s.ctx, source.Item{Location: source.Location{Path: j.path}, Size: size, Open: open})
	if errors.Is(r.err, s.ctx.Err()) && s.ctx.Err() != nil {
		r.err = nil
	}
	s.stats.Blobs.Add(1)
	s.stats.Bytes.Add(size)
	s.stats.Findings.Add(int64(len(r.findings)))
	return r
}
