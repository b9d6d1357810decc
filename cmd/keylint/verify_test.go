package main

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
)

// providers are fake GonkaGate and FastGPT services on 127.0.0.1 that accept the keys
// in live and refuse any other, as the providers document; they count connections.
type providers struct {
	gonkaGate, fastGPT *httptest.Server
	conns              atomic.Int64
	keyRequests        atomic.Int64 // requests that carried a key
}

func newProviders(t *testing.T, live ...string) *providers {
	t.Helper()
	p := &providers{}
	ok := map[string]bool{}
	for _, k := range live {
		ok[k] = true
	}
	count := func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			p.conns.Add(1)
		}
	}
	p.gonkaGate = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if key != "" {
			p.keyRequests.Add(1)
		}
		if r.URL.Path == "/v1/models" && ok[key] {
			_, _ = w.Write([]byte(`{"object":"list","data":[{"id":"m"}]}`))
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	}))
	p.fastGPT = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Query().Get("apiKey")
		if key != "" {
			p.keyRequests.Add(1)
		}
		if r.URL.Path == "/api/support/openapi/health" && ok[key] {
			_, _ = w.Write([]byte(`{"code":200,"statusText":"","message":"","data":{"valid":true,"usagePoints":3,"maxUsagePoints":50}}`))
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":500,"statusText":"","message":"APIKey invalid","data":null}`))
	}))
	for _, s := range []*httptest.Server{p.gonkaGate, p.fastGPT} {
		s.Config.ConnState = count
		s.Start()
		t.Cleanup(s.Close)
	}
	return p
}

// verifyArgs point keylint at the fake providers.
func (p *providers) verifyArgs() []string {
	return []string{"--verify-allow-private", "--gonkagate-base-url", p.gonkaGate.URL, "--fastgpt-base-url", p.fastGPT.URL}
}

type verifiedFinding struct {
	Rule         string `json:"rule"`
	Path         string `json:"path"`
	Verification *struct {
		Status, CheckedAt, Host, Detail string
	} `json:"verification"`
}

func statusesOf(t *testing.T, stdout string) map[string]string {
	t.Helper()
	var fs []verifiedFinding
	if err := json.Unmarshal([]byte(stdout), &fs); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, stdout)
	}
	out := map[string]string{}
	for _, f := range fs {
		st := "(none)"
		if f.Verification != nil {
			st = f.Verification.Status
			if st != "not-checked" && (f.Verification.Host == "" || f.Verification.CheckedAt == "") {
				t.Errorf("%s: verification without host or time: %+v", f.Path, *f.Verification)
			}
		}
		out[f.Path] = st
	}
	return out
}

