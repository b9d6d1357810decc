package controlfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// TestReadSized reads files whose size changed between the stat and the read.
func TestReadSized(t *testing.T) {
	for _, tc := range []struct {
		name        string
		content     string
		size, limit int64
		want        string
		tooLarge    bool
	}{
		{name: "the size said", content: "0123456789", size: 10, limit: 100, want: "0123456789"},
		{name: "grew after the stat", content: strings.Repeat("x", 50), size: 3, limit: 100, want: strings.Repeat("x", 50)},
		{name: "shrank after the stat", content: "abc", size: 10, limit: 100, want: "abc"},
		{name: "empty", content: "", size: 0, limit: 100, want: ""},
		{name: "grew past the cap", content: strings.Repeat("x", 50), size: 3, limit: 20, tooLarge: true},
		{name: "at the cap", content: strings.Repeat("x", 20), size: 20, limit: 20, want: strings.Repeat("x", 20)},
		{name: "one past the cap", content: strings.Repeat("x", 21), size: 5, limit: 20, tooLarge: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// One byte a read: every growth step and the cap check are exercised.
			got, err := readSized(iotest.OneByteReader(strings.NewReader(tc.content)), tc.size, tc.limit)
			var e *TooLargeError
			if tc.tooLarge {
				if !errors.As(err, &e) || e.Size != tc.limit+1 {
					t.Fatalf("got %d bytes, %v; want a TooLargeError of size %d", len(got), err, tc.limit+1)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// BenchmarkReadIndexSized reads a 1 MB file, the size of a 10,000-file repository's git index.
func BenchmarkReadIndexSized(b *testing.B) {
	file := filepath.Join(b.TempDir(), "index")
	if err := os.WriteFile(file, make([]byte, 1<<20), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(1 << 20)
	for b.Loop() {
		if _, err := Read(file, Options{Limit: 512 << 20}); err != nil {
			b.Fatal(err)
		}
	}
}
