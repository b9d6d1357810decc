package history

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"
)

// TestSpillLog writes more than spillBytes, so part of the log lies in a temporary file,
// and reads it back whole and piecewise.
func TestSpillLog(t *testing.T) {
	var l spillLog
	defer l.close()
	var want bytes.Buffer
	for i := 0; want.Len() < 2*spillBytes+1000; i++ {
		rec := fmt.Appendf(nil, "record %d %s\n", i, bytes.Repeat([]byte{'x'}, i%300))
		l.append(rec)
		want.Write(rec)
	}
	if l.f == nil {
		t.Fatal("nothing was spilled to a file")
	}
	got, err := io.ReadAll(l.reader())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("read back %d bytes, want %d equal ones", len(got), want.Len())
	}
	for _, off := range []int64{0, 17, l.size - 5, l.size, l.len() - 9} {
		b := make([]byte, 9)
		if err := l.readAt(b, off); err != nil {
			t.Fatalf("readAt %d: %v", off, err)
		}
		if !bytes.Equal(b, want.Bytes()[off:off+9]) {
			t.Errorf("readAt %d = %q, want %q", off, b, want.Bytes()[off:off+9])
		}
	}
	if err := l.readAt(make([]byte, 10), l.len()-9); err == nil {
		t.Error("a read past the end succeeded")
	}
}

// TestChangeRecords writes a walk's changes to the log, past spillBytes, and reads them back.
func TestChangeRecords(t *testing.T) {
	s := &scan{}
	defer s.changeLog.close()
	defer s.commitLog.close()
	var want []change
	for i := range 60000 {
		ch := change{commit: int32(i / 3), deleted: i%7 == 0, path: fmt.Sprintf("dir%d/file%d.go", i%13, i), blob: plumbing.Hash{byte(i), byte(i >> 8), 1}}
		for k := range i % 3 {
			ch.old = append(ch.old, plumbing.Hash{byte(k), 2})
		}
		want = append(want, ch)
	}
	for i := 0; i < len(want); i += 3 {
		if idx := s.addCommit(plumbing.Hash{byte(i / 3), byte(i >> 11), 3}); idx != int32(i/3) {
			t.Fatalf("commit %d got index %d", i/3, idx)
		}
		s.record(want[i:min(i+3, len(want))])
	}
	var got []change
	for ch := range s.changes(nil) {
		got = append(got, ch)
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(change{})); diff != "" {
		t.Errorf("changes read back (-want +got):\n%s", diff)
	}
	for _, idx := range []int32{0, 1, 9999, 19999} {
		if h, w := s.commitHash(idx), (plumbing.Hash{byte(idx), byte(3 * idx >> 11), 3}); h != w {
			t.Errorf("commit %d = %s, want %s", idx, h, w)
		}
	}
}
