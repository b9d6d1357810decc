package history

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sort"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// blobJob is one distinct blob to scan, with the first path and commit it was seen at.
type blobJob struct {
	hash   plumbing.Hash
	path   string
	commit int32          // index in the walk's commits; -1 for a blob of the index
	root   plumbing.Hash  // that commit's tree, whose other files the checks may read
	meta   *source.Commit // that commit without its message, shared by its blobs (nil: read by index)
}

// pool holds the distinct blobs a walk adds and scans them through scanner.Run: it is the
// source.Source of a history scan, each item a blob at the first path and commit it was
// seen at. It hands the blobs over in batches of heldBatch while the walk goes on, each
// read in pack order so that delta bases stay in the caches: memory holds a few batches,
// however long the history.
type pool struct {
	s            *scan
	seen         *objSet // every blob queued (a bit each, see objset.go)
	held         []blobJob
	batches      chan []blobJob // to Items, once the run started
	ran          chan error     // the run's result
	problems     []*source.Problem
	scannedCount int
	readers      *readers
	index        source.Tree // the files of the index, for a --staged scan

	// Filled by close, from the scanning goroutines one at a time.
	found      map[plumbing.Hash][]scanner.Finding
	at         map[plumbing.Hash]place      // where each found blob was scanned
	elsewhere  map[placed][]scanner.Finding // found blobs scanned again at another place
	unreadable map[plumbing.Hash]bool
	mu         sync.Mutex
	lfs        []string // the paths of blobs that are Git LFS pointers
}

// lfsPointer starts a Git LFS pointer file.
var lfsPointer = []byte("version https://git-lfs.github.com/spec/v1")

func newPool(s *scan) *pool {
	return &pool{s: s, seen: newObjSet(s.packs), readers: newReaders(s.lay, s.packs),
		found: map[plumbing.Hash][]scanner.Finding{}, unreadable: map[plumbing.Hash]bool{},
		at: map[plumbing.Hash]place{}, elsewhere: map[placed][]scanner.Finding{}}
}

// add queues a blob unless it was seen already or an earlier run scanned it.
func (p *pool) add(j blobJob) {
	if !p.seen.add(j.hash) {
		return
	}
	if p.s.opt.Known != nil && p.s.opt.Known(j.hash) {
		return
	}
	p.scannedCount++
	p.held = append(p.held, j)
	if len(p.held) >= heldBatch {
		p.hand()
	}
}

// heldBatch is how many blobs the pool holds before it hands them to the scan.
const heldBatch = 16 << 10

// hand passes the held blobs to the scan, which starts on first use.
func (p *pool) hand() {
	if p.batches == nil {
		p.start()
	}
	select {
	case p.batches <- p.held:
	case <-p.s.ctx.Done():
	}
	p.held = nil
}

// start runs the scan of the blobs on its own goroutines. The sink's problems wait for
// close, so that Options.Problem hears from Scan's goroutine only.
func (p *pool) start() {
	p.batches, p.ran = make(chan []blobJob, 1), make(chan error, 1)
	sink := scanner.Sink{
		Finding: func(f scanner.Finding) {
			h := plumbing.NewHash(f.Location.Blob)
			if _, ok := p.at[h]; !ok {
				p.at[h] = placeOf(f.Location)
			}
			p.found[h] = append(p.found[h], f)
		},
		Problem: func(pr *source.Problem) {
			if pr.Blob != "" {
				p.unreadable[plumbing.NewHash(pr.Blob)] = true
			}
			p.problems = append(p.problems, pr)
		},
	}
	go func() { p.ran <- p.s.sc.Run(p.s.ctx, p, p.s.opt.Workers, sink, &p.s.stats.Stats) }()
}

// Items yields the blobs handed over, each batch in the order its blobs lie in the pack files when there are any.
func (p *pool) Items(ctx context.Context, yield func(source.Item) error) error {
	for batch := range p.batches {
		if err := p.yieldBatch(ctx, batch, yield); err != nil {
			return err
		}
	}
	return nil
}

func (p *pool) yieldBatch(ctx context.Context, held []blobJob, yield func(source.Item) error) error {
	if p.s.packs != nil {
		type keyed struct {
			pack int
			off  int64
			j    blobJob
		}
		ks := make([]keyed, len(held))
		for i, j := range held {
			pack, off := p.s.packs.locate(j.hash)
			ks[i] = keyed{pack, off, j}
		}
		sort.Slice(ks, func(a, b int) bool {
			if ks[a].pack != ks[b].pack {
				return ks[a].pack < ks[b].pack
			}
			return ks[a].off < ks[b].off
		})
		for i := range ks {
			held[i] = ks[i].j
		}
	}
	for _, j := range held {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := yield(p.item(j)); err != nil {
			return err
		}
	}
	return nil
}

