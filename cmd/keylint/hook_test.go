package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitCLI runs the git binary in dir with a fixed identity and no user or system configuration.
func gitCLI(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=Dev", "GIT_AUTHOR_EMAIL=dev@example.com", "GIT_COMMITTER_NAME=Dev", "GIT_COMMITTER_EMAIL=dev@example.com",
		"NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func mustGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := gitCLI(t, dir, args...)
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return out
}

// needTools skips the test when a program it runs is missing.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH: %v", tool, err)
		}
	}
}

func exitStatus(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// keylintCmd runs the keylint binary that TestMain put on PATH.
func keylintCmd(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("keylint", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), exitStatus(err)
}

// TestHookCommit installs the native hook and makes real commits through it.
func TestHookCommit(t *testing.T) {
	needTools(t, "git", "keylint")
	k := gitTestKeys(t, 1)
	dir := t.TempDir()
	mustGit(t, dir, "init", "-q")
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGit(t, dir, "add", "README.md")
	mustGit(t, dir, "commit", "-q", "-m", "start")

	out, code := keylintCmd(t, dir, "hook", "install")
	if code != 0 || !strings.Contains(out, "installed") {
		t.Fatalf("hook install: exit %d\n%s", code, out)
	}
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")

	// A staged key: the commit is refused with the finding on screen.
	if err := os.WriteFile(filepath.Join(dir, "config.py"), []byte("KEY = '"+k[0]+"'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGit(t, dir, "add", "config.py")
	out, err := gitCLI(t, dir, "commit", "-m", "add config")
	if exitStatus(err) != 1 || !strings.Contains(out, "config.py:1") || !strings.Contains(out, "gonkagate-api-key") {
		t.Fatalf("commit with a staged key: exit %d, want 1 with the finding\n%s", exitStatus(err), out)
	}
	if strings.Contains(out, k[0]) {
		t.Errorf("the key is printed whole:\n%s", out)
	}
	// Unstaged, the key no longer blocks a clean commit.
	mustGit(t, dir, "rm", "-q", "--cached", "config.py")
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGit(t, dir, "add", "main.go")
	if out, err := gitCLI(t, dir, "commit", "-q", "-m", "clean"); err != nil {
		t.Fatalf("clean commit refused: %v\n%s", err, out)
	}

	// Someone else's hook is kept unless --force, and uninstall puts it back.
	mine := "#!/bin/sh\necho mine\n"
	if err := os.WriteFile(hook, []byte(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, code := keylintCmd(t, dir, "hook", "install"); code != exitError || !strings.Contains(out, "--force") {
		t.Errorf("install over another hook: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(hook); string(b) != mine {
		t.Errorf("the existing hook was changed:\n%s", b)
	}
	if out, code := keylintCmd(t, dir, "hook", "uninstall"); code != exitError || !strings.Contains(out, "not written by keylint") {
		t.Errorf("uninstall of another hook: exit %d\n%s", code, out)
	}
	if out, code := keylintCmd(t, dir, "hook", "install", "--force"); code != 0 || !strings.Contains(out, savedSuffix) {
		t.Errorf("install --force: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(hook); !strings.Contains(string(b), hookMarker) {
		t.Errorf("--force did not install keylint's hook:\n%s", b)
	}
	if out, code := keylintCmd(t, dir, "hook", "uninstall"); code != 0 || !strings.Contains(out, "restored") {
		t.Errorf("uninstall: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(hook); string(b) != mine {
		t.Errorf("uninstall did not restore the earlier hook:\n%s", b)
	}

	// With core.hooksPath set, git ignores .git/hooks: the install says so.
	mustGit(t, dir, "config", "core.hooksPath", ".husky")
	if out, code := keylintCmd(t, dir, "hook", "install", "--force"); code != 0 || !strings.Contains(out, "core.hooksPath is set to .husky") {
		t.Errorf("install with core.hooksPath: exit %d\n%s", code, out)
	}
}

// TestPreCommitFramework runs the -system hooks of .pre-commit-hooks.yaml with the real pre-commit.
func TestPreCommitFramework(t *testing.T) {
	needTools(t, "git", "keylint")
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not on PATH (Debian: apt-get install pre-commit); skipping the framework test")
	}
	k := gitTestKeys(t, 1)
	manifest, err := os.ReadFile(filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("PRE_COMMIT_HOME", filepath.Join(tmp, "cache"))
	hooks := filepath.Join(tmp, "hooks")
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(hooks, ".pre-commit-hooks.yaml"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	mustGit(t, hooks, "init", "-q")
	mustGit(t, hooks, "add", ".")
	mustGit(t, hooks, "commit", "-q", "-m", "hooks")
	rev := strings.TrimSpace(mustGit(t, hooks, "rev-parse", "HEAD"))

	dir := filepath.Join(tmp, "project")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := "repos:\n- repo: " + hooks + "\n  rev: " + rev + "\n  hooks:\n  - id: keylint-system\n  - id: keylint-pre-push-system\n"
	if err := os.WriteFile(filepath.Join(dir, ".pre-commit-config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGit(t, dir, "init", "-q")
	mustGit(t, dir, "add", ".")
	mustGit(t, dir, "commit", "-q", "-m", "start")
	base := strings.TrimSpace(mustGit(t, dir, "rev-parse", "HEAD"))

	precommit := func(args ...string) (string, int) {
		cmd := exec.Command("pre-commit", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), exitStatus(err)
	}
	if out, code := precommit("run", "keylint-system"); code != 0 {
		t.Fatalf("clean index: exit %d\n%s", code, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "app.js"), []byte("const key = '"+k[0]+"';\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGit(t, dir, "add", "app.js")
	out, code := precommit("run", "keylint-system")
	if code != 1 || !strings.Contains(out, "app.js:1") {
		t.Errorf("staged key: exit %d, want 1 naming app.js:1\n%s", code, out)
	}
	mustGit(t, dir, "commit", "-q", "--no-verify", "-m", "add key")
	head := strings.TrimSpace(mustGit(t, dir, "rev-parse", "HEAD"))
	out, code = precommit("run", "--hook-stage", "push", "keylint-pre-push-system", "--from-ref", base, "--to-ref", head)
	if code != 1 || !strings.Contains(out, "app.js:1") || !strings.Contains(out, head) {
		t.Errorf("pre-push: exit %d, want 1 naming app.js:1 at %s\n%s", code, head, out)
	}
	out, code = precommit("run", "--hook-stage", "push", "keylint-pre-push-system", "--from-ref", head, "--to-ref", head)
	if code != 0 {
		t.Errorf("pre-push of nothing new: exit %d\n%s", code, out)
	}
}

// TestPreCommitGolang runs the keylint hook (language: golang) with the real pre-commit, which builds
// keylint from a copy of this module. It downloads modules, so it runs only when asked to.
func TestPreCommitGolang(t *testing.T) {
	if os.Getenv("KEYLINT_PRECOMMIT_GOLANG") != "1" {
		t.Skip("set KEYLINT_PRECOMMIT_GOLANG=1 to build the golang hook with pre-commit (downloads modules)")
	}
	needTools(t, "git", "go", "pre-commit")
	k := gitTestKeys(t, 1)
	tmp := t.TempDir()
	t.Setenv("PRE_COMMIT_HOME", filepath.Join(tmp, "cache"))
	hooks := filepath.Join(tmp, "hooks")
	root := repoRoot(t)
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		dst := filepath.Join(hooks, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	mustGit(t, hooks, "init", "-q")
	mustGit(t, hooks, "add", "-A")
	mustGit(t, hooks, "commit", "-q", "--no-verify", "-m", "hooks")
	rev := strings.TrimSpace(mustGit(t, hooks, "rev-parse", "HEAD"))
	dir := filepath.Join(tmp, "project")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := "repos:\n- repo: " + hooks + "\n  rev: " + rev + "\n  hooks:\n  - id: keylint\n"
	if err := os.WriteFile(filepath.Join(dir, ".pre-commit-config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGit(t, dir, "init", "-q")
	mustGit(t, dir, "add", ".")
	mustGit(t, dir, "commit", "-q", "-m", "start")
	if err := os.WriteFile(filepath.Join(dir, "app.py"), []byte("KEY = '"+k[0]+"'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGit(t, dir, "add", "app.py")
	cmd := exec.Command("pre-commit", "run", "keylint")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if exitStatus(err) != 1 || !strings.Contains(string(out), "app.py:1") {
		t.Errorf("golang hook: exit %d, want 1 naming app.py:1\n%s", exitStatus(err), out)
	}
}
