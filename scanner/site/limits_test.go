package site_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/frontend/frontendtest"
	"github.com/keylint/keylint/scanner/site"
)

// noted reports whether a note holds every one of words.
func noted(notes []string, words ...string) bool {
	for _, n := range notes {
		all := true
		for _, w := range words {
			all = all && strings.Contains(n, w)
		}
		if all {
			return true
		}
	}
	return false
}

func TestCrossOriginScript(t *testing.T) {
	k := frontendtest.NewKeys(t, 8)
	cdn, cdnHits := serve(t, files{"/lib.js": `const k="` + k.GonkaGate + `";`}, nil)
	page := `<script src="` + cdn.URL + `/lib.js"></script><script src="/own.js"></script>`
	srv, _ := serve(t, files{"/": page, "/own.js": `1`}, nil)
	cdnHost := strings.TrimPrefix(cdn.URL, "http://")

	got := scanSite(t, srv.URL+"/", site.Options{})
	if n := cdnHits.Load(); n != 0 {
		t.Errorf("the other host got %d requests without --allow-host; want 0", n)
	}
	if diff := cmp.Diff([]string{"/", "/own.js"}, got.fetched); diff != "" {
		t.Errorf("fetched (-want +got):\n%s", diff)
	}
	if !noted(got.notes, "not fetched", "--allow-host "+cdnHost) {
		t.Errorf("no note naming --allow-host %s: %q", cdnHost, got.notes)
	}
	if len(got.findings) != 0 {
		t.Errorf("findings %q; want none", got.findings)
	}

	got = scanSite(t, srv.URL+"/", site.Options{AllowHosts: []string{cdnHost}})
	if diff := cmp.Diff([]string{cdn.URL + "/lib.js:1 gonkagate-api-key"}, got.findings); diff != "" {
		t.Errorf("with --allow-host, findings (-want +got):\n%s", diff)
	}
}

func TestRedirects(t *testing.T) {
	k := frontendtest.NewKeys(t, 9)
	other, otherHits := serve(t, files{"/x.js": `const k="` + k.GonkaGate + `";`}, nil)
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/":
			io.WriteString(w, `<script src="/loop-a.js"></script><script src="/away.js"></script><script src="/moved.js"></script>`)
		case "/loop-a.js":
			http.Redirect(w, r, "/loop-b.js", http.StatusFound)
		case "/loop-b.js":
			http.Redirect(w, r, "/loop-a.js", http.StatusFound)
		case "/away.js":
			http.Redirect(w, r, other.URL+"/x.js", http.StatusFound)
		case "/moved.js":
			http.Redirect(w, r, "/new.js", http.StatusMovedPermanently)
		case "/new.js":
			io.WriteString(w, `const k="`+k.FastGPT+`";`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	done := make(chan result)
	go func() { done <- scanSite(t, srv.URL+"/", site.Options{MaxRedirects: 5}) }()
	var got result
	select {
	case got = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a redirect loop did not end")
	}
	if !noted(got.notes, "/loop-a.js", "stopped after 5 redirects") {
		t.Errorf("no note on the redirect loop: %q", got.notes)
	}
	if !noted(got.notes, "/away.js", "--allow-host") || otherHits.Load() != 0 {
		t.Errorf("a redirect to another host was followed (%d requests) or not noted: %q", otherHits.Load(), got.notes)
	}
	if diff := cmp.Diff([]string{"/new.js:1 fastgpt-api-key"}, got.findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if n := hits.Load(); n > 20 {
		t.Errorf("%d requests; the loop should stop after about 6", n)
	}
}

func TestLargeResponseIsBounded(t *testing.T) {
	k := frontendtest.NewKeys(t, 10)
	const size = 50 << 20
	var finished atomic.Int64 // responses the server wrote whole
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var sent int64
		if r.URL.Path == "/" {
			io.WriteString(w, `<script src="/big.js"></script>`)
			return
		}
		if r.URL.Path != "/big.js" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/javascript")
		n, _ := io.WriteString(w, `const k="`+k.GonkaGate+`";`+"\n")
		sent += int64(n)
		line := bytes.Repeat([]byte("x"), 1<<16)
		line[len(line)-1] = '\n'
		for sent < size {
			m, err := w.Write(line)
			sent += int64(m)
			if err != nil {
				return // the client stopped reading
			}
		}
		finished.Add(1)
	}))
	defer srv.Close()
	const limit = 1 << 20
	got := scanSite(t, srv.URL+"/", site.Options{MaxResponseBytes: limit})
	if !noted(got.notes, "/big.js", "cut at 1048576 bytes") {
		t.Errorf("no note on the cut response: %q", got.notes)
	}
	if diff := cmp.Diff([]string{"/big.js:1 gonkagate-api-key"}, got.findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// The run's byte budget bounds all responses together.
	defer func() {
		srv.Close()
		if n := finished.Load(); n > 0 {
			t.Errorf("the server wrote %d whole 50 MB responses: the client read on past its limit", n)
		}
	}()
	got = scanSite(t, srv.URL+"/", site.Options{MaxBytes: 512 << 10})
	if !noted(got.notes, "/big.js", "cut at") {
		t.Errorf("no note on the run's byte budget: %q", got.notes)
	}
}

