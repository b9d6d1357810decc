package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// baselineFor is a baseline accepting keys by rule and hash, as keylint baseline writes them.
func baselineFor(keys ...string) string {
	type entry struct {
		Rule       string `json:"rule"`
		Path       string `json:"path"`
		SecretHash string `json:"secretHash"`
	}
	var es []entry
	for _, k := range keys {
		sum := sha256.Sum256([]byte(k))
		es = append(es, entry{"gonkagate-api-key", "x", hex.EncodeToString(sum[:])})
	}
	data, _ := json.Marshal(map[string]any{"version": 1, "findings": es})
	return string(data)
}

// TestCITrustsTheBase plays pull requests that try to silence their own scan by changing the
// configuration or the baseline, and ones that change them harmlessly.
func TestCITrustsTheBase(t *testing.T) {
	old, added := hardKey(301), hardKey(302)
	for _, tc := range []struct {
		name     string
		base, pr map[string]string
		args     []string
		code     int
		rules    []string // of the findings, sorted
		stderr   string   // must appear
		noStderr string   // must not appear
	}{
		{
			name: "exclude ** added by the pull request hides nothing",
			pr:   map[string]string{".keylint.yaml": "exclude: [\"**\"]\n", "app.py": "K = '" + added + "'\n"},
			code: 1, rules: []string{"gonkagate-api-key", ruleConfigHides}, stderr: ".keylint.yaml differs from the base commit's",
		},
		{
			name: "a rule disabled by the pull request still reports",
			base: map[string]string{".keylint.yaml": "exclude: [\"vendor/**\"]\n"},
			pr:   map[string]string{".keylint.yaml": "disable: [gonkagate-api-key]\n", "app.py": "K = '" + added + "'\n"},
			code: 1, rules: []string{"gonkagate-api-key", ruleConfigHides}, stderr: "applies the base's",
		},
		{
			name: "a baseline the pull request adds accepts nothing",
			pr:   map[string]string{".keylint-baseline.json": baselineFor(added), "app.py": "K = '" + added + "'\n"},
			args: []string{"--baseline", ".keylint-baseline.json"},
			code: 1, rules: []string{"gonkagate-api-key", ruleBaselineHides}, stderr: ".keylint-baseline.json differs from the base commit's",
		},
		{
			name: "a key the pull request adds to the base's baseline is still reported",
			base: map[string]string{".keylint-baseline.json": baselineFor(old)},
			pr:   map[string]string{".keylint-baseline.json": baselineFor(old, added), "app.py": "K = '" + added + "'\n"},
			args: []string{"--baseline", ".keylint-baseline.json"},
			code: 1, rules: []string{"gonkagate-api-key", ruleBaselineHides},
		},
		{
			name: "the base's baseline still accepts a key the pull request moves",
			base: map[string]string{".keylint-baseline.json": baselineFor(old), "old.py": "K = '" + old + "'\n"},
			pr:   map[string]string{"new.py": "K = '" + old + "'\n"},
			args: []string{"--baseline", ".keylint-baseline.json"},
			code: 0, noStderr: "differs",
		},
		{
			name: "the base's configuration applies",
			base: map[string]string{".keylint.yaml": "exclude: [\"vendor/**\"]\n"},
			pr:   map[string]string{"vendor/lib.py": "K = '" + added + "'\n"},
			code: 0, noStderr: "differs",
		},
		{
			name: "a harmless configuration change is a note",
			pr:   map[string]string{".keylint.yaml": "exclude: [\"docs/**\"]\n", "app.py": "K = '" + added + "'\n"},
			code: 1, rules: []string{"gonkagate-api-key"}, stderr: "keylint: note: .keylint.yaml differs",
		},
		{
			name: "an explicit --config in the repository is read from the base too",
			base: map[string]string{"ci/keylint.yaml": "exclude: [\"vendor/**\"]\n"},
			pr:   map[string]string{"ci/keylint.yaml": "exclude: [\"**\"]\n", "app.py": "K = '" + added + "'\n"},
			args: []string{"--config", "ci/keylint.yaml"},
			code: 1, rules: []string{"gonkagate-api-key", ruleConfigHides},
		},
		{
			name: "a --config that is nowhere is an error",
			pr:   map[string]string{"app.py": "K = '" + added + "'\n"},
			args: []string{"--config", "ci/missing.yaml"},
			code: 2, stderr: "missing.yaml",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newCIRepo(t, filepath.Join(t.TempDir(), "repo"))
			base := r.commit("base", mergeFiles(map[string]string{"README.md": "hi\n"}, tc.base))
			head := r.commit("pull request", tc.pr)
			args := append([]string{"ci", "--range", base + ".." + head, "-f", "json"}, tc.args...)
			code, stdout, stderr := ciRun(t, r.dir, nil, args...)
			if code != tc.code {
				t.Fatalf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			if code == 2 {
				if !strings.Contains(stderr, tc.stderr) {
					t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr)
				}
				return
			}
			var fs []struct {
				Rule string `json:"rule"`
			}
			if err := json.Unmarshal([]byte(stdout), &fs); err != nil {
				t.Fatalf("report: %v\n%s", err, stdout)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.Rule)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.rules, got); diff != "" {
				t.Errorf("rules (-want +got):\n%s\nstderr: %s", diff, stderr)
			}
			if tc.stderr != "" && !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr)
			}
			if tc.noStderr != "" && strings.Contains(stderr, tc.noStderr) {
				t.Errorf("stderr holds %q:\n%s", tc.noStderr, stderr)
			}
			if piece := leakedPiece(stdout+stderr, []string{old, added}); piece != "" {
				t.Errorf("an output shows %q of a key", piece)
			}
		})
	}
}

func mergeFiles(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// TestCIHeadConfigNotADevice checks that a pull request whose .keylint.yaml is a link to a
// device is scanned under the base's configuration without reading the device (which would
// never end), and that the change is noted.
func TestCIHeadConfigNotADevice(t *testing.T) {
	added := hardKey(303)
	r := newCIRepo(t, filepath.Join(t.TempDir(), "repo"))
	base := r.commit("base", map[string]string{"README.md": "hi\n", ".keylint.yaml": "exclude: [\"vendor/**\"]\n"})
	head := r.commit("pull request", map[string]string{"app.py": "K = '" + added + "'\n"})
	cfg := filepath.Join(r.dir, ".keylint.yaml")
	os.Remove(cfg)
	if err := os.Symlink("/dev/zero", cfg); err != nil {
		t.Skipf("symlink: %v", err)
	}
	for _, k := range ciVars {
		t.Setenv(k, "")
	}
	t.Chdir(r.dir)
	var stdout, stderr bytes.Buffer
	done := make(chan int)
	go func() {
		done <- run([]string{"ci", "--range", base + ".." + head, "-f", "json"}, strings.NewReader(""), &stdout, &stderr)
	}()
	select {
	case code := <-done:
		if code != 1 || !strings.Contains(stderr.String(), "does not load") || !strings.Contains(stderr.String(), "not followed") {
			t.Errorf("exit status %d, stderr:\n%s\nwant 1 and a note that the changed file does not load", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("keylint ci read the device the pull request's .keylint.yaml links to")
	}
}
