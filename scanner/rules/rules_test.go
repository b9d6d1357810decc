package rules_test

import (
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/rules"
)

const (
	b62   = rules.AlphaNum
	lower = "abcdefghijklmnopqrstuvwxyz"
	hex   = "0123456789abcdef"
)

func randStr(r *rand.Rand, alphabet string, n int) string { return testkey.From(r, alphabet, n) }

// genKey makes a random key of the given kind, as the providers make them.
func genKey(r *rand.Rand, kind string) string {
	switch kind {
	case "gp":
		return "gp-" + randStr(r, b62, 20+r.IntN(45))
	case "gpm":
		return "gpm-" + randStr(r, b62, 20+r.IntN(45))
	case "fastgpt":
		n := 52 + r.IntN(14)
		return "fastgpt-" + randStr(r, lower, 1) + randStr(r, b62, n-1)
	case "fastgpt-any-first":
		// Hosted and older builds: the first character is any of [A-Za-z0-9].
		return "fastgpt-" + randStr(r, b62, 52+r.IntN(14))
	case "fastgpt-mid":
		// Bodies of 38–51 characters, between the generator's two bands, seen in the field.
		return "fastgpt-" + randStr(r, b62, 38+r.IntN(14))
	case "fastgpt-old":
		return "fastgpt-" + randStr(r, b62, 24+r.IntN(14))
	case "fastgpt-app":
		return genKey(r, "fastgpt") + "-" + randStr(r, hex, 24)
	}
	panic(kind)
}

