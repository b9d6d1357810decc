package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/ci/sarifcheck"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// testKey makes a key of a rule's shape from a seeded generator, so golden files stay stable
// and no real-looking key sits in the source.
func testKey(r *rand.Rand, prefix string, n int) string {
	return prefix + testkey.Body(r, n)
}

// fixtureRun is a run with a plain finding, one from git history, one in an archive member,
// one with a related location, and a finding whose rule the run does not list.
func fixtureRun(t testing.TB) *report.Run {
	t.Helper()
	builtin := rules.Builtin()
	byID := map[string]*rules.Rule{}
	var rs []*rules.Rule
	for i := range builtin {
		byID[builtin[i].ID] = &builtin[i]
		rs = append(rs, &builtin[i])
	}
	r := rand.New(rand.NewChaCha8([32]byte{'k', 'e', 'y', 'l', 'i', 'n', 't'}))
	gp, gpm, fg, custom := testKey(r, "gp-", 40), testKey(r, "gpm-", 36), testKey(r, "fastgpt-", 30), testKey(r, "acme-", 32)
	commit := &source.Commit{SHA: "0123456789abcdef0123456789abcdef01234567", Author: "Ada", Email: "ada@example.com",
		Date: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), StillInHead: false}
	fs := []scanner.Finding{
		{RuleID: "gonkagate-api-key", Rule: byID["gonkagate-api-key"], Location: source.Location{Path: "app/main.go"},
			Line: 12, Column: 14, EndLine: 12, EndColumn: 14 + len(gp), Secret: gp, Context: `const key = "` + gp + `"`,
			Severity: rules.SeverityError},
		{RuleID: "gonkagate-management-key", Rule: byID["gonkagate-management-key"],
			Location: source.Location{Path: "deploy/old config.env", Commit: commit},
			Line:     3, Column: 10, EndLine: 3, EndColumn: 10 + len(gpm), Secret: gpm, Context: "ADMIN_KEY=" + gpm,
			Severity: rules.SeverityError},
		{RuleID: "fastgpt-api-key", Rule: byID["fastgpt-api-key"], Location: source.Location{Path: "dist/site.zip", Member: "static/app.js", Bundle: true},
			Line: 1, Column: 200, EndLine: 1, EndColumn: 200 + len(fg), Secret: fg, Encoding: "base64",
			Severity: rules.SeverityError,
			Related:  []scanner.Related{{Path: "src/client.ts", Line: 7, Message: "original source (from the source map)"}}},
		{RuleID: "acme-key", Location: source.Location{Path: "notes.txt"}, Line: 2, Column: 1, EndLine: 2,
			EndColumn: 1 + len(custom), Secret: custom, Severity: rules.SeverityWarning},
	}
	report.Sort(fs)
	return &report.Run{Findings: fs, Rules: rs, Version: "v1.4.0", BaseDir: "/src/project"}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestSARIFGolden(t *testing.T) {
	tests := []struct {
		name string
		run  func(*report.Run)
	}{
		{name: "full", run: func(*report.Run) {}},
		{name: "empty", run: func(r *report.Run) { r.Findings = nil }},
		{name: "dev-version-no-base", run: func(r *report.Run) { r.Version = "dev"; r.BaseDir = "" }},
		{name: "verified", run: verified},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := fixtureRun(t)
			tt.run(run)
			var buf bytes.Buffer
			if err := (report.SARIF{}).Report(&buf, run); err != nil {
				t.Fatal(err)
			}
			for _, f := range run.Findings {
				if strings.Contains(buf.String(), f.Secret) {
					t.Errorf("report holds the key of %s unredacted", f.RuleID)
				}
			}
			golden(t, "sarif-"+tt.name+".sarif", buf.Bytes())
		})
	}
}

// TestSARIFShape checks what GitHub and the project's scorers read from a report.
func TestSARIFShape(t *testing.T) {
	run := fixtureRun(t)
	var buf bytes.Buffer
	if err := (report.SARIF{}).Report(&buf, run); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Base  map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Tool  struct{ Driver struct{ Version string } }
			Rules []any
			Res   []struct {
				RuleID string `json:"ruleId"`
				Locs   []struct {
					PL struct {
						AL struct {
							URI  string `json:"uri"`
							Base string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				FP    map[string]string `json:"partialFingerprints"`
				Props map[string]any    `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	type got struct {
		URI, Base, Commit string
		HasLineHash       bool
	}
	var gots []got
	for _, r := range log.Runs[0].Res {
		c, _ := r.Props["commit"].(string)
		gots = append(gots, got{URI: r.Locs[0].PL.AL.URI, Base: r.Locs[0].PL.AL.Base, Commit: c,
			HasLineHash: r.FP["primaryLocationLineHash"] != ""})
	}
	want := []got{
		{URI: "app/main.go", Base: "SRCROOT", HasLineHash: true},
		{URI: "deploy/old%20config.env", Base: "SRCROOT", Commit: "0123456789abcdef0123456789abcdef01234567", HasLineHash: true},
		{URI: "dist/site.zip", Base: "SRCROOT", HasLineHash: true},
		{URI: "notes.txt", Base: "SRCROOT", HasLineHash: true},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if u := log.Runs[0].Base["SRCROOT"].URI; u != "file:///src/project/" {
		t.Errorf("SRCROOT = %q, want file:///src/project/", u)
	}
	if v := log.Runs[0].Tool.Driver.Version; v != "1.4.0" {
		t.Errorf("driver version = %q, want 1.4.0", v)
	}
}

// TestSARIFValidator runs Microsoft's validator with GitHub's rules over the golden reports.
func TestSARIFValidator(t *testing.T) {
	if testing.Short() {
		t.Skip("installs and runs the SARIF validator")
	}
	paths, err := filepath.Glob(filepath.Join("testdata", "sarif-*.sarif"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden SARIF files: %v", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			sarifcheck.Validate(t, p)
		})
	}
}
