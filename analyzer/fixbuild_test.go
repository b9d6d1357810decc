package analyzer_test

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/keylint/keylint/analyzer"
)

var update = flag.Bool("update", false, "rewrite the .golden files from the analyzer's fixes")

// quiet collects analysistest's complaints; TestAnalyzer is the one that checks them.
type quiet struct{ errs []string }

func (q *quiet) Errorf(format string, args ...any) {
	q.errs = append(q.errs, fmt.Sprintf(format, args...))
}

type textEdit struct {
	start, end int
	text       string
}

// fixedFiles applies every diagnostic's fix, identical edits once, and returns the new contents.
func fixedFiles(t *testing.T, pkgs ...string) map[string][]byte {
	t.Helper()
	results := analysistest.Run(&quiet{}, analysistest.TestData(), analyzer.New(testConfig), pkgs...)
	edits := map[string][]textEdit{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, f := range d.SuggestedFixes {
				for _, e := range f.TextEdits {
					tf := r.Pass.Fset.File(e.Pos)
					te := textEdit{tf.Offset(e.Pos), tf.Offset(e.End), string(e.NewText)}
					dup := false
					for _, x := range edits[tf.Name()] {
						dup = dup || x == te
					}
					if !dup {
						edits[tf.Name()] = append(edits[tf.Name()], te)
					}
				}
			}
		}
	}
	out := map[string][]byte{}
	for name, es := range edits {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(es, func(i, j int) bool { return es[i].start < es[j].start })
		var b bytes.Buffer
		at := 0
		for _, e := range es {
			if e.start < at {
				t.Fatalf("%s: fixes overlap at offset %d", name, e.start)
			}
			b.Write(src[at:e.start])
			b.WriteString(e.text)
			at = e.end
		}
		b.Write(src[at:])
		out[name] = b.Bytes()
	}
	return out
}

// TestFixedFilesAreGofmtAndBuild applies all fixes and checks that gofmt leaves each fixed
// file unchanged and that the fixed packages, tests included, compile.
func TestFixedFilesAreGofmtAndBuild(t *testing.T) {
	files := fixedFiles(t, fixed...)
	if len(files) == 0 {
		t.Fatal("no fixes")
	}
	src, err := filepath.Abs(filepath.Join("testdata", "src"))
	if err != nil {
		t.Fatal(err)
	}
	gopath := t.TempDir()
	dst := filepath.Join(gopath, "src")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		formatted, err := format.Source(content)
		if err != nil {
			t.Errorf("%s: fixed file does not parse: %v\n%s", name, err, content)
			continue
		}
		if !bytes.Equal(formatted, content) {
			t.Errorf("%s: gofmt changes the fixed file:\n%s", name, content)
		}
		if *update {
			if err := os.WriteFile(name+".golden", content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		rel, err := filepath.Rel(src, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, rel), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if testing.Short() {
		t.Skip("skipping the build of the fixed packages in -short mode")
	}
	args := append([]string{"test", "-vet=off", "-count=1", "-run", "^$"}, fixed...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dst
	cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOPATH="+gopath, "GOFLAGS=", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the fixed packages do not build: %v\n%s", err, strings.TrimSpace(string(out)))
	}
}
