package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/ci/sarifcheck"
)

func ciWriteFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ciReportedPaths runs keylint with --format json and returns the paths it reported.
func ciReportedPaths(t *testing.T, dir string, wantCode int, args ...string) []string {
	t.Helper()
	code, stdout, stderr := ciRun(t, dir, nil, append(args, "--quiet", "--format", "json")...)
	if code != wantCode {
		t.Fatalf("keylint %s: exit status %d, want %d\n%s\n%s", strings.Join(args, " "), code, wantCode, stdout, stderr)
	}
	var fs []struct{ Path string }
	if err := json.Unmarshal([]byte(stdout), &fs); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	paths := []string{}
	for _, f := range fs {
		paths = append(paths, f.Path)
	}
	return paths
}

func TestBaselineScan(t *testing.T) {
	dir := t.TempDir()
	old, fresh := ciKey(), ciKey()
	ciWriteFiles(t, dir, map[string]string{"settings.py": "KEY = \"" + old + "\"\n"})
	code, _, stderr := ciRun(t, dir, nil, "baseline")
	if code != 0 {
		t.Fatalf("keylint baseline: exit status %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".keylint-baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), old) {
		t.Fatal("the baseline holds the key")
	}
	if diff := cmp.Diff([]string{}, ciReportedPaths(t, dir, 0, "scan", "--baseline", ".keylint-baseline.json")); diff != "" {
		t.Errorf("accepted key reported (-want +got):\n%s", diff)
	}
	// The key moves down and its file is renamed: still accepted. A new key is reported alone.
	if err := os.Remove(filepath.Join(dir, "settings.py")); err != nil {
		t.Fatal(err)
	}
	ciWriteFiles(t, dir, map[string]string{
		"config/settings.py": "# moved\n\nKEY = \"" + old + "\"\n",
		"client.go":          "package main\n\nconst key = \"" + fresh + "\"\n",
	})
	if diff := cmp.Diff([]string{"client.go"}, ciReportedPaths(t, dir, 1, "scan", "--baseline", ".keylint-baseline.json")); diff != "" {
		t.Errorf("reported (-want +got):\n%s", diff)
	}
}

func TestBaselineGit(t *testing.T) {
	r := newCIRepo(t, t.TempDir())
	r.commit("old", map[string]string{"legacy.py": "KEY = \"" + ciKey() + "\"\n"})
	code, _, stderr := ciRun(t, r.dir, nil, "baseline", "git", "--quiet", "--output", "bl.json")
	if code != 0 {
		t.Fatalf("keylint baseline git: exit status %d\n%s", code, stderr)
	}
	var bl struct {
		Findings []struct{ Path, Commit string }
	}
	ciReadJSON(t, filepath.Join(r.dir, "bl.json"), &bl)
	if len(bl.Findings) != 1 || bl.Findings[0].Commit != r.git("rev-parse", "HEAD") {
		t.Errorf("baseline entries = %+v, want legacy.py at the first commit", bl.Findings)
	}
	r.commit("new", map[string]string{"client.go": "package main\n\nconst key = \"" + ciKey() + "\"\n"})
	if diff := cmp.Diff([]string{"client.go"}, ciReportedPaths(t, r.dir, 1, "git", "--baseline", "bl.json")); diff != "" {
		t.Errorf("reported (-want +got):\n%s", diff)
	}
}

func TestBaselineBad(t *testing.T) {
	dir := t.TempDir()
	ciWriteFiles(t, dir, map[string]string{"bad.json": "{not json", "a.txt": "nothing here\n"})
	tests := []struct {
		name string
		args []string
	}{
		{name: "scan", args: []string{"scan", "--baseline", "bad.json"}},
		{name: "missing file", args: []string{"scan", "--baseline", "nope.json"}},
		{name: "ci", args: []string{"ci", "--baseline", "bad.json", "--range", "a..b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := ciRun(t, dir, nil, tt.args...)
			if code != 2 {
				t.Errorf("exit status %d, want 2\n%s", code, stderr)
			}
			if !strings.Contains(stderr, "baseline") {
				t.Errorf("stderr does not name the baseline:\n%s", stderr)
			}
		})
	}
}

// TestSARIFFromCommands validates the SARIF of keylint scan and keylint git with Microsoft's
// validator and GitHub's rules (keylint ci's is validated in TestCIReports).
func TestSARIFFromCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("installs and runs the SARIF validator")
	}
	r := newCIRepo(t, t.TempDir())
	r.commit("keys", map[string]string{
		"app/main.go":    "package main\n\nconst key = \"" + ciKey() + "\"\n",
		"web/.env":       "GONKAGATE_API_KEY=" + ciKey() + "\n",
		"docs/a b.md":    "token: " + ciKey() + "\n",
		"src/deleted.py": "K = '" + ciKey() + "'\n",
	})
	r.git("rm", "-q", "src/deleted.py")
	r.git("commit", "-q", "-m", "remove")
	for _, args := range [][]string{{"scan", "."}, {"git"}} {
		t.Run(args[0], func(t *testing.T) {
			out := filepath.Join(t.TempDir(), args[0]+".sarif")
			code, _, stderr := ciRun(t, r.dir, nil, append(args, "--quiet", "--format", "sarif", "--output", out)...)
			if code != 1 {
				t.Fatalf("exit status %d, want 1\n%s", code, stderr)
			}
			sarifcheck.Validate(t, out)
		})
	}
}
