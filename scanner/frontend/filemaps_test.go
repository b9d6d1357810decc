package frontend_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/source"
)

// TestFileMapsRead checks how a map beside a script is read: a FIFO by its name is no map
// (and is not waited on), a map over the cap is an error, a regular map is read.
func TestFileMapsRead(t *testing.T) {
	dir := t.TempDir()
	script := filepath.ToSlash(filepath.Join(dir, "app.js"))
	os.WriteFile(filepath.Join(dir, "ok.js.map"), []byte(`{"version":3}`), 0o644)
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.js.map"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "big.js.map"), []byte(`{"version":3,"x":"`+strings.Repeat("a", 100)+`"}`), 0o644)
	for _, tc := range []struct {
		name     string
		script   string
		wantName string
		wantErr  string
	}{
		{name: "regular map", script: "ok.js", wantName: "ok.js.map"},
		{name: "fifo: no map", script: "fifo.js"},
		{name: "over the cap", script: "big.js", wantErr: "is larger than 64 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := source.Location{Path: strings.TrimSuffix(script, "app.js") + tc.script}
			done := make(chan struct{})
			var name string
			var err error
			go func() {
				name, _, err = frontend.FileMaps{MaxBytes: 64}.FindMap(loc, []byte("console.log(1)\n"))
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("FindMap blocked")
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || filepath.Base(name) != tc.wantName && !(tc.wantName == "" && name == "") {
				t.Errorf("FindMap = %q, %v; want %q", name, err, tc.wantName)
			}
		})
	}
}
