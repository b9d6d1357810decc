package driver

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"

	"github.com/keylint/keylint/internal/atomicfile"
)

// fileEdit is one text edit in byte offsets of a named file.
type fileEdit struct {
	start, end int
	text       string
}

// plan gathers each diagnostic's fix into edits per file, merging identical edits (the
// same "os" import added by two fixes) and leaving out fixes that conflict with earlier ones.
func plan(diags []diag) (map[string][]fileEdit, int) {
	files := map[string][]fileEdit{}
	unfixed := 0
	for _, d := range diags {
		if len(d.d.SuggestedFixes) == 0 {
			unfixed++
			continue
		}
		proposed := map[string][]fileEdit{}
		for _, te := range d.d.SuggestedFixes[0].TextEdits {
			tf := d.fset.File(te.Pos)
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			proposed[tf.Name()] = append(proposed[tf.Name()], fileEdit{tf.Offset(te.Pos), tf.Offset(end), string(te.NewText)})
		}
		if !fits(files, proposed) {
			unfixed++
			continue
		}
		for name, es := range proposed {
			for _, e := range es {
				if !hasEdit(files[name], e) {
					files[name] = append(files[name], e)
				}
			}
		}
	}
	return files, unfixed
}

func hasEdit(es []fileEdit, e fileEdit) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// fits reports whether every proposed edit equals or stays clear of the accepted ones. Two
// insertions at one place fit, the accepted one first, as in the go command's three-way merge:
// two constants moved out of one const group are both declared after it.
func fits(accepted, proposed map[string][]fileEdit) bool {
	for name, es := range proposed {
		for _, e := range es {
			for _, x := range accepted[name] {
				if x == e {
					continue
				}
				insertions := e.start == e.end && x.start == x.end
				if e.start < x.end && x.start < e.end || e.start == x.start && !insertions {
					return false
				}
			}
		}
	}
	return true
}

// apply returns src with edits applied.
func apply(src []byte, edits []fileEdit) ([]byte, error) {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b bytes.Buffer
	at := 0
	for _, e := range edits {
		if e.start < at || e.end > len(src) {
			return nil, fmt.Errorf("edits overlap or run past the end")
		}
		b.Write(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.Write(src[at:])
	return b.Bytes(), nil
}

// applyFixes writes the fixed files, each atomically, and returns how many findings it
// could not fix. It writes nothing when one of the files is a symbolic link: writing
// through it would change the file it points to, perhaps outside the module, or replace
// the link with a copy.
func applyFixes(diags []diag, stderr io.Writer) (int, error) {
	files, unfixed := plan(diags)
	names := sortedKeys(files)
	for _, name := range names {
		st, err := os.Lstat(name)
		if err != nil {
			return unfixed, fmt.Errorf("fixing: %w", err)
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return unfixed, fmt.Errorf("not fixing %s: it is a symbolic link; fix the file it points to by hand (nothing was written)", name)
		}
		if !st.Mode().IsRegular() {
			return unfixed, fmt.Errorf("not fixing %s: not a regular file (nothing was written)", name)
		}
	}
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			return unfixed, fmt.Errorf("fixing: %w", err)
		}
		fixed, err := apply(src, files[name])
		if err != nil {
			return unfixed, fmt.Errorf("fixing %s: %w", name, err)
		}
		if err := atomicfile.Write(name, fixed, 0o644); err != nil {
			return unfixed, fmt.Errorf("fixing: %w", err)
		}
		fmt.Fprintf(stderr, "fixed %s\n", name)
	}
	return unfixed, nil
}

// showFixes prints the fixes as unified diffs, every line passed through redact.
func showFixes(diags []diag, stdout io.Writer, redact func(string) string) error {
	files, _ := plan(diags)
	for _, name := range sortedKeys(files) {
		src, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("diffing: %w", err)
		}
		fixed, err := apply(src, files[name])
		if err != nil {
			return fmt.Errorf("diffing %s: %w", name, err)
		}
		if _, err := io.WriteString(stdout, unified(name, string(src), string(fixed), redact)); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string][]fileEdit) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
