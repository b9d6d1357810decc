package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/keylint/keylint/scanner/hook"
)

// actionlintModule is the actionlint the template test runs, built from the Go module proxy.
const actionlintModule = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"

// requireActionlint names the variable that turns a skip for a missing actionlint into a failure.
const requireActionlint = "KEYLINT_REQUIRE_ACTIONLINT"

// actionlint returns an actionlint binary: on PATH, or built once into the test cache.
func actionlint(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("actionlint"); err == nil {
		return p
	}
	cache := os.Getenv("KEYLINT_TEST_CACHE")
	if cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		cache = filepath.Join(dir, "keylint-test")
	}
	bin := filepath.Join(cache, "actionlint")
	exe := filepath.Join(bin, "actionlint")
	if _, err := os.Stat(exe); err == nil {
		return exe
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "install", actionlintModule)
	cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		if os.Getenv(requireActionlint) == "1" {
			t.Fatalf("actionlint required (%s=1) but go install %s failed: %v\n%s", requireActionlint, actionlintModule, err, out)
		}
		t.Skipf("actionlint not available (go install %s: %v); set %s=1 to fail instead", actionlintModule, err, requireActionlint)
	}
	return exe
}

// TestGitHubTemplates runs actionlint on the example workflow and on a workflow that uses this
// repository's action.yml (so its inputs and metadata are checked), and checks that every action
// action.yml uses is pinned by a full commit SHA with its tag in a comment.
func TestGitHubTemplates(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: actionlint is built from the Go module proxy")
	}
	tool := actionlint(t)
	root := repoRoot(t)
	action, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	pinned := regexp.MustCompile(`^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$`)
	for i, line := range strings.Split(string(action), "\n") {
		if strings.Contains(line, "uses:") && !pinned.MatchString(line) {
			t.Errorf("action.yml:%d: not pinned by full commit SHA with the tag in a comment: %s", i+1, strings.TrimSpace(line))
		}
	}
	if strings.Contains(string(action), "setup-go") {
		t.Error("action.yml uses setup-go, which changes the job's Go for the steps after it")
	}

	// A repository that uses the action from its own checkout, as actionlint resolves local actions.
	dir := t.TempDir()
	writeIn(t, dir, "action.yml", string(action))
	example, err := os.ReadFile(filepath.Join(root, "examples", "github-workflow.yml"))
	if err != nil {
		t.Fatal(err)
	}
	writeIn(t, dir, ".github/workflows/keylint.yml", string(example))
	local := strings.Replace(string(example), "uses: keylint/keylint@v0.1.0 # the release tag", "uses: ./", 1)
	if local == string(example) {
		t.Fatal("the example workflow does not use keylint/keylint@v0.1.0")
	}
	local = strings.Replace(local, "upload-sarif: true", "upload-sarif: true\n          go-version: auto\n          args: --annotations=false", 1)
	writeIn(t, dir, ".github/workflows/local.yml", local)
	mustGit(t, dir, "init", "-q")
	cmd := exec.Command(tool, "-color=false")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
	// actionlint must see a bad input to the local action, or the check above proves nothing.
	writeIn(t, dir, ".github/workflows/bad.yml", strings.Replace(local, "go-version: auto", "go-release-line: auto", 1))
	cmd = exec.Command(tool, "-color=false", ".github/workflows/bad.yml")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "go-release-line") {
		t.Errorf("actionlint accepted an unknown input of the local action: %v\n%s", err, out)
	}
}

// TestOneVersion: the README, the CI templates, the pre-commit example and .custom-gcl.yml all
// name the same keylint release.
func TestOneVersion(t *testing.T) {
	root := repoRoot(t)
	patterns := map[string][]*regexp.Regexp{
		"README.md": {
			regexp.MustCompile(`keylint/keylint@(v\d+\.\d+\.\d+)`),
			regexp.MustCompile(`(?m)^\s+rev: (v\d+\.\d+\.\d+)`),
			regexp.MustCompile(`KEYLINT_VERSION: (v\d+\.\d+\.\d+)`),
			regexp.MustCompile(`(?m)^\s+version: (v\d+\.\d+\.\d+) # or, for a local checkout`),
			regexp.MustCompile("will be tagged\\s+`(v\\d+\\.\\d+\\.\\d+)`"),
		},
		"examples/github-workflow.yml": {regexp.MustCompile(`keylint/keylint@(v\d+\.\d+\.\d+)`)},
		"examples/gitlab-ci.yml":       {regexp.MustCompile(`KEYLINT_VERSION: (v\d+\.\d+\.\d+)`)},
		".custom-gcl.yml":              {regexp.MustCompile("`version: (v\\d+\\.\\d+\\.\\d+)`")},
	}
	seen := map[string][]string{}
	for file, res := range patterns {
		data, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range res {
			ms := re.FindAllStringSubmatch(string(data), -1)
			if len(ms) == 0 {
				t.Errorf("%s: no version matching %s", file, re)
			}
			for _, m := range ms {
				seen[m[1]] = append(seen[m[1]], file)
			}
		}
	}
	if len(seen) != 1 {
		t.Errorf("more than one keylint version named: %v", seen)
	}
}

// shellcheck returns the shellcheck binary, skipping the test when it is missing (Debian:
// apt-get install shellcheck) unless KEYLINT_REQUIRE_SHELLCHECK=1.
func shellcheck(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("shellcheck")
	if err != nil {
		if os.Getenv("KEYLINT_REQUIRE_SHELLCHECK") == "1" {
			t.Fatalf("shellcheck required (KEYLINT_REQUIRE_SHELLCHECK=1) but not on PATH: %v", err)
		}
		t.Skip("shellcheck is not on PATH (Debian: apt-get install shellcheck)")
	}
	return p
}

// runShellcheck checks one script as shell dialect dialect.
func runShellcheck(t *testing.T, tool, name, dialect, script string) {
	t.Helper()
	cmd := exec.Command(tool, "-s", dialect, "-")
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("shellcheck %s: %v\n%s\n--- script ---\n%s", name, err, out, script)
	}
}

// TestShellScripts runs shellcheck on the pre-commit hook keylint writes (POSIX sh, as git runs
// it) and on every bash step of action.yml, with the workflow expressions taken out.
func TestShellScripts(t *testing.T) {
	tool := shellcheck(t)
	runShellcheck(t, tool, "the pre-commit hook", "sh", hook.Script("/opt/it's here/keylint"))

	data, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				Name  string `yaml:"name"`
				Shell string `yaml:"shell"`
				Run   string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	expr := regexp.MustCompile(`\$\{\{[^}]*\}\}`)
	n := 0
	for _, st := range action.Runs.Steps {
		if st.Run == "" {
			continue
		}
		if st.Shell != "bash" {
			t.Errorf("action.yml step %q: shell %q, want bash", st.Name, st.Shell)
			continue
		}
		n++
		runShellcheck(t, tool, "action.yml step "+st.Name, "bash", "#!/usr/bin/env bash\n"+expr.ReplaceAllString(st.Run, "EXPR"))
	}
	if n == 0 {
		t.Error("action.yml has no run steps")
	}
}
