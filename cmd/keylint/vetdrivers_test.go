package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
)

// vetTemplate copies testdata/vetmod to a new folder, replacing each {{gp}}, {{fg}} and
// {{body}} with a fresh key (or a GonkaGate key's body), and returns the folder and the keys.
func vetTemplate(t *testing.T) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	var keys []string
	src := filepath.Join("testdata", "vetmod")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := string(b)
		for _, ph := range []struct {
			name string
			make func() string
		}{
			{"{{gp}}", func() string { return testkey.GonkaGate(nil) }},
			{"{{fg}}", func() string { return testkey.FastGPT(nil) }},
			{"{{body}}", func() string { return testkey.Body(nil, 40) }},
		} {
			for strings.Contains(s, ph.name) {
				k := ph.make()
				keys = append(keys, k)
				s = strings.Replace(s, ph.name, k, 1)
			}
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, []byte(s), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The keys are longer than the placeholders: let gofmt realign the comments first.
	if _, stderr, code := runIn(t, dir, "gofmt", "-w", "."); code != 0 {
		t.Fatalf("gofmt -w: %s", stderr)
	}
	return dir, keys
}

// checkFixed checks that the fixed module builds with its tests, is gofmt-clean, passes go vet,
// reads the keys with os.Getenv, holds no key but the unfixable one, and that keylint vet
// reports that one only.
func checkFixed(t *testing.T, bin, dir string, keys []string) {
	t.Helper()
	if _, stderr, code := runIn(t, dir, "go", "test", "-count=1", "-run", "^$", "./..."); code != 0 {
		t.Errorf("the fixed module does not build:\n%s", stderr)
	}
	if stdout, _, _ := runIn(t, dir, "gofmt", "-l", "."); stdout != "" {
		t.Errorf("gofmt -l lists fixed files:\n%s", stdout)
	}
	if _, stderr, code := runIn(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet on the fixed module:\n%s", stderr)
	}
	var all strings.Builder
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".go") {
			b, _ := os.ReadFile(p)
			all.Write(b)
		}
		return nil
	})
	for _, want := range []string{`os.Getenv("GONKAGATE_API_KEY")`, `os.Getenv("FASTGPT_API_KEY")`, `sys.Getenv("GONKAGATE_API_KEY")`} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the fixed module lacks %s", want)
		}
	}
	_, stderr, code := runIn(t, dir, bin, "vet", "./...")
	if code != exitFindings {
		t.Errorf("keylint vet after the fix: exit status %d, want %d\n%s", code, exitFindings, stderr)
	}
	consts, err := os.ReadFile(filepath.Join(dir, "app", "consts.go"))
	if err != nil {
		t.Fatal(err)
	}
	width := ""
	for _, l := range strings.Split(string(consts), "\n") {
		if _, rest, ok := strings.Cut(l, `width = "`); ok {
			width, _, _ = strings.Cut(rest, `"`)
		}
	}
	got := findingLines(stderr, dir)
	if len(got) != 1 || !strings.HasPrefix(got[0], "app/consts.go:") ||
		!strings.Contains(got[0], "hard-coded GonkaGate API key "+red(width, "gp-")+" ") ||
		!strings.Contains(got[0], "(no automatic fix: width is used in a constant expression at ") {
		t.Errorf("keylint vet after the fix reports %q, want only the constant width, which an array length uses", got)
	}
}

func red(k, prefix string) string { return k[:len(prefix)+4] + "…" + k[len(k)-2:] }

// TestVetDrivers fixes one module, with keys folded across packages, several keys a file and
// imports the fixes leave unused, with keylint vet -fix and with go vet -vettool=keylint -fix.
func TestVetDrivers(t *testing.T) {
	bin := buildKeylint(t)
	drivers := []struct {
		name string
		cmd  []string
	}{
		{"keylint vet -fix", []string{bin, "vet", "-fix", "./..."}},
		{"go vet -vettool -fix", []string{"go", "vet", "-vettool=" + bin, "-fix", "./..."}},
	}
	t.Run("keylint vet -diff", func(t *testing.T) {
		dir, keys := vetTemplate(t)
		stdout, stderr, code := runIn(t, dir, bin, "vet", "-diff", "./...")
		if code != exitFindings {
			t.Errorf("exit status %d, want %d\n%s", code, exitFindings, stderr)
		}
		if !strings.Contains(stdout, `+	fmt.Println(client(os.Getenv("GONKAGATE_API_KEY")), other, buf, first, second)`) {
			t.Errorf("the diff lacks the fixed line:\n%s", stdout)
		}
		for _, k := range keys {
			if strings.Contains(stdout+stderr, k) {
				t.Errorf("keylint vet -diff printed a key whole:\n%s%s", stdout, stderr)
			}
		}
	})
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			dir, keys := vetTemplate(t)
			stdout, stderr, _ := runIn(t, dir, d.cmd[0], d.cmd[1:]...)
			for _, k := range keys {
				if strings.Contains(stdout+stderr, k) {
					t.Errorf("%s printed a key whole:\n%s%s", d.name, stdout, stderr)
				}
			}
			checkFixed(t, bin, dir, keys)
		})
	}
}

// TestGoVetKeylintYAML checks that go vet -vettool=keylint reads the module's .keylint.yaml:
// the disabled rule is not reported, the custom rule is.
func TestGoVetKeylintYAML(t *testing.T) {
	bin := buildKeylint(t)
	dir := t.TempDir()
	gp, fg, acme := testkey.GonkaGate(nil), testkey.FastGPT(nil), "acme-"+testkey.Body(nil, 36)
	for name, content := range map[string]string{
		"go.mod": "module example.com/conf\n\ngo 1.26\n",
		".keylint.yaml": "disable: [fastgpt-api-key]\nrules:\n  - id: acme-api-key\n    description: ACME API key\n" +
			"    prefix: acme-\n    min-length: 32\n    env: ACME_API_KEY\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"" + gp + "\")\n\tfmt.Println(\"" + fg + "\")\n\tfmt.Println(\"" + acme + "\")\n}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, stderr, code := runIn(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if code != 1 {
		t.Errorf("go vet exit status %d, want 1\n%s", code, stderr)
	}
	got := findingLines(stderr, dir)
	want := []string{
		"main.go:6:14: hard-coded GonkaGate API key " + red(gp, "gp-") + " (GonkaGate, rule gonkagate-api-key): read it from the GONKAGATE_API_KEY environment variable and rotate the key, since it has been in the code",
		"main.go:8:14: hard-coded ACME API key " + red(acme, "acme-") + " (custom, rule acme-api-key): read it from the ACME_API_KEY environment variable and rotate the key, since it has been in the code",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("go vet with .keylint.yaml (-want +got):\n%s\n%s", diff, stderr)
	}
}
