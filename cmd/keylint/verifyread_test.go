package main

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/controlfile"
	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
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

// TestRecoverMarksBundles checks that findings read back from a JSON report get the bundle
// mark again from the scan of their place, so that the report's advice for built output holds.
func TestRecoverMarksBundles(t *testing.T) {
	dir := t.TempDir()
	k := testkey.GonkaGate(rand.New(rand.NewPCG(17, 5)))
	for _, p := range []string{"dist/app.js", "src/app.js"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte("const k = \""+k+"\";\n"), 0o644)
	}
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{Checks: []scanner.Check{frontend.Bundle{}}})
	var recs []report.Recorded
	for _, p := range []string{"dist/app.js", "src/app.js"} {
		fs, _ := sc.Scan(context.Background(), bytesItem(source.Location{Path: p}, []byte("const k = \""+k+"\";\n")))
		if len(fs) != 1 {
			t.Fatalf("%s: %d findings", p, len(fs))
		}
		f := fs[0]
		recs = append(recs, report.Recorded{Finding: scanner.Finding{RuleID: f.RuleID, Location: source.Location{Path: p}, Line: f.Line, Column: f.Column},
			Redacted: rules.Redact(f.Secret), Fingerprint: f.Fingerprint()})
	}
	f := verifyCmdFlags{root: dir}
	found, lost := f.recover(context.Background(), sc, recs)
	got := map[string]bool{}
	for _, fd := range found {
		got[fd.Location.Path] = fd.Location.Bundle
	}
	if diff := cmp.Diff(map[string]bool{"dist/app.js": true, "src/app.js": false}, got); diff != "" || len(lost) > 0 {
		t.Errorf("bundle marks (-want +got):\n%s\nlost: %d", diff, len(lost))
	}
}
