package scanner_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// gate is an item's bytes that stop, past the first quarter, until released, counting the
// items that got so far: those are being held in memory.
type gate struct {
	r       io.Reader
	n       int
	past    *atomic.Int32
	release chan struct{}
	once    sync.Once
}

func (g *gate) Read(p []byte) (int, error) {
	if g.n > 256<<10 {
		g.once.Do(func() { g.past.Add(1); <-g.release })
	}
	n, err := g.r.Read(p[:min(len(p), 32<<10)])
	g.n += n
	return n, err
}

func (g *gate) Close() error { return nil }

// items is a source of gzip-compressed zips, each of 1 MiB that does not compress.
type items struct {
	data    []byte
	past    *atomic.Int32
	release chan struct{}
	n       int
}

func (s items) Items(ctx context.Context, yield func(source.Item) error) error {
	for range s.n {
		it := source.Item{Location: source.Location{Path: "z.zip.gz"}, Size: -1, Open: func() (io.ReadCloser, error) {
			return &gate{r: bytes.NewReader(s.data), past: s.past, release: s.release}, nil
		}}
		if err := yield(it); err != nil {
			return err
		}
	}
	return nil
}

// TestZipsInMemoryAcrossWorkers checks that no more than ZipsInMemory items hold zips in
// memory at once, whatever the number of workers.
func TestZipsInMemoryAcrossWorkers(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	noise := make([]byte, 1<<20)
	for i := range noise {
		noise[i] = byte(r.IntN(256))
	}
	var zb bytes.Buffer
	w := zip.NewWriter(&zb)
	fw, _ := w.CreateHeader(&zip.FileHeader{Name: "noise.bin", Method: zip.Store})
	fw.Write(noise)
	w.Close()
	var gz bytes.Buffer
	g, _ := gzip.NewWriterLevel(&gz, gzip.NoCompression)
	g.Write(zb.Bytes())
	g.Close()

	var past atomic.Int32
	release := make(chan struct{})
	sc := newScanner(t, scanner.Options{ZipsInMemory: 2})
	done := make(chan error, 1)
	go func() {
		done <- sc.Run(context.Background(), items{data: gz.Bytes(), past: &past, release: release, n: 6}, 6, scanner.Sink{
			Finding: func(scanner.Finding) {}, Problem: func(p *source.Problem) { t.Errorf("problem: %v", p) }}, nil)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for past.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // time for a third item to get past, if it could
	if got := past.Load(); got != 2 {
		t.Errorf("%d items held zips in memory at once, want 2", got)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := past.Load(); got != 6 {
		t.Errorf("%d items read, want 6", got)
	}
}
