//go:build unix

package atomicfile_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keylint/keylint/internal/atomicfile"
)

// TestSignalMidWriteLeavesNoTemporary sends SIGINT or SIGTERM to a process while it writes and
// checks that the process still ends by that signal, that no temporary file is left, and that
// the file is whole.
func TestSignalMidWriteLeavesNoTemporary(t *testing.T) {
	big := bytes.Repeat([]byte("new content\n"), 50<<20/12)
	if target := os.Getenv("ATOMICFILE_SIGNAL_CHILD"); target != "" {
		atomicfile.Write(target, big, 0o644)
		os.WriteFile(target+".started", nil, 0o644)
		for {
			atomicfile.Write(target, big, 0o644)
		}
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "report.json")
			cmd := exec.Command(os.Args[0], "-test.run=^TestSignalMidWriteLeavesNoTemporary$")
			cmd.Env = append(os.Environ(), "ATOMICFILE_SIGNAL_CHILD="+p)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
				if _, err := os.Stat(p + ".started"); err == nil {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("the writer never finished a first write")
				}
			}
			// Wait until a temporary file exists: the signal then lands inside a write.
			for deadline := time.Now().Add(10 * time.Second); len(temporaries(t, dir)) == 0; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no write in progress was seen")
				}
			}
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("the writer did not end by the signal: %v", err)
			}
			if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != sig {
				t.Errorf("the writer ended with %v, want the signal %v", err, sig)
			}
			if left := temporaries(t, dir); len(left) > 0 {
				t.Errorf("temporary files left behind: %v", left)
			}
			if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, big) {
				t.Errorf("file is torn: %d bytes (%v)", len(got), err)
			}
		})
	}
}

func temporaries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".keylint-") {
			out = append(out, e.Name())
		}
	}
	return out
}
