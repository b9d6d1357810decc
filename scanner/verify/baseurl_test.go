package verify

import (
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/source"
)

// scanWithCheck scans files (path -> content) with the base URL check, as --verify does.
func scanWithCheck(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(cfg.Rules(), scanner.Options{Checks: []scanner.Check{BaseURLCheck{}}})
	out := map[string]string{}
	for path, content := range files {
		fs, err := sc.Scan(context.Background(), source.Item{Location: source.Location{Path: path}, Size: int64(len(content)),
			Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			out[path] = f.BaseURL
		}
	}
	return out
}

func TestBaseURLFromTheSameFileOnly(t *testing.T) {
	k := func() string { return testkey.FastGPT(nil) }
	far := strings.Repeat("\n", 20)
	got := scanWithCheck(t, map[string]string{
		".env":        "FASTGPT_BASE_URL=https://fastgpt.corp.example/api\nFASTGPT_API_KEY=" + k() + "\n",
		"config.yaml": "fastgpt:\n  apiKey: " + k() + "\n  baseUrl: \"https://gpt.team.example\"\n",
		"far.ts":      "const baseURL = 'https://api.other.example/v1'" + far + "const key = '" + k() + "'\n",
		"named-far.ts": "export const FASTGPT_BASE_URL = `https://named.example`;" + far +
			"const baseUrl = 'https://near.example'\nconst key = '" + k() + "'\n",
		"only-key.py": "KEY = '" + k() + "'\n",
		"template.ts": "const baseUrl = `${FASTGPT_HOST}/api`\nconst key = '" + k() + "'\n",
		"gonka.py":    "base_url='https://x.example'\nkey='" + testkey.GonkaGate(nil) + "'\n",
	})
	want := map[string]string{
		".env":         "https://fastgpt.corp.example/api",
		"config.yaml":  "https://gpt.team.example",
		"far.ts":       "", // a generic baseUrl 20 lines away is another service's
		"named-far.ts": "https://named.example",
		"only-key.py":  "",
		"template.ts":  "",
		"gonka.py":     "", // only FastGPT keys take a base URL from their file
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("base URLs (-want +got):\n%s", diff)
	}
}

// A key whose file names its FastGPT service is checked there; one whose file names a
// plain-http service is not sent when private addresses are not allowed.
func TestBaseURLOfTheFileIsUsed(t *testing.T) {
	k := testkey.FastGPT(nil)
	srv := fastGPTFake(t, map[string]string{k: `{"valid":true}`})
	f := finding(k, ".env")
	f.BaseURL = srv.URL + "/api"
	fs := []scanner.Finding{f}
	verifier(t, newFakeClock(), Options{FastGPTCloud: []string{}}).Run(t.Context(), fs)
	if fs[0].Verification.Status != scanner.StatusLive || srv.count(k) != 1 {
		t.Errorf("got %+v, want live from the file's own base URL", *fs[0].Verification)
	}

	v, err := New(Options{Clock: newFakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	fs = []scanner.Finding{f}
	v.Run(t.Context(), fs)
	if got := fs[0].Verification; got.Status != scanner.StatusUnknown || !strings.Contains(got.Detail, "plain http") || srv.count(k) != 1 {
		t.Errorf("got %+v, want unknown without sending: plain http needs --verify-allow-private", *got)
	}
}

// Without a base URL a FastGPT key is tried at each cloud service until one knows it.
func TestCloudHostsTriedInTurn(t *testing.T) {
	onSecond, nowhere := testkey.FastGPT(nil), testkey.FastGPT(nil)
	first := fastGPTFake(t, nil)
	second := fastGPTFake(t, map[string]string{onSecond: `{"valid":true}`})
	fs := []scanner.Finding{finding(onSecond, "a"), finding(nowhere, "b")}
	verifier(t, newFakeClock(), Options{FastGPTCloud: []string{first.URL, second.URL}}).Run(t.Context(), fs)
	h1, h2 := strings.TrimPrefix(first.URL, "http://"), strings.TrimPrefix(second.URL, "http://")
	got := []scanner.Verification{*fs[0].Verification, *fs[1].Verification}
	want := []scanner.Verification{
		{Status: scanner.StatusLive, Host: h2, Detail: "HTTP 200: the key is accepted"},
		{Status: scanner.StatusInvalid, Host: h1 + ", " + h2, Detail: "none of " + h1 + ", " + h2 + " knows the key"},
	}
	if diff := cmp.Diff(want, got, cmpIgnoreTime); diff != "" {
		t.Errorf("verifications (-want +got):\n%s", diff)
	}
}

var cmpIgnoreTime = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".CheckedAt" }, cmp.Ignore())

func TestControlKeysAreWellFormed(t *testing.T) {
	gp := regexp.MustCompile(`^gp-[A-Za-z0-9]{40}$`)
	fg := regexp.MustCompile(`^fastgpt-[a-z][A-Za-z0-9]{55}$`)
	a, b := gonkaGate{}.randomKey(), fastGPT{}.randomKey()
	if !gp.MatchString(a) || !fg.MatchString(b) || a == (gonkaGate{}).randomKey() {
		t.Errorf("control keys are not well-formed and random")
	}
}
