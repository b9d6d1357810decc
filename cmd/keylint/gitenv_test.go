package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestGitCommittedEnvFile checks that history names the commit that brought a key into a .env file.
func TestGitCommittedEnvFile(t *testing.T) {
	r := newCIRepo(t, filepath.Join(t.TempDir(), "repo"))
	r.commit("start", map[string]string{"README.md": "hello\n"})
	sha := r.commit("add env", map[string]string{"deploy/.env": "A=1\nGONKAGATE_API_KEY=" + ciKey() + "\n"})
	r.git("rm", "-q", "deploy/.env")
	r.git("commit", "-q", "-m", "remove env")
	code, stdout, stderr := ciRun(t, r.dir, nil, "git", ".")
	if code != 1 {
		t.Fatalf("exit status %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	want := "deploy/.env:2:1: committed-env-file: deploy/.env holds a key and was committed to git in " + sha[:12]
	if !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
}
