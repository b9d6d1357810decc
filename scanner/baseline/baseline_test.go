package baseline_test

import (
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
	"github.com/keylint/keylint/scanner/baseline"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func key(r *rand.Rand) string { return testkey.GonkaGate(r) }

func finding(path string, line int, secret string, c *source.Commit) scanner.Finding {
	return scanner.Finding{RuleID: "gonkagate-api-key", Location: source.Location{Path: path, Commit: c},
		Line: line, Column: 1, Secret: secret, Severity: rules.SeverityError}
}

func commit(sha string, day int) *source.Commit {
	return &source.Commit{SHA: sha, Date: time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC)}
}

func TestGolden(t *testing.T) {
	r := rand.New(rand.NewChaCha8([32]byte{'b', 'l'}))
	k1, k2 := key(r), key(r)
	fs := []scanner.Finding{
		finding("z.go", 9, k2, commit("bbbb", 5)),
		finding("a.go", 3, k1, commit("cccc", 9)),
		finding("a.go", 3, k1, commit("aaaa", 2)), // same finding, earlier commit: kept
		finding("a.go", 30, k1, commit("dddd", 20)),
	}
	data, err := baseline.New(fs).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), k1) || strings.Contains(string(data), k2) {
		t.Fatal("baseline holds a key")
	}
	path := filepath.Join("testdata", "baseline.json")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(data)); diff != "" {
		t.Errorf("baseline (-want +got):\n%s", diff)
	}
	// Stable: the same findings in another order give the same bytes.
	again, _ := baseline.New([]scanner.Finding{fs[3], fs[2], fs[1], fs[0]}).Marshal()
	if diff := cmp.Diff(string(data), string(again)); diff != "" {
		t.Errorf("baseline depends on finding order (-first +second):\n%s", diff)
	}
}

func TestContains(t *testing.T) {
	r := rand.New(rand.NewChaCha8([32]byte{'c'}))
	known, other := key(r), key(r)
	keyless := func(path string) scanner.Finding {
		f := finding(path, 1, "", nil)
		f.RuleID = rules.CommittedEnvFile
		return f
	}
	m := baseline.New([]scanner.Finding{finding("config/app.go", 10, known, nil), keyless(".env")}).Matcher()
	tests := []struct {
		name string
		f    scanner.Finding
		want bool
	}{
		{name: "same place", f: finding("config/app.go", 10, known, nil), want: true},
		{name: "line moved", f: finding("config/app.go", 42, known, nil), want: true},
		{name: "file renamed", f: finding("settings/app.go", 10, known, nil), want: true},
		{name: "from history", f: finding("config/app.go", 10, known, commit("eeee", 1)), want: true},
		{name: "new key same file", f: finding("config/app.go", 11, other, nil), want: false},
		{name: "same key other rule", f: func() scanner.Finding {
			f := finding("config/app.go", 10, known, nil)
			f.RuleID = "gonkagate-management-key"
			return f
		}(), want: false},
		// A finding with no key is matched by its place only: the hash of no key is not a key.
		{name: "keyless, same place", f: keyless(".env"), want: true},
		{name: "keyless, other file", f: keyless("web/.env.local"), want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Contains(&tt.f); got != tt.want {
				t.Errorf("Contains = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		wantErr string
		want    int
	}{
		{name: "empty list", data: `{"version":1,"findings":[]}`, want: 0},
		{name: "one", data: `{"version":1,"findings":[{"fingerprint":"ab","rule":"r","path":"p","secretHash":"cd"}]}`, want: 1},
		{name: "not json", data: `fingerprints: [ab]`, wantErr: "not a keylint baseline"},
		{name: "unknown field", data: `{"version":1,"findings":[],"keys":[]}`, wantErr: "unknown field"},
		{name: "wrong version", data: `{"version":7,"findings":[]}`, wantErr: "version 7"},
		{name: "empty entry", data: `{"version":1,"findings":[{}]}`, wantErr: "entry 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := baseline.Parse([]byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Findings) != tt.want {
				t.Errorf("%d entries, want %d", len(b.Findings), tt.want)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewChaCha8([32]byte{'r'}))
	fs := []scanner.Finding{finding("a.go", 1, key(r), nil), finding("b.go", 2, key(r), commit("ffff", 3))}
	data, err := baseline.New(fs).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	b, err := baseline.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Matcher().Filter(append([]scanner.Finding(nil), fs...)); len(got) != 0 {
		t.Errorf("Filter kept %d findings of the baseline itself", len(got))
	}
}
