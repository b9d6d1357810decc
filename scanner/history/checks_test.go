package history_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/frontend/frontendtest"
	"github.com/keylint/keylint/scanner/history"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// checked is a finding of a history scan with checks, as TestChecksOnHistory compares it.
type checked struct {
	Rule, Path string
	Line       int
	Commit     string // the introducing commit's message
	Bundle     bool
	Origin     string // the first related location, "path:line"
}

// TestChecksOnHistory: the checks that files get run on history blobs too: a key in a
// committed bundle is mapped through the source map committed beside it to the original
// file and line, a key in a committed .env.production under a public build-time name is
// reported as public-env-key, and the commit that brought a key into a .env file gets a
// committed-env-file finding, each at the commit that introduced it.
func TestChecksOnHistory(t *testing.T) {
	k, k2 := frontendtest.NewKeys(t, 5), frontendtest.NewKeys(t, 6)
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{Checks: append(frontend.Checks(), envfile.NewCheck(false, nil))})

	h := newRepo(t)
	h.write("README.md", "hello\n")
	h.commit("start")
	// The bundle names its map; the map's one segment maps generated line 1 to line 3 of the source.
	h.write("dist/assets/app.js", `var k="`+k.FastGPT+`";fetch("/api",{headers:{Authorization:"Bearer "+k}});`+"\n//# sourceMappingURL=app.js.map\n")
	h.write("dist/assets/app.js.map", `{"version":3,"sources":["../../src/config.ts"],"names":[],"mappings":"AAEA"}`)
	h.write(".env.production", "VITE_GONKAGATE_API_KEY="+k.GonkaGate+"\n")
	h.commit("build")
	h.write("README.md", "hello again\n")
	h.commit("later")
	h.write(".env.production", "VITE_GONKAGATE_API_KEY="+k.GonkaGate+"\nFASTGPT_API_KEY="+k2.FastGPT+"\n")
	h.commit("second key")

	var got []checked
	var problems []string
	opt := history.Options{Repo: h.dir, Problem: func(p *source.Problem) { problems = append(problems, p.Error()) }}
	_, err = history.Scan(context.Background(), sc, opt, func(f scanner.Finding) {
		c := checked{Rule: f.RuleID, Path: f.Location.Path, Line: f.Line, Bundle: f.Location.Bundle}
		if f.Location.Commit != nil {
			c.Commit = h.msgs[f.Location.Commit.SHA]
		}
		if len(f.Related) > 0 {
			c.Origin = fmt.Sprintf("%s:%d", f.Related[0].Path, f.Related[0].Line)
		}
		if f.RuleID == rules.CommittedEnvFile && !strings.HasSuffix(f.Message, "committed to git in "+f.Location.Commit.SHA[:12]) {
			t.Errorf("committed-env-file message %q does not name its commit", f.Message)
		}
		got = append(got, c)
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(got, func(i, j int) bool {
		return fmt.Sprint(got[i]) < fmt.Sprint(got[j])
	})
	want := []checked{
		{Rule: "committed-env-file", Path: ".env.production", Line: 1, Commit: "build"},
		{Rule: "committed-env-file", Path: ".env.production", Line: 2, Commit: "second key"},
		{Rule: "fastgpt-api-key", Path: ".env.production", Line: 2, Commit: "second key"},
		{Rule: "fastgpt-api-key", Path: "dist/assets/app.js", Line: 1, Commit: "build", Bundle: true, Origin: "src/config.ts:3"},
		{Rule: "gonkagate-api-key", Path: ".env.production", Line: 1, Commit: "build"},
		{Rule: "public-env-key", Path: ".env.production", Line: 1, Commit: "build"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if len(problems) > 0 {
		t.Errorf("problems: %q", problems)
	}
}

// TestKeylessFindingRenamed: a finding with no key (public-env-key) in a file renamed and
// edited is not introduced again by the rename, and is still in HEAD.
func TestKeylessFindingRenamed(t *testing.T) {
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{Checks: frontend.Checks()})
	h := newRepo(t)
	h.write("src/a.ts", "const p = import.meta.env.VITE_GONKAGATE_API_KEY;\n")
	h.commit("r1")
	h.move("src/a.ts", "src/c.ts")
	h.write("src/c.ts", "const p = import.meta.env.VITE_GONKAGATE_API_KEY;\n// edited\n")
	h.commit("r2")
	var got []string
	_, err = history.Scan(context.Background(), sc, history.Options{Repo: h.dir}, func(f scanner.Finding) {
		got = append(got, fmt.Sprintf("%s %s:%d %s in HEAD %v", f.RuleID, f.Location.Path, f.Line, h.msgs[f.Location.Commit.SHA], f.Location.Commit.StillInHead))
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"public-env-key src/a.ts:1 r1 in HEAD true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestChecksAtEachPlace: a blob committed at two places (a script copied into the build
// folder beside a source map) is judged by the checks at each place, not only where the scan
// read it first.
func TestChecksAtEachPlace(t *testing.T) {
	k := frontendtest.NewKeys(t, 7)
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{Checks: frontend.Checks()})
	h := newRepo(t)
	script := `var k="` + k.FastGPT + `";` + "\n//# sourceMappingURL=app.js.map\n"
	h.write("src/app.js", script)
	h.commit("o1")
	h.write("dist/app.js", script)
	h.write("dist/app.js.map", `{"version":3,"sources":["../src/orig.ts"],"names":[],"mappings":"AAEA"}`)
	h.commit("o2")
	var got []checked
	_, err = history.Scan(context.Background(), sc, history.Options{Repo: h.dir}, func(f scanner.Finding) {
		c := checked{Rule: f.RuleID, Path: f.Location.Path, Line: f.Line, Bundle: f.Location.Bundle, Commit: h.msgs[f.Location.Commit.SHA]}
		if len(f.Related) > 0 {
			c.Origin = fmt.Sprintf("%s:%d", f.Related[0].Path, f.Related[0].Line)
		}
		got = append(got, c)
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].Path < got[j].Path })
	want := []checked{
		{Rule: "fastgpt-api-key", Path: "dist/app.js", Line: 1, Commit: "o2", Bundle: true, Origin: "src/orig.ts:3"},
		{Rule: "fastgpt-api-key", Path: "src/app.js", Line: 1, Commit: "o1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
