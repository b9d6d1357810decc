package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// viteDistEnv names the dist/ folder of testdata/vite-app built by .ci/run with a key
// made for the run in VITE_GONKAGATE_API_KEY.
const viteDistEnv = "KEYLINT_VITE_DIST"

// reportRow is a JSON report's finding as this test compares it.
type reportRow struct {
	Rule, Path string
	Line       int
	Related    string // "path:line"
}

// TestViteSite serves a real Vite build on 127.0.0.1 and checks that keylint scan URL
// finds the key in the dynamically imported chunk, mapped back to the source line that
// reads import.meta.env.VITE_GONKAGATE_API_KEY, and that scanning dist/ as files names
// the same line.
func TestViteSite(t *testing.T) {
	dist := os.Getenv(viteDistEnv)
	if dist == "" {
		t.Skipf("%s is not set: .ci/run builds testdata/vite-app with npm and sets it", viteDistEnv)
	}
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		t.Skipf("%s=%s holds no built app (%v): .ci/run builds it", viteDistEnv, dist, err)
	}
	wantLine := sourceLine(t, filepath.Join("..", "..", "testdata", "vite-app", "src", "chat.ts"), "import.meta.env.VITE_GONKAGATE_API_KEY")
	srv := httptest.NewServer(http.FileServer(http.Dir(dist)))
	defer srv.Close()

	chunk := regexp.MustCompile(`^/assets/chat-[A-Za-z0-9_-]+\.js$`)
	mapOf := regexp.MustCompile(`^/assets/chat-[A-Za-z0-9_-]+\.js\.map$`)
	want := []reportRow{
		{"gonkagate-api-key", "chunk", 1, "src/chat.ts:" + strconv.Itoa(wantLine)},
		{"public-env-key", "map", 1, "src/chat.ts:" + strconv.Itoa(wantLine)},
	}
	shape := func(rows []reportRow, strip func(string) string) []reportRow {
		var out []reportRow
		for _, r := range rows {
			p := strip(r.Path)
			switch {
			case chunk.MatchString(p):
				r.Path = "chunk"
			case mapOf.MatchString(p):
				r.Path = "map"
			}
			out = append(out, r)
		}
		return out
	}

	t.Run("as a site", func(t *testing.T) {
		rows, stderr := scanJSON(t, srv.URL+"/")
		got := shape(rows, func(p string) string { return strings.TrimPrefix(p, srv.URL) })
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("findings (-want +got):\n%s\nstandard error:\n%s", diff, stderr)
		}
	})
	t.Run("dist as files", func(t *testing.T) {
		rows, stderr := scanJSON(t, dist)
		for i := range rows {
			// The original file is named from the map's folder: dist/assets/../../src/chat.ts.
			rel := rows[i].Related
			if j := strings.LastIndex(rel, "/src/"); j >= 0 {
				rows[i].Related = rel[j+1:]
			}
		}
		got := shape(rows, func(p string) string {
			return "/" + strings.TrimPrefix(filepath.ToSlash(p), filepath.ToSlash(dist)+"/")
		})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("findings (-want +got):\n%s\nstandard error:\n%s", diff, stderr)
		}
	})
}

// scanJSON runs keylint scan --format json on target and returns its findings, sorted.
func scanJSON(t *testing.T, target string) ([]reportRow, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run([]string{"scan", "--format", "json", target}, strings.NewReader(""), &stdout, &stderr)
	if code != exitFindings {
		t.Fatalf("keylint scan %s: exit %d, want %d\n%s", target, code, exitFindings, stderr.String())
	}
	var report []struct {
		Rule, Path string
		Line       int
		Related    []struct {
			Path string
			Line int
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("the JSON report: %v", err)
	}
	var rows []reportRow
	for _, f := range report {
		r := reportRow{Rule: f.Rule, Path: f.Path, Line: f.Line}
		for _, rel := range f.Related {
			r.Related = rel.Path + ":" + strconv.Itoa(rel.Line)
		}
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b reportRow) int { return strings.Compare(a.Rule, b.Rule) })
	return rows, stderr.String()
}

// sourceLine returns the 1-based line of file that holds s.
func sourceLine(t *testing.T, file, s string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		t.Fatalf("%s does not hold %s", file, s)
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}
