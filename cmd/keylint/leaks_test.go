package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/keylint/keylint/internal/testkey"
)

// leakedPiece returns a piece of a key's body, eight characters or more, that text shows, or "".
// A redacted key shows four characters of its body and the last two, never eight in a row.
func leakedPiece(text string, keys []string) string {
	for _, k := range keys {
		body := k[strings.IndexByte(k, '-')+1:]
		for i := 0; i+8 <= len(body); i++ {
			if strings.Contains(text, body[i:i+8]) {
				return body[i : i+8]
			}
		}
	}
	return ""
}

// escapeByte writes the character at i of k as a \x escape.
func escapeByte(k string, i int) string {
	const hex = "0123456789ABCDEF"
	return k[:i] + `\x` + string([]byte{hex[k[i]>>4], hex[k[i]&15]}) + k[i+1:]
}

// leakCase is one way a key could escape: what to set up, what to run, what must come out.
type leakCase struct {
	args     []string // the command line
	keys     []string // no piece of these may show in any output
	files    []string // written by the run, read as output too
	stdout   string   // must appear in standard output
	stderr   string   // must appear in standard error
	findings int      // in the JSON report (args must ask for it), or -1 not to count
}

// TestNoKeyLeaks plays one way a key could be printed per case (snippets, names, error
// messages) and checks that no output holds a piece of it, and the exit status.
func TestNoKeyLeaks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		code  int
		setup func(t *testing.T, dir string) leakCase
	}{
		{
			name: "three keys on one line, in every format", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a, b, c := hardKey(101), hardKey(102), hardKey(103)
				writeFile(t, filepath.Join(dir, "app.js"), []byte(`k("`+a+`", "`+b+`", "`+c+`")`+"\n"))
				out := filepath.Join(dir, "..", "r.sarif")
				return leakCase{args: []string{"scan", "-f", "json", dir, "--output", out}, keys: []string{a, b, c}, files: []string{out}, findings: -1}
			},
		},
		{
			name: "three keys on one line, json counted", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a, b, c := hardKey(104), hardKey(105), hardKey(106)
				writeFile(t, filepath.Join(dir, "app.js"), []byte(a+" "+b+" "+c+" "+a+"\n"))
				return leakCase{args: []string{"scan", "-f", "json", dir}, keys: []string{a, b, c}, findings: 4}
			},
		},
		{
			name: "three keys on one line, text", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a, b, c := hardKey(107), hardKey(108), hardKey(109)
				writeFile(t, filepath.Join(dir, "app.js"), []byte(a+b[2:]+" "+b+","+c+"\n"))
				return leakCase{args: []string{"scan", dir}, keys: []string{a, b, c}, findings: -1}
			},
		},
		{
			name: "three keys on one line, sarif", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a, b, c := hardKey(110), hardKey(111), hardKey(112)
				writeFile(t, filepath.Join(dir, "app.js"), []byte(`x="`+a+`";y="`+b+`";z="`+c+`"`+"\n"))
				return leakCase{args: []string{"scan", "-f", "sarif", dir}, keys: []string{a, b, c}, findings: -1}
			},
		},
		{
			name: "a disabled rule's key beside a reported one is redacted in its snippet", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a := hardKey(130)
				m := "gpm-Z3" + testkey.Body(rand.New(rand.NewPCG(131, 99)), 38)
				writeFile(t, filepath.Join(dir, ".keylint.yaml"), []byte("disable: [gonkagate-management-key]\n"))
				writeFile(t, filepath.Join(dir, "app.env"), []byte("a="+a+" b="+m+"\n"))
				return leakCase{args: []string{"scan", "-f", "json", dir}, keys: []string{a, m}, findings: 1}
			},
		},
		{
			name: "keys written end to end are two findings, both redacted", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				r := rand.New(rand.NewPCG(132, 99))
				a, b := "fastgpt-Q"+testkey.Body(r, 40), "fastgpt-Z"+testkey.Body(r, 50)
				writeFile(t, filepath.Join(dir, "app.js"), []byte(`k="`+a+b+`"`+"\n"))
				return leakCase{args: []string{"scan", "-f", "json", dir}, keys: []string{a, b}, findings: 2}
			},
		},
		{
			name: "a key glued into a folder name is redacted", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a := hardKey(133)
				writeFile(t, filepath.Join(dir, "cfg_"+a, "x.txt"), []byte("hello\n"))
				return leakCase{args: []string{"scan", "-f", "json", dir}, keys: []string{a}, findings: 1}
			},
		},
		{
			name: "a key with one \\x50 escape in the middle is one finding", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a := hardKey(113)
				writeFile(t, filepath.Join(dir, "app.js"), []byte(`const k = "`+escapeByte(a, 30)+`";`+"\n"))
				return leakCase{args: []string{"scan", "-f", "json", dir}, keys: []string{a}, findings: 1}
			},
		},
		{
			name: "a key as a file name is redacted and reported", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a := hardKey(114)
				writeFile(t, filepath.Join(dir, a+".txt"), []byte("nothing here\n"))
				return leakCase{args: []string{"scan", "-f", "json", dir}, keys: []string{a}, findings: 1}
			},
		},
		{
			name: "a folder named with a key is one finding, its files' own keys redacted in their paths", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a, b := hardKey(115), hardKey(116)
				for _, f := range []string{"x.txt", "y.txt", "z/w.txt"} {
					writeFile(t, filepath.Join(dir, a, f), []byte("hello\n"))
				}
				writeFile(t, filepath.Join(dir, a, "k.txt"), []byte(b+"\n"))
				return leakCase{args: []string{"scan", "-f", "json", dir}, keys: []string{a, b}, findings: 2}
			},
		},
		{
			name: "a key as a file name, text report", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a, b := hardKey(117), hardKey(118)
				writeFile(t, filepath.Join(dir, a), []byte(b+"\n"))
				return leakCase{args: []string{"scan", dir}, keys: []string{a, b}, stdout: "in a file name", findings: -1}
			},
		},
		{
			name: "a key as an archive member's name", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a := hardKey(119)
				writeFile(t, filepath.Join(dir, "a.zip"), zippedNamed(t, map[string]string{a + "/notes.txt": "hi\n", a + "/more.txt": "hi\n"}))
				return leakCase{args: []string{"scan", "-f", "json", dir}, keys: []string{a}, findings: 1}
			},
		},
		{
			name: "a key in a path never reaches the baseline", code: 0,
			setup: func(t *testing.T, dir string) leakCase {
				a, b := hardKey(120), hardKey(121)
				writeFile(t, filepath.Join(dir, a, "k.txt"), []byte(b+"\n"))
				out := filepath.Join(dir, "..", "baseline.json")
				return leakCase{args: []string{"baseline", "--output", out, dir}, keys: []string{a, b}, files: []string{out}, findings: -1}
			},
		},
		{
			name: "git: a key as a committed file name and as the author's name and e-mail", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a, b, c := hardKey(123), hardKey(124), hardKey(125)
				r := newCIRepo(t, dir)
				writeFile(t, filepath.Join(dir, "docs", a, "one.md"), []byte("hello\n"))
				writeFile(t, filepath.Join(dir, "docs", a, "two.md"), []byte("hello\n"))
				r.git("add", "-A")
				r.git("commit", "-q", "-m", "docs", "--author", "dev "+b+" <"+c+"@example.com>")
				return leakCase{args: []string{"git", "-f", "json", dir}, keys: []string{a, b, c}, findings: 3}
			},
		},
		{
			name: "ci --sarif and the GitLab report: three keys on one line", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a, b, c := hardKey(128), hardKey(129), hardKey(130)
				r := newCIRepo(t, dir)
				base := r.commit("start", map[string]string{"README.md": "hi\n"})
				head := r.commit("keys", map[string]string{"app.js": `k("` + a + `", "` + b + `", "` + c + `")` + "\n"})
				sarif, gl := filepath.Join(dir, "..", "ci.sarif"), filepath.Join(dir, "..", "gl.json")
				return leakCase{args: []string{"ci", dir, "--range", base + ".." + head, "--sarif", sarif, "--gitlab-report", gl, "-f", "json"},
					keys: []string{a, b, c}, files: []string{sarif, gl}, findings: 3}
			},
		},
		{
			name: "ci in GitHub Actions: a key as the pull request's branch name", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a, b := hardKey(131), hardKey(132)
				r := newCIRepo(t, dir)
				base := r.commit("start", map[string]string{"README.md": "hi\n"})
				r.git("checkout", "-q", "-b", a)
				head := r.commit("key", map[string]string{"app.js": "k = '" + b + "'\n"})
				summary := filepath.Join(dir, "..", "summary.md")
				for k, v := range map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_STEP_SUMMARY": summary,
					"GITHUB_EVENT_PATH": ciEvent(t, map[string]any{"pull_request": map[string]any{
						"base": map[string]string{"sha": base, "ref": "main"}, "head": map[string]string{"sha": head, "ref": a}}})} {
					t.Setenv(k, v)
				}
				return leakCase{args: []string{"ci", dir}, keys: []string{a, b}, files: []string{summary}, stdout: "::error", findings: -1}
			},
		},
		{
			name: "git --staged: a key as a new file's name", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a := hardKey(126)
				r := newCIRepo(t, dir)
				r.commit("start", map[string]string{"README.md": "hi\n"})
				writeFile(t, filepath.Join(dir, a+".json"), []byte("{}\n"))
				r.git("add", "-A")
				return leakCase{args: []string{"git", "--staged", "-f", "json", dir}, keys: []string{a}, findings: 1}
			},
		},
		{
			name: "gitignore: a .env file in a folder named with a key", code: 1,
			setup: func(t *testing.T, dir string) leakCase {
				a := hardKey(127)
				r := newCIRepo(t, dir)
				r.commit("start", map[string]string{".gitignore": "node_modules/\n"})
				writeFile(t, filepath.Join(dir, a, ".env"), []byte("X=1\n"))
				t.Chdir(dir)
				return leakCase{args: []string{"gitignore"}, keys: []string{a}, stdout: ".env", findings: -1}
			},
		},
		{
			name: "config: a key in disable", code: 2,
			setup: configCase(func(k string) string { return "disable: [\"" + k + "\"]\n" }),
		},
		{
			name: "config: a key in a bad exclude glob", code: 2,
			setup: configCase(func(k string) string { return "exclude: [\"" + k + "[\"]\n" }),
		},
		{
			name: "config: a key as an unknown field", code: 2,
			setup: configCase(func(k string) string { return k + ": 1\n" }),
		},
		{
			name: "config: a key as a custom rule's unknown field", code: 2,
			setup: configCase(func(k string) string { return "rules:\n  - id: x\n    prefix: acme\n    " + k + ": 1\n" }),
		},
		{
			name: "config: a key as a bad custom rule's id", code: 2,
			setup: configCase(func(k string) string { return "rules:\n  - id: " + k + "\n    prefix: acme\n    min-length: 1\n" }),
		},
		{
			name: "config: a key as a custom rule's bad prefix", code: 2,
			setup: configCase(func(k string) string { return "rules:\n  - id: x\n    prefix: \"" + k + "!\"\n" }),
		},
		{
			name: "config: a key as a custom rule's alphabet", code: 2,
			setup: configCase(func(k string) string { return "rules:\n  - id: x\n    prefix: acme\n    alphabet: \"" + k + "\\\\\"\n" }),
		},
		{
			name: "config: a key in fastgpt-prefixes", code: 2,
			setup: configCase(func(k string) string { return "fastgpt-prefixes: [\"" + k + "!\"]\n" }),
		},
		{
			name: "baseline: a key as an unknown field", code: 2,
			setup: func(t *testing.T, dir string) leakCase {
				a := hardKey(122)
				bl := filepath.Join(dir, "..", "bl.json")
				writeFile(t, bl, []byte(`{"version": 1, "findings": [], "`+a+`": 1}`))
				return leakCase{args: []string{"scan", "--baseline", bl, dir}, keys: []string{a}, findings: -1}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "root")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			lc := tc.setup(t, dir)
			got := runCLI(t, nil, lc.args...)
			if got.code != tc.code {
				t.Errorf("exit status %d, want %d\nstdout: %.2000s\nstderr: %s", got.code, tc.code, got.stdout, got.stderr)
			}
			outputs := []string{got.stdout, got.stderr}
			for _, f := range lc.files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Errorf("output %s: %v", f, err)
				}
				outputs = append(outputs, string(data))
			}
			for _, o := range outputs {
				if piece := leakedPiece(o, lc.keys); piece != "" {
					t.Errorf("an output shows %q of a key:\n%.3000s", piece, o)
				}
			}
			if lc.stdout != "" && !strings.Contains(got.stdout, lc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", lc.stdout, got.stdout)
			}
			if lc.stderr != "" && !strings.Contains(got.stderr, lc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", lc.stderr, got.stderr)
			}
			if tc.code == 2 && got.stderr == "" {
				t.Error("an error with no message")
			}
			if lc.findings >= 0 {
				var fs []map[string]any
				if err := json.Unmarshal([]byte(got.stdout), &fs); err != nil {
					t.Fatalf("the JSON report does not parse: %v\n%s", err, got.stdout)
				}
				if len(fs) != lc.findings {
					t.Errorf("%d findings, want %d:\n%s", len(fs), lc.findings, got.stdout)
				}
			}
		})
	}
}

// configCase writes a .keylint.yaml that quotes a key and scans with it.
func configCase(yaml func(key string) string) func(t *testing.T, dir string) leakCase {
	return func(t *testing.T, dir string) leakCase {
		a := hardKey(200)
		writeFile(t, filepath.Join(dir, ".keylint.yaml"), []byte(yaml(a)))
		return leakCase{args: []string{"scan", dir}, keys: []string{a}, stderr: ".keylint.yaml", findings: -1}
	}
}

// zippedNamed is a zip of the members, in name order.
func zippedNamed(t *testing.T, members map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, name := range slices.Sorted(maps.Keys(members)) {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(members[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
