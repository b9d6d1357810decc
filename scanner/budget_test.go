package scanner_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/decode"
)

type member struct {
	name string
	data []byte
}

func zipOf(t *testing.T, ms ...member) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, m := range ms {
		fw, err := w.Create(m.name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(m.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func tarOf(t *testing.T, ms ...member) []byte {
	t.Helper()
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, m := range ms {
		if err := w.WriteHeader(&tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gzipOf(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// TestItemBudget checks that one budget bounds every decompressed byte of an item, nested
// decoders included, and that a zip member may use only its quarter of it.
func TestItemBudget(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 1))
	k := key(r)
	keyFile := []byte("const k = \"" + k + "\";\n")
	filler := func(n int) []byte { return bytes.Repeat([]byte("x"), n) }
	lim := decode.Limits{MaxDepth: 3, MaxExpanded: 4000, MaxMembers: 100, MaxBuffer: 1 << 20} // a member: 1000
	for _, tc := range []struct {
		name      string
		data      []byte
		wantKeys  []string // members where the key is found
		wantLimit bool
	}{
		{name: "a member over its quarter leaves the next scanned",
			data:     zipOf(t, member{"big.txt", filler(2000)}, member{"app.js", keyFile}),
			wantKeys: []string{"app.js"}, wantLimit: true},
		{name: "members within their quarters, the item's budget spent: the rest is left",
			data:      zipOf(t, member{"a.txt", filler(990)}, member{"b.txt", filler(990)}, member{"c.txt", filler(990)}, member{"d.txt", filler(990)}, member{"e.txt", filler(990)}, member{"app.js", keyFile}),
			wantLimit: true},
		{name: "a gzip inside a member draws from the member's part",
			data:     zipOf(t, member{"inner.gz", gzipOf(t, filler(1500))}, member{"app.js", keyFile}),
			wantKeys: []string{"app.js"}, wantLimit: true},
		{name: "a gzip inside a member within its part",
			data:     zipOf(t, member{"app.js.gz", gzipOf(t, keyFile)}),
			wantKeys: []string{"app.js.gz!app.js"}},
		{name: "a tar.gz: every member's bytes come out of the gzip, from the one budget",
			data:      gzipOf(t, tarOf(t, member{"a.txt", filler(5000)}, member{"app.js", keyFile})),
			wantLimit: true},
		{name: "a tar.gz within the budget",
			data:     gzipOf(t, tarOf(t, member{"a.txt", filler(1000)}, member{"app.js", keyFile})),
			wantKeys: []string{"app.js"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScanner(t, scanner.Options{Limits: lim})
			fs, err := sc.Scan(context.Background(), item("release.bin", tc.data))
			var got []string
			for _, f := range fs {
				got = append(got, f.Location.Member)
			}
			if diff := cmp.Diff(tc.wantKeys, got); diff != "" {
				t.Errorf("keys found in (-want +got):\n%s", diff)
			}
			if limited := errors.Is(err, decode.ErrLimit); limited != tc.wantLimit {
				t.Errorf("error %v; want a limit: %v", err, tc.wantLimit)
			}
		})
	}
}
