package report_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/source"
)

// TestCutKeyBodies checks the snippets of a check's finding (no key ranges) cut short inside a
// key: whatever of the body the cut left, one character or more, is hidden behind the prefix.
func TestCutKeyBodies(t *testing.T) {
	for _, tc := range []struct {
		name, context, want string
	}{
		{name: "one body character", context: `k = "gp-Q…`, want: `k = "gp-…`},
		{name: "three body characters", context: `k = "fastgpt-Qz7…`, want: `k = "fastgpt-…`},
		{name: "four body characters", context: `k = "gpm-Qz7w…`, want: `k = "gpm-…`},
		{name: "the prefix alone stays", context: `k = "gp-…`, want: `k = "gp-…`},
		{name: "not cut: left alone", context: `see gp-Q`, want: `see gp-Q`},
		{name: "cut in a word without a prefix", context: `k = "hello…`, want: `k = "hello…`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := scanner.Finding{RuleID: "public-env-key", Line: 1, Column: 1, Location: source.Location{Path: "src/a.ts"},
				Context: tc.context, Message: "reads a key"}
			var out bytes.Buffer
			if err := (report.JSON{}).Report(&out, &report.Run{Findings: []scanner.Finding{f}}); err != nil {
				t.Fatal(err)
			}
			var got []struct {
				Context string `json:"context"`
			}
			if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got) != 1 {
				t.Fatalf("report %s: %v", out.String(), err)
			}
			if diff := cmp.Diff(tc.want, got[0].Context); diff != "" {
				t.Errorf("context (-want +got):\n%s", diff)
			}
		})
	}
}
