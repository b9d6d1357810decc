package fleet

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/config"
)

// work is a work tree whose commits are pushed to a bare repository served as a file:// URL.
type work struct {
	t      *testing.T
	dir    string
	origin string
	n      int
}

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// newWork makes a bare repository at root/name.git and a work tree pushing to it.
func newWork(t *testing.T, root, name string) *work {
	t.Helper()
	w := &work{t: t, dir: filepath.Join(root, name+"-work"), origin: filepath.Join(root, name+".git")}
	gitIn(t, root, "init", "-q", "--bare", "-b", "main", w.origin)
	gitIn(t, root, "clone", "-q", w.origin, w.dir)
	gitIn(t, w.dir, "checkout", "-q", "-b", "main")
	return w
}

// fork makes a bare copy of w's repository, with a work tree of its own.
func (w *work) fork(root, name string) *work {
	f := &work{t: w.t, dir: filepath.Join(root, name+"-work"), origin: filepath.Join(root, name+".git"), n: 100}
	gitIn(w.t, root, "clone", "-q", "--bare", w.origin, f.origin)
	gitIn(w.t, root, "clone", "-q", f.origin, f.dir)
	return f
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ann", "GIT_AUTHOR_EMAIL=ann@example.com", "GIT_COMMITTER_NAME=Ann", "GIT_COMMITTER_EMAIL=ann@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes files (path, content pairs), commits them and pushes with force.
func (w *work) commit(files ...string) string {
	w.t.Helper()
	for i := 0; i < len(files); i += 2 {
		if err := os.WriteFile(filepath.Join(w.dir, files[i]), []byte(files[i+1]), 0o644); err != nil {
			w.t.Fatal(err)
		}
		gitIn(w.t, w.dir, "add", files[i])
	}
	w.n++
	date := fmt.Sprintf("2024-01-01T00:%02d:%02d+0000", w.n/60, w.n%60)
	cmd := exec.Command("git", "commit", "-q", "-m", fmt.Sprintf("change %d", w.n))
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_NAME=Ann", "GIT_AUTHOR_EMAIL=ann@example.com",
		"GIT_COMMITTER_NAME=Ann", "GIT_COMMITTER_EMAIL=ann@example.com", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		w.t.Fatalf("git commit: %v\n%s", err, out)
	}
	gitIn(w.t, w.dir, "push", "-q", "--force", "origin", "HEAD:refs/heads/main")
	return gitIn(w.t, w.dir, "rev-parse", "HEAD")
}

func (w *work) repo() Repo {
	r, err := Parse("file://" + w.origin)
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func keys(t *testing.T, seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]string, n)
	for i := range out {
		out[i] = testkey.GonkaGate(r)
	}
	return out
}

func testScanner(t *testing.T) (*scanner.Scanner, *config.Config) {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	return scanner.New(cfg.Rules(), scanner.Options{}), cfg
}

// outcome is what a test compares of a repository's result.
type outcome struct {
	Commits, Blobs int
	Findings       []string // path@short commit, sorted
	Err            string
}

func outcomes(rs []Result) []outcome {
	var out []outcome
	for _, r := range rs {
		o := outcome{Commits: r.Commits, Blobs: r.Blobs}
		if r.Err != nil {
			o.Err = r.Err.Error()
		}
		for _, f := range r.Findings {
			o.Findings = append(o.Findings, f.Location.Path+"@"+f.Location.Commit.SHA[:7])
		}
		slices.Sort(o.Findings)
		out = append(out, o)
	}
	return out
}

func run(t *testing.T, repos []Repo, opt Options) []Result {
	t.Helper()
	sc, cfg := testScanner(t)
	opt.Skip = cfg.Skip
	if opt.Parallel == 0 {
		opt.Parallel = 1 // one at a time, so that the counts of the shared blob set are exact
	}
	return Run(context.Background(), sc, repos, opt)
}

