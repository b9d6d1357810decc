package baseline_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/keylint/keylint/scanner/baseline"
)

// TestLoadRefuses checks that a baseline that is too large, a FIFO or a device is refused
// at once, without reading it.
func TestLoadRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, p string)
		want  string
	}{
		{name: "over the size cap (sparse)", want: "over the 33554432-byte limit", setup: func(t *testing.T, p string) {
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			f.Truncate(baseline.MaxSize + 1)
			f.Close()
		}},
		{name: "a FIFO", want: "not a regular file", setup: func(t *testing.T, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}},
		{name: "a link to /dev/zero", want: "not a regular file", setup: func(t *testing.T, p string) {
			os.Symlink("/dev/zero", p)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "b.json")
			tc.setup(t, p)
			_, err := baseline.Load(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// TestReadBytes checks that Read returns the bytes it parsed, for comparing versions
// without a second read, and the same errors as Load.
func TestReadBytes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "b.json")
	text := "{\"version\": 1, \"findings\": []}\n"
	os.WriteFile(p, []byte(text), 0o644)
	b, data, err := baseline.Read(p)
	if err != nil || b == nil || string(data) != text {
		t.Errorf("Read = %v, %q, %v; want the file and its bytes", b, data, err)
	}
	os.WriteFile(p, []byte("not json"), 0o644)
	if _, _, err := baseline.Read(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("Read of a bad file: %v, want an error naming it", err)
	}
}
