package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/ci/sarifcheck"
)

// ciKey makes a fresh GonkaGate-shaped key, so that no key is committed.
func ciKey() string { return "gp-Q7" + testkey.Body(nil, 38) }

// ciRepo is a real repository made by a test, driven with the git binary.
type ciRepo struct {
	t   *testing.T
	dir string
}

func newCIRepo(t *testing.T, dir string) *ciRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &ciRepo{t: t, dir: dir}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *ciRepo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.com", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_CONFIG_NOSYSTEM=1", "GIT_PROTOCOL_FROM_USER=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes files and commits them, returning the commit's SHA.
func (r *ciRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for name, body := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

// ciWorld is an upstream repository with an old key on main and a feature branch that adds
// a new key, cloned the way a CI runner clones it.
type ciWorld struct {
	upstream, clone *ciRepo
	base, head      string // main's tip and the feature branch's tip
	oldKey, newKey  string
}

func newCIWorld(t *testing.T, depth int) *ciWorld {
	t.Helper()
	root := t.TempDir()
	w := &ciWorld{oldKey: ciKey(), newKey: ciKey()}
	up := newCIRepo(t, filepath.Join(root, "upstream"))
	up.commit("start", map[string]string{"README.md": "hello\n"})
	w.base = up.commit("old key", map[string]string{"legacy/config.py": "KEY = \"" + w.oldKey + "\"\n"})
	up.git("checkout", "-q", "-b", "feature")
	up.commit("tidy", map[string]string{"README.md": "hello again\n"})
	w.head = up.commit("add client", map[string]string{"app/client.go": "package app\n\nconst key = \"" + w.newKey + "\"\n"})
	w.upstream = up
	args := []string{"clone", "-q", "--branch", "feature"}
	if depth > 0 {
		args = append(args, "--depth", "1")
	}
	args = append(args, "file://"+up.dir, filepath.Join(root, "clone"))
	up.git(args...)
	w.clone = &ciRepo{t: t, dir: filepath.Join(root, "clone")}
	return w
}

// ciVars are the variables a CI test controls; each test starts with all of them empty.
var ciVars = []string{"GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_SHA", "GITHUB_REF_NAME",
	"GITHUB_STEP_SUMMARY", "GITLAB_CI", "CI_PIPELINE_SOURCE", "CI_COMMIT_SHA", "CI_COMMIT_BEFORE_SHA", "CI_COMMIT_BRANCH",
	"CI_COMMIT_REF_NAME", "CI_DEFAULT_BRANCH", "CI_MERGE_REQUEST_DIFF_BASE_SHA", "CI_MERGE_REQUEST_IID",
	"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "NO_COLOR"}

// ciRun runs keylint in-process in dir with env, returning the exit status and output.
func ciRun(t *testing.T, dir string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	for _, k := range ciVars {
		t.Setenv(k, "")
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func ciEvent(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCI(t *testing.T) {
	const zeros = "0000000000000000000000000000000000000000"
	const gone = "1234567890abcdef1234567890abcdef12345678"
	type want struct {
		code        int
		commits     string   // the "N commit(s)" stderr must say
		stderr      []string // more substrings of stderr
		annotations int      // ::error lines on stdout
	}
	tests := []struct {
		name  string
		depth int
		env   func(w *ciWorld, t *testing.T) map[string]string
		want  want
	}{
		{
			name: "github pull request",
			env: func(w *ciWorld, t *testing.T) map[string]string {
				return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_SHA": w.head,
					"GITHUB_EVENT_PATH": ciEvent(t, map[string]any{"pull_request": map[string]any{
						"base": map[string]string{"sha": w.base, "ref": "main"}, "head": map[string]string{"sha": w.head, "ref": "feature"}}})}
			},
			want: want{code: 1, commits: "2 commit(s)", stderr: []string{"pull request from feature into main"}, annotations: 1},
		},
		{
			name: "github push",
			env: func(w *ciWorld, t *testing.T) map[string]string {
				parent := w.clone.git("rev-parse", w.head+"^")
				return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": w.head, "GITHUB_REF_NAME": "feature",
					"GITHUB_EVENT_PATH": ciEvent(t, map[string]any{"before": parent, "after": w.head, "ref": "refs/heads/feature",
						"repository": map[string]string{"default_branch": "main"}})}
			},
			want: want{code: 1, commits: "1 commit(s)", stderr: []string{"push to feature"}, annotations: 1},
		},
		{
			name: "github push without new keys",
			env: func(w *ciWorld, t *testing.T) map[string]string {
				parent := w.clone.git("rev-parse", w.head+"^")
				return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": parent, "GITHUB_REF_NAME": "feature",
					"GITHUB_EVENT_PATH": ciEvent(t, map[string]any{"before": w.base, "after": parent, "ref": "refs/heads/feature",
						"repository": map[string]string{"default_branch": "main"}})}
			},
			want: want{code: 0, commits: "1 commit(s)"},
		},
		{
			name: "github new branch",
			env: func(w *ciWorld, t *testing.T) map[string]string {
				return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": w.head, "GITHUB_REF_NAME": "feature",
					"GITHUB_EVENT_PATH": ciEvent(t, map[string]any{"before": zeros, "after": w.head, "created": true,
						"ref": "refs/heads/feature", "repository": map[string]string{"default_branch": "main"}})}
			},
			want: want{code: 1, commits: "2 commit(s)", stderr: []string{"origin/main..", "not on the default branch main"}, annotations: 1},
		},
		{
			name: "github force push",
			env: func(w *ciWorld, t *testing.T) map[string]string {
				return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": w.head, "GITHUB_REF_NAME": "feature",
					"GITHUB_EVENT_PATH": ciEvent(t, map[string]any{"before": gone, "after": w.head, "forced": true,
						"ref": "refs/heads/feature", "repository": map[string]string{"default_branch": "main"}})}
			},
			want: want{code: 1, commits: "2 commit(s)", stderr: []string{"is not in this clone", "force push to feature"}, annotations: 1},
		},
		{
			name: "gitlab merge request",
			env: func(w *ciWorld, t *testing.T) map[string]string {
				return map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_SHA": w.head,
					"CI_MERGE_REQUEST_DIFF_BASE_SHA": w.base, "CI_MERGE_REQUEST_IID": "3", "CI_COMMIT_BEFORE_SHA": zeros,
					"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
			},
			want: want{code: 1, commits: "2 commit(s)", stderr: []string{"merge request !3"}},
		},
		{
			name: "gitlab new branch",
			env: func(w *ciWorld, t *testing.T) map[string]string {
				return map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_SHA": w.head,
					"CI_COMMIT_BEFORE_SHA": zeros, "CI_COMMIT_BRANCH": "feature", "CI_DEFAULT_BRANCH": "main"}
			},
			want: want{code: 1, commits: "2 commit(s)", stderr: []string{"origin/main.."}},
		},
		{
			name:  "github shallow clone without the base",
			depth: 1,
			env: func(w *ciWorld, t *testing.T) map[string]string {
				return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_SHA": w.head,
					"GITHUB_EVENT_PATH": ciEvent(t, map[string]any{"pull_request": map[string]any{
						"base": map[string]string{"sha": w.base, "ref": "main"}, "head": map[string]string{"sha": w.head, "ref": "feature"}}})}
			},
			want: want{code: 2, stderr: []string{"is not in this clone", "fetch-depth: 0"}},
			// and a "::error title=keylint: history missing::" line, checked below
		},
		{
			name:  "gitlab shallow clone without the base",
			depth: 1,
			env: func(w *ciWorld, t *testing.T) map[string]string {
				return map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_SHA": w.head,
					"CI_MERGE_REQUEST_DIFF_BASE_SHA": w.base}
			},
			want: want{code: 2, stderr: []string{"GIT_DEPTH: 0"}},
		},
		{
			name: "plain range",
			env:  func(w *ciWorld, t *testing.T) map[string]string { return nil },
			want: want{code: 1, commits: "2 commit(s)", stderr: []string{"--range"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newCIWorld(t, tt.depth)
			env := tt.env(w, t)
			args := []string{"ci", "--quiet"}
			if tt.name == "plain range" {
				args = append(args, "--range", "origin/main..HEAD")
			}
			code, stdout, stderr := ciRun(t, w.clone.dir, env, args...)
			if code != tt.want.code {
				t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want.code, stdout, stderr)
			}
			for _, s := range append([]string{tt.want.commits}, tt.want.stderr...) {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			var ann []string
			for _, l := range strings.Split(stdout, "\n") {
				if strings.HasPrefix(l, "::error file=") {
					ann = append(ann, l)
				}
			}
			if len(ann) != tt.want.annotations {
				t.Fatalf("%d annotations, want %d:\n%s", len(ann), tt.want.annotations, stdout)
			}
			if strings.Contains(stdout+stderr, w.newKey) || strings.Contains(stdout+stderr, w.oldKey) {
				t.Errorf("output holds a key unredacted")
			}
			if strings.Contains(stdout, "legacy/config.py") {
				t.Errorf("the key already on the base branch was reported:\n%s", stdout)
			}
			if tt.want.code == 2 && env["GITHUB_ACTIONS"] == "true" && !strings.Contains(stdout, "::error title=keylint: history missing::") {
				t.Errorf("no annotation for the missing history:\n%s", stdout)
			}
			if len(ann) == 1 && !strings.HasPrefix(ann[0], "::error file=app/client.go,line=3,endLine=3,col=") {
				t.Errorf("annotation = %q, want one on app/client.go line 3", ann[0])
			}
		})
	}
}

