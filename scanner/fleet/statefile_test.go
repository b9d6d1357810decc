package fleet

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/keylint/keylint/internal/controlfile"
)

// TestStateFilesBounded checks that the state files are read as control files: a FIFO in
// their place is refused at once, a file over the cap is refused, a missing one is empty.
func TestStateFilesBounded(t *testing.T) {
	r := Repo{Spec: "x", Key: "file:///x"}
	for _, tc := range []struct {
		name  string
		place func(t *testing.T, path string)
		want  func(error) bool
	}{
		{name: "missing", place: func(*testing.T, string) {}, want: func(err error) bool { return err == nil }},
		{name: "fifo", place: func(t *testing.T, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, want: func(err error) bool { return errors.Is(err, controlfile.ErrNotRegular) }},
		{name: "over the cap", place: func(t *testing.T, p string) {
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(maxBlobSet + 20); err != nil { // sparse: no disk used
				t.Fatal(err)
			}
		}, want: func(err error) bool { _, ok := errors.AsType[*controlfile.TooLargeError](err); return ok }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := OpenState(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			tc.place(t, st.repoFile(r))
			setPath := filepath.Join(st.dir, "blobs", "p.set")
			tc.place(t, setPath)
			done := make(chan [2]error)
			go func() {
				_, e1 := st.load(r)
				_, e2 := loadBlobSet(setPath)
				done <- [2]error{e1, e2}
			}()
			select {
			case errs := <-done:
				for i, what := range []string{"repository record", "blob set"} {
					if !tc.want(errs[i]) {
						t.Errorf("%s: error %v", what, errs[i])
					}
				}
			case <-time.After(10 * time.Second):
				t.Fatal("reading the state blocked")
			}
		})
	}
}
