package site_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/frontend/frontendtest"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/site"
	"github.com/keylint/keylint/scanner/source"
)

// files is a site's content by path; a value starting with "!" is a status code.
type files map[string]string

// serve serves fs on 127.0.0.1, counting requests; a path with a header is given by hdr.
func serve(t *testing.T, fs files, hdr map[string]http.Header) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Cookie") != "" || r.Header.Get("Authorization") != "" {
			t.Errorf("%s: credentials sent", r.URL.Path)
		}
		if !strings.HasPrefix(r.UserAgent(), "keylint") {
			t.Errorf("%s: User-Agent %q does not name keylint", r.URL.Path, r.UserAgent())
		}
		// Every answer sets a cookie; a request that sends one back is an error above.
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "s3cr3t", Path: "/"})
		body, ok := fs[r.URL.Path]
		if !ok {
			if body, ok = fs["*"]; !ok { // a single-page app serves its page for any path
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/octet-stream") // and not sniffed from the path
		}
		for k, v := range hdr[r.URL.Path] {
			w.Header()[k] = v
		}
		switch {
		case strings.HasSuffix(r.URL.Path, "/") || strings.HasSuffix(r.URL.Path, ".html"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case strings.HasSuffix(r.URL.Path, ".js"):
			w.Header().Set("Content-Type", "text/javascript")
		case strings.HasSuffix(r.URL.Path, ".json") || strings.HasSuffix(r.URL.Path, ".map"):
			w.Header().Set("Content-Type", "application/json")
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// result is what a crawl and scan of a site gave.
type result struct {
	fetched  []string // paths, in fetch order
	notes    []string
	findings []string // "path:line rule related..."
}

// scanSite crawls start and scans what it fetched as keylint scan does.
func scanSite(t *testing.T, start string, opt site.Options) result {
	t.Helper()
	var res result
	opt.Note = func(p *source.Problem) { res.notes = append(res.notes, p.Error()) }
	st, err := site.Crawl(context.Background(), []string{start}, opt)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(start)
	short := func(u string) string {
		return strings.TrimPrefix(u, base.Scheme+"://"+base.Host)
	}
	for _, r := range st.Responses {
		res.fetched = append(res.fetched, short(r.URL))
	}
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{Checks: frontend.ChecksWith(st)})
	err = sc.Run(context.Background(), st, 2, scanner.Sink{
		Finding: func(f scanner.Finding) {
			if f.Severity != rules.SeverityError || !f.Location.Bundle {
				t.Errorf("%s: severity %s, bundle %v; want error, served", f.Location.Path, f.Severity, f.Location.Bundle)
			}
			s := fmt.Sprintf("%s:%d %s", short(f.Location.Path), f.Line, f.RuleID)
			for _, r := range f.Related {
				s += fmt.Sprintf(" %s:%d:%d", short(r.Path), r.Line, r.Column)
			}
			res.findings = append(res.findings, s)
		},
		Problem: func(p *source.Problem) { t.Errorf("problem: %v", p) },
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(res.findings)
	return res
}

// vlq encodes source-map segments: each is generated column, source, original line, original column (0-based, absolute).
func vlq(lines [][][4]int) string {
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var out strings.Builder
	prev := [4]int{}
	for i, segs := range lines {
		if i > 0 {
			out.WriteByte(';')
		}
		prev[0] = 0
		for j, s := range segs {
			if j > 0 {
				out.WriteByte(',')
			}
			for k := range 4 {
				d := s[k] - prev[k]
				v := d << 1
				if d < 0 {
					v = -d<<1 | 1
				}
				for {
					digit := v & 31
					v >>= 5
					if v > 0 {
						digit |= 32
					}
					out.WriteByte(b64[digit])
					if v == 0 {
						break
					}
				}
			}
			prev = s
		}
	}
	return out.String()
}

func TestWhatIsFetched(t *testing.T) {
	k := frontendtest.NewKeys(t, 7)
	tests := []struct {
		name         string
		fs           files
		hdr          map[string]http.Header
		wantFetched  []string
		wantFindings []string
	}{
		{
			name: "chunk only through a dynamic import",
			fs: files{
				"/":                    `<html><script type="module" src="/assets/index-a1.js"></script></html>`,
				"/assets/index-a1.js":  `const load=()=>import("./chat-b2.js");document.body.onclick=load;`,
				"/assets/chat-b2.js":   `export const key="` + k.GonkaGate + `";`,
				"/assets/unlinked.js":  `export const key="` + k.FastGPT + `";`,
				"/.vite/manifest.json": "!404",
			},
			wantFetched:  []string{"/", "/assets/index-a1.js", "/assets/chat-b2.js"},
			wantFindings: []string{"/assets/chat-b2.js:1 gonkagate-api-key"},
		},
		{
			name: "module preload, inline script, embedded JSON and the Next.js build manifest",
			fs: files{
				"/": `<html><head><link rel="modulepreload" href="/assets/vendor.js">` +
					`<link rel="preload" as="script" href="/_next/static/chunks/main.js"><link rel="stylesheet" href="/a.css"></head>` +
					`<script>window.cfg={k:"` + k.FastGPT + `"};import("/assets/lazy.js")</script>` +
					`<script id="__NEXT_DATA__" type="application/json">{"props":{},"buildId":"b123"}</script></html>`,
				"/assets/vendor.js":                      `export const v=1;`,
				"/assets/lazy.js":                        `export const v=2;`,
				"/_next/static/chunks/main.js":           `self.x=1;`,
				"/_next/static/b123/_buildManifest.js":   `self.__BUILD_MANIFEST={"/":["static/chunks/pages/index-9f.js"]};`,
				"/_next/static/chunks/pages/index-9f.js": `const k="` + k.GonkaGate + `";`,
			},
			wantFetched: []string{"/", "/assets/vendor.js", "/_next/static/chunks/main.js", "/assets/lazy.js",
				"/_next/static/b123/_buildManifest.js", "/_next/static/chunks/pages/index-9f.js"},
			wantFindings: []string{"/:1 fastgpt-api-key", "/_next/static/chunks/pages/index-9f.js:1 gonkagate-api-key"},
		},
		{
			name: "webpack runtime's chunk table (Next.js)",
			fs: files{
				"/":                                    `<script src="/_next/static/chunks/webpack-77.js"></script>`,
				"/_next/static/chunks/webpack-77.js":   `r.u=function(e){return"static/chunks/"+e+"."+{42:"3fa9c1d2",317:"b00c0ffe"}[e]+".js"};`,
				"/_next/static/chunks/42.3fa9c1d2.js":  `1`,
				"/_next/static/chunks/317.b00c0ffe.js": `const k="` + k.FastGPT + `";`,
			},
			wantFetched:  []string{"/", "/_next/static/chunks/webpack-77.js", "/_next/static/chunks/42.3fa9c1d2.js", "/_next/static/chunks/317.b00c0ffe.js"},
			wantFindings: []string{"/_next/static/chunks/317.b00c0ffe.js:1 fastgpt-api-key"},
		},
		{
			name: "Create React App's chunk table",
			fs: files{
				"/":                              `<script src="/static/js/main.1a.js"></script>`,
				"/static/js/main.1a.js":          `n.u=function(e){return"static/js/"+e+"."+{"9":"c0ffee12"}[e]+".chunk.js"};`,
				"/static/js/9.c0ffee12.chunk.js": `const k="` + k.GonkaGate + `";`,
			},
			wantFetched:  []string{"/", "/static/js/main.1a.js", "/static/js/9.c0ffee12.chunk.js"},
			wantFindings: []string{"/static/js/9.c0ffee12.chunk.js:1 gonkagate-api-key"},
		},
		{
			name: "Vite manifest served",
			fs: files{
				"/":                    `<html><script type="module" src="/assets/index.js"></script></html>`,
				"/assets/index.js":     `console.log(1)`,
				"/.vite/manifest.json": `{"index.html":{"file":"assets/index.js","dynamicImports":["src/admin.ts"]},"src/admin.ts":{"file":"assets/admin-x.js"}}`,
				"/assets/admin-x.js":   `export const k="` + k.GonkaGate + `";`,
			},
			wantFetched:  []string{"/", "/assets/index.js", "/.vite/manifest.json", "/assets/admin-x.js"},
			wantFindings: []string{"/assets/admin-x.js:1 gonkagate-api-key"},
		},
		{
			name: "map served only by header, mapped back to the source line",
			fs: files{
				"/":            `<script src="/app.js"></script>`,
				"/app.js":      "(()=>{\nconst k=\"" + k.GonkaGate + "\";fetch(u,{headers:{a:k}})})();",
				"/maps/app-v1": `{"version":3,"sources":["../src/chat.ts"],"names":[],"mappings":"` + vlq([][][4]int{{{0, 0, 0, 0}}, {{0, 0, 6, 2}, {8, 0, 6, 14}}}) + `"}`,
			},
			hdr:          map[string]http.Header{"/app.js": {"Sourcemap": {"/maps/app-v1"}}},
			wantFetched:  []string{"/", "/app.js", "/maps/app-v1"},
			wantFindings: []string{"/app.js:2 gonkagate-api-key src/chat.ts:7:15"},
		},
		{
			name: "sourceMappingURL and the key in sourcesContent",
			fs: files{
				"/":              `<script src="/js/app.js"></script>`,
				"/js/app.js":     "const k=\"" + k.FastGPT + "\";\n//# sourceMappingURL=app.js.map",
				"/js/app.js.map": `{"version":3,"sources":["../src/k.ts"],"sourcesContent":["// the key\nexport const k = \"` + k.FastGPT + `\";\n"],"names":[],"mappings":"` + vlq([][][4]int{{{8, 0, 1, 17}}}) + `"}`,
			},
			wantFetched:  []string{"/", "/js/app.js", "/js/app.js.map"},
			wantFindings: []string{"/js/app.js.map:1 fastgpt-api-key src/k.ts:2:0", "/js/app.js:1 fastgpt-api-key src/k.ts:2:18"},
		},
		{
			name: "an SPA's fallback page is not taken for a guessed map",
			fs: files{
				"/":        `<script src="/main.js"></script>`,
				"/main.js": `const k="` + k.GonkaGate + `";`,
				"*":        `<html><script src="/main.js"></script></html>`,
			},
			wantFetched:  []string{"/", "/main.js"},
			wantFindings: []string{"/main.js:1 gonkagate-api-key"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := files{}
			for p, b := range tt.fs {
				if b != "!404" {
					fs[p] = b
				}
			}
			srv, _ := serve(t, fs, tt.hdr)
			got := scanSite(t, srv.URL+"/", site.Options{})
			if diff := cmp.Diff(tt.wantFetched, got.fetched); diff != "" {
				t.Errorf("fetched (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantFindings, got.findings); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
