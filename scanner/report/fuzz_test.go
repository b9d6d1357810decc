package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// FuzzSARIF writes findings with arbitrary paths, members and contexts: the SARIF is
// always valid JSON and never holds the key.
func FuzzSARIF(f *testing.F) {
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		f.Fatal(err)
	}
	rule, _ := set.Rule("gonkagate-api-key")
	f.Add("src/a b.go", "", "key = \"%s\"", 3, 7)
	f.Add("dir/\xff\n.txt", "inner.zip!x.js", "\x00%s\u2028", 1, 1)
	f.Add("../../../etc/passwd", "#frag", "%s", 0, 0)
	f.Fuzz(func(t *testing.T, path, member, context string, line, col int) {
		key := "gp-Zq7" + strings.Repeat("Xk9qL2mN8vB4", 3)
		fd := scanner.Finding{
			RuleID: rule.ID, Rule: rule, Secret: key, Severity: rule.Severity,
			Location: source.Location{Path: path, Member: member},
			Line:     line, Column: col, EndLine: line, EndColumn: col + len(key),
			Context: strings.ReplaceAll(context, "%s", key),
		}
		var buf bytes.Buffer
		run := &report.Run{Findings: []scanner.Finding{fd}, Rules: set.Rules(), Version: "1.0.0", BaseDir: "/work"}
		if err := (report.SARIF{}).Report(&buf, run); err != nil {
			t.Fatal(err)
		}
		if !json.Valid(buf.Bytes()) {
			t.Fatalf("invalid JSON:\n%s", buf.Bytes())
		}
		if bytes.Contains(buf.Bytes(), []byte(key)) {
			t.Fatalf("the SARIF holds the key")
		}
	})
}