// TestCIReports checks the files keylint ci writes: SARIF, the GitLab report, the step summary,
// and that --baseline quiets what was accepted.
func TestCIReports(t *testing.T) {
	w := newCIWorld(t, 0)
	out := t.TempDir()
	summary := filepath.Join(out, "summary.md")
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_STEP_SUMMARY": summary,
		"GITHUB_EVENT_PATH": ciEvent(t, map[string]any{"pull_request": map[string]any{
			"base": map[string]string{"sha": w.base, "ref": "main"}, "head": map[string]string{"sha": w.head, "ref": "feature"}}})}
	sarif, gl := filepath.Join(out, "ci.sarif"), filepath.Join(out, "gl-secret-detection-report.json")
	code, stdout, stderr := ciRun(t, w.clone.dir, env, "ci", "--quiet", "--sarif", sarif, "--gitlab-report", gl, "--format", "json")
	if code != 1 {
		t.Fatalf("exit status %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Props map[string]any `json:"properties"`
				Locs  []struct {
					PL struct {
						AL struct{ URI string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	ciReadJSON(t, sarif, &log)
	type res struct{ URI, Commit string }
	var got []res
	for _, r := range log.Runs[0].Results {
		c, _ := r.Props["commit"].(string)
		got = append(got, res{URI: r.Locs[0].PL.AL.URI, Commit: c})
	}
	if diff := cmp.Diff([]res{{URI: "app/client.go", Commit: w.head}}, got); diff != "" {
		t.Errorf("SARIF results (-want +got):\n%s", diff)
	}
	var glr struct {
		Vulns []struct {
			Location struct {
				File   string `json:"file"`
				Commit struct {
					SHA string `json:"sha"`
				} `json:"commit"`
			} `json:"location"`
		} `json:"vulnerabilities"`
	}
	ciReadJSON(t, gl, &glr)
	if len(glr.Vulns) != 1 || glr.Vulns[0].Location.File != "app/client.go" || glr.Vulns[0].Location.Commit.SHA != w.head {
		t.Errorf("GitLab report vulnerabilities = %+v, want app/client.go at %s", glr.Vulns, w.head)
	}
	md, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"### keylint: 1 key found", "`app/client.go:3:", "2 commit(s)"} {
		if !strings.Contains(string(md), s) {
			t.Errorf("step summary lacks %q:\n%s", s, md)
		}
	}
	sarifcheck.Validate(t, sarif)

	// Accept the new key in a baseline: the same pull request then passes.
	bl := filepath.Join(out, "baseline.json")
	if code, _, stderr := ciRun(t, w.clone.dir, nil, "baseline", "git", "--quiet", "--output", bl); code != 0 {
		t.Fatalf("keylint baseline git: exit status %d\n%s", code, stderr)
	}
	code, stdout, stderr = ciRun(t, w.clone.dir, env, "ci", "--quiet", "--baseline", bl)
	if code != 0 || strings.Contains(stdout, "::error") {
		t.Errorf("with the baseline: exit status %d, want 0 and no annotations\n%s\n%s", code, stdout, stderr)
	}
}

func ciReadJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
