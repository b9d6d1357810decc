package golangci_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/rules"
)

// TestGolangciLintPlugin builds golangci-lint with the plugin (scripts/build-golangci-lint.sh,
// a few minutes) and runs it, then its --fix, on a module. Set KEYLINT_GOLANGCI=1 to run it,
// and KEYLINT_GOLANGCI_BIN to reuse a binary the script built before.
func TestGolangciLintPlugin(t *testing.T) {
	if os.Getenv("KEYLINT_GOLANGCI") != "1" {
		t.Skip("set KEYLINT_GOLANGCI=1 to build golangci-lint with the plugin and run it")
	}
	bin := os.Getenv("KEYLINT_GOLANGCI_BIN")
	if bin == "" {
		bin = filepath.Join(t.TempDir(), "golangci-lint")
		script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "build-golangci-lint.sh"))
		if err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(script, bin).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
	}
	gp := genKey(t, "gp-", "gonkagate-api-key", 32)
	fg := genKey(t, "fastgpt-", "fastgpt-api-key", 30)
	allowed := genKey(t, "gp-", "gonkagate-api-key", 32)
	dir := t.TempDir()
	write(t, dir, "go.mod", "module example.com/gcl\n\ngo 1.26\n")
	write(t, dir, ".golangci.yml", `version: "2"
linters:
  default: none
  enable:
    - keylint
  settings:
    custom:
      keylint:
        type: module
        description: hard-coded GonkaGate and FastGPT keys
        settings:
          fastgpt-env: MY_FASTGPT_KEY
`)
	write(t, dir, "main.go", `package main

import "fmt"

const prefix = "gp-"

func main() {
	fmt.Println(prefix + "`+gp[3:]+`")
	fmt.Println("`+fg+`")
	fmt.Println("`+allowed+`") //nolint:keylint // a documented fixture
}
`)
	red := func(k string, p int) string { return k[:p+4] + "…" + k[len(k)-2:] }

	stdout, stderr, code := run(t, dir, bin, "run", "./...")
	if code != 1 {
		t.Errorf("golangci-lint run: exit status %d, want 1\n%s%s", code, stdout, stderr)
	}
	var got []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.Contains(l, "(keylint)") {
			got = append(got, l)
		}
	}
	want := []string{
		"main.go:8:14: hard-coded GonkaGate API key " + red(gp, 3) + " (GonkaGate, rule gonkagate-api-key): read it from the GONKAGATE_API_KEY environment variable and rotate the key, since it has been in the code (keylint)",
		"main.go:9:14: hard-coded FastGPT API key " + red(fg, 8) + " (FastGPT, rule fastgpt-api-key): read it from the MY_FASTGPT_KEY environment variable and rotate the key, since it has been in the code (keylint)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("golangci-lint findings (-want +got):\n%s\n%s", diff, stdout)
	}

	if stdout, stderr, code := run(t, dir, bin, "run", "--fix", "./..."); code != 0 {
		t.Errorf("golangci-lint run --fix: exit status %d, want 0\n%s%s", code, stdout, stderr)
	}
	fixed, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	wantFixed := `package main

import (
	"fmt"
	"os"
)

const prefix = "gp-"

func main() {
	fmt.Println(os.Getenv("GONKAGATE_API_KEY"))
	fmt.Println(os.Getenv("MY_FASTGPT_KEY"))
	fmt.Println("` + allowed + `") //nolint:keylint // a documented fixture
}
`
	if diff := cmp.Diff(wantFixed, string(fixed)); diff != "" {
		t.Errorf("main.go after --fix (-want +got):\n%s", diff)
	}
	if _, stderr, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Errorf("the fixed module does not build:\n%s", stderr)
	}
	if stdout, _, code := run(t, dir, bin, "run", "./..."); code != 0 {
		t.Errorf("golangci-lint run after --fix: exit status %d, want 0\n%s", code, stdout)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, dir, name string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOLANGCI_LINT_CACHE="+filepath.Join(dir, ".cache"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return stdout.String(), stderr.String(), ee.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", name, err)
	}
	return stdout.String(), stderr.String(), 0
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