func check(t *testing.T, what string, want []outcome, got []Result) {
	t.Helper()
	if d := cmp.Diff(want, outcomes(got)); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// TestStateScansOnlyWhatIsNew runs over a repository and its fork three times: the first scans
// everything once (the fork's shared blobs are not scanned again, but its copy of the key is
// reported), the second nothing, the third only the commit pushed in between.
func TestStateScansOnlyWhatIsNew(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	k := keys(t, 1, 2)
	up := newWork(t, root, "up")
	c1 := up.commit("app.py", "KEY = '"+k[0]+"'\n", "README", "hello\n")
	fork := up.fork(root, "fork")
	fork.commit("NOTES", "a fork\n")
	st, err := OpenState(filepath.Join(root, "state"))
	if err != nil {
		t.Fatal(err)
	}
	repos := []Repo{up.repo(), fork.repo()}
	opt := Options{State: st, Cache: filepath.Join(root, "cache")}

	first := run(t, repos, opt)
	check(t, "first run", []outcome{
		{Commits: 1, Blobs: 2, Findings: []string{"app.py@" + c1[:7]}},
		{Commits: 2, Blobs: 2, Findings: []string{"app.py@" + c1[:7]}}, // NOTES, and app.py again: a blob with a key is never in the set
	}, first)
	if err := st.MarkReported(first); err != nil {
		t.Fatal(err)
	}

	second := run(t, repos, opt)
	check(t, "second run, nothing pushed", []outcome{{}, {}}, second)
	if err := st.MarkReported(second); err != nil {
		t.Fatal(err)
	}

	c2 := up.commit("deploy.sh", "export GONKAGATE_API_KEY="+k[1]+"\n")
	third := run(t, repos, opt)
	check(t, "third run, one commit pushed upstream", []outcome{
		{Commits: 1, Blobs: 1, Findings: []string{"deploy.sh@" + c2[:7]}},
		{},
	}, third)
}

// TestInterruptedRunResumes stops a run after its first repository and runs again: the finished
// repository's blobs are not scanned again, and its key is still in the second run's findings.
func TestInterruptedRunResumes(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	k := keys(t, 2, 3)
	var repos []Repo
	var tips []string
	for i := range 3 {
		w := newWork(t, root, fmt.Sprintf("r%d", i))
		w.commit("README", fmt.Sprintf("repository %d\n", i))
		tips = append(tips, w.commit("config.env", "GONKAGATE_API_KEY="+k[i]+"\n"))
		repos = append(repos, w.repo())
	}
	st, err := OpenState(filepath.Join(root, "state"))
	if err != nil {
		t.Fatal(err)
	}
	sc, cfg := testScanner(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped := Run(ctx, sc, repos, Options{Parallel: 1, State: st, Skip: cfg.Skip, Done: func(Result) { cancel() }})
	if stopped[0].Err != nil || stopped[1].Err == nil || stopped[2].Err == nil {
		t.Fatalf("the stopped run: errors %v, %v, %v; want only the first repository done", stopped[0].Err, stopped[1].Err, stopped[2].Err)
	}
	// No report was written: MarkReported is not called.
	resumed := run(t, repos, Options{State: st})
	check(t, "resumed run", []outcome{
		{Commits: 2, Blobs: 1, Findings: []string{"config.env@" + tips[0][:7]}}, // README is not scanned again
		{Commits: 2, Blobs: 2, Findings: []string{"config.env@" + tips[1][:7]}},
		{Commits: 2, Blobs: 2, Findings: []string{"config.env@" + tips[2][:7]}},
	}, resumed)
}

// TestForcePush rewrites a repository's history: the new commit is scanned, the key of the
// rewritten-away commit is not reported again, and blobs scanned before are not scanned again,
// whether the old tip is still in the cached clone or gone (a fresh temporary clone).
func TestForcePush(t *testing.T) {
	needGit(t)
	for _, cached := range []bool{true, false} {
		t.Run(fmt.Sprintf("cached=%v", cached), func(t *testing.T) {
			root := t.TempDir()
			k := keys(t, 3, 2)
			w := newWork(t, root, "r")
			base := w.commit("README", "hello\n", "main.go", "package main\n")
			old := w.commit("app.py", "KEY = '"+k[0]+"'\n")
			st, err := OpenState(filepath.Join(root, "state"))
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{State: st}
			if cached {
				opt.Cache = filepath.Join(root, "cache")
			}
			first := run(t, []Repo{w.repo()}, opt)
			check(t, "before the force-push", []outcome{{Commits: 2, Blobs: 3, Findings: []string{"app.py@" + old[:7]}}}, first)
			if err := st.MarkReported(first); err != nil {
				t.Fatal(err)
			}
			gitIn(t, w.dir, "reset", "-q", "--hard", base)
			gitIn(t, w.dir, "rm", "-q", "README")
			rewritten := w.commit("app.py", "KEY = '"+k[1]+"'\n")
			commits := 1 // the old tip, still in the clone, excludes base
			if !cached {
				commits = 2 // the old tip is gone: base is walked again, its blobs are known
			}
			check(t, "after the force-push", []outcome{{Commits: commits, Blobs: 1, Findings: []string{"app.py@" + rewritten[:7]}}},
				run(t, []Repo{w.repo()}, opt))
		})
	}
}

// TestBrokenRepositoryDoesNotStopTheOthers names the broken one and scans the rest.
func TestBrokenRepositoryDoesNotStopTheOthers(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	k := keys(t, 4, 1)
	w := newWork(t, root, "good")
	tip := w.commit("a.py", "K = '"+k[0]+"'\n")
	missing, err := Parse("file://" + filepath.Join(root, "missing.git"))
	if err != nil {
		t.Fatal(err)
	}
	notRepo, err := Parse(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rs := run(t, []Repo{missing, w.repo(), notRepo}, Options{Parallel: 2})
	if rs[0].Err == nil || rs[2].Err == nil {
		t.Fatalf("broken repositories scanned without error: %v, %v", rs[0].Err, rs[2].Err)
	}
	if !strings.Contains(rs[0].Err.Error(), "missing.git") {
		t.Errorf("error %q does not name the repository", rs[0].Err)
	}
	rs[0].Err, rs[2].Err = nil, nil
	check(t, "the good repository", []outcome{{}, {Commits: 1, Blobs: 1, Findings: []string{"a.py@" + tip[:7]}}, {}}, rs)
	if Worst(rs) != nil {
		t.Errorf("Worst after clearing: %v", Worst(rs))
	}
}

// TestStateScope scans again whatever was scanned under another scope (another keylint or
// another configuration): a blob clean for old rules says nothing about new ones.
func TestStateScope(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	k := keys(t, 5, 1)
	w := newWork(t, root, "r")
	tip := w.commit("README", "hello\n", "app.py", "KEY = '"+k[0]+"'\n")
	st, err := OpenState(filepath.Join(root, "state"))
	if err != nil {
		t.Fatal(err)
	}
	repos := []Repo{w.repo()}
	all := []outcome{{Commits: 1, Blobs: 2, Findings: []string{"app.py@" + tip[:7]}}}
	for _, step := range []struct {
		scope string
		want  []outcome
	}{
		{"keylint 1, default rules", all},
		{"keylint 1, default rules", []outcome{{}}},
		{"keylint 2, default rules", all},
		// The repository's record was replaced, so its commits are walked again, but the blob set
		// of the first scope is still its own: README, clean for those rules, is not scanned again.
		{"keylint 1, default rules", []outcome{{Commits: 1, Blobs: 1, Findings: []string{"app.py@" + tip[:7]}}}},
	} {
		got := run(t, repos, Options{State: st, Scope: step.scope})
		check(t, step.scope, step.want, got)
		if err := st.MarkReported(got); err != nil {
			t.Fatal(err)
		}
	}
}
