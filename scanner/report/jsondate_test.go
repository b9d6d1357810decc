package report_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/keylint/keylint/scanner/report"
)

// A commit may claim any date: a zone of +99:99 or a year past 9999, which encoding/json
// refuses. The JSON report is written all the same, with such a date in UTC or as zero.
func TestJSONOddCommitDates(t *testing.T) {
	cases := []struct {
		name string
		date time.Time
		want string
	}{
		{"an ordinary date keeps its zone", time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", 5*3600+1800)), "2026-01-02T03:04:05+05:30"},
		{"a zone of +99:99", time.Unix(1700000000, 0).In(time.FixedZone("", 99*3600+99*60)), "2023-11-14T22:13:20Z"},
		{"a year past 9999", time.Unix(253402300800, 0).UTC(), "0001-01-01T00:00:00Z"},
		{"the largest timestamp", time.Unix(1<<63-1, 0).UTC(), "0001-01-01T00:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run := fixtureRun(t)
			for i := range run.Findings {
				if cm := run.Findings[i].Location.Commit; cm != nil {
					cm.Date = c.date
				}
			}
			var buf bytes.Buffer
			if err := (report.JSON{}).Report(&buf, run); err != nil {
				t.Fatalf("report: %v", err)
			}
			var out []struct {
				Commit *struct{ Date string } `json:"commit"`
			}
			if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range out {
				if f.Commit != nil {
					n++
					if f.Commit.Date != c.want {
						t.Errorf("date %q, want %q", f.Commit.Date, c.want)
					}
				}
			}
			if n == 0 {
				t.Fatal("no finding with a commit: the test tests nothing")
			}
		})
	}
}
