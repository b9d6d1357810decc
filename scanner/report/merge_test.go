package report_test

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// fleetRun is a run over the given repositories holding the findings of those repositories
// among: key A in r1 and r3 (one key in two places), key B in r2.
func fleetRun(t *testing.T, repos ...string) *report.Run {
	t.Helper()
	builtin := rules.Builtin()
	rule := &builtin[0]
	r := rand.New(rand.NewPCG(16, 16))
	a, b := testKey(r, "gp-", 40), testKey(r, "gp-", 40)
	all := []scanner.Finding{
		{Location: source.Location{Repo: "https://git.example.org/r1", Path: "app.py", Commit: &source.Commit{SHA: strings.Repeat("1", 40)}}, Secret: a, Line: 3, Column: 7},
		{Location: source.Location{Repo: "https://git.example.org/r2", Path: "deploy.sh", Commit: &source.Commit{SHA: strings.Repeat("2", 40)}}, Secret: b, Line: 1, Column: 26},
		{Location: source.Location{Repo: "https://git.example.org/r3", Path: "vendor/app.py", Commit: &source.Commit{SHA: strings.Repeat("3", 40)}}, Secret: a, Line: 3, Column: 7},
	}
	var fs []scanner.Finding
	for _, f := range all {
		if slices.Contains(repos, f.Location.Repo) {
			f.RuleID, f.Rule, f.Severity = rule.ID, rule, rule.Severity
			f.EndLine, f.EndColumn = f.Line, f.Column+len(f.Secret)
			fs = append(fs, f)
		}
	}
	report.Sort(fs)
	slices.Sort(repos)
	return &report.Run{Findings: fs, Rules: []*rules.Rule{rule}, Version: "1.0.0", Repos: repos}
}

func render(t *testing.T, rep report.Reporter, run *report.Run) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := rep.Report(&buf, run); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestMerge checks that merging two shards' reports gives the report of one run over both
// shards' repositories, that a report merged with itself is unchanged, and that the key found
// in two repositories is one entry.
func TestMerge(t *testing.T) {
	r1, r2, r3 := "https://git.example.org/r1", "https://git.example.org/r2", "https://git.example.org/r3"
	for _, format := range []string{"json", "sarif"} {
		rep, err := report.New(format)
		if err != nil {
			t.Fatal(err)
		}
		shardA := render(t, rep, fleetRun(t, r1, r2))
		shardB := render(t, rep, fleetRun(t, r3))
		whole := render(t, rep, fleetRun(t, r1, r2, r3))
		tests := []struct {
			name string
			docs [][]byte
			want []byte
			keys int
		}{
			{"two shards", [][]byte{shardA, shardB}, whole, 2},
			{"two shards the other way round", [][]byte{shardB, shardA}, whole, 2},
			{"a report twice", [][]byte{shardA, shardA}, shardA, 2},
			{"the whole and a shard", [][]byte{whole, shardB}, whole, 2},
		}
		for _, tt := range tests {
			t.Run(format+"/"+tt.name, func(t *testing.T) {
				got, n, err := report.Merge(tt.docs)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(string(tt.want), string(got)); d != "" {
					t.Errorf("merged (-want +got):\n%s", d)
				}
				if n != tt.keys {
					t.Errorf("%d keys, want %d", n, tt.keys)
				}
			})
		}
		if strings.Count(string(whole), `"places"`) != 1 || !strings.Contains(string(whole), "vendor/app.py") {
			t.Errorf("%s: the key in r1 and r3 is not one entry listing both places:\n%s", format, whole)
		}
	}
}

func TestMergeErrors(t *testing.T) {
	run := fleetRun(t, "https://git.example.org/r1")
	js := render(t, report.JSON{}, run)
	sarif := render(t, report.SARIF{}, run)
	for name, docs := range map[string][][]byte{
		"nothing":      nil,
		"mixed":        {js, sarif},
		"not a report": {[]byte("hello")},
		"broken JSON":  {[]byte("[{")},
		"old SARIF":    {[]byte(`{"version": "2.0.0", "runs": []}`)},
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := report.Merge(docs); err == nil {
				t.Error("no error")
			}
		})
	}
}
