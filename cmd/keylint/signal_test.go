package main

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
)

// TestSignalsLeaveNoTemporaryFile sends SIGINT and SIGTERM to keylint at moments through a
// run that writes a large report: it must stop with exit status 2 or finish, and never
// leave a .NAME.keylint-N file behind. (A signal before the runtime has started still kills it.)
func TestSignalsLeaveNoTemporaryFile(t *testing.T) {
	bin := buildKeylint(t)
	dir := t.TempDir()
	var b strings.Builder
	for i := range 60000 {
		b.WriteString(hardKey(uint64(i)) + "\n")
	}
	writeFile(t, filepath.Join(dir, "src", "keys.txt"), []byte(b.String()))
	for i, delay := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 700 * time.Millisecond, time.Second, 1500 * time.Millisecond} {
		sig := []os.Signal{os.Interrupt, syscall.SIGTERM}[i%2]
		out := filepath.Join(dir, "report.sarif")
		cmd := exec.Command(bin, "scan", "-q", "-f", "sarif", "-o", out, filepath.Join(dir, "src"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		var exit *exec.ExitError
		switch {
		case err == nil:
			t.Fatalf("exit status 0 with keys in the tree")
		case errors.As(err, &exit) && exit.ExitCode() == 1:
			// finished before the signal
		case errors.As(err, &exit) && exit.ExitCode() == 2:
			if !strings.Contains(stderr.String(), "stopping") {
				t.Errorf("after %v, exit status 2 without saying why: %s", sig, stderr.String())
			}
		default:
			t.Errorf("%v after %s: %v (killed, not stopped)\n%s", sig, delay, err, stderr.String())
		}
		if m, _ := filepath.Glob(filepath.Join(dir, ".*keylint*")); len(m) > 0 {
			t.Errorf("%v after %s left %v", sig, delay, m)
		}
	}
}