func mustBuiltin(t testing.TB) *rules.Set {
	t.Helper()
	s, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRandomKeysAreFound measures recall on keys made the way the providers make them.
func TestRandomKeysAreFound(t *testing.T) {
	s := mustBuiltin(t)
	r := rand.New(rand.NewPCG(1, 2))
	want := map[string]string{"gp": "gonkagate-api-key", "gpm": "gonkagate-management-key",
		"fastgpt": "fastgpt-api-key", "fastgpt-any-first": "fastgpt-api-key", "fastgpt-mid": "fastgpt-api-key",
		"fastgpt-old": "fastgpt-api-key", "fastgpt-app": "fastgpt-api-key"}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	if v, err := strconv.Atoi(os.Getenv("KEYLINT_RANDOM_N")); err == nil && v > 0 {
		n = v // KEYLINT_RANDOM_N=500000 go test -v -run Random ./scanner/rules measures the README's figure
	}
	for _, kind := range slices.Sorted(maps.Keys(want)) { // in order: one random stream, reproducible figures
		rule := want[kind]
		missed := 0
		for range n {
			k := genKey(r, kind)
			got := s.Find([]byte(`key = "` + k + `"`))
			if len(got) != 1 || got[0].Key != k || got[0].Rule.ID != rule {
				if missed < 3 {
					v := s.Explain(k)[0]
					t.Logf("%s: missed a %d-character key: %s: %s", kind, len(k), v.Test, v.Why)
				}
				missed++
			}
		}
		// Measured with n = 500,000 per kind (edit n and run with -v): 12 misses in 2.5
		// million keys, 6 of them GonkaGate bodies of 20–26 characters taken for words,
		// 2 with a run of six. Allow at most one in ten thousand.
		t.Logf("%s: missed %d of %d", kind, missed, n)
		if missed*10000 > n {
			t.Errorf("%s: missed %d of %d random keys", kind, missed, n)
		}
	}
}

func TestLookalikes(t *testing.T) {
	s := mustBuiltin(t)
	for _, text := range []string{
		`instance = "gp-bp12ga6v69h86****"`,
		`instance_id = "gp-bp10g78o9807yv9h3"`,
		`host = "gp-bp17xk2m0a1b2c3d4.gpdbmaster.rds.aliyuncs.com"`,
		`token = "gp-secret123"`,
		`existing = "gp-existing-config-secret"`,
		`masked = "gp-xxxx...xxxx"`,
		`tmpl = f"gp-{key}"`,
		`jinja = "fastgpt-{{ api_key }}"`,
		`fx2 = "fastgpt-replacement-secret-2026"`,
		`rep = "gp-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"`,
		`img = "fastgpt-api1.jpg"`,
		`gamepad = "gp-peer1-1"`,
		`mask = "gp-abcd************************wxyz"`,
		`dots = "fastgpt-..."`,
		`.gp-form-container > .gp-select { flex: 1 }`,
		`#gp-code-jumper-targeted { outline: none }`,
		`key: gp-TestKeyForUnitTestsOnly2024`,
		`key: gp-MyCompanyProductionApiKeyValue`,
		`id: gp-0123456789abcdefABCDEF0123`,
		`var re = /gp-[A-Za-z0-9]{32,}/`,
		`GONKAGATE_API_KEY=gp-your-api-key-here`,
		`Authorization: Bearer gp-your-api-key-hereФормат`,
		`"gp-" + key`,
		`shown as gp-Ab3d…9Z in reports`,
	} {
		if got := s.Find([]byte(text)); len(got) != 0 {
			t.Errorf("%s: found %q", text, got[0].Key)
		}
	}
}

func TestPositions(t *testing.T) {
	s := mustBuiltin(t)
	key := "gp-Xk9qL2mN8vB4cR7tY1wZ5hJ3dF6gS0aP" // keylint:allow fixture
	for _, tc := range []struct {
		name, text string
		start      int
	}{
		{"start of input", key, 0},
		{"quoted", `"` + key + `"`, 1},
		{"escaped newline before", `"line\n` + key + `\n"`, 7},
		{"sentence end", "use " + key + ".", 4},
		{"bearer", "Bearer " + key, 7},
		{"url-encoded quote", `q=%22` + key + `%22`, 5},
		{"url-encoded space", `Authorization=Bearer%20` + key, 23},
		{"markdown bold", "API key: **" + key + "**", 11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := s.Find([]byte(tc.text))
			if len(got) != 1 {
				t.Fatalf("found %d keys, want 1", len(got))
			}
			want := rules.Match{Rule: got[0].Rule, Start: tc.start, End: tc.start + len(key), Key: key}
			if diff := cmp.Diff(want, got[0]); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestBoundaries(t *testing.T) {
	s := mustBuiltin(t)
	key := "gp-Xk9qL2mN8vB4cR7tY1wZ5hJ3dF6gS0aP" // keylint:allow fixture
	for _, text := range []string{"x" + key, "_" + key, "-" + key, "." + key, "+" + key, key + "*", "fastgpt-Q2we4Rt6Yu8Io0Pa1Sd3Fg5Hj7_x"} {
		if got := s.Find([]byte(text)); len(got) != 0 {
			t.Errorf("%q: found a key inside a larger token", text)
		}
	}
}

func TestCompileRejectsBadRules(t *testing.T) {
	good := rules.Builtin()[0]
	for _, tc := range []struct {
		name   string
		mutate func(*rules.Rule)
		want   string
	}{
		{"no id", func(r *rules.Rule) { r.ID = "" }, "no id"},
		{"bad prefix", func(r *rules.Rule) { r.Prefixes = []string{"gp"} }, "end in '-'"},
		{"no shape", func(r *rules.Rule) { r.Shapes = nil }, "no length"},
		{"tiny shape", func(r *rules.Rule) { r.Shapes = []rules.Shape{{Min: 2, Max: 4}} }, "within 8"},
		{"failing match sample", func(r *rules.Rule) { r.Match = []string{"gp-short"} }, "must match"},
		{"failing nomatch sample", func(r *rules.Rule) { r.NoMatch = []string{r.Match[0]} }, "must not match"},
		{"bad severity", func(r *rules.Rule) { r.Severity = "fatal" }, "severity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			tc.mutate(&r)
			_, err := rules.Compile([]rules.Rule{r})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Compile error = %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := rules.Compile([]rules.Rule{good, good}); err == nil {
		t.Error("Compile accepted a rule defined twice")
	}
}

func FuzzFind(f *testing.F) {
	s := mustBuiltin(f)
	f.Add([]byte("gp-Xk9qL2mN8vB4cR7tY1wZ5hJ3dF6gS0aP")) // keylint:allow fixture
	f.Add([]byte(`\ngp-` + strings.Repeat("aB3", 200)))
	f.Add([]byte("fastgpt-fastgpt-gpm-gp-"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, m := range s.Find(data) {
			if m.Start < 0 || m.End > len(data) || m.Start >= m.End || string(data[m.Start:m.End]) != m.Key {
				t.Fatalf("bad match %+v", m)
			}
		}
	})
}

func BenchmarkFindNoKeys(b *testing.B) {
	s := mustBuiltin(b)
	data := []byte(strings.Repeat("func f(a, b int) int { return a - b } // gp-header and fastgpt-plugin\n", 16000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s.Find(data)
	}
}

func BenchmarkFindDense(b *testing.B) {
	s := mustBuiltin(b)
	r := rand.New(rand.NewPCG(3, 4))
	var sb strings.Builder
	for range 2000 {
		sb.WriteString(`key := "` + genKey(r, "gp") + `"` + "\n")
		sb.WriteString("// filler line without anything interesting in it at all\n")
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s.Find(data)
	}
}

// BenchmarkFindGoSource measures the common case: ordinary code with no keys.
func BenchmarkFindGoSource(b *testing.B) {
	s := mustBuiltin(b)
	files, _ := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", "net", "http", "*.go"))
	var data []byte
	for _, f := range files {
		d, _ := os.ReadFile(f)
		data = append(data, d...)
	}
	if len(data) == 0 {
		b.Skip("no Go sources in GOROOT")
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s.Find(data)
	}
}

// TestExplain checks that Explain names the first test that decides each candidate.
func TestExplain(t *testing.T) {
	s := mustBuiltin(t)
	r := rand.New(rand.NewPCG(5, 6))
	tests := []struct {
		name, text string
		want       []string // each candidate's deciding test, "" for a key
	}{
		{"current FastGPT key", "fastgpt-" + randStr(r, lower, 1) + randStr(r, b62, 55), []string{""}},
		{"upper-case first character", "fastgpt-Q" + randStr(r, b62, 56), []string{""}},
		{"digit first character", "fastgpt-7" + randStr(r, b62, 56), []string{""}},
		{"40-character body", "fastgpt-" + randStr(r, b62, 40), []string{""}},
		{"commit-named folder", "pushd gpm-" + randStr(r, hex, 40), []string{rules.TestHash}},
		{"SHA-256", "gp-" + randStr(r, hex, 64), []string{rules.TestHash}},
		{"no prefix", "hello world", []string{rules.TestPrefix}},
		{"inside a word", "xgp-" + randStr(r, b62, 30), []string{rules.TestBoundaryBefore}},
		{"part of a blob", "gp-" + randStr(r, b62, 600), []string{rules.TestTooLong}},
		{"runs into a mask", "gp-abcd****************wxyz", []string{rules.TestBoundaryAfter}},
		{"template", "gp-${GONKAGATE_API_KEY}", []string{rules.TestBodyStart}},
		{"too short", "gp-secret123", []string{rules.TestLength}},
		{"one class", "fastgpt-xxxxxxxxxxxxxxxxxxxxxxxxxx", []string{rules.TestClasses}},
		{"file name", "gp-1100-milestone-1100.test.js", []string{rules.TestName}},
		{"pod name", "gp-deployment-7d9f8b6c5-x2k4p", []string{rules.TestLabel}},
		{"another service's labelled token", "Bearer gp-admin-7x9mK2pQnR4wL8vZ", []string{rules.TestLabel}},
		{"label before a long random part", "gp-prod-" + randStr(r, b62, 40), []string{""}},
		{"joined ids", "gp-x2k4p-7d9f8b6c5-q8w7e6r5t4", []string{rules.TestJoinedNames}},
		{"analyticdb id", "gp-bp1x2k9m0a7q3w8e5r6t", []string{rules.TestCloudID}},
		{"low entropy", "gp-aAbBaAbBaAbBaAbBaAbBaA", []string{rules.TestEntropy}},
		{"sequence", "gp-Q7abcdefXk9qL2mN8vB4cR7t", []string{rules.TestRun}},
		{"placeholder inside a piece", "fastgpt-AKIAIOSFODNN7EXAMPLEKEYVALUE12", []string{rules.TestPlaceholder}},
		{"words", "gp-MyCompanyProductionApiKeyValue", []string{rules.TestWords}},
		{"FastGPT keys end to end", "fastgpt-Q" + randStr(r, b62, 40) + "fastgpt-Z" + randStr(r, b62, 50), []string{"", ""}},
		{"GonkaGate keys end to end", "gp-Q" + randStr(r, b62, 30) + "gp-Z" + randStr(r, b62, 30), []string{"", ""}},
		{"FastGPT key and app id", "fastgpt-Q" + randStr(r, b62, 40) + "gp-" + randStr(r, hex, 24), []string{""}},
		{"dashless uuid", "gp-" + randStr(r, hex, 32), []string{rules.TestHash}},
		{"css modules class", "gp-Button__primary___3xK9a", []string{rules.TestJoinedNames}},
		{"bem modifier", "gp-Card--active" + randStr(r, b62, 12), []string{rules.TestJoinedNames}},
		{"two candidates", "a gp-secret123 b gp-" + randStr(r, b62, 40), []string{rules.TestLength, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, v := range s.Explain(tt.text) {
				got = append(got, v.Test)
				if v.Key() != (v.Test == "") || v.Why == "" {
					t.Errorf("verdict %+v: Key() and Test disagree or Why is empty", v)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("deciding tests (-want +got)\n%s", diff)
			}
		})
	}
}

// FuzzExplain checks that Explain's keys are exactly the keys Find returns.
func FuzzExplain(f *testing.F) {
	s := mustBuiltin(f)
	f.Add("a gp-secret123 b gp-Xk9qL2mN8vB4cR7tY1wZ5hJ3dF6gS0aP") // keylint:allow fixture
	f.Add("-gp-fastgpt-gpm-gp-")
	f.Fuzz(func(t *testing.T, text string) {
		var keys []rules.Match
		for _, v := range s.Explain(text) {
			if v.Start < 0 || v.End > len(text) || v.Start > v.End {
				t.Fatalf("bad verdict %+v", v)
			}
			if v.Key() {
				keys = append(keys, rules.Match{Rule: v.Rule, Start: v.Start, End: v.End, Key: text[v.Start:v.End]})
			}
		}
		if diff := cmp.Diff(s.Find([]byte(text)), keys); diff != "" {
			t.Errorf("Find (-) and Explain (+) disagree\n%s", diff)
		}
	})
}
