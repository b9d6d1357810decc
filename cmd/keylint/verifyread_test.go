package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keylint/keylint/internal/controlfile"
)

// TestReadBounded checks that a file a report names is read only when it is a regular
// file within the cap: a FIFO in its place is refused at once rather than waited on.
func TestReadBounded(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.txt")
	os.WriteFile(small, []byte("hello\n"), 0o644)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxVerifyInput + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name string
		path string
		want string
		is   error
	}{
		{name: "regular file", path: small, want: "hello\n"},
		{name: "fifo", path: fifo, is: controlfile.ErrNotRegular},
		{name: "over the cap", path: big},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan struct{})
			var got []byte
			var err error
			go func() { got, err = readBounded(tc.path); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("readBounded blocked")
			}
			switch {
			case tc.want != "":
				if err != nil || string(got) != tc.want {
					t.Errorf("read %q, %v; want %q", got, err, tc.want)
				}
			case tc.is != nil:
				if !errors.Is(err, tc.is) {
					t.Errorf("error %v, want %v", err, tc.is)
				}
			default:
				if _, ok := errors.AsType[*controlfile.TooLargeError](err); !ok {
					t.Errorf("error %v, want a size error", err)
				}
			}
		})
	}
}

func TestReadAtMost(t *testing.T) {
	if got, err := readAtMost(strings.NewReader("abcd"), 4); err != nil || string(got) != "abcd" {
		t.Errorf("at the cap: %q, %v", got, err)
	}
	if _, err := readAtMost(bytes.NewReader(make([]byte, 5)), 4); err == nil || err.Error() != "larger than 4 bytes" {
		t.Errorf("over the cap: %v, want \"larger than 4 bytes\"", err)
	}
}
