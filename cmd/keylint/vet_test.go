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

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/rules"
)

func TestIsVetToolCall(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"-keylint.fastgpt-env=X", "-json", "/tmp/b001/vet.cfg"}, true},
		{nil, false},
		{[]string{"vet", "./..."}, false},
		{[]string{"scan", "x.cfg"}, false},
		{[]string{"-V=full", "extra"}, false},
		{[]string{"scan", "."}, false},
	}
	for _, tt := range tests {
		if got := isVetToolCall(tt.args); got != tt.want {
			t.Errorf("isVetToolCall(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

// genKey returns a fresh random key that the recognizer takes for a key of rule id.
func genKey(t *testing.T, prefix, id string, n int) string {
	t.Helper()
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	for range 1000 {
		b := testkey.Body(nil, n)
		if k, v := prefix+b, set.Explain(prefix + b)[0]; v.Key() && v.Rule.ID == id {
			return k
		}
	}
	t.Fatalf("no %s key in 1000 tries", id)
	return ""
}

// vetModule writes a small module with two keys to find (one split across constants), one
// allowed key and a placeholder, and returns its directory, the keys and the redacted forms.
func vetModule(t *testing.T) (dir string, redacted []string) {
	t.Helper()
	gp := genKey(t, "gp-", "gonkagate-api-key", 32)
	fg := genKey(t, "fastgpt-", "fastgpt-api-key", 30)
	allowed := genKey(t, "gp-", "gonkagate-api-key", 32)
	dir = t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/vetmod\n\ngo 1.26\n",
		"main.go": `package main

import "fmt"

const keyPrefix = "gp-"

const keyBody = "` + gp[3:] + `"

func main() {
	fmt.Println(newClient(keyPrefix + keyBody))
	fmt.Println("` + fg + `")
	fmt.Println("` + allowed + `") //keylint:allow
	fmt.Println("gp-your-api-key-here")
}

func newClient(key string) int { return len(key) }
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	red := func(k string, p int) string { return k[:p+4] + "…" + k[len(k)-2:] }
	return dir, []string{red(gp, 3), red(fg, 8)}
}

// buildKeylint builds ./cmd/keylint into a temporary directory.
func buildKeylint(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the keylint binary; skipped in -short mode")
	}
	bin := filepath.Join(t.TempDir(), "keylint")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runIn runs name with args in dir and returns stdout, stderr and the exit status.
func runIn(t *testing.T, dir, name string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GO111MODULE=on")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return stdout.String(), stderr.String(), ee.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return stdout.String(), stderr.String(), 0
}

// findingLines returns the lines of out that report a key, with the directory trimmed.
func findingLines(out, dir string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "hard-coded") {
			l = strings.ReplaceAll(l, dir+string(filepath.Separator), "")
			lines = append(lines, strings.TrimPrefix(l, "./"))
		}
	}
	return lines
}

func wantFindings(red []string, gpEnv string) []string {
	return []string{
		fmt.Sprintf("main.go:10:24: hard-coded GonkaGate API key %s (GonkaGate, rule gonkagate-api-key): read it from the %s environment variable and rotate the key, since it has been in the code", red[0], gpEnv),
		fmt.Sprintf("main.go:11:14: hard-coded FastGPT API key %s (FastGPT, rule fastgpt-api-key): read it from the FASTGPT_API_KEY environment variable and rotate the key, since it has been in the code", red[1]),
	}
}

// TestGoVetVettool runs `go vet -vettool=keylint` (the unitchecker protocol) on a module.
func TestGoVetVettool(t *testing.T) {
	bin := buildKeylint(t)
	dir, red := vetModule(t)

	_, stderr, code := runIn(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if code != 1 {
		t.Errorf("go vet exit status = %d, want 1\n%s", code, stderr)
	}
	if diff := cmp.Diff(wantFindings(red, "GONKAGATE_API_KEY"), findingLines(stderr, dir)); diff != "" {
		t.Errorf("go vet findings (-want +got):\n%s\nstderr:\n%s", diff, stderr)
	}

	_, stderr, code = runIn(t, dir, "go", "vet", "-vettool="+bin, "-keylint.gonkagate-env=MY_GP_KEY", "./...")
	if code != 1 {
		t.Errorf("go vet with a flag: exit status = %d, want 1\n%s", code, stderr)
	}
	if diff := cmp.Diff(wantFindings(red, "MY_GP_KEY"), findingLines(stderr, dir)); diff != "" {
		t.Errorf("go vet -keylint.gonkagate-env findings (-want +got):\n%s\nstderr:\n%s", diff, stderr)
	}

	stdout, _, code := runIn(t, dir, bin, "-V=full")
	if code != 0 || !strings.HasPrefix(stdout, bin+" version ") || !strings.Contains(stdout, "buildID=") {
		t.Errorf("keylint -V=full = %q (exit %d), want a version line", stdout, code)
	}
}

// TestKeylintVet runs `keylint vet`, then -diff, then -fix, and checks the fixed module builds.
func TestKeylintVet(t *testing.T) {
	bin := buildKeylint(t)
	dir, red := vetModule(t)
	main := filepath.Join(dir, "main.go")
	before, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}

	_, stderr, code := runIn(t, dir, bin, "vet", "./...")
	if code != exitFindings {
		t.Errorf("keylint vet exit status = %d, want %d\n%s", code, exitFindings, stderr)
	}
	if diff := cmp.Diff(wantFindings(red, "GONKAGATE_API_KEY"), findingLines(stderr, dir)); diff != "" {
		t.Errorf("keylint vet findings (-want +got):\n%s", diff)
	}

	stdout, stderr, code := runIn(t, dir, bin, "vet", "-diff", "./...")
	if code != exitFindings {
		t.Errorf("keylint vet -diff exit status = %d, want %d\n%s", code, exitFindings, stderr)
	}
	for _, want := range []string{
		"+import (\n+\t\"fmt\"\n+\t\"os\"\n+)\n",
		"+\tfmt.Println(newClient(os.Getenv(\"GONKAGATE_API_KEY\")))\n",
		"+\tfmt.Println(os.Getenv(\"FASTGPT_API_KEY\"))\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("keylint vet -diff output lacks %q:\n%s", want, stdout)
		}
	}
	if after, _ := os.ReadFile(main); !bytes.Equal(before, after) {
		t.Errorf("keylint vet -diff changed main.go")
	}

	_, stderr, code = runIn(t, dir, bin, "vet", "-fix", "./...")
	if code != exitClean {
		t.Errorf("keylint vet -fix exit status = %d, want %d\n%s", code, exitClean, stderr)
	}
	after, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(after, []byte(red[1][:12])) || !bytes.Contains(after, []byte(`os.Getenv("FASTGPT_API_KEY")`)) {
		t.Errorf("keylint vet -fix did not fix main.go:\n%s", after)
	}
	if _, stderr, code := runIn(t, dir, "go", "build", "./..."); code != 0 {
		t.Errorf("the fixed module does not build:\n%s", stderr)
	}
	if stdout, _, _ := runIn(t, dir, "gofmt", "-l", "."); stdout != "" {
		t.Errorf("gofmt -l lists fixed files: %s", stdout)
	}
	if _, stderr, code := runIn(t, dir, bin, "vet", "./..."); code != exitClean {
		t.Errorf("keylint vet after -fix: exit status %d, want %d\n%s", code, exitClean, stderr)
	}
}
