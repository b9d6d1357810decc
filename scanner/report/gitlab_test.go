package report_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/report"
)

func gitlabReporter() report.GitLab {
	start := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	return report.GitLab{Start: start, End: start.Add(2 * time.Second), Commit: "fedcba9876543210fedcba9876543210fedcba98"}
}

func TestGitLabGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := gitlabReporter().Report(&buf, fixtureRun(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "gl-secret-detection-report.json", buf.Bytes())
}

// TestGitLabRequired checks the fields GitLab's secret-detection schema requires.
func TestGitLabRequired(t *testing.T) {
	var buf bytes.Buffer
	if err := gitlabReporter().Report(&buf, fixtureRun(t)); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	missing := []string{}
	need := func(m map[string]any, where string, keys ...string) {
		for _, k := range keys {
			if v, ok := m[k]; !ok || v == "" || v == nil {
				missing = append(missing, where+"."+k)
			}
		}
	}
	need(doc, "", "version", "vulnerabilities", "scan")
	scan := doc["scan"].(map[string]any)
	need(scan, "scan", "analyzer", "scanner", "type", "start_time", "end_time", "status")
	for _, tool := range []string{"analyzer", "scanner"} {
		need(scan[tool].(map[string]any), "scan."+tool, "id", "name", "version", "vendor")
	}
	for _, v := range doc["vulnerabilities"].([]any) {
		vm := v.(map[string]any)
		need(vm, "vulnerability", "id", "identifiers", "location", "severity", "name", "description")
		loc := vm["location"].(map[string]any)
		need(loc, "location", "file", "start_line", "commit")
		need(loc["commit"].(map[string]any), "location.commit", "sha")
		for _, id := range vm["identifiers"].([]any) {
			need(id.(map[string]any), "identifier", "type", "name", "value")
		}
	}
	if diff := cmp.Diff([]string{}, missing); diff != "" {
		t.Errorf("missing required fields (-want +got):\n%s", diff)
	}
	if got := scan["type"]; got != "secret_detection" {
		t.Errorf("scan.type = %v, want secret_detection", got)
	}
}
