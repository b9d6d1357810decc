package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
)

// TestScanURLs runs keylint scan on URLs, alone and mixed with paths, with the site flags.
func TestScanURLs(t *testing.T) {
	key := "gp-Q7" + testkey.Body(nil, 38)
	cdn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `const k="`+key+`";`)
	}))
	defer cdn.Close()
	cdnHost := strings.TrimPrefix(cdn.URL, "http://")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<script src="/app.js"></script><script src="`+cdn.URL+`/lib.js"></script>`)
		case "/app.js":
			io.WriteString(w, `fetch(u,{headers:{Authorization:"Bearer `+key+`"}})`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "config.py")
	if err := os.WriteFile(file, []byte(`API_KEY = "`+key+`"`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantPaths  []string // report paths, server URLs shortened to SITE and CDN
		wantStderr string
	}{
		{"a site", []string{srv.URL + "/"}, exitFindings, []string{"SITE/app.js"}, "add --allow-host " + cdnHost},
		{"quiet", []string{"--quiet", srv.URL + "/"}, exitFindings, []string{"SITE/app.js"}, ""},
		{"another host allowed", []string{"--allow-host", cdnHost, srv.URL + "/"}, exitFindings, []string{"CDN/lib.js", "SITE/app.js"}, ""},
		{"a site and a file", []string{srv.URL + "/", file}, exitFindings, []string{"FILE", "SITE/app.js"}, ""},
		{"request limit", []string{"--max-requests", "1", srv.URL + "/"}, exitClean, nil, "request limit 1 reached (--max-requests)"},
		{"not a usable URL", []string{"http://"}, exitError, nil, "not an http or https URL"},
		{"bad limit", []string{"--max-bytes", "0", srv.URL + "/"}, exitError, nil, "must be positive"},
		{"no parallel requests", []string{"--parallel-requests", "0", srv.URL + "/"}, exitError, nil, "must be positive"},
		{"one at a time", []string{"--parallel-requests", "1", "--max-redirects", "0", srv.URL + "/"}, exitFindings, []string{"SITE/app.js"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"scan", "--format", "json"}, tt.args...), strings.NewReader(""), &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr.String())
			}
			if tt.args[0] == "--quiet" && stderr.Len() > 0 {
				t.Errorf("--quiet printed:\n%s", stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("standard error lacks %q:\n%s", tt.wantStderr, stderr.String())
			}
			if code == exitError {
				return
			}
			var got []string
			for _, line := range strings.Split(stdout.String(), "\n") {
				line = strings.TrimSpace(line)
				if p, ok := strings.CutPrefix(line, `"path": "`); ok {
					p = strings.TrimSuffix(p, `",`)
					p = strings.NewReplacer(srv.URL, "SITE", cdn.URL, "CDN", filepath.ToSlash(file), "FILE").Replace(p)
					got = append(got, p)
				}
			}
			sort.Strings(got)
			if diff := cmp.Diff(tt.wantPaths, got); diff != "" {
				t.Errorf("report paths (-want +got):\n%s", diff)
			}
			if strings.Contains(stdout.String(), key) {
				t.Error("the report holds the key unredacted")
			}
		})
	}
}

// TestScanURLText checks what the text report says of a key served to browsers.
func TestScanURLText(t *testing.T) {
	key := "gp-Q7" + testkey.Body(nil, 38)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<script>const k="`+key+`"</script>`)
	}))
	defer srv.Close()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"scan", srv.URL + "/"}, strings.NewReader(""), &stdout, &stderr); code != exitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	for _, want := range []string{
		srv.URL + "/:1:18: gonkagate-api-key: GonkaGate API key served to browsers at " + srv.URL + "/: it is public",
		"fix: rotate the key now: it was served to browsers at " + srv.URL + "/, so it is public; then move the call behind a server route",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, stdout.String())
		}
	}
	if strings.Contains(stdout.String(), key) {
		t.Error("the report holds the key unredacted")
	}
}
