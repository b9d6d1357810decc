package controlfile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/controlfile"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("*.log\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink(file, filepath.Join(dir, "link"))
	os.Symlink("/dev/zero", filepath.Join(dir, "zero"))
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	os.Mkdir(filepath.Join(dir, "dir"), 0o755)
	tooLarge := func(err error) bool {
		var e *controlfile.TooLargeError
		return errors.As(err, &e)
	}
	for _, tc := range []struct {
		name string
		path string
		opt  controlfile.Options
		want string
		is   func(error) bool
	}{
		{name: "regular file", path: "file", opt: controlfile.Options{Limit: 100}, want: "*.log\n"},
		{name: "missing", path: "gone", opt: controlfile.Options{Limit: 100}, is: func(err error) bool { return errors.Is(err, fs.ErrNotExist) }},
		{name: "over the cap", path: "file", opt: controlfile.Options{Limit: 3}, is: tooLarge},
		{name: "fifo never blocks", path: "fifo", opt: controlfile.Options{Limit: 100, Follow: true}, is: isErr(controlfile.ErrNotRegular)},
		{name: "folder", path: "dir", opt: controlfile.Options{Limit: 100}, is: isErr(controlfile.ErrNotRegular)},
		{name: "link not followed", path: "link", opt: controlfile.Options{Limit: 100}, is: isErr(controlfile.ErrSymlink)},
		{name: "link followed", path: "link", opt: controlfile.Options{Limit: 100, Follow: true}, want: "*.log\n"},
		{name: "link to a device, followed", path: "zero", opt: controlfile.Options{Limit: 100, Follow: true}, is: isErr(controlfile.ErrNotRegular)},
		{name: "link to a device, not followed", path: "zero", opt: controlfile.Options{Limit: 100}, is: isErr(controlfile.ErrSymlink)},
	} {
		for _, via := range []string{"Read", "Open"} {
			t.Run(via+" "+tc.name, func(t *testing.T) {
				done := make(chan struct{})
				var got []byte
				var err error
				go func() {
					defer close(done)
					if via == "Read" {
						got, err = controlfile.Read(filepath.Join(dir, tc.path), tc.opt)
						return
					}
					var f *os.File
					if f, err = controlfile.Open(filepath.Join(dir, tc.path), tc.opt); err == nil {
						got, err = io.ReadAll(f)
						f.Close()
					}
				}()
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					t.Fatal("Read blocked")
				}
				if tc.is != nil {
					if !tc.is(err) {
						t.Errorf("error %v is not the one wanted", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, string(got)); diff != "" {
					t.Errorf("content (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func isErr(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func TestReadAtMost(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		limit    int64
		want     string
		wantSize int64 // of the *TooLargeError; 0 for none
	}{
		{name: "under", in: "abc", limit: 4, want: "abc"},
		{name: "at the cap", in: "abcd", limit: 4, want: "abcd"},
		{name: "over: one byte past is read, no more", in: "abcdefgh", limit: 4, wantSize: 5},
		{name: "nothing allowed", in: "a", limit: 0, wantSize: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := controlfile.ReadAtMost(strings.NewReader(tc.in), tc.limit)
			var size int64
			if e, ok := errors.AsType[*controlfile.TooLargeError](err); ok {
				size = e.Size
			} else if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]any{tc.want, tc.wantSize}, []any{string(got), size}); diff != "" {
				t.Errorf("data, size error (-want +got):\n%s", diff)
			}
		})
	}
}
