package atomicfile_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/keylint/keylint/internal/atomicfile"
)

func TestWriteKeepsMode(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.txt")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	if got, _ := os.ReadFile(p); string(got) != "new" {
		t.Errorf("content = %q", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	if err := atomicfile.Write(dir, []byte("x"), 0o644); err == nil {
		t.Error("wrote over a folder")
	}
}

// TestKilledMidWrite kills a process while it writes and checks the old file is whole.
func TestKilledMidWrite(t *testing.T) {
	if os.Getenv("ATOMICFILE_CHILD") != "" {
		big := bytes.Repeat([]byte("new content\n"), 50<<20/12) // the same as whole below
		target := os.Getenv("ATOMICFILE_CHILD")
		atomicfile.Write(target, big, 0o644)
		os.WriteFile(target+".started", nil, 0o644) // the parent kills from now on, mid-write
		for {
			atomicfile.Write(target, big, 0o644)
		}
	}
	p := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(p, []byte("old content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledMidWrite$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_CHILD="+p)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(p + ".started"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the writer never finished a first write")
		}
	}
	time.Sleep(30 * time.Millisecond) // inside a later write of 50 MB
	cmd.Process.Kill()
	cmd.Wait()
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	whole := bytes.Repeat([]byte("new content\n"), 50<<20/12)
	if !bytes.Equal(got, whole) {
		t.Fatalf("file is torn: %d bytes, not the whole content of the last finished write", len(got))
	}
}
