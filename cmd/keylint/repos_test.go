package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/ci/sarifcheck"
)

// fleetGit runs the git binary in dir with no user configuration.
func fleetGit(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ann", "GIT_AUTHOR_EMAIL=ann@example.com", "GIT_COMMITTER_NAME=Ann", "GIT_COMMITTER_EMAIL=ann@example.com",
		"GIT_AUTHOR_DATE=2024-01-01T00:00:00+0000", "GIT_COMMITTER_DATE=2024-01-01T00:00:00+0000")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// bareRepo makes root/name.git with one commit per file (path, content pairs), or a fork of
// another bare repository with those commits on top.
func bareRepo(t *testing.T, root, name, forkOf string, files ...string) string {
	t.Helper()
	work := filepath.Join(root, name+"-work")
	bare := filepath.Join(root, name+".git")
	if forkOf != "" {
		fleetGit(t, root, "clone", "-q", forkOf, work)
	} else {
		fleetGit(t, root, "init", "-q", "-b", "main", work)
	}
	for i := 0; i < len(files); i += 2 {
		if err := os.WriteFile(filepath.Join(work, files[i]), []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
		fleetGit(t, work, "add", files[i])
		fleetGit(t, work, "commit", "-q", "-m", "add "+files[i])
	}
	fleetGit(t, root, "clone", "-q", "--bare", work, bare)
	return bare
}

// gitHTTP serves the bare repositories under root over git's smart HTTP protocol on 127.0.0.1.
func gitHTTP(t *testing.T, root string) string {
	t.Helper()
	out, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skipf("git is not installed: %v", err)
	}
	backend := filepath.Join(strings.TrimSpace(string(out)), "git-http-backend")
	if _, err := os.Stat(backend); err != nil {
		t.Skipf("no git-http-backend: %v", err)
	}
	srv := httptest.NewServer(&cgi.Handler{Path: backend, Root: "/",
		Env:    []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1"},
		Stderr: io.Discard}) // the SARIF validator's GETs of the repository URIs are refused, loudly
	t.Cleanup(srv.Close)
	return srv.URL
}

type fleetEntry struct {
	Repo   string `json:"repo"`
	Path   string `json:"path"`
	Places []struct {
		Repo string `json:"repo"`
		Path string `json:"path"`
	} `json:"places"`
}

// TestGitSeveralRepositories scans a repository over file://, its fork over HTTP, a work tree
// and one that does not exist: the key the fork shares is one entry with both places, the
// broken repository is named, and the exit status says it failed.
func TestGitSeveralRepositories(t *testing.T) {
	root := t.TempDir()
	url := gitHTTP(t, root)
	r := rand.New(rand.NewPCG(16, 1))
	k := []string{testkey.GonkaGate(r), testkey.GonkaGate(r), testkey.GonkaGate(r)}
	up := bareRepo(t, root, "up", "", "app.py", "KEY = '"+k[0]+"'\n")
	bareRepo(t, root, "fork", up, "deploy.sh", "export GONKAGATE_API_KEY="+k[1]+"\n")
	bareRepo(t, root, "other", "", "main.go", "package main\n\nconst key = \""+k[2]+"\"\n")
	local := filepath.Join(root, "other-work")
	missing := "file://" + filepath.Join(root, "missing.git")
	code, stdout, stderr := runKeylint("git", "--format", "json", "file://"+up, url+"/fork.git", missing, local)
	if code != exitError {
		t.Fatalf("exit status %d, want %d (a repository failed)\n%s", code, exitError, stderr)
	}
	for _, want := range []string{missing + ": not scanned", "scanned 3 of 4 repositories (1 failed: " + missing + ")"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("standard error lacks %q:\n%s", want, stderr)
		}
	}
	var got []fleetEntry
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("report: %v\n%s", err, stdout)
	}
	type place struct{ Repo, Path string }
	var places [][]place
	for _, e := range got {
		ps := []place{{e.Repo, e.Path}}
		for _, p := range e.Places {
			ps = append(ps, place{p.Repo, p.Path})
		}
		places = append(places, ps)
	}
	slices.SortFunc(places, func(a, b []place) int { return strings.Compare(a[0].Path, b[0].Path) })
	want := [][]place{
		{{"file://" + up, "app.py"}, {url + "/fork.git", "app.py"}},
		{{url + "/fork.git", "deploy.sh"}},
		{{"file://" + local, "main.go"}},
	}
	if d := cmp.Diff(want, places); d != "" {
		t.Errorf("keys and their places (-want +got):\n%s", d)
	}
	for _, key := range k {
		if strings.Contains(stdout+stderr, key) {
			t.Error("a key is in the output unredacted")
		}
	}
}

