package scanner_test

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// sizedBytes is an item's bytes read in place (as a blob held whole or a file on disk is)
// with the size its source claimed, which may be out of date.
type sizedBytes struct {
	*bytes.Reader
	claimed int64
}

func (s sizedBytes) Size() int64  { return s.claimed }
func (s sizedBytes) Close() error { return nil }

// TestSmallBufferAgreesWithWhole scans items whose known size picks the small buffer:
// one that fits it, and ones that grew past it after their size was taken, which are then
// read in chunks of the small buffer. Each must give the findings of the whole text.
func TestSmallBufferAgreesWithWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	var b strings.Builder
	for b.Len() < 300<<10 {
		switch r.IntN(4) {
		case 0:
			b.WriteString("line " + key(r) + "\n")
		case 1:
			b.WriteString(key(r)) // no newline: lines get long and keys cross chunk ends
		default:
			b.WriteString(strings.Repeat("x", r.IntN(300)) + "\n")
		}
	}
	text := []byte(b.String())
	s := newScanner(t, scanner.Options{})
	for _, tc := range []struct {
		name    string
		text    []byte
		claimed int64
	}{
		{name: "fits the small buffer", text: text[:20<<10], claimed: 20 << 10},
		{name: "grew from 10 bytes to 300 kB", text: text, claimed: 10},
		{name: "grew from 31 kB to 300 kB", text: text, claimed: 31 << 10},
		{name: "size unknown", text: text, claimed: -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := s.ScanBytes(source.Location{Path: "f"}, tc.text)
			if len(whole) == 0 {
				t.Fatal("no keys in the text")
			}
			it := source.Item{Location: source.Location{Path: "f"}, Size: tc.claimed, Open: func() (io.ReadCloser, error) {
				return sizedBytes{Reader: bytes.NewReader(tc.text), claimed: tc.claimed}, nil
			}}
			got, err := s.Scan(context.Background(), it)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(positions(whole), positions(got)); diff != "" {
				t.Errorf("(-whole +scanned)\n%s", diff)
			}
		})
	}
}

// BenchmarkFirstSmallItem scans one 2 kB item of known size with a new scanner each time:
// the cost of a short run (a --staged scan of a few blobs), buffer included.
func BenchmarkFirstSmallItem(b *testing.B) {
	set := newScanner(b, scanner.Options{}).Rules()
	text := bytes.Repeat([]byte("const x = 1 // nothing here\n"), 73)
	it := source.Item{Location: source.Location{Path: "f.go"}, Size: int64(len(text)), Open: func() (io.ReadCloser, error) {
		return sizedBytes{Reader: bytes.NewReader(text), claimed: int64(len(text))}, nil
	}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scanner.New(set, scanner.Options{}).Scan(context.Background(), it); err != nil {
			b.Fatal(err)
		}
	}
}
