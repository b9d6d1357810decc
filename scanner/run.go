package scanner

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/keylint/keylint/scanner/source"
)

// Stats counts a run's progress; it is safe to read while the run goes on.
type Stats struct {
	Items    atomic.Int64
	Bytes    atomic.Int64
	Findings atomic.Int64
}

// Sink receives a run's results; the run calls its functions from one goroutine at a time.
type Sink struct {
	// Finding receives each finding.
	Finding func(Finding)
	// Problem receives each trouble with one item; the run goes on.
	Problem func(*source.Problem)
}

// itemsAhead is how many items a source may yield ahead of the workers: a walk of many small
// files then runs in bursts when it gets a processor, rather than one item at a time while
// the workers wait for it.
const itemsAhead = 1024

// Run scans every item of src with workers goroutines and returns the source's error, if any.
func (s *Scanner) Run(ctx context.Context, src source.Source, workers int, sink Sink, stats *Stats) error {
	if workers < 1 {
		workers = 1
	}
	if stats == nil {
		stats = &Stats{}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan source.Item, itemsAhead)
	var mu sync.Mutex
	names := NameSeen{} // under mu
	stopped := false    // set when the run gives up on blocked workers; the sink then hears nothing more
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				if ctx.Err() != nil {
					continue // the run is over: what was yielded ahead is left unread
				}
				fs, err := s.scanCounted(ctx, it, &stats.Bytes)
				stats.Items.Add(1)
				stats.Findings.Add(int64(len(fs)))
				var named []Finding
				if !it.NamesScanned {
					named = s.NameFindings(it.Location) // outside the lock: it searches the path
				}
				mu.Lock()
				if stopped {
					mu.Unlock()
					continue
				}
				for _, f := range append(named, fs...) {
					if names.Fresh(&f) {
						sink.Finding(f)
					}
				}
				if err != nil && !errors.Is(err, context.Canceled) && sink.Problem != nil {
					sink.Problem(&source.Problem{Path: it.Location.Display(), Err: err, Blob: it.Location.Blob})
				}
				mu.Unlock()
			}
		}()
	}
	err := src.Items(ctx, func(it source.Item) error {
		select {
		case items <- it: // most items: a send that does not wait costs less than the select below
			return nil
		default:
		}
		select {
		case items <- it:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(items)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		// A worker may be blocked in a read that cannot be cancelled (a pipe that
		// never ends); give it a moment, then return without it.
		select {
		case <-done:
		case <-time.After(100 * time.Millisecond):
			mu.Lock()
			stopped = true
			mu.Unlock()
			return ctx.Err()
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// countedOpen returns open with the bytes read from what it opens added to n. It is made
// only when an item is read again (for the checks), so that the first read costs no closure.
func countedOpen(open func() (io.ReadCloser, error), n *atomic.Int64) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		rc, err := open()
		if err != nil {
			return nil, err
		}
		return &countedReadCloser{ReadCloser: rc, n: n}, nil
	}
}

// countedReadCloser adds the bytes read through it to a counter.
type countedReadCloser struct {
	io.ReadCloser
	n *atomic.Int64
}

// Unwrap returns the reader counted, so that the scanner can find a file's ReadAt.
func (c *countedReadCloser) Unwrap() io.ReadCloser { return c.ReadCloser }

func (c *countedReadCloser) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}