func TestSlowServer(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			io.WriteString(w, `<script src="/no-headers.js"></script><script src="/trickle.js"></script><script src="/fast.js"></script>`)
		case "/no-headers.js":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		case "/trickle.js":
			w.Header().Set("Content-Type", "text/javascript")
			for {
				if _, err := io.WriteString(w, "/* */\n"); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-release:
					return
				case <-r.Context().Done():
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		case "/fast.js":
			io.WriteString(w, "1")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	start := time.Now()
	got := scanSite(t, srv.URL+"/", site.Options{RequestTimeout: 300 * time.Millisecond})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the crawl took %s with a 300ms request timeout", d)
	}
	for _, p := range []string{"/no-headers.js", "/trickle.js"} {
		if !noted(got.notes, p, "request timeout 300ms") {
			t.Errorf("no timeout note for %s: %q", p, got.notes)
		}
	}
	if diff := cmp.Diff([]string{"/", "/fast.js"}, got.fetched); diff != "" {
		t.Errorf("fetched (-want +got):\n%s", diff)
	}

	// The crawl's own timeout stops it, keeping what was fetched.
	got = scanSite(t, srv.URL+"/", site.Options{RequestTimeout: 5 * time.Second, CrawlTimeout: 500 * time.Millisecond})
	if !noted(got.notes, "crawl stopped after 500ms") {
		t.Errorf("no crawl timeout note: %q", got.notes)
	}
	if len(got.fetched) == 0 || got.fetched[0] != "/" {
		t.Errorf("fetched %q; want the page kept", got.fetched)
	}
}

func TestCompressedResponses(t *testing.T) {
	k := frontendtest.NewKeys(t, 11)
	script := []byte(`const k="` + k.GonkaGate + `";`)
	var gz, br, bomb, brBomb bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(script)
	zw.Close()
	bw := brotli.NewWriterLevel(&br, 5)
	bw.Write(script)
	bw.Close()
	// Bombs: a key, then 16 MiB of spaces that compress to a few tens of kilobytes, 64 times the limit.
	zw, _ = gzip.NewWriterLevel(&bomb, gzip.BestSpeed)
	bw = brotli.NewWriterLevel(&brBomb, 0)
	zeros := bytes.Repeat([]byte(" "), 1<<20)
	zw.Write(script)
	bw.Write(script)
	for range 16 {
		zw.Write(zeros)
		bw.Write(zeros)
	}
	zw.Close()
	bw.Close()
	bodies := map[string]struct {
		enc  string
		body []byte
	}{
		"/gz.js": {"gzip", gz.Bytes()}, "/br.js": {"br", br.Bytes()},
		"/bomb.js": {"gzip", bomb.Bytes()}, "/br-bomb.js": {"br", brBomb.Bytes()},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			io.WriteString(w, `<script src="/gz.js"></script><script src="/br.js"></script><script src="/bomb.js"></script><script src="/br-bomb.js"></script>`)
			return
		}
		b, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if !strings.Contains(r.Header.Get("Accept-Encoding"), b.enc) {
			t.Errorf("Accept-Encoding %q lacks %s", r.Header.Get("Accept-Encoding"), b.enc)
		}
		w.Header().Set("Content-Encoding", b.enc)
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(b.body)
	}))
	defer srv.Close()
	t.Logf("gzip bomb %d bytes, brotli bomb %d bytes, each 16 MiB decoded", bomb.Len(), brBomb.Len())
	got := scanSite(t, srv.URL+"/", site.Options{MaxResponseBytes: 256 << 10, MaxBytes: 16 << 20})
	for _, p := range []string{"/bomb.js", "/br-bomb.js"} {
		if !noted(got.notes, p, "cut at 262144 bytes") {
			t.Errorf("no note on the bomb %s: %q", p, got.notes)
		}
	}
	want := []string{"/bomb.js:1 gonkagate-api-key", "/br-bomb.js:1 gonkagate-api-key", "/br.js:1 gonkagate-api-key", "/gz.js:1 gonkagate-api-key"}
	if diff := cmp.Diff(want, got.findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestStartURLs(t *testing.T) {
	tests := []struct {
		name, url, wantErr string
	}{
		{"ftp", "ftp://example.com/", "not an http or https URL"},
		{"no host", "http:///x", "not an http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := site.Crawl(t.Context(), []string{tt.url}, site.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v; want %q", err, tt.wantErr)
			}
		})
	}
	// Credentials in a URL are dropped, with a note.
	srv, _ := serve(t, files{"/": "<p>hi</p>"}, nil)
	u, _ := url.Parse(srv.URL)
	u.User = url.UserPassword("me", "pw")
	got := scanSite(t, u.String()+"/", site.Options{})
	if !noted(got.notes, "credentials in the URL are not sent") {
		t.Errorf("notes %q", got.notes)
	}
}

func TestParallelRequests(t *testing.T) {
	var inflight, most atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			io.WriteString(w, `<script src="/1.js"></script><script src="/2.js"></script><script src="/3.js"></script>`+
				`<script src="/4.js"></script><script src="/5.js"></script><script src="/6.js"></script>`)
			return
		}
		if !strings.HasSuffix(r.URL.Path, ".js") || strings.HasSuffix(r.URL.Path, ".map") {
			http.NotFound(w, r)
			return
		}
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for m := most.Load(); n > m; m = most.Load() {
			if most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(200 * time.Millisecond)
		io.WriteString(w, "1")
	}))
	defer srv.Close()
	got := scanSite(t, srv.URL+"/", site.Options{Parallel: 3})
	if diff := cmp.Diff([]string{"/", "/1.js", "/2.js", "/3.js", "/4.js", "/5.js", "/6.js"}, got.fetched); diff != "" {
		t.Errorf("fetched, in the page's order (-want +got):\n%s", diff)
	}
	if m := most.Load(); m < 2 || m > 3 {
		t.Errorf("at most %d requests were in flight at once; want 2 or 3 with Parallel 3", m)
	}
}
