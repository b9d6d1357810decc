package frontend_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/frontend/frontendtest"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

func TestIsBundle(t *testing.T) {
	tests := []struct {
		name string
		path string
		want bool
	}{
		{"vite dist", "web/dist/assets/index-4f9a2c1e.js", true},
		{"next static chunk", ".next/static/chunks/app/page-5f2c.js", true},
		{"cra build", "build/static/js/main.8a1b.js", true},
		{"export out", "out/index.html", true},
		{"public html", "public/index.html", true},
		{"minified anywhere", "vendor/lib.min.js", true},
		{"chunk file", "assets/chunk-ABC123.js", true},
		{"webpack chunk", "js/2.3f1a.chunk.js", true},
		{"js source map", "assets/app.js.map", true},
		{"go file under build", "build/tools.go", false},
		{"shell under build", "build/ci.sh", false},
		{"source", "src/main.ts", false},
		{"word inside name", "distribution/app.js", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := frontend.IsBundle(tt.path); got != tt.want {
				t.Errorf("IsBundle(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

// scanOne runs the scanner with the front-end checks over one file's content.
func scanOne(t *testing.T, path string, data string) []scanner.Finding {
	t.Helper()
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	loc := source.Location{Path: path}
	found := scanner.New(set, scanner.Options{}).ScanBytes(loc, []byte(data))
	for _, c := range frontend.Checks() {
		if c.Applies(loc) {
			found = c.Check(loc, []byte(data), found)
		}
	}
	return found
}

func TestSourceMapRelated(t *testing.T) {
	k := frontendtest.NewKeys(t, 2)
	src := func(lines ...string) string { return strings.Join(lines, "\n") + "\n" }
	tests := []struct {
		name    string
		mapPath string
		sources string // JSON array
		root    string
		content []string
		want    []string // related "path:line" per finding, in order
	}{
		{
			name: "relative to the map", mapPath: "web/dist/app.js.map", sources: `["../src/fastgpt.ts"]`,
			content: []string{src("// a", "", `export const k = "`+k.FastGPT+`";`)},
			want:    []string{"web/src/fastgpt.ts:3"},
		},
		{
			name: "webpack scheme", mapPath: "build/static/js/main.js.map", sources: `["webpack://my-app/./src/App.tsx"]`,
			content: []string{src(`const k = "` + k.GonkaGate + `";`)},
			want:    []string{"src/App.tsx:1"},
		},
		{
			name: "webpack empty namespace", mapPath: "dist/main.js.map", sources: `["webpack:///./src/key.js"]`,
			content: []string{src("", `key("`+k.GonkaGate+`")`)},
			want:    []string{"src/key.js:2"},
		},
		{
			name: "source root", mapPath: "dist/a.js.map", sources: `["key.ts"]`, root: "../lib",
			content: []string{src(`"` + k.FastGPT + `"`)},
			want:    []string{"lib/key.ts:1"},
		},
		{
			name: "same key twice, second source", mapPath: "dist/a.js.map", sources: `["../a.ts", "../b.ts"]`,
			content: []string{src("none"), src("x", `a = "`+k.GonkaGate+`"`, `b = "`+k.GonkaGate+`"`)},
			want:    []string{"b.ts:2", "b.ts:3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var contents []string
			for _, c := range tt.content {
				contents = append(contents, fmt.Sprintf("%q", c))
			}
			data := fmt.Sprintf(`{"version":3,"sourceRoot":%q,"sources":%s,"sourcesContent":[%s],"mappings":"AAAA"}`,
				tt.root, tt.sources, strings.Join(contents, ","))
			var got []string
			for _, f := range scanOne(t, tt.mapPath, data) {
				if f.Severity != rules.SeverityError || !f.Location.Bundle {
					t.Errorf("finding %s: severity %s, bundle %v; want error in a bundle", f.RuleID, f.Severity, f.Location.Bundle)
				}
				for _, r := range f.Related {
					got = append(got, fmt.Sprintf("%s:%d", r.Path, r.Line))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("related locations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPublicEnvInSource(t *testing.T) {
	tests := []struct {
		name string
		path string
		code string
		want []string // "line:col VAR"
	}{
		{"vite", "src/api.ts", "const a = 1;\nconst k = import.meta.env.VITE_GONKAGATE_API_KEY;", []string{"2:27 VITE_GONKAGATE_API_KEY"}},
		{"next", "app/page.tsx", "const k = process.env.NEXT_PUBLIC_FASTGPT_API_KEY", []string{"1:23 NEXT_PUBLIC_FASTGPT_API_KEY"}},
		{"create react app", "src/App.jsx", "fetch(u, {headers: {Authorization: process.env.REACT_APP_GONKAGATE_KEY}})", []string{"1:48 REACT_APP_GONKAGATE_KEY"}},
		{"nuxt", "plugins/llm.js", "const k = process.env.NUXT_PUBLIC_FASTGPT_TOKEN", []string{"1:23 NUXT_PUBLIC_FASTGPT_TOKEN"}},
		{"expo", "App.tsx", "const k = process.env.EXPO_PUBLIC_GONKAGATE_API_KEY", []string{"1:23 EXPO_PUBLIC_GONKAGATE_API_KEY"}},
		{"gatsby", "src/pages/index.js", "const k = process.env.GATSBY_FASTGPT_API_KEY", []string{"1:23 GATSBY_FASTGPT_API_KEY"}},
		{"sveltekit", "src/routes/+page.svelte", "<script>\nimport { PUBLIC_GONKAGATE_API_KEY } from '$env/static/public';\n</script>", []string{"2:10 PUBLIC_GONKAGATE_API_KEY"}},
		{"once per line", "src/a.ts", "f(import.meta.env.VITE_FASTGPT_API_KEY || import.meta.env.VITE_FASTGPT_API_KEY)", []string{"1:19 VITE_FASTGPT_API_KEY"}},
		{"base url is no key", "src/a.ts", "const u = import.meta.env.VITE_FASTGPT_BASE_URL", nil},
		{"other provider", "src/a.ts", "const k = import.meta.env.VITE_OPENAI_API_KEY", nil},
		{"server variable", "app/api/route.ts", "const k = process.env.FASTGPT_API_KEY", nil},
		{"type declaration", "src/env.d.ts", "readonly VITE_GONKAGATE_API_KEY: string", nil},
		{"bundle", "dist/assets/a.js", "const k = import.meta.env.VITE_GONKAGATE_API_KEY", nil},
		{"not front-end", "main.go", `os.Getenv("VITE_GONKAGATE_API_KEY")`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range scanOne(t, tt.path, tt.code) {
				if f.RuleID != "public-env-key" || f.Secret != "" || f.Message == "" || f.Rule == nil || f.Rule.EnvVar == "" {
					t.Errorf("unexpected finding %+v", f)
					continue
				}
				got = append(got, fmt.Sprintf("%d:%d %s", f.Line, f.Column, varAt(tt.code, f.Line, f.Column)))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("public-env-key findings (-want +got):\n%s", diff)
			}
		})
	}
}

// varAt returns the identifier at a 1-based line and column of ASCII code.
func varAt(code string, line, col int) string {
	l := strings.Split(code, "\n")[line-1][col-1:]
	end := strings.IndexFunc(l, func(r rune) bool { return !(r == '_' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') })
	if end < 0 {
		end = len(l)
	}
	return l[:end]
}
