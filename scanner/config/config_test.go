package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/rules"
)

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"not yaml", "exclude: [a\n  b: c", ".keylint.yaml: line"},
		{"not a mapping", "- a\n- b\n", ".keylint.yaml:1: the configuration must be a mapping"},
		{"unknown key", "exclude: []\nexclud: [x]\n", `.keylint.yaml:2: unknown key "exclud"`},
		{"unknown rule key", "rules:\n  - id: a\n    prefix: acme\n    colour: red\n", `.keylint.yaml:4: unknown key "colour"`},
		{"bad glob", "exclude: ['a/[b']\n", `bad glob "a/[b"`},
		{"unknown rule to disable", "exclude: []\ndisable:\n  - public-env-key\n  - no-such-rule\n", `.keylint.yaml:4: disable: no rule "no-such-rule"`},
		{"empty fastgpt prefix", "fastgpt-prefixes: [mygpt, \"-\"]\n", `.keylint.yaml:1: fastgpt-prefixes: empty prefix`},
		{"rule without prefix", "rules:\n  - id: acme\n", `.keylint.yaml:2: rule "acme": prefix is required`},
		{"bad alphabet", "rules:\n  - id: acme\n    prefix: acme\n    alphabet: z-a\n", "runs backwards"},
		{"wrong type", "exclude: 3\n", ".keylint.yaml:1: exclude is a list of globs"},
		{"scalar exclude", "disable: []\nexclude: \"k8s/**\"\n", `.keylint.yaml:2: exclude is a list of globs (write exclude: ["k8s/**"])`},
		{"mapping for a list", "allow:\n  a: b\n", ".keylint.yaml:2: allow is a list of fingerprints"},
		{"bad glob on its line", "include: [src/**]\nexclude:\n  - ok/**\n  - 'a/[b'\n", `.keylint.yaml:4: exclude: bad glob "a/[b"`},
		{"build-output not a bool", "build-output: no-thanks\n", ".keylint.yaml:1: build-output is true or false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse(".keylint.yaml", []byte(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
}

