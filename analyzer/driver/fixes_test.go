package driver

import (
	"bytes"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/go/analysis"
)

// fixDiag is a diagnostic whose fix replaces old with new in the file name holding src.
func fixDiag(fset *token.FileSet, name, src, old, new string) diag {
	tf := fset.AddFile(name, -1, len(src))
	tf.SetLinesForContent([]byte(src))
	at := strings.Index(src, old)
	return diag{fset: fset, d: analysis.Diagnostic{Pos: tf.Pos(at), SuggestedFixes: []analysis.SuggestedFix{{
		TextEdits: []analysis.TextEdit{{Pos: tf.Pos(at), End: tf.Pos(at + len(old)), NewText: []byte(new)}},
	}}}}
}

func TestApplyFixesRefusesLinks(t *testing.T) {
	const src = "package a\n\nconst k = \"KEY\"\n"
	for _, tc := range []struct {
		name    string
		link    bool
		wantErr string
		want    string // main.go (or the file the link names) afterwards
	}{
		{name: "a regular file is fixed", want: strings.Replace(src, `"KEY"`, `os.Getenv("K")`, 1)},
		{name: "a symlinked file is refused and nothing is written", link: true, wantErr: "is a symbolic link", want: src},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "main.go")
			if err := os.WriteFile(target, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			other := filepath.Join(dir, "other.go")
			os.WriteFile(other, []byte(src), 0o644)
			name := target
			if tc.link {
				name = filepath.Join(dir, "link.go")
				os.Symlink(target, name)
			}
			fset := token.NewFileSet()
			diags := []diag{fixDiag(fset, other, src, `"KEY"`, `os.Getenv("K")`), fixDiag(fset, name, src, `"KEY"`, `os.Getenv("K")`)}
			_, err := applyFixes(diags, io.Discard)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("applyFixes: %v, want an error with %q", err, tc.wantErr)
			}
			got, _ := os.ReadFile(target)
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("main.go (-want +got):\n%s", diff)
			}
			if tc.link {
				if st, err := os.Lstat(name); err != nil || st.Mode()&os.ModeSymlink == 0 {
					t.Error("the link was replaced")
				}
				if o, _ := os.ReadFile(other); !bytes.Equal(o, []byte(src)) {
					t.Error("other.go was fixed although the run was refused")
				}
			}
			if m, _ := filepath.Glob(filepath.Join(dir, ".*keylint*")); len(m) > 0 {
				t.Errorf("temporary files left: %v", m)
			}
		})
	}
}
