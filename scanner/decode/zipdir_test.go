package decode

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// manyZip is a zip of n entries: folders named d0/, d1/, … (every other entry) and files f1, f3, …
// holding their names, then a last file "last".
func manyZip(t testing.TB, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i := range n {
		name := fmt.Sprintf("d%d/", i)
		if i%2 == 1 {
			name = fmt.Sprintf("f%d", i)
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			fw.Write([]byte(name))
		}
	}
	fw, _ := w.Create("last")
	fw.Write([]byte("last"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestZipDirectoryBound checks that only lim.MaxMembers*dirEntryFactor directory entries
// are given to archive/zip, in plain and zip64 archives, and that smaller ones are whole.
func TestZipDirectoryBound(t *testing.T) {
	for _, tc := range []struct {
		name      string
		entries   int
		members   int // MaxMembers
		wantRead  int
		wantLast  bool
		wantCut   bool
		wantLimit bool
	}{
		{name: "under the bound: read whole", entries: 15, members: 10, wantRead: 8, wantLast: true},
		{name: "over the bound: the first 20 entries", entries: 100, members: 10, wantRead: 10, wantCut: true},
		{name: "zip64 (70,000 entries): the first 20,000", entries: 70000, members: 10000, wantRead: 10000, wantCut: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			z := manyZip(t, tc.entries)
			if tc.entries >= 0xffff && !bytes.Contains(z, []byte("PK\x06\x06")) {
				t.Fatal("want a zip64 archive")
			}
			lim := DefaultLimits()
			lim.MaxMembers = tc.members
			read, last := 0, false
			err := ZipMembers(bytes.NewReader(z), int64(len(z)), lim, nil, func(m Member) error {
				rc, err := m.Open()
				if err != nil {
					return err
				}
				data, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || string(data) != m.Name {
					t.Fatalf("member %s: %q, %v", m.Name, data, err)
				}
				read++
				last = last || m.Name == "last"
				return nil
			})
			if diff := cmp.Diff([]any{tc.wantRead, tc.wantLast}, []any{read, last}); diff != "" {
				t.Errorf("members read, last read (-want +got):\n%s", diff)
			}
			if tc.wantCut && !errors.Is(err, ErrLimit) || !tc.wantCut && err != nil {
				t.Errorf("error %v; want a limit: %v", err, tc.wantCut)
			}
		})
	}
}

// TestZipDirectoryMemory checks that a directory of 100,000 entries costs what its bound
// does: archive/zip alone allocates about 250 bytes an entry, 25 MB here, before the first
// member is read.
func TestZipDirectoryMemory(t *testing.T) {
	z := manyZip(t, 100000)
	lim := DefaultLimits()
	lim.MaxMembers = 100
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := ZipMembers(bytes.NewReader(z), int64(len(z)), lim, nil, func(m Member) error { return nil })
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrLimit) {
		t.Errorf("error %v, want the member limit", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<20 {
		t.Errorf("reading the members of a %d-byte zip allocated %d bytes; want the directory cut to 200 entries", len(z), alloc)
	}
}

// TestZipDirectoryCutMessage checks the note when folders fill the directory's bound.
func TestZipDirectoryCutMessage(t *testing.T) {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i := range 30 {
		w.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("d%d/", i)})
	}
	fw, _ := w.Create("key.txt")
	fw.Write([]byte("k"))
	w.Close()
	lim := DefaultLimits()
	lim.MaxMembers = 5
	got, err := readMembers(b.Bytes(), lim)
	if len(got) != 0 || err == nil || !strings.Contains(err.Error(), "zip directory lists more than 10 entries; only the first 10 were read") {
		t.Errorf("members %v, error %v; want none and the directory cut", got, err)
	}
}
