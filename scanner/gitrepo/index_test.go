package gitrepo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/controlfile"
)

// TestReadIndex compares readRaw with go-git's decoder on indexes git writes in every format.
func TestReadIndex(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not on PATH")
	}
	for _, version := range []string{"2", "3", "4"} {
		t.Run("v"+version, func(t *testing.T) {
			dir := t.TempDir()
			git := func(args ...string) {
				t.Helper()
				cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=a", "-c", "user.email=a@b", "-c", "gc.auto=0"}, args...)...)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			git("init", "-q")
			for _, p := range []string{"a.txt", "dir/b.txt", "dir/sub/c.txt", "dir/sub/cc.txt", "dir/sub/a-very-long-name-indeed.txt", "z.txt"} {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, p), []byte(p), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			git("add", "-A")
			git("commit", "-q", "-m", "one")
			git("update-index", "--index-version", version)
			if err := os.WriteFile(filepath.Join(dir, "dir/new.txt"), []byte("n"), 0o644); err != nil {
				t.Fatal(err)
			}
			git("add", "-N", "dir/new.txt")

			entries, tree, exists, ok, err := readRaw(filepath.Join(dir, ".git", "index"))
			if !exists || !ok || err != nil {
				t.Fatalf("readRaw: exists %v ok %v err %v", exists, ok, err)
			}
			f, err := os.Open(filepath.Join(dir, ".git", "index"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var idx index.Index
			if err := index.NewDecoder(f).Decode(&idx); err != nil {
				t.Fatal(err)
			}
			var want []IndexEntry
			for _, e := range idx.Entries {
				want = append(want, IndexEntry{Name: e.Name, Hash: e.Hash, Mode: e.Mode, Stage: int(e.Stage)})
			}
			if diff := cmp.Diff(want, entries); diff != "" {
				t.Errorf("entries (-go-git +readRaw):\n%s", diff)
			}
			// dir/ was invalidated by the new entry; the root too; dir/sub is intact.
			if !CacheTreeIntact(tree) {
				t.Errorf("cached tree shape does not add up: %+v", tree)
			}
		})
	}
}

// TestReadIndexHostile feeds readRaw headers whose counts the file cannot hold, and
// files that are not regular: none may size an allocation or block.
func TestReadIndexHostile(t *testing.T) {
	header := func(version, count uint32, rest int) []byte {
		b := []byte("DIRC")
		b = binary.BigEndian.AppendUint32(b, version)
		b = binary.BigEndian.AppendUint32(b, count)
		return append(b, make([]byte, rest)...)
	}
	for _, tc := range []struct {
		name   string
		setup  func(t *testing.T, index string)
		exists bool
		err    error
	}{
		{name: "0xFFFFFFFF entries in 32 bytes", exists: true, setup: func(t *testing.T, index string) {
			os.WriteFile(index, header(2, 0xFFFFFFFF, 20), 0o644)
		}},
		{name: "0xFFFFFFFF entries, version 4", exists: true, setup: func(t *testing.T, index string) {
			os.WriteFile(index, header(4, 0xFFFFFFFF, 200), 0o644)
		}},
		{name: "a million entries in one entry's room", exists: true, setup: func(t *testing.T, index string) {
			os.WriteFile(index, header(2, 1_000_000, 64+20), 0o644)
		}},
		{name: "a FIFO", exists: true, err: controlfile.ErrNotRegular, setup: func(t *testing.T, index string) {
			if err := syscall.Mkfifo(index, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}},
		{name: "a link to /dev/zero", exists: true, err: controlfile.ErrNotRegular, setup: func(t *testing.T, index string) {
			os.Symlink("/dev/zero", index)
		}},
		{name: "missing", setup: func(t *testing.T, index string) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, filepath.Join(dir, "index"))
			entries, _, exists, _, err := readRaw(filepath.Join(dir, "index"))
			if exists != tc.exists || !errors.Is(err, tc.err) || len(entries) != 0 {
				t.Errorf("readRaw: %d entries, exists %v, err %v; want none, exists %v, err %v", len(entries), exists, err, tc.exists, tc.err)
			}
		})
	}
}

// BenchmarkReadIndex reads the index of a 10,000-file repository (written by git from
// --index-info, all files pointing at one blob).
func BenchmarkReadIndex(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git not on PATH")
	}
	dir := b.TempDir()
	if out, err := exec.Command("git", "-C", dir, "init", "-q").CombinedOutput(); err != nil {
		b.Fatalf("git init: %v\n%s", err, out)
	}
	var info strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&info, "100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\tpkg%02d/sub%02d/file%05d.go\n", i/1000, i/100%10, i)
	}
	cmd := exec.Command("git", "-C", dir, "update-index", "--add", "--index-info")
	cmd.Stdin = strings.NewReader(info.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("git update-index: %v\n%s", err, out)
	}
	file := filepath.Join(dir, ".git", "index")
	for b.Loop() {
		idx, err := ReadIndex(file)
		if err != nil || len(idx.Entries) != 10000 {
			b.Fatalf("%d entries, %v", len(idx.Entries), err)
		}
	}
}