// TestGitShardsMerge scans twelve repositories whole and as shards 1/3, 2/3 and 3/3, and checks
// that keylint merge of the shards' reports is the whole run's report, in JSON and in SARIF.
func TestGitShardsMerge(t *testing.T) {
	root := t.TempDir()
	url := gitHTTP(t, root)
	r := rand.New(rand.NewPCG(16, 2))
	shared := testkey.GonkaGate(r)
	var list strings.Builder
	list.WriteString("# twelve repositories, half over HTTP\n")
	for i := range 12 {
		name := fmt.Sprintf("svc%02d", i)
		files := []string{"README", "service " + name + "\n", "config.py", "KEY = '" + testkey.GonkaGate(r) + "'\n"}
		if i%4 == 0 {
			files = append(files, "shared.py", "SHARED = '"+shared+"'\n")
		}
		bare := bareRepo(t, root, name, "", files...)
		if i%2 == 0 {
			fmt.Fprintf(&list, "file://%s\n", bare)
		} else {
			fmt.Fprintf(&list, "%s/%s.git  # over HTTP\n", url, name)
		}
	}
	listFile := filepath.Join(root, "repos.txt")
	if err := os.WriteFile(listFile, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			whole := filepath.Join(dir, "whole."+format)
			if code, _, stderr := runKeylint("git", "-q", "--repos", listFile, "-f", format, "-o", whole); code != exitFindings {
				t.Fatalf("whole run: exit status %d\n%s", code, stderr)
			}
			var shards []string
			nonEmpty := 0
			for i := 1; i <= 3; i++ {
				out := filepath.Join(dir, fmt.Sprintf("shard%d.%s", i, format))
				code, _, stderr := runKeylint("git", "-q", "--repos", listFile, "--shard", fmt.Sprintf("%d/3", i), "-f", format, "-o", out)
				if code == exitFindings {
					nonEmpty++
				} else if code != exitClean {
					t.Fatalf("shard %d/3: exit status %d\n%s", i, code, stderr)
				}
				shards = append(shards, out)
			}
			if nonEmpty < 2 {
				t.Logf("only %d shards held repositories with keys", nonEmpty)
			}
			merged := filepath.Join(dir, "merged."+format)
			if code, _, stderr := runKeylint(append([]string{"merge", "-q", "-o", merged}, shards...)...); code != exitFindings {
				t.Fatalf("merge: exit status %d\n%s", code, stderr)
			}
			want, _ := os.ReadFile(whole)
			got, _ := os.ReadFile(merged)
			if d := cmp.Diff(string(want), string(got)); d != "" {
				t.Errorf("merged shards differ from the whole run (-whole +merged):\n%s", d)
			}
			if strings.Count(string(want), "\"places\"") != 1 {
				t.Errorf("the key in three repositories is not one entry with its places")
			}
			if format == "sarif" && !testing.Short() {
				sarifcheck.Validate(t, merged)
			}
		})
	}
}

// TestGitSeveralRepositoriesUsage rejects modes that scan one repository.
func TestGitSeveralRepositoriesUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"range":       {"git", "--range", "a..b", "x", "y"},
		"bad shard":   {"git", "--shard", "4/3", "x", "y"},
		"auto no env": {"git", "--shard", "auto/3", "x", "y"},
		"empty list":  {"git", "--repos", os.DevNull},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("JOB_COMPLETION_INDEX", "")
			if code, _, stderr := runKeylint(args...); code != exitError {
				t.Errorf("exit status %d, want %d\n%s", code, exitError, stderr)
			}
		})
	}
}

// TestGitStateOverHTTP runs three times with --state and --cache over a repository served over
// HTTP: the second run scans nothing, the third only the commit pushed in between, whose key it
// reports (and not the first run's key again).
func TestGitStateOverHTTP(t *testing.T) {
	root := t.TempDir()
	url := gitHTTP(t, root)
	r := rand.New(rand.NewPCG(16, 3))
	first, second := testkey.GonkaGate(r), testkey.GonkaGate(r)
	bare := bareRepo(t, root, "svc", "", "README", "hello\n", "app.py", "KEY = '"+first+"'\n")
	state, cache := filepath.Join(root, "state"), filepath.Join(root, "cache")
	scan := func() (int, []fleetEntry, string) {
		code, stdout, stderr := runKeylint("git", "--state", state, "--cache", cache, "-f", "json", url+"/svc.git")
		var got []fleetEntry
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("report: %v\n%s", err, stdout)
		}
		return code, got, stderr
	}
	code, got, stderr := scan()
	if code != exitFindings || len(got) != 1 || got[0].Path != "app.py" || !strings.Contains(stderr, "2 new commits, 2 new blobs") {
		t.Fatalf("first run: exit %d, %+v\n%s", code, got, stderr)
	}
	code, got, stderr = scan()
	if code != exitClean || len(got) != 0 || !strings.Contains(stderr, "0 new commits, 0 new blobs") {
		t.Fatalf("second run: exit %d, %+v\n%s", code, got, stderr)
	}
	work := filepath.Join(root, "svc-work")
	if err := os.WriteFile(filepath.Join(work, "deploy.sh"), []byte("export GONKAGATE_API_KEY="+second+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fleetGit(t, work, "add", "deploy.sh")
	fleetGit(t, work, "commit", "-q", "-m", "deploy")
	fleetGit(t, work, "push", "-q", bare, "HEAD:refs/heads/main")
	code, got, stderr = scan()
	if code != exitFindings || len(got) != 1 || got[0].Path != "deploy.sh" || !strings.Contains(stderr, "1 new commit, 1 new blob") {
		t.Fatalf("third run: exit %d, %+v\n%s", code, got, stderr)
	}
}
