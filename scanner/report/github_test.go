package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/keylint/keylint/scanner/report"
)

func TestGitHubGolden(t *testing.T) {
	tests := []struct {
		name string
		rep  report.Reporter
		edit func(*report.Run)
	}{
		{name: "annotations.txt", rep: report.GitHubAnnotations{}, edit: func(*report.Run) {}},
		{name: "annotations-show-secrets.txt", rep: report.GitHubAnnotations{}, edit: func(r *report.Run) { r.ShowSecrets = true }},
		{name: "summary.md", rep: report.StepSummary{Scope: "range 1a2b3c4d5e6f..7a8b9c0d1e2f (3 commits)",
			Note: "2 findings accepted by .keylint-baseline.json"}, edit: func(*report.Run) {}},
		{name: "summary-empty.md", rep: report.StepSummary{Scope: "range main..HEAD (1 commit)"},
			edit: func(r *report.Run) { r.Findings = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := fixtureRun(t)
			tt.edit(run)
			var buf bytes.Buffer
			if err := tt.rep.Report(&buf, run); err != nil {
				t.Fatal(err)
			}
			for _, f := range run.Findings {
				if strings.Contains(buf.String(), f.Secret) {
					t.Errorf("output holds the key of %s unredacted", f.RuleID)
				}
			}
			golden(t, "github-"+tt.name, buf.Bytes())
		})
	}
}

func TestAnnotationEscaping(t *testing.T) {
	run := fixtureRun(t)
	run.Findings = run.Findings[:1]
	run.Findings[0].Location.Path = "dir,with:odd%chars/a.go"
	var buf bytes.Buffer
	if err := (report.GitHubAnnotations{}).Report(&buf, run); err != nil {
		t.Fatal(err)
	}
	want := "::error file=dir%2Cwith%3Aodd%25chars/a.go,line="
	if got := buf.String(); !strings.HasPrefix(got, want) {
		t.Errorf("annotation = %q, want prefix %q", got, want)
	}
	if n := strings.Count(buf.String(), "\n"); n != 1 {
		t.Errorf("annotation spans %d lines, want 1", n)
	}
}
