package golangci_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keylint/keylint/internal/testkey"
)

// readmeConfig is the README's .golangci.yml for keylint, with errcheck beside it: the
// settings under issues and output show every keylint finding and no source line.
const readmeConfig = `version: "2"
linters:
  default: none
  enable:
    - keylint
    - errcheck
  settings:
    custom:
      keylint:
        type: module
        description: hard-coded GonkaGate and FastGPT API keys
issues:
  uniq-by-line: false
  max-issues-per-linter: 0
  max-same-issues: 0
output:
  formats:
    text:
      print-issued-lines: false
`

// TestGolangciLintDrivers runs golangci-lint --fix with the plugin on cmd/keylint/testdata/vetmod,
// the module the keylint vet and go vet drivers fix, and checks a line that errcheck also flags.
func TestGolangciLintDrivers(t *testing.T) {
	bin := golangciBinary(t)
	dir, keys := vetTemplate(t)
	write(t, dir, ".golangci.yml", readmeConfig)
	shared := testkey.GonkaGate(nil)
	write(t, dir, "app/setenv.go", "package main\n\nimport \"os\"\n\nfunc init() {\n\tos.Setenv(\"K\", \""+shared+"\")\n}\n")
	keys = append(keys, shared)

	stdout, stderr, code := run(t, dir, bin, "run", "./...")
	if code != 1 {
		t.Errorf("golangci-lint run: exit status %d, want 1\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"app/setenv.go:6:11: Error return value of `os.Setenv` is not checked (errcheck)",
		"app/setenv.go:6:17: hard-coded GonkaGate API key " + shared[:7] + "…" + shared[len(shared)-2:],
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("golangci-lint run lacks %q (uniq-by-line hides findings):\n%s", want, stdout)
		}
	}
	for _, k := range keys {
		if strings.Contains(stdout+stderr, k) {
			t.Errorf("golangci-lint run printed a key whole (print-issued-lines):\n%s%s", stdout, stderr)
		}
	}

	stdout, stderr, _ = run(t, dir, bin, "run", "--fix", "./...")
	for _, k := range keys {
		if strings.Contains(stdout+stderr, k) {
			t.Errorf("golangci-lint run --fix printed a key whole:\n%s%s", stdout, stderr)
		}
	}
	if _, stderr, code := run(t, dir, "go", "test", "-count=1", "-run", "^$", "./..."); code != 0 {
		t.Errorf("the fixed module does not build:\n%s", stderr)
	}
	if stdout, _, _ := run(t, dir, "gofmt", "-l", "."); stdout != "" {
		t.Errorf("gofmt -l lists fixed files:\n%s", stdout)
	}
	if _, stderr, code := run(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet on the fixed module:\n%s", stderr)
	}
	stdout, _, _ = run(t, dir, bin, "run", "./...")
	var left []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasSuffix(l, "(keylint)") {
			left = append(left, l)
		}
	}
	if len(left) != 1 || !strings.Contains(left[0], "no automatic fix: width is used in a constant expression") {
		t.Errorf("after --fix golangci-lint reports %q, want only the constant width, which an array length uses", left)
	}
	fixed, _ := os.ReadFile(filepath.Join(dir, "app", "main.go"))
	if !strings.Contains(string(fixed), `os.Getenv("GONKAGATE_API_KEY")`) {
		t.Errorf("app/main.go after --fix does not read os.Getenv:\n%s", fixed)
	}
}

// golangciBinary returns KEYLINT_GOLANGCI_BIN or builds golangci-lint with the plugin.
func golangciBinary(t *testing.T) string {
	t.Helper()
	if os.Getenv("KEYLINT_GOLANGCI") != "1" {
		t.Skip("set KEYLINT_GOLANGCI=1 to build golangci-lint with the plugin and run it")
	}
	if bin := os.Getenv("KEYLINT_GOLANGCI_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "golangci-lint")
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "build-golangci-lint.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, ".", script, bin); code != 0 {
		t.Fatalf("%s: exit status %d\n%s", script, code, stderr)
	}
	return bin
}

// vetTemplate copies cmd/keylint/testdata/vetmod to a new folder with fresh keys for its
// placeholders, gofmt-clean, and returns the folder and the keys.
func vetTemplate(t *testing.T) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "cmd", "keylint", "testdata", "vetmod")
	var keys []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := string(b)
		for ph, mk := range map[string]func() string{
			"{{gp}}":   func() string { return testkey.GonkaGate(nil) },
			"{{fg}}":   func() string { return testkey.FastGPT(nil) },
			"{{body}}": func() string { return testkey.Body(nil, 40) },
		} {
			for strings.Contains(s, ph) {
				k := mk()
				keys = append(keys, k)
				s = strings.Replace(s, ph, k, 1)
			}
		}
		rel, _ := filepath.Rel(src, p)
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), []byte(s), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "gofmt", "-w", "."); code != 0 {
		t.Fatalf("gofmt -w: %s", stderr)
	}
	return dir, keys
}
