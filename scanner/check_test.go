package scanner_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// keywordCheck is a check of every file that wants only files holding "NEEDLE".
type keywordCheck struct{ calls *int }

func (keywordCheck) Applies(source.Location) bool { return true }
func (keywordCheck) NeedsKeys() bool              { return false }
func (keywordCheck) Keywords() [][]byte           { return [][]byte{[]byte("NEEDLE")} }
func (c keywordCheck) Check(_ source.Location, data []byte, found []scanner.Finding) []scanner.Finding {
	*c.calls++
	if bytes.Contains(data, []byte("NEEDLE")) {
		found = append(found, scanner.Finding{RuleID: "needle"})
	}
	return found
}

// TestLargeFileKeywords checks that a text larger than one chunk is read once when it holds
// none of the checks' keywords, and read again for the checks when it holds one, wherever
// the keyword stands (across a chunk's end too).
func TestLargeFileKeywords(t *testing.T) {
	const chunk = 8192
	filler := strings.Repeat("some text that holds no key at all\n", 2000) // 72 kB: many chunks
	for _, c := range []struct {
		name      string
		text      string
		wantOpens int
		wantCalls int
		wantRules []string
	}{
		{"none", filler, 1, 0, nil},
		{"at the start", "NEEDLE " + filler, 2, 1, []string{"needle"}},
		{"at the end", filler + "NEEDLE", 2, 1, []string{"needle"}},
		{"across a chunk's end", filler[:chunk-3] + "NEEDLE" + filler, 2, 1, []string{"needle"}},
		{"small file, read whole", "NEEDLE", 1, 1, []string{"needle"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			calls, opens := 0, 0
			sc := newScanner(t, scanner.Options{ChunkSize: chunk, Checks: []scanner.Check{keywordCheck{&calls}}})
			data := []byte(c.text)
			it := source.Item{Location: source.Location{Path: "big.txt"}, Size: int64(len(data)),
				Open: func() (io.ReadCloser, error) { opens++; return io.NopCloser(bytes.NewReader(data)), nil }}
			fs, err := sc.Scan(context.Background(), it)
			if err != nil {
				t.Fatal(err)
			}
			var rules []string
			for _, f := range fs {
				rules = append(rules, f.RuleID)
			}
			got := []any{opens, calls, rules}
			want := []any{c.wantOpens, c.wantCalls, c.wantRules}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("opens, check calls, findings (-want +got)\n%s", diff)
			}
		})
	}
}