// TestCheckRules: every rule id keylint reports, checks included, can be disabled and is listed for reports.
func TestCheckRules(t *testing.T) {
	ids := func(c *config.Config) []string {
		var out []string
		for _, r := range c.Reported() {
			out = append(out, r.ID)
		}
		return out
	}
	def, err := config.Parse("k.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"gonkagate-api-key", "gonkagate-management-key", "fastgpt-api-key", "public-env-key", "committed-env-file", "env-not-ignored"}
	if diff := cmp.Diff(want, ids(def)); diff != "" {
		t.Errorf("reported rules (-want +got):\n%s", diff)
	}
	for _, r := range def.Reported() {
		if r.Description == "" || r.Help == "" {
			t.Errorf("rule %s has no description or help", r.ID)
		}
	}
	cfg, err := config.Parse("k.yaml", []byte("disable: [public-env-key, committed-env-file, env-not-ignored]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"public-env-key", "committed-env-file", "env-not-ignored"} {
		if !cfg.Disabled(id) {
			t.Errorf("%s not disabled", id)
		}
	}
	if diff := cmp.Diff(want[:3], ids(cfg)); diff != "" {
		t.Errorf("reported rules with the checks disabled (-want +got):\n%s", diff)
	}
	if !def.BuildOutput() {
		t.Error("build output is off by default")
	}
	off, err := config.Parse("k.yaml", []byte("build-output: false\n"))
	if err != nil || off.BuildOutput() {
		t.Errorf("build-output: false gave %v, %v", off.BuildOutput(), err)
	}
}

func TestParse(t *testing.T) {
	cfg, err := config.Parse("k.yaml", []byte(`
exclude: ["testdata/**", "**/*.min.js"]
include: ["src/**"]
disable: [gonkagate-management-key]
fastgpt-prefixes: [mygpt]
rules:
  - id: acme-key
    prefix: acme-
    alphabet: A-Za-z0-9
    min-length: 30
allow: [0123abcd]
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		dir  bool
		skip bool
	}{
		{"testdata", true, true},
		{"testdata/a/b.go", false, true},
		{"web/app.min.js", false, true},
		{"src/a.go", false, false},
		{"docs/a.md", false, true},
		{"docs", true, false},
	} {
		if got := cfg.Skip(tc.path, tc.dir); got != tc.skip {
			t.Errorf("Skip(%q, %v) = %v, want %v", tc.path, tc.dir, got, tc.skip)
		}
	}
	if _, ok := cfg.Rules().Rule("gonkagate-management-key"); ok {
		t.Error("disabled rule is still in the set")
	}
	if _, ok := cfg.Rules().Rule("acme-key"); !ok {
		t.Error("custom rule is missing")
	}
	want := map[string]bool{"fastgpt-": true, "mygpt-": true, "acme-": true, "gp-": true}
	for _, p := range cfg.Rules().Prefixes() {
		delete(want, p)
	}
	if len(want) > 0 {
		t.Errorf("prefixes missing: %v", want)
	}
	if !cfg.Allowed("0123abcd") || cfg.Allowed("ffff") {
		t.Error("allowed fingerprints are wrong")
	}
}

func TestEmptyAndHuge(t *testing.T) {
	if _, err := config.Parse("e.yaml", []byte("  \n# nothing\n")); err != nil {
		t.Errorf("empty config: %v", err)
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("exclude: ["+strings.Repeat(`"a",`, 300000)+"]"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Load(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge config: err = %v", err)
	}
	if _, err := config.Load(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("missing config: no error")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("exclude: [\"a/**\"]\nrules:\n  - id: x\n    prefix: acme\n    alphabet: A-Z\n"))
	f.Add([]byte("{"))
	f.Add([]byte("rules: [1, 2]\nallow: {a: b}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := config.Parse("fuzz.yaml", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") && !strings.Contains(err.Error(), "rule ") {
				t.Errorf("multi-line error: %q", err)
			}
			return
		}
		if cfg.Rules() == nil {
			t.Fatal("no rules in a config that parsed")
		}
		cfg.Skip("a/b.go", false)
	})
}

// TestLoadInRefuses checks that a .keylint.yaml found in a tree is read only when it is a
// regular file, while a --config file may be a link.
func TestLoadInRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir, p string)
		want  string // "" for a good load
	}{
		{name: "a FIFO", want: "not a regular file", setup: func(t *testing.T, dir, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}},
		{name: "a link to /dev/zero", want: "a symbolic link; not followed", setup: func(t *testing.T, dir, p string) {
			os.Symlink("/dev/zero", p)
		}},
		{name: "a link to a good file", want: "a symbolic link; not followed", setup: func(t *testing.T, dir, p string) {
			os.WriteFile(filepath.Join(dir, "real.yaml"), []byte("exclude: [x]\n"), 0o644)
			os.Symlink(filepath.Join(dir, "real.yaml"), p)
		}},
		{name: "a regular file", setup: func(t *testing.T, dir, p string) {
			os.WriteFile(p, []byte("exclude: [x]\n"), 0o644)
		}},
		{name: "none", setup: func(t *testing.T, dir, p string) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir, filepath.Join(dir, config.FileName))
			_, err := config.LoadIn(dir)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("LoadIn: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("LoadIn: %v, want an error with %q", err, tc.want)
			}
		})
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "real.yaml"), []byte("exclude: [x]\n"), 0o644)
	os.Symlink(filepath.Join(dir, "real.yaml"), filepath.Join(dir, "link.yaml"))
	if _, err := config.Load(filepath.Join(dir, "link.yaml")); err != nil {
		t.Errorf("Load of a link named by the user: %v", err)
	}
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml"))
	if _, err := config.Load(filepath.Join(dir, "zero.yaml")); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Load of a link to /dev/zero: %v", err)
	}
}

// TestDisabledCompiledOnce checks that a configuration that disables a key rule compiles its
// rules once: the enabled set shares the rules of the set of all of them, and finds none of
// the disabled rule's keys.
func TestDisabledCompiledOnce(t *testing.T) {
	for _, tc := range []struct {
		name        string
		yaml        string
		wantRules   []string
		wantScanned []string
	}{
		{name: "nothing disabled", yaml: "exclude: []\n",
			wantRules:   []string{"gonkagate-api-key", "gonkagate-management-key", "fastgpt-api-key"},
			wantScanned: []string{"gonkagate-api-key", "gonkagate-management-key", "fastgpt-api-key"}},
		{name: "a key rule disabled", yaml: "disable: [gonkagate-management-key]\n",
			wantRules:   []string{"gonkagate-api-key", "fastgpt-api-key"},
			wantScanned: []string{"gonkagate-api-key", "gonkagate-management-key", "fastgpt-api-key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Parse("k.yaml", []byte(tc.yaml))
			if err != nil {
				t.Fatal(err)
			}
			ids := func(rs []*rules.Rule) []string {
				var out []string
				for _, r := range rs {
					out = append(out, r.ID)
				}
				return out
			}
			if diff := cmp.Diff(tc.wantRules, ids(cfg.Rules().Rules())); diff != "" {
				t.Errorf("Rules (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantScanned, ids(cfg.Scanning().Rules())); diff != "" {
				t.Errorf("Scanning (-want +got):\n%s", diff)
			}
			for _, r := range cfg.Rules().Rules() {
				if s, ok := cfg.Scanning().Rule(r.ID); !ok || s != r {
					t.Errorf("rule %s compiled twice: the enabled set holds its own copy", r.ID)
				}
			}
		})
	}
}