// item is the scanner's view of one blob.
func (p *pool) item(j blobJob) source.Item {
	loc := source.Location{Path: j.path, Blob: j.hash.String()}
	switch {
	case j.commit >= 0:
		if j.meta != nil {
			c := *j.meta
			loc.Commit = &c
		} else {
			loc.Commit = p.s.meta(j.commit, false)
		}
		if !j.root.IsZero() {
			loc.Tree = &treeFiles{readers: p.readers, root: j.root}
		}
	case p.index != nil:
		loc.Tree = p.index
	}
	return source.Item{Location: loc, Size: -1, NamesScanned: true, Open: func() (io.ReadCloser, error) { return p.open(j) }}
}

// open reads one blob, whole when it is in a pack, streamed through go-git otherwise.
func (p *pool) open(j blobJob) (io.ReadCloser, error) {
	data, rc, err := p.readers.blob(j.hash)
	if err != nil {
		return nil, blobError(j.hash, err)
	}
	if rc != nil {
		return rc, nil
	}
	if len(data) <= 1024 && bytes.HasPrefix(data, lfsPointer) {
		p.mu.Lock()
		p.lfs = append(p.lfs, j.path)
		p.mu.Unlock()
	}
	return blobBytes(data), nil
}

// close scans the blobs still held, waits for the scan and reports its troubles.
func (p *pool) close() {
	if len(p.held) > 0 {
		p.hand()
	}
	if p.batches == nil {
		return
	}
	close(p.batches)
	err := <-p.ran
	for _, pr := range p.problems {
		p.s.problem(pr.Path, pr.Err)
	}
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		p.s.problem(p.s.lay.GitDir, err)
	}
	for _, path := range p.lfs {
		p.s.noteOnce(path, errors.New("Git LFS pointer: the file's content is stored outside the repository and was not scanned"))
	}
}

// report hands every blob scanned to Options.Scanned, with whether it held findings.
func (p *pool) report() {
	if p.s.opt.Scanned == nil || p.s.ctx.Err() != nil {
		return
	}
	p.seen.each(func(h plumbing.Hash) {
		if p.unreadable[h] || (p.s.opt.Known != nil && p.s.opt.Known(h)) {
			return
		}
		p.s.opt.Scanned(h, len(p.found[h]) > 0)
	})
}

// findings returns the findings of a blob, scanning it now, at path, if the walk did not.
func (p *pool) findings(h plumbing.Hash, path string) []scanner.Finding {
	if fs, ok := p.found[h]; ok || p.seen.has(h) {
		return fs
	}
	p.seen.add(h)
	fs, err := p.s.sc.Scan(p.s.ctx, p.item(blobJob{hash: h, path: path, commit: -1}))
	if err != nil {
		p.unreadable[h] = true
		if p.s.ctx.Err() == nil {
			p.s.problem(path, err)
		}
	}
	p.found[h] = fs
	return fs
}

// place is where a blob was scanned: its path and commit ("" for the index).
type place struct{ path, commit string }

// placed is a blob at a place.
type placed struct {
	blob plumbing.Hash
	place
}

func placeOf(loc source.Location) place {
	pl := place{path: loc.Path}
	if loc.Commit != nil {
		pl.commit = loc.Commit.SHA
	}
	return pl
}

// findingsAt returns the findings of a found blob as the file at path in commit idx: the
// checks decide by the path and by the files beside it (a bundle's source map, a .env file's
// name), so a blob the scan read at another path or commit (a copy, a revert) is scanned
// again there. A blob with no findings where it was scanned is not.
func (p *pool) findingsAt(h plumbing.Hash, path string, idx int32) []scanner.Finding {
	fs := p.found[h]
	if len(fs) == 0 {
		return fs
	}
	sha := p.s.commitHash(idx)
	pl := place{path: path, commit: sha.String()}
	if p.at[h] == pl {
		return fs
	}
	k := placed{h, pl}
	if got, ok := p.elsewhere[k]; ok {
		return got
	}
	j := blobJob{hash: h, path: path, commit: idx}
	if c, err := p.s.commit(sha); err == nil {
		j.root = c.TreeHash
	}
	got, err := p.s.sc.Scan(p.s.ctx, p.item(j))
	if err != nil {
		got = fs // read once already: keep what that scan found
	}
	p.elsewhere[k] = got
	return got
}
