package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	keylinthook "github.com/keylint/keylint/scanner/hook"
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

// installedKeylint copies this test binary to a lasting folder as keylint (TestMain runs it as
// keylint by that name) and puts that folder first on PATH: the binary go test built lives in
// a temporary go-build folder, which keylint hook install refuses to name in a hook.
func installedKeylint(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(bin, "keylint")
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return exe
}

// newHookRepo makes a repository with one commit and a clean work tree.
func newHookRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mustGit(t, dir, "init", "-q")
	writeIn(t, dir, "README.md", "hello\n")
	mustGit(t, dir, "add", "README.md")
	mustGit(t, dir, "commit", "-q", "-m", "start")
	return dir
}

func writeIn(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestHookCommit installs the native hook and makes real commits through it: staged with git add,
// with git commit -a and git commit PATH (which stage into a temporary GIT_INDEX_FILE).
func TestHookCommit(t *testing.T) {
	needTools(t, "git")
	exe := installedKeylint(t)
	k := gitTestKeys(t, 1)
	dir := newHookRepo(t)
	out, code := keylintCmd(t, dir, "hook", "install")
	if code != 0 || !strings.Contains(out, "installed") || !strings.Contains(out, exe) {
		t.Fatalf("hook install: exit %d, want 0 naming %s\n%s", code, exe, out)
	}

	// A staged key: the commit is refused with the finding on screen.
	writeIn(t, dir, "config.py", "KEY = '"+k[0]+"'\n")
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
	writeIn(t, dir, "main.go", "package main\n")
	mustGit(t, dir, "add", "main.go")
	if out, err := gitCLI(t, dir, "commit", "-q", "-m", "clean"); err != nil {
		t.Fatalf("clean commit refused: %v\n%s", err, out)
	}
	// A key written into a tracked file and committed with -a or by path, never git add-ed.
	writeIn(t, dir, "main.go", "package main\n\nconst key = \""+k[0]+"\"\n")
	for _, args := range [][]string{{"commit", "-a", "-m", "all"}, {"commit", "-m", "by path", "main.go"}} {
		out, err := gitCLI(t, dir, args...)
		if exitStatus(err) != 1 || !strings.Contains(out, "main.go:3") {
			t.Errorf("git %s with a key in main.go: exit %d, want 1 naming main.go:3\n%s", strings.Join(args, " "), exitStatus(err), out)
		}
	}
	if log := mustGit(t, dir, "log", "--format=%s"); log != "clean\nstart\n" {
		t.Errorf("commits made:\n%s", log)
	}
}

// TestHookNeverFailsOpen: a hook whose keylint is gone refuses the commit and names the fix,
// and install refuses to write a path inside a temporary go run build.
func TestHookNeverFailsOpen(t *testing.T) {
	needTools(t, "git")
	exe := installedKeylint(t)
	dir := newHookRepo(t)
	if out, code := keylintCmd(t, dir, "hook", "install"); code != 0 {
		t.Fatalf("hook install: exit %d\n%s", code, out)
	}
	if err := os.Rename(exe, exe+".moved"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", "/usr/bin:/bin")
	writeIn(t, dir, "notes.txt", "nothing secret\n")
	mustGit(t, dir, "add", "notes.txt")
	out, err := gitCLI(t, dir, "commit", "-m", "without keylint")
	if exitStatus(err) != 1 || !strings.Contains(out, "cannot find keylint") || !strings.Contains(out, "go install ./cmd/keylint") {
		t.Errorf("commit with keylint gone: exit %d, want 1 naming the fix\n%s", exitStatus(err), out)
	}

	// This test binary is a temporary build; named by its go-build path and with no keylint on
	// PATH, install writes nothing.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if !keylinthook.TemporaryBuild(self) {
		t.Skipf("the test binary %s is not in a go-build folder", self)
	}
	fresh := newHookRepo(t)
	cmd := exec.Command(self, "hook", "install")
	cmd.Args[0] = "keylint"
	cmd.Dir = fresh
	b, err := cmd.CombinedOutput()
	if exitStatus(err) != exitError || !strings.Contains(string(b), "temporary build") || !strings.Contains(string(b), "go install ./cmd/keylint") {
		t.Errorf("install from a temporary build: exit %d, want 2 with the fix\n%s", exitStatus(err), b)
	}
	if _, err := os.Stat(filepath.Join(fresh, ".git", "hooks", "pre-commit")); err == nil {
		t.Error("a hook was written naming a temporary build")
	}
}

// TestHookForceChains: --force keeps the earlier hook and runs it after keylint's check,
// stopping at the first failure; uninstall puts it back.
func TestHookForceChains(t *testing.T) {
	needTools(t, "git")
	installedKeylint(t)
	k := gitTestKeys(t, 1)
	dir := newHookRepo(t)
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	ran := filepath.Join(t.TempDir(), "ran")
	mine := "#!/bin/sh\necho mine >> '" + ran + "'\n[ ! -f \"$(git rev-parse --show-toplevel)/fail-lint\" ]\n"
	writeIn(t, filepath.Dir(hook), "pre-commit", mine)

	if out, code := keylintCmd(t, dir, "hook", "install"); code != exitError || !strings.Contains(out, "--force") {
		t.Errorf("install over another hook: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(hook); string(b) != mine {
		t.Errorf("the existing hook was changed:\n%s", b)
	}
	if out, code := keylintCmd(t, dir, "hook", "uninstall"); code != exitError || !strings.Contains(out, "not written by keylint") {
		t.Errorf("uninstall of another hook: exit %d\n%s", code, out)
	}
	if out, code := keylintCmd(t, dir, "hook", "install", "--force"); code != 0 || !strings.Contains(out, keylinthook.SavedSuffix) || !strings.Contains(out, "runs it after") {
		t.Errorf("install --force: exit %d\n%s", code, out)
	}
	ranCount := func() int {
		b, _ := os.ReadFile(ran)
		return strings.Count(string(b), "mine")
	}
	// Clean: keylint passes, then the user's hook runs.
	writeIn(t, dir, "a.txt", "a\n")
	mustGit(t, dir, "add", "a.txt")
	if out, err := gitCLI(t, dir, "commit", "-q", "-m", "a"); err != nil || ranCount() != 1 {
		t.Errorf("clean commit: %v, the saved hook ran %d times, want 1\n%s", err, ranCount(), out)
	}
	// The user's hook fails: the commit is refused.
	writeIn(t, dir, "fail-lint", "")
	writeIn(t, dir, "b.txt", "b\n")
	mustGit(t, dir, "add", "b.txt")
	if out, err := gitCLI(t, dir, "commit", "-q", "-m", "b"); exitStatus(err) == 0 || ranCount() != 2 {
		t.Errorf("commit the saved hook refuses: exit %d, saved hook ran %d times, want refused after 2\n%s", exitStatus(err), ranCount(), out)
	}
	os.Remove(filepath.Join(dir, "fail-lint"))
	// A key: keylint refuses first and the user's hook does not run.
	writeIn(t, dir, "c.py", "KEY = '"+k[0]+"'\n")
	mustGit(t, dir, "add", "c.py")
	if out, err := gitCLI(t, dir, "commit", "-q", "-m", "c"); exitStatus(err) != 1 || ranCount() != 2 {
		t.Errorf("commit with a key: exit %d, saved hook ran %d times, want 1 and 2\n%s", exitStatus(err), ranCount(), out)
	}
	if out, code := keylintCmd(t, dir, "hook", "uninstall"); code != 0 || !strings.Contains(out, "restored") {
		t.Errorf("uninstall: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(hook); string(b) != mine {
		t.Errorf("uninstall did not restore the earlier hook:\n%s", b)
	}
}

// TestHookHooksPath: with core.hooksPath set, the hook goes where git runs hooks, and a commit
// with a key is refused.
func TestHookHooksPath(t *testing.T) {
	needTools(t, "git")
	installedKeylint(t)
	k := gitTestKeys(t, 1)
	dir := newHookRepo(t)
	mustGit(t, dir, "config", "core.hooksPath", ".husky")
	out, code := keylintCmd(t, dir, "hook", "install")
	want := filepath.Join(dir, ".husky", "pre-commit")
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("install with core.hooksPath: exit %d, want 0 naming %s\n%s", code, want, out)
	}
	writeIn(t, dir, "k.py", "KEY = '"+k[0]+"'\n")
	mustGit(t, dir, "add", "k.py")
	if out, err := gitCLI(t, dir, "commit", "-m", "key"); exitStatus(err) != 1 || !strings.Contains(out, "k.py:1") {
		t.Errorf("commit with a key under core.hooksPath: exit %d, want 1\n%s", exitStatus(err), out)
	}
	if out, code := keylintCmd(t, dir, "hook", "test"); code != 0 || !strings.Contains(out, "refused the canary") {
		t.Errorf("hook test under core.hooksPath: exit %d\n%s", code, out)
	}
}

// TestHookTest: keylint hook test passes only when the hook refuses the canary, and leaves
// the index and the work tree as they were.
func TestHookTest(t *testing.T) {
	needTools(t, "git")
	installedKeylint(t)
	dir := newHookRepo(t)
	writeIn(t, dir, "staged.txt", "mine\n")
	mustGit(t, dir, "add", "staged.txt")
	writeIn(t, dir, "README.md", "edited\n")
	index := filepath.Join(dir, ".git", "index")
	before, _ := os.ReadFile(index)
	status := mustGit(t, dir, "status", "--porcelain")

	if out, code := keylintCmd(t, dir, "hook", "test"); code != exitError || !strings.Contains(out, "no pre-commit hook") {
		t.Errorf("hook test without a hook: exit %d, want 2\n%s", code, out)
	}
	if out, code := keylintCmd(t, dir, "hook", "install"); code != 0 {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	out, code := keylintCmd(t, dir, "hook", "test")
	if code != 0 || !strings.Contains(out, "refused the canary") {
		t.Errorf("hook test: exit %d, want 0\n%s", code, out)
	}
	if after, _ := os.ReadFile(index); !bytes.Equal(before, after) {
		t.Error("hook test changed the index")
	}
	if got := mustGit(t, dir, "status", "--porcelain"); got != status {
		t.Errorf("hook test changed the status:\n%s\nwant\n%s", got, status)
	}
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	if err := os.WriteFile(hook, []byte("#!/bin/sh\n"+keylinthook.Marker+"\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, code := keylintCmd(t, dir, "hook", "test"); code != exitError || !strings.Contains(out, "let a staged key through") {
		t.Errorf("hook test of a hook that lets keys through: exit %d, want 2\n%s", code, out)
	}
	if err := os.WriteFile(hook, []byte("#!/bin/sh\n# File generated by pre-commit: https://pre-commit.com\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, code := keylintCmd(t, dir, "hook", "test"); code != exitError || !strings.Contains(out, "not written by keylint hook install") {
		t.Errorf("hook test of another hook: exit %d, want 2 refusing to run it\n%s", code, out)
	}
	if err := os.Chmod(hook, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := keylintCmd(t, dir, "hook", "test"); code != exitError || !strings.Contains(out, "not executable") {
		t.Errorf("hook test of a hook git does not run: exit %d, want 2\n%s", code, out)
	}
}

// preCommitVersion returns the installed pre-commit's version as major and minor.
func preCommitVersion(t *testing.T) (int, int) {
	t.Helper()
	out, err := exec.Command("pre-commit", "--version").Output()
	if err != nil {
		t.Fatalf("pre-commit --version: %v", err)
	}
	var major, minor int
	if _, err := fmt.Sscanf(strings.TrimPrefix(strings.TrimSpace(string(out)), "pre-commit "), "%d.%d", &major, &minor); err != nil {
		t.Fatalf("pre-commit --version said %q: %v", out, err)
	}
	return major, minor
}

// legacyStages is the manifest as a pre-commit older than 3.2 can read it: the stage names
// before pre-commit 3.2 renamed them, and no minimum version.
func legacyStages(manifest string) string {
	var out []string
	for _, line := range strings.Split(manifest, "\n") {
		if strings.Contains(line, "minimum_pre_commit_version:") {
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "stages:") {
			line = strings.NewReplacer("pre-commit", "commit", "pre-push", "push").Replace(line)
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// TestPreCommitFramework runs the -system hooks of .pre-commit-hooks.yaml with the real pre-commit:
// the staged hook at commit, the files hook with --all-files, the pre-push hook. A pre-commit older
// than 3.2 (Debian 12 ships 3.0.4) cannot read the manifest's stage names: the test checks that it
// says so, then runs the hooks from the manifest with the old stage names.
func TestPreCommitFramework(t *testing.T) {
	needTools(t, "git", "keylint")
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not on PATH (Debian: apt-get install pre-commit); skipping the framework test")
	}
	installedKeylint(t)
	k := gitTestKeys(t, 2)
	manifest, err := os.ReadFile(filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("PRE_COMMIT_HOME", filepath.Join(tmp, "cache"))
	hookRepo := func(name, text string) string {
		hooks := filepath.Join(tmp, name)
		writeIn(t, hooks, ".pre-commit-hooks.yaml", text)
		mustGit(t, hooks, "init", "-q")
		mustGit(t, hooks, "add", ".")
		mustGit(t, hooks, "commit", "-q", "-m", "hooks")
		return hooks
	}
	hooks := hookRepo("hooks", string(manifest))
	dir := filepath.Join(tmp, "project")
	config := func(hooks string) {
		rev := strings.TrimSpace(mustGit(t, hooks, "rev-parse", "HEAD"))
		cfg := "repos:\n- repo: " + hooks + "\n  rev: " + rev + "\n  hooks:\n  - id: keylint-system\n  - id: keylint-pre-push-system\n" +
			"  - id: keylint-files-system\n    stages: [manual]\n"
		writeIn(t, dir, ".pre-commit-config.yaml", cfg)
	}
	config(hooks)
	writeIn(t, dir, ".keylint.yaml", "exclude: [\"fixtures/**\"]\n")
	writeIn(t, dir, "fixtures/sample.py", "KEY = '"+k[1]+"'\n")
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
	pushStage := "pre-push"
	if major, minor := preCommitVersion(t); major < 3 || major == 3 && minor < 2 {
		pushStage = "push"
		out, code := precommit("run", "keylint-system")
		if code == 0 || !strings.Contains(out, "pre-commit") || !strings.Contains(out, "stages") {
			t.Errorf("pre-commit %d.%d with the manifest: exit %d, want an error naming the stage\n%s", major, minor, code, out)
		}
		t.Logf("pre-commit %d.%d predates the stage names pre-commit and pre-push; running the hooks with the old names", major, minor)
		config(hookRepo("legacy", legacyStages(string(manifest))))
		mustGit(t, dir, "add", ".")
		mustGit(t, dir, "commit", "-q", "-m", "legacy hooks")
		base = strings.TrimSpace(mustGit(t, dir, "rev-parse", "HEAD"))
	}
	if out, code := precommit("run", "keylint-system"); code != 0 || strings.Contains(out, "deprecated") {
		t.Fatalf("clean index: exit %d (or a deprecation warning)\n%s", code, out)
	}
	if out, code := precommit("run", "--hook-stage", "manual", "keylint-files-system", "--all-files"); code != 0 {
		t.Errorf("--all-files on a tree whose only key is excluded: exit %d, want 0\n%s", code, out)
	}
	writeIn(t, dir, "app.js", "const key = '"+k[0]+"';\n")
	mustGit(t, dir, "add", "app.js")
	out, code := precommit("run", "keylint-system")
	if code != 1 || !strings.Contains(out, "app.js:1") {
		t.Errorf("staged key: exit %d, want 1 naming app.js:1\n%s", code, out)
	}
	mustGit(t, dir, "commit", "-q", "--no-verify", "-m", "add key")
	// The staged hook has nothing to scan now; the files hook finds the committed key.
	if out, code := precommit("run", "keylint-system", "--all-files"); code != 0 {
		t.Errorf("staged hook with --all-files and nothing staged: exit %d\n%s", code, out)
	}
	out, code = precommit("run", "--hook-stage", "manual", "keylint-files-system", "--all-files")
	if code != 1 || !strings.Contains(out, "app.js:1") || strings.Contains(out, "fixtures/sample.py") {
		t.Errorf("files hook --all-files: exit %d, want 1 naming app.js:1 and not the excluded fixture\n%s", code, out)
	}
	head := strings.TrimSpace(mustGit(t, dir, "rev-parse", "HEAD"))
	out, code = precommit("run", "--hook-stage", pushStage, "keylint-pre-push-system", "--from-ref", base, "--to-ref", head)
	if code != 1 || !strings.Contains(out, "app.js:1") || !strings.Contains(out, head) {
		t.Errorf("pre-push: exit %d, want 1 naming app.js:1 at %s\n%s", code, head, out)
	}
	out, code = precommit("run", "--hook-stage", pushStage, "keylint-pre-push-system", "--from-ref", head, "--to-ref", head)
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
		if d.Name() == ".git" {
			// A folder, or in a linked worktree a file naming the real git folder: copied, it
			// would make the copy's git commands commit into this checkout.
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
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
	if major, minor := preCommitVersion(t); major < 3 || major == 3 && minor < 2 {
		// See TestPreCommitFramework: a release before 3.2 reads only the old stage names.
		manifest := filepath.Join(hooks, ".pre-commit-hooks.yaml")
		b, err := os.ReadFile(manifest)
		if err != nil {
			t.Fatal(err)
		}
		writeIn(t, hooks, ".pre-commit-hooks.yaml", legacyStages(string(b)))
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
