package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/report"
)

// verified gives the fixture's findings the answers --verify would.
func verified(r *report.Run) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	answers := map[string]*scanner.Verification{
		"gonkagate-api-key":        {Status: scanner.StatusLive, CheckedAt: at, Host: "api.gonkagate.com", Detail: "HTTP 200: the key may use 3 model(s)"},
		"gonkagate-management-key": {Status: scanner.StatusNotChecked, Detail: "GonkaGate has no public check for management keys; keylint sends them nowhere"},
		"fastgpt-api-key":          {Status: scanner.StatusInvalid, CheckedAt: at, Host: "cloud.fastgpt.io, cloud.fastgpt.cn", Detail: "none of cloud.fastgpt.io, cloud.fastgpt.cn knows the key"},
	}
	for i := range r.Findings {
		r.Findings[i].Verification = answers[r.Findings[i].RuleID]
	}
}

func TestVerificationInReports(t *testing.T) {
	run := fixtureRun(t)
	verified(run)
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			rep, err := report.New(format)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := rep.Report(&buf, run); err != nil {
				t.Fatal(err)
			}
			for _, f := range run.Findings {
				if strings.Contains(buf.String(), f.Secret) {
					t.Errorf("report holds the key of %s unredacted", f.RuleID)
				}
			}
			golden(t, "verified."+format, buf.Bytes())
		})
	}
}

// A live key is an error with a security-severity of 9 or more, whatever its rule's level.
func TestSARIFRaisesLiveKeys(t *testing.T) {
	run := fixtureRun(t)
	verified(run)
	for i := range run.Findings {
		if run.Findings[i].RuleID == "acme-key" { // a warning-level rule
			run.Findings[i].Verification = &scanner.Verification{Status: scanner.StatusLive, Host: "acme.example"}
		}
	}
	var buf bytes.Buffer
	if err := (report.SARIF{}).Report(&buf, run); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string         `json:"ruleId"`
				Level  string         `json:"level"`
				Props  map[string]any `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	type res struct{ Level, Status, Severity string }
	got := map[string]res{}
	for _, r := range log.Runs[0].Results {
		v, _ := r.Props["verification"].(map[string]any)
		st, _ := v["status"].(string)
		sev, _ := r.Props["security-severity"].(string)
		got[r.RuleID] = res{r.Level, st, sev}
	}
	want := map[string]res{
		"gonkagate-api-key":        {"error", "live", "9.8"},
		"gonkagate-management-key": {"error", "not-checked", ""},
		"fastgpt-api-key":          {"error", "invalid", ""},
		"acme-key":                 {"error", "live", "9.8"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}
