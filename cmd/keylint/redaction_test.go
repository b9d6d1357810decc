package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoKeyEscapesRedaction scans a repository holding keys in many forms with every
// command and every output, and checks that no output holds a key unless --show-secrets.
func TestNoKeyEscapesRedaction(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command on a real repository")
	}
	plain, b64key, envKey, gzKey, jsKey := ciKey(), ciKey(), ciKey(), ciKey(), ciKey()
	keys := []string{plain, b64key, envKey, gzKey, jsKey}
	w := newCIWorld(t, 0)
	r := w.clone
	r.git("checkout", "-q", "-b", "leak")
	head := r.commit("many keys", map[string]string{
		"app.py":               "KEY = '" + plain + "'\n",
		"k8s/secret.yaml":      "data:\n  GONKAGATE_API_KEY: " + base64.StdEncoding.EncodeToString([]byte(b64key)) + "\n",
		".env":                 "GONKAGATE_API_KEY=" + envKey + "\n",
		"dist/assets/index.js": `const c={apiKey:"` + jsKey + `"};`,
	})
	// An archive the scan of the work tree reads (not committed).
	if err := os.MkdirAll(filepath.Join(r.dir, "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.dir, "notes", "keys.txt.gz"), gzipped([]byte("k: "+gzKey+"\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	keys = append(keys, w.newKey, w.oldKey)

	out := t.TempDir()
	summary := filepath.Join(out, "summary.md")
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_STEP_SUMMARY": summary,
		"GITHUB_EVENT_PATH": ciEvent(t, map[string]any{"pull_request": map[string]any{
			"base": map[string]string{"sha": w.base, "ref": "main"}, "head": map[string]string{"sha": head, "ref": "leak"}}})}
	var outputs []string
	files := []string{summary}
	runAll := func(env map[string]string, args ...string) {
		code, stdout, stderr := ciRun(t, r.dir, env, args...)
		if code == 2 {
			t.Errorf("keylint %s: exit status 2\n%s", strings.Join(args, " "), stderr)
		}
		outputs = append(outputs, stdout, stderr)
	}
	for _, format := range []string{"text", "json", "sarif"} {
		runAll(nil, "scan", "--no-ignore", "--format", format, ".")
		runAll(nil, "git", "--format", format, ".")
		f := filepath.Join(out, "scan."+format)
		runAll(nil, "scan", "--format", format, "--output", f, ".")
		files = append(files, f)
	}
	// Verification against fake providers, one of which accepts a key: the answers are
	// in every format, and keylint verify reads the keys again from the files.
	p := newProviders(t, plain, jsKey)
	verifyArgs := append([]string{"--verify-rate", "100"}, p.verifyArgs()...)
	for _, format := range []string{"text", "json", "sarif"} {
		runAll(nil, append([]string{"scan", "--verify", "--no-ignore", "--format", format}, append(verifyArgs, ".")...)...)
		runAll(nil, append([]string{"git", "--only-live", "--format", format}, verifyArgs...)...)
	}
	runAll(nil, append([]string{"verify"}, append(verifyArgs, filepath.Join(out, "scan.json"))...)...)
	if !strings.Contains(strings.Join(outputs, "\n"), "verified: live at 127.0.0.1") {
		t.Errorf("no verification reached the reports")
	}
	gl, sarif, bl := filepath.Join(out, "gl.json"), filepath.Join(out, "ci.sarif"), filepath.Join(out, "baseline.json")
	runAll(env, "ci", "--sarif", sarif, "--gitlab-report", gl)
	runAll(nil, "baseline", "--output", bl, ".")
	files = append(files, gl, sarif, bl)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Errorf("output %s was not written: %v", f, err)
			continue
		}
		outputs = append(outputs, string(data))
	}

	found := 0
	for _, o := range outputs {
		if strings.Contains(o, "gp-Q7") {
			found++
		}
		for _, k := range keys {
			if strings.Contains(o, k) || strings.Contains(o, k[3:]) {
				t.Errorf("an output holds a key unredacted:\n%.400s", o)
			}
			if strings.Contains(o, base64.StdEncoding.EncodeToString([]byte(k))) {
				t.Errorf("an output holds a key in base64:\n%.400s", o)
			}
		}
	}
	if found < 10 {
		t.Errorf("only %d outputs show redacted keys; the scans found too little to prove anything", found)
	}

	// The test can fail: with --show-secrets the key is there.
	_, stdout, _ := ciRun(t, r.dir, nil, "scan", "--show-secrets", "app.py")
	if !strings.Contains(stdout, plain) {
		t.Errorf("--show-secrets did not print the key:\n%s", stdout)
	}
}