// TestScanVerify is the end-to-end check: keylint scan --verify against fake
// providers marks the key they accept live and the one they refuse invalid.
func TestScanVerify(t *testing.T) {
	liveGP, deadGP, liveFG, deadFG := "gp-Q7"+testkey.Body(nil, 38), "gp-Q7"+testkey.Body(nil, 38), testkey.FastGPT(nil), testkey.FastGPT(nil)
	mgmt := "gpm-Z3" + testkey.Body(nil, 38)
	p := newProviders(t, liveGP, liveFG)
	dir := t.TempDir()
	ciWriteFiles(t, dir, map[string]string{
		"live.py":  "KEY = '" + liveGP + "'\n",
		"dead.py":  "KEY = '" + deadGP + "'\n",
		"again.py": "KEY = '" + deadGP + "'\n",
		"live.ts":  "const key = '" + liveFG + "'\n",
		"dead.ts":  "const key = '" + deadFG + "'\n",
		"admin.sh": "export GONKAGATE_MANAGEMENT_KEY=" + mgmt + "\n",
	})
	args := append([]string{"scan", "--verify"}, p.verifyArgs()...)
	code, stdout, stderr := ciRun(t, dir, nil, append(args, "--format", "json", dir)...)
	if code != exitFindings {
		t.Fatalf("exit status %d, want 1\n%s", code, stderr)
	}
	want := map[string]string{"live.py": "live", "dead.py": "invalid", "again.py": "invalid", "live.ts": "live", "dead.ts": "invalid", "admin.sh": "not-checked"}
	got := statusesOf(t, stdout)
	for k, v := range got {
		delete(got, k)
		got[filepath.Base(k)] = v
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	// Four distinct keys, each once, and one random key per host for the controls.
	if n := p.keyRequests.Load(); n != 6 {
		t.Errorf("%d requests carried a key, want 6 (4 distinct keys, 2 control keys)", n)
	}
	if !strings.Contains(stderr, "keylint: verified 6 finding(s): 2 live, 3 invalid, 1 not-checked") {
		t.Errorf("stderr lacks the summary:\n%s", stderr)
	}
	for _, out := range []string{stdout, stderr} {
		for _, k := range []string{liveGP, deadGP, liveFG, deadFG, mgmt} {
			if strings.Contains(out, k) || strings.Contains(out, k[8:]) {
				t.Errorf("an output holds a key")
			}
		}
	}

	// --only-live keeps the live keys; text shows the answer beside each.
	code, stdout, _ = ciRun(t, dir, nil, append(append([]string{"scan", "--only-live", "--verify-rate", "50"}, p.verifyArgs()...), dir)...)
	if code != exitFindings || strings.Count(stdout, "verified: live at 127.0.0.1:") != 2 || strings.Contains(stdout, "invalid") ||
		!strings.Contains(stdout, "usage points 3 of 50 spent") {
		t.Errorf("--only-live: exit %d, report:\n%s", code, stdout)
	}
	ciWriteFiles(t, dir, map[string]string{"live.py": "\n", "live.ts": "\n"})
	if code, stdout, _ := ciRun(t, dir, nil, append(append([]string{"scan", "--only-live", "--verify-rate", "50"}, p.verifyArgs()...), dir)...); code != exitClean || stdout != "" {
		t.Errorf("--only-live with no live key: exit %d, report %q; want 0 and nothing", code, stdout)
	}
}

// A scan without --verify makes no network connection, even when every flag and
// variable that names a provider points at a server that counts connections.
func TestNoNetworkWithoutVerify(t *testing.T) {
	gp, fg := "gp-Q7"+testkey.Body(nil, 38), testkey.FastGPT(nil)
	p := newProviders(t, gp, fg)
	dir := t.TempDir()
	r := newCIRepo(t, dir)
	r.commit("keys", map[string]string{
		"a.py": "KEY = '" + gp + "'\n",
		".env": "FASTGPT_BASE_URL=" + p.fastGPT.URL + "\nFASTGPT_API_KEY=" + fg + "\n",
	})
	env := map[string]string{"FASTGPT_BASE_URL": p.fastGPT.URL}
	for _, args := range [][]string{
		append([]string{"scan", "--no-ignore", "--format", "json"}, append(p.verifyArgs(), ".")...),
		append([]string{"git", "--format", "sarif"}, p.verifyArgs()...),
		{"scan", "--no-ignore", "."},
	} {
		if code, _, stderr := ciRun(t, dir, env, args...); code != exitFindings {
			t.Fatalf("keylint %v: exit %d\n%s", args, code, stderr)
		}
	}
	if n := p.conns.Load(); n != 0 {
		t.Fatalf("keylint made %d connection(s) without --verify", n)
	}
	// The same with --verify connects: the counter sees what a scan would send.
	if code, _, stderr := ciRun(t, dir, env, append([]string{"git", "--verify", "--verify-rate", "50"}, p.verifyArgs()...)...); code != exitFindings || p.conns.Load() == 0 {
		t.Fatalf("with --verify: exit %d and %d connection(s)\n%s", code, p.conns.Load(), stderr)
	}
}

// git and ci take --verify too, and the FastGPT base URL of a key's own file is used.
func TestGitAndCIVerify(t *testing.T) {
	gp, fg := "gp-Q7"+testkey.Body(nil, 38), testkey.FastGPT(nil)
	p := newProviders(t, gp, fg)
	w := newCIWorld(t, 0)
	r := w.clone
	r.git("checkout", "-q", "-b", "leak")
	r.commit("keys", map[string]string{
		"a.py":        "KEY = '" + gp + "'\n",
		"fastgpt.env": "FASTGPT_BASE_URL=" + p.fastGPT.URL + "/api\nFASTGPT_API_KEY=" + fg + "\n",
	})
	gpArgs := []string{"--verify-allow-private", "--verify-rate", "50", "--gonkagate-base-url", p.gonkaGate.URL}
	code, stdout, stderr := ciRun(t, r.dir, nil, append([]string{"git", "--verify", "--format", "json", "--range", w.base + "..HEAD"}, gpArgs...)...)
	if code != exitFindings {
		t.Fatalf("git --verify: exit %d\n%s", code, stderr)
	}
	got := statusesOf(t, stdout)
	if got["a.py"] != "live" || got["fastgpt.env"] != "live" {
		t.Errorf("git --verify: %v, want both live (the FastGPT key at its own file's base URL)", got)
	}
	code, stdout, stderr = ciRun(t, r.dir, nil, append([]string{"ci", "--range", w.base + "..HEAD", "--only-live", "--format", "json"}, gpArgs...)...)
	if code != exitFindings {
		t.Fatalf("ci --only-live: exit %d\n%s", code, stderr)
	}
	if got := statusesOf(t, stdout); got["a.py"] != "live" {
		t.Errorf("ci --only-live: %v", got)
	}
}

func TestVerifyFlagErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"scan", "--verify", "--fastgpt-base-url", "http://fastgpt.example.com", "."},
		{"scan", "--verify", "--gonkagate-base-url", "ftp://x", "."},
		{"baseline", "--verify", "."},
	} {
		if code, _, stderr := ciRun(t, dir, nil, args...); code != exitError || !strings.Contains(stderr, "base") && !strings.Contains(stderr, "does not verify") {
			t.Errorf("keylint %v: exit %d, stderr %q; want 2 naming the URL", args, code, stderr)
		}
	}
}

