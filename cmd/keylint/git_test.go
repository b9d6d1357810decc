package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/rules"
)

// gitTestKeys makes GonkaGate keys from a fixed seed and checks the rules recognise them.
func gitTestKeys(t *testing.T, n int) []string {
	t.Helper()
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 5))
	out := make([]string, n)
	for i := range out {
		out[i] = testkey.GonkaGate(r)
		if len(set.Find([]byte(`"`+out[i]+`"`))) != 1 {
			t.Fatalf("generated key not recognised: %s", set.Explain(out[i])[0].Why)
		}
	}
	return out
}

// gitTestRepo makes a repository in which one key is added and removed again and another stays.
func gitTestRepo(t *testing.T, k []string) (dir string, commits []string) {
	t.Helper()
	dir = t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	step := func(path, content, msg string) {
		if err := os.WriteFile(filepath.Join(dir, path), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add(path); err != nil {
			t.Fatal(err)
		}
		when = when.Add(time.Hour)
		sig := &object.Signature{Name: "Ann Dev", Email: "ann@example.com", When: when}
		h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
		if err != nil {
			t.Fatal(err)
		}
		commits = append(commits, h.String())
	}
	step("main.go", "package main\n", "start")
	step("main.go", "package main\n\nconst key = \""+k[0]+"\"\n", "add a key")
	step("main.go", "package main\n", "remove the key")
	step("app.py", "KEY = '"+k[1]+"'\n", "add another key")
	return dir, commits
}

func runKeylint(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestGitSARIF checks the commit, author and date of each finding in SARIF.
func TestGitSARIF(t *testing.T) {
	k := gitTestKeys(t, 2)
	dir, commits := gitTestRepo(t, k)
	code, out, stderr := runKeylint("git", "--format", "sarif", "--quiet", dir)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d; stderr: %s", code, exitFindings, stderr)
	}
	var rep struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				PartialFingerprints map[string]string
				Properties          map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("SARIF: %v\n%s", err, out)
	}
	type res struct {
		Path, Commit, CommitSHA, Author, Date string
		Line                                  int
	}
	var got []res
	for _, r := range rep.Runs[0].Results {
		pl := r.Locations[0].PhysicalLocation
		s := func(k string) string { v, _ := r.Properties[k].(string); return v }
		got = append(got, res{Path: pl.ArtifactLocation.URI, Line: pl.Region.StartLine, Commit: s("commit"),
			CommitSHA: r.PartialFingerprints["commitSha"], Author: s("author"), Date: s("date")})
	}
	want := []res{
		{Path: "app.py", Line: 1, Commit: commits[3], CommitSHA: commits[3], Author: "Ann Dev", Date: "2024-05-01T16:00:00Z"},
		{Path: "main.go", Line: 3, Commit: commits[1], CommitSHA: commits[1], Author: "Ann Dev", Date: "2024-05-01T14:00:00Z"},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b string) bool {
		return a == b || strings.HasPrefix(a, "2024") && strings.HasPrefix(b, "2024") && a[:13] == b[:13]
	})); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

// TestGitModes runs the modes and their mistakes through the CLI.
func TestGitModes(t *testing.T) {
	k := gitTestKeys(t, 2)
	dir, commits := gitTestRepo(t, k)
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string
		stderr   []string
		noStdout []string
	}{
		{name: "text report says whether the key is still in HEAD", args: []string{"git", dir}, code: exitFindings,
			stdout: []string{"main.go:3", commits[1], "no longer in HEAD", "app.py:1", "still in HEAD", "Ann Dev"}},
		{name: "range", args: []string{"git", "--range", commits[2] + "..HEAD", dir}, code: exitFindings,
			stdout: []string{"app.py:1"}, noStdout: []string{"main.go"}},
		{name: "since", args: []string{"git", "--since", "HEAD~1", dir}, code: exitFindings,
			stdout: []string{"app.py:1"}, noStdout: []string{"main.go"}},
		{name: "empty range", args: []string{"git", "--range", "HEAD..HEAD", dir}, code: exitClean},
		{name: "branch", args: []string{"git", "--branch", "HEAD~1", dir}, code: exitFindings,
			stdout: []string{"main.go:3"}, noStdout: []string{"app.py"}},
		{name: "missing base", args: []string{"git", "--range", "0123456789abcdef0123456789abcdef01234567..HEAD", dir}, code: exitError,
			stderr: []string{"0123456789abcdef0123456789abcdef01234567", "fetch-depth: 0"}},
		{name: "two modes", args: []string{"git", "--staged", "--since", "HEAD", dir}, code: exitError,
			stderr: []string{"do not go together"}},
		{name: "not a range", args: []string{"git", "--range", "HEAD", dir}, code: exitError, stderr: []string{"BASE..HEAD"}},
		{name: "not a repository", args: []string{"git", t.TempDir()}, code: exitError, stderr: []string{"not in a git repository"}},
		{name: "staged, nothing staged", args: []string{"git", "--staged", dir}, code: exitClean},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runKeylint(tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, stderr)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.noStdout {
				if strings.Contains(out, w) {
					t.Errorf("stdout has %q:\n%s", w, out)
				}
			}
			for _, w := range tc.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(out, k[0]) || strings.Contains(out, k[1]) {
				t.Errorf("a key is printed whole:\n%s", out)
			}
		})
	}
}

