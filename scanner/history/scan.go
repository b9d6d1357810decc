package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// lfsPointer starts a Git LFS pointer file.
var lfsPointer = []byte("version https://git-lfs.github.com/spec/v1")

// blobJob is one distinct blob to scan, with the first path it was seen at.
type blobJob struct {
	hash plumbing.Hash
	path string
}

// blobResult is what the scan of one blob found or what went wrong.
type blobResult struct {
	hash     plumbing.Hash
	path     string
	findings []scanner.Finding
	err      error
	lfs      bool
}

// pool scans distinct blobs on several goroutines, each with its own storage (go-git's
// storage is not safe for concurrent use), while the walk goes on.
type pool struct {
	s            *scan
	jobs         chan blobJob
	wg           sync.WaitGroup
	mu           sync.Mutex
	results      []blobResult // blobs with findings or errors
	seen         map[plumbing.Hash]bool
	scannedCount int
	deferred     bool      // hold blobs until close, to read them in pack order
	held         []blobJob // the blobs a deferred pool holds
}

// packOffsets returns where each object lies in the repository's pack files (pack number, offset);
// objects in no pack (loose) sort last.
func packOffsets(lay Layout) func(plumbing.Hash) (int, int64) {
	names, _ := filepath.Glob(filepath.Join(lay.CommonDir, "objects", "pack", "pack-*.idx"))
	var idxs []*idxfile.MemoryIndex
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		idx := idxfile.NewMemoryIndex()
		if err := idxfile.NewDecoder(f).Decode(idx); err == nil {
			idxs = append(idxs, idx)
		}
		f.Close()
	}
	return func(h plumbing.Hash) (int, int64) {
		for i, idx := range idxs {
			if off, err := idx.FindOffset(h); err == nil {
				return i, off
			}
		}
		return len(idxs), 0
	}
}

func newPool(s *scan) *pool {
	p := &pool{s: s, jobs: make(chan blobJob, 256), seen: map[plumbing.Hash]bool{}}
	for range s.opt.Workers {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			st := s.lay.open(24 << 20)
			defer st.Close()
			var objs *objReader
			if s.packs != nil {
				objs = newObjReader(s.packs, workerCacheBytes)
			}
			for j := range p.jobs {
				r := scanBlob(s, st, objs, j)
				if len(r.findings) > 0 || r.err != nil || r.lfs {
					p.mu.Lock()
					p.results = append(p.results, r)
					p.mu.Unlock()
				}
			}
		}()
	}
	return p
}

// add queues a blob unless it was seen already; a deferred pool holds it until close.
func (p *pool) add(h plumbing.Hash, path string) {
	if p.seen[h] {
		return
	}
	p.seen[h] = true
	if p.s.opt.Known != nil && p.s.opt.Known(h) {
		return
	}
	p.scannedCount++
	if p.deferred {
		p.held = append(p.held, blobJob{hash: h, path: path})
		return
	}
	p.send(blobJob{hash: h, path: path})
}

func (p *pool) send(j blobJob) {
	select {
	case p.jobs <- j:
	case <-p.s.ctx.Done():
	}
}

// close scans the held blobs in pack order, waits for all and reports their troubles.
// Reading blobs in the order they lie in the pack files keeps delta bases in the caches.
func (p *pool) close() {
	if len(p.held) > 0 {
		offset := p.s.packs.locate
		if p.s.packs == nil {
			offset = packOffsets(p.s.lay)
		}
		type keyed struct {
			pack int
			off  int64
			j    blobJob
		}
		ks := make([]keyed, len(p.held))
		for i, j := range p.held {
			pack, off := offset(j.hash)
			ks[i] = keyed{pack, off, j}
		}
		sort.Slice(ks, func(a, b int) bool {
			if ks[a].pack != ks[b].pack {
				return ks[a].pack < ks[b].pack
			}
			return ks[a].off < ks[b].off
		})
		p.held = nil
		for _, k := range ks {
			p.send(k.j)
		}
	}
	close(p.jobs)
	p.wg.Wait()
	for _, r := range p.results {
		switch {
		case r.lfs:
			p.s.noteOnce(r.path, errors.New("Git LFS pointer: the file's content is stored outside the repository and was not scanned"))
		case r.err != nil:
			p.s.problem(r.path, fmt.Errorf("blob %s: %w", r.hash, r.err))
		}
	}
}

