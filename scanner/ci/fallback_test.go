package ci_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/ci"
)

type missingErr struct{ rev string }

func (e missingErr) Error() string { return "missing " + e.rev }

func TestScanWithFallback(t *testing.T) {
	missing := func(err error) string {
		var m missingErr
		if errors.As(err, &m) {
			return m.rev
		}
		return ""
	}
	base := ci.Plan{Base: "old", Head: "new", Fallback: "origin/main", Reason: "push"}
	tests := []struct {
		name    string
		plan    ci.Plan
		absent  map[string]bool
		want    []string // bases scanned
		notes   int
		wantErr bool
	}{
		{name: "base present", plan: base, want: []string{"old"}},
		{name: "base missing", plan: base, absent: map[string]bool{"old": true}, want: []string{"old", "origin/main"}, notes: 1},
		{name: "no fallback", plan: ci.Plan{Base: "old", Head: "new"}, absent: map[string]bool{"old": true}, want: []string{"old"}, wantErr: true},
		{name: "fallback missing too", plan: base, absent: map[string]bool{"old": true, "origin/main": true},
			want: []string{"old", "origin/main"}, notes: 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var scanned []string
			notes := 0
			_, got, err := ci.ScanWithFallback(tt.plan, func(p ci.Plan) (int, error) {
				scanned = append(scanned, p.Base)
				if tt.absent[p.Base] {
					return 0, missingErr{p.Base}
				}
				return 1, nil
			}, missing, func(string) { notes++ })
			if diff := cmp.Diff(tt.want, scanned); diff != "" {
				t.Errorf("bases scanned (-want +got):\n%s", diff)
			}
			if notes != tt.notes || (err != nil) != tt.wantErr {
				t.Errorf("notes %d, err %v; want %d notes, error %v", notes, err, tt.notes, tt.wantErr)
			}
			if got.Base != scanned[len(scanned)-1] {
				t.Errorf("plan base %q, want the last scanned %q", got.Base, scanned[len(scanned)-1])
			}
		})
	}
}