// keylint verify checks a report later: its keys are redacted, so they are read again
// from the files (or, for history, the commits) the report names.
func TestVerifyCommand(t *testing.T) {
	liveGP, deadFG, gone, old := "gp-Q7"+testkey.Body(nil, 38), testkey.FastGPT(nil), "gp-Q7"+testkey.Body(nil, 38), "gp-Q7"+testkey.Body(nil, 38)
	p := newProviders(t, liveGP, old)
	dir := t.TempDir()
	r := newCIRepo(t, dir)
	r.commit("old key", map[string]string{"old.py": "KEY = '" + old + "'\n"})
	r.commit("old key removed", map[string]string{"old.py": "KEY = os.environ['KEY']\n"})
	ciWriteFiles(t, dir, map[string]string{
		"a.py":    "KEY = '" + liveGP + "'\n",
		"b.ts":    "const k = '" + deadFG + "'\n",
		"gone.py": "KEY = '" + gone + "'\n",
	})
	out := t.TempDir()
	scanReport, gitReport := filepath.Join(out, "scan.json"), filepath.Join(out, "git.json")
	if code, _, stderr := ciRun(t, dir, nil, "scan", "--no-ignore", "--format", "json", "--output", scanReport, "."); code != exitFindings {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := ciRun(t, dir, nil, "git", "--format", "json", "--output", gitReport); code != exitFindings {
		t.Fatalf("git: exit %d\n%s", code, stderr)
	}
	ciWriteFiles(t, dir, map[string]string{"gone.py": "\n"})
	args := append([]string{"verify", "--verify-rate", "50", "--format", "json"}, p.verifyArgs()...)

	code, stdout, stderr := ciRun(t, dir, nil, append(args, scanReport)...)
	if code != exitFindings {
		t.Fatalf("verify: exit %d, want 1 (a live key)\n%s", code, stderr)
	}
	if diff := cmp.Diff(map[string]string{"a.py": "live", "b.ts": "invalid"}, statusesOf(t, stdout)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if !strings.Contains(stderr, "1 finding(s) not checked") || !strings.Contains(stderr, "gone.py:1:8: gonkagate-api-key gp-Q7") {
		t.Errorf("stderr does not name the finding it could not check:\n%s", stderr)
	}

	// A history finding is read again from its commit.
	code, stdout, stderr = ciRun(t, dir, nil, append(args, "--root", dir, gitReport)...)
	if got := statusesOf(t, stdout); code != exitFindings || got["old.py"] != "live" {
		t.Errorf("verify of a git report: exit %d, %v\n%s", code, got, stderr)
	}

	// Keys on standard input; no live key is exit status 0.
	var so, se strings.Builder
	code = run(append(args, "-"), strings.NewReader("leaked: "+deadFG+"\n"+gone+"\n"), &so, &se)
	if diff := cmp.Diff(map[string]string{"-": "invalid"}, statusesOf(t, so.String())); code != exitClean || diff != "" {
		t.Errorf("verify of keys on stdin: exit %d (want 0), statuses (-want +got):\n%s\n%s", code, diff, se.String())
	}
	for _, o := range []string{stdout, stderr, so.String(), se.String()} {
		for _, k := range []string{liveGP, deadFG, gone, old} {
			if strings.Contains(o, k) {
				t.Errorf("an output holds a key")
			}
		}
	}
}