// report hands every blob scanned to Options.Scanned, with whether it held findings.
func (p *pool) report() {
	if p.s.opt.Scanned == nil || p.s.ctx.Err() != nil {
		return
	}
	state := map[plumbing.Hash]int{} // 1 findings, 2 unreadable
	for _, r := range p.results {
		if r.err != nil {
			state[r.hash] = 2
		} else if len(r.findings) > 0 {
			state[r.hash] = 1
		}
	}
	for h := range p.seen {
		if state[h] == 2 || (p.s.opt.Known != nil && p.s.opt.Known(h)) {
			continue
		}
		p.s.opt.Scanned(h, state[h] == 1)
	}
}

// found returns the findings of every scanned blob that has any.
func (p *pool) found() map[plumbing.Hash][]scanner.Finding {
	m := map[plumbing.Hash][]scanner.Finding{}
	for _, r := range p.results {
		if len(r.findings) > 0 {
			m[r.hash] = r.findings
		}
	}
	return m
}

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

// secretKey identifies a key within one file for the comparison with a parent.
func secretKey(f *scanner.Finding) string {
	return f.RuleID + "\x00" + f.Secret + "\x00" + f.Message + "\x00" + f.Location.Member
}

// blobFindings returns the findings of a blob, scanning it now if the walk did not.
func (s *scan) blobFindings(found map[plumbing.Hash][]scanner.Finding, h plumbing.Hash, path string) []scanner.Finding {
	if fs, ok := found[h]; ok || s.pool.seen[h] {
		return fs
	}
	r := scanBlob(s, s.st, s.objs, blobJob{hash: h, path: path})
	s.pool.seen[h] = true
	found[h] = r.findings
	if len(r.findings) > 0 || r.err != nil {
		s.pool.results = append(s.pool.results, r)
	}
	return r.findings
}

// attribute reports, for every blob with findings, the keys each commit that added the blob introduced.
func (s *scan) attribute(head plumbing.Hash) {
	found := s.pool.found()
	if len(found) == 0 {
		return
	}
	// The commits' removed blobs, for renames.
	removed := map[int32][]plumbing.Hash{}
	for _, ch := range s.changes {
		if ch.deleted {
			removed[ch.commit] = append(removed[ch.commit], ch.blob)
		}
	}
	inHead := s.headSecrets(head, found)
	for _, ch := range s.changes {
		fs := found[ch.blob]
		if ch.deleted || len(fs) == 0 {
			continue
		}
		before := map[string]bool{}
		for _, o := range append(clip(ch.old), removed[ch.commit]...) {
			for _, f := range s.blobFindings(found, o, ch.path) {
				before[secretKey(&f)] = true
			}
		}
		var meta *source.Commit
		for _, f := range fs {
			if before[secretKey(&f)] {
				continue
			}
			if meta == nil {
				meta = s.meta(ch.commit, true)
			}
			c := *meta
			c.StillInHead = inHead[f.RuleID+"\x00"+f.Secret+"\x00"+f.Message]
			f.Location.Path = ch.path
			f.Location.Commit = &c
			s.sink(f)
		}
	}
}

func clip(h []plumbing.Hash) []plumbing.Hash { return h[:len(h):len(h)] }

// headSecrets lists the keys found anywhere in head's tree.
func (s *scan) headSecrets(head plumbing.Hash, found map[plumbing.Hash][]scanner.Finding) map[string]bool {
	out := map[string]bool{}
	if head.IsZero() {
		return out
	}
	c, err := s.commit(head)
	if err != nil {
		return out
	}
	s.diff(head.String(), "", c.TreeHash, plumbing.ZeroHash, func(path string, b, _ plumbing.Hash) {
		for _, f := range found[b] {
			out[f.RuleID+"\x00"+f.Secret+"\x00"+f.Message] = true
		}
	})
	return out
}
