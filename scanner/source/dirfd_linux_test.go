package source_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/source"
)

// openFDs counts the process's open descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(es)
}

// foldersTree makes dirs folders of files files each, every file holding its own path.
func foldersTree(t *testing.T, dirs, files int) (string, map[string]string) {
	t.Helper()
	want := map[string]string{}
	for d := range dirs {
		for f := range files {
			p := fmt.Sprintf("d%03d/sub/f%d.txt", d, f)
			want[p] = p + "\n"
		}
	}
	return tree(t, want), want
}

// walkItems walks root and returns its items, none of them opened, by path relative to root.
func walkItems(t *testing.T, root string) map[string]source.Item {
	t.Helper()
	items := map[string]source.Item{}
	err := (&source.Files{Paths: []string{root}, Walkers: 4}).Items(context.Background(), func(it source.Item) error {
		rel, err := filepath.Rel(root, it.Location.Path)
		if err != nil {
			return err
		}
		items[filepath.ToSlash(rel)] = it
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// readItem opens an item and returns its bytes.
func readItem(it source.Item) (string, error) {
	rc, err := it.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return string(b), err
}

// TestHeldFoldersClosed checks that the files of a walk read as they do by path, and that
// every folder held open for their opens is closed once they are opened, whether each is
// opened once or twice (a check reads a file again, by its path).
func TestHeldFoldersClosed(t *testing.T) {
	root, want := foldersTree(t, 60, 3)
	before := openFDs(t)
	for _, twice := range []bool{false, true} {
		items := walkItems(t, root)
		got := map[string]string{}
		for p, it := range items {
			body, err := readItem(it)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if twice {
				again, err := readItem(it)
				if err != nil || again != body {
					t.Fatalf("%s read again: %q, %v; want %q", p, again, err, body)
				}
			}
			got[p] = body
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("twice %v: (-want +got)\n%s", twice, diff)
		}
		if after := openFDs(t); after != before {
			t.Errorf("twice %v: %d descriptors open after every file was read, %d before", twice, after, before)
		}
	}
}

// TestHeldFoldersOfUnopenedFiles checks that the folders held for files that are never opened
// (a run that stopped early) are closed once the items are dropped.
func TestHeldFoldersOfUnopenedFiles(t *testing.T) {
	root, _ := foldersTree(t, 40, 2)
	before := openFDs(t)
	func() { // the items are unreachable once this returns
		items := walkItems(t, root)
		if held := openFDs(t) - before; held == 0 {
			t.Fatalf("no folder held open for %d unopened files: the test tests nothing", len(items))
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for openFDs(t) != before {
		if time.Now().After(deadline) {
			t.Fatalf("%d descriptors open after the items were dropped, %d before", openFDs(t), before)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

// TestHeldFoldersWithinLimit runs a walk of many folders, whose files are all yielded before
// any is opened, in a process whose limit of open descriptors is 64: the folders held open
// stay within an eighth of it, the rest of the files are opened by path, and all read.
func TestHeldFoldersWithinLimit(t *testing.T) {
	if root := os.Getenv("KEYLINT_TEST_LOW_NOFILE"); root != "" {
		lowLimitChild(t, root)
		return
	}
	root, _ := foldersTree(t, 150, 2)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestHeldFoldersWithinLimit$", "-test.count", "1", "-test.v")
	cmd.Env = append(os.Environ(), "KEYLINT_TEST_LOW_NOFILE="+root)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the walk under a limit of 64 descriptors: %v\n%s", err, out)
	}
}

func lowLimitChild(t *testing.T, root string) {
	lim := syscall.Rlimit{Cur: 64, Max: 64}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	before := openFDs(t)
	items := walkItems(t, root)
	if held := openFDs(t) - before; held > 64/8 || held == 0 {
		t.Errorf("%d folders held open under a limit of 64, want 1 to 8", held)
	}
	if len(items) != 300 {
		t.Errorf("%d items, want 300", len(items))
	}
	for p, it := range items {
		body, err := readItem(it)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if body != p+"\n" {
			t.Fatalf("%s holds %q", p, body)
		}
	}
	if after := openFDs(t); after != before {
		t.Errorf("%d descriptors open after every file was read, %d before", after, before)
	}
}
