package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
)

// A JSON report reads back into the findings it recorded; keys only when it shows them,
// and a description holding a key keeps it only redacted.
func TestReadJSON(t *testing.T) {
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	for _, show := range []bool{false, true} {
		run := fixtureRun(t)
		run.ShowSecrets = show
		var buf bytes.Buffer
		if err := (report.JSON{}).Report(&buf, run); err != nil {
			t.Fatal(err)
		}
		recs, err := report.ReadJSON(buf.Bytes(), set)
		if err != nil {
			t.Fatal(err)
		}
		type got struct {
			Rule, Display, Secret, Redacted, Fingerprint string
			Line, Column                                 int
			HasCommit                                    bool
		}
		var gots, wants []got
		for i, r := range recs {
			f := r.Finding
			gots = append(gots, got{f.RuleID, f.Location.Display(), f.Secret, r.Redacted, r.Fingerprint, f.Line, f.Column, f.Location.Commit != nil})
			w := run.Findings[i]
			secret := ""
			if show {
				secret = w.Secret
			}
			wants = append(wants, got{w.RuleID, w.Location.Display(), secret, rules.Redact(w.Secret), w.Fingerprint(), w.Line, w.Column, w.Location.Commit != nil})
			if strings.Contains(f.Message, w.Secret) {
				t.Errorf("show=%v: a read-back message holds the key of %s", show, w.RuleID)
			}
		}
		if diff := cmp.Diff(wants, gots); diff != "" {
			t.Errorf("show=%v: read back (-want +got):\n%s", show, diff)
		}
	}
	if _, err := report.ReadJSON([]byte(`{"runs":[]}`), set); err == nil {
		t.Error("a SARIF log read as a JSON report")
	}
}
