package report_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// TestKeylessFindingsStandAlone: in a report over several repositories, findings with no
// key (committed-env-file, public-env-key) are not one key seen in many places: each is its
// own entry, with no key hash, in JSON and SARIF.
func TestKeylessFindingsStandAlone(t *testing.T) {
	repos := []string{"https://git.example.org/r1", "https://git.example.org/r2"}
	var fs []scanner.Finding
	for i, repo := range repos {
		for _, p := range []string{".env", "web/.env.local"} {
			fs = append(fs, scanner.Finding{RuleID: rules.CommittedEnvFile, Severity: rules.SeverityError,
				Location: source.Location{Repo: repo, Path: p, Commit: &source.Commit{SHA: strings.Repeat(string(rune('1'+i)), 40)}},
				Line:     1, Column: 1, EndLine: 1, EndColumn: 1, Message: p + " holds a key and was committed to git"})
		}
	}
	report.Sort(fs)
	run := &report.Run{Findings: fs, Version: "1.0.0", Repos: repos}

	var got []map[string]any
	if err := json.Unmarshal(render(t, report.JSON{}, run), &got); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, f := range got {
		rows = append(rows, f["repo"].(string)+" "+f["path"].(string))
		if f["keyHash"] != nil || f["places"] != nil {
			t.Errorf("%s %s: keyHash %v, places %v; want none", f["repo"], f["path"], f["keyHash"], f["places"])
		}
	}
	want := []string{repos[0] + " .env", repos[0] + " web/.env.local", repos[1] + " .env", repos[1] + " web/.env.local"}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("JSON entries (-want +got):\n%s", diff)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				Properties map[string]any `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, report.SARIF{}, run), &sarif); err != nil {
		t.Fatal(err)
	}
	if n := len(sarif.Runs[0].Results); n != 4 {
		t.Errorf("SARIF has %d results, want 4", n)
	}
	for _, r := range sarif.Runs[0].Results {
		if r.Properties["keyHash"] != nil || r.Properties["places"] != nil {
			t.Errorf("SARIF result properties %v: want no keyHash or places", r.Properties)
		}
	}
}