// TestGitPrePushEnv reads the refs pre-commit hands a pre-push hook.
func TestGitPrePushEnv(t *testing.T) {
	k := gitTestKeys(t, 2)
	dir, commits := gitTestRepo(t, k)
	tests := []struct {
		name, from, to string
		code           int
		want           string
	}{
		{name: "range", from: commits[2], to: commits[3], code: exitFindings, want: "app.py:1"},
		{name: "nothing added", from: commits[0], to: commits[0], code: exitClean},
		{name: "new branch", from: strings.Repeat("0", 40), to: commits[1], code: exitFindings, want: "main.go:3"},
		{name: "deleted branch", from: commits[1], to: strings.Repeat("0", 40), code: exitClean},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PRE_COMMIT_FROM_REF", tc.from)
			t.Setenv("PRE_COMMIT_TO_REF", tc.to)
			code, out, stderr := runKeylint("git", "--pre-push", dir)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d (want %d), stdout lacks %q?\n%s\n%s", code, tc.code, tc.want, out, stderr)
			}
		})
	}
}

// repoRoot is the module's root, two folders up from cmd/keylint.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestGitHistoryBench scores a scan of make_history.py's repository with score_history.py,
// when python3, git and ../shared/bench are at hand.
func TestGitHistoryBench(t *testing.T) {
	bench := filepath.Join(repoRoot(t), "..", "shared", "bench")
	if _, err := os.Stat(filepath.Join(bench, "make_history.py")); err != nil {
		t.Skipf("no %s: %v", bench, err)
	}
	for _, tool := range []string{"python3", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not on PATH", tool)
		}
	}
	if testing.Short() {
		t.Skip("builds a 300-commit repository")
	}
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "history")
	if out, err := exec.Command("python3", filepath.Join(bench, "make_history.py"), repo, "--commits", "300").CombinedOutput(); err != nil {
		t.Fatalf("make_history.py: %v\n%s", err, out)
	}
	sarif := filepath.Join(tmp, "report.sarif")
	if code, _, stderr := runKeylint("git", "--format", "sarif", "--output", sarif, "--quiet", repo); code != exitFindings {
		t.Fatalf("exit %d, want %d: %s", code, exitFindings, stderr)
	}
	out, err := exec.Command("python3", filepath.Join(bench, "score_history.py"), repo+".truth.json", sarif).CombinedOutput()
	if err != nil {
		t.Fatalf("score_history.py: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out))
}

// TestGitShallowClone scans a real depth-1 clone: the boundary is a root, and a note says so.
func TestGitShallowClone(t *testing.T) {
	needTools(t, "git")
	k := gitTestKeys(t, 2)
	src, commits := gitTestRepo(t, k)
	dst := filepath.Join(t.TempDir(), "clone")
	mustGit(t, t.TempDir(), "clone", "-q", "--depth", "1", "file://"+src, dst)
	code, out, stderr := runKeylint("git", dst)
	if code != exitFindings || !strings.Contains(out, "app.py:1") || strings.Contains(out, "main.go") {
		t.Errorf("exit %d, want %d with app.py:1 only\n%s\n%s", code, exitFindings, out, stderr)
	}
	if !strings.Contains(stderr, "shallow clone") || !strings.Contains(stderr, commits[3][:12]) {
		t.Errorf("stderr does not say history is incomplete at %s:\n%s", commits[3][:12], stderr)
	}
	code, _, stderr = runKeylint("git", "--range", commits[1]+"..HEAD", dst)
	if code != exitError || !strings.Contains(stderr, commits[1]) || !strings.Contains(stderr, "fetch-depth: 0") {
		t.Errorf("range from beyond the clone: exit %d, want %d naming the commit and the fix\n%s", code, exitError, stderr)
	}
}
