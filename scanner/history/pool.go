package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"

	"github.com/keylint/keylint/scanner"
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
