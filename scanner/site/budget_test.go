package site_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/keylint/keylint/scanner/site"
	"github.com/keylint/keylint/scanner/source"
)

// TestMaxBytesAcrossParallelFetches checks that --max-bytes bounds the crawl's decoded bytes
// when responses are read at once: each draws from the one budget as it reads.
func TestMaxBytesAcrossParallelFetches(t *testing.T) {
	page := "<html><body>"
	fs := files{}
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		page += `<script src="/` + n + `.js"></script>`
		fs["/"+n+".js"] = strings.Repeat("var x = 1;\n", 400) // 4,400 bytes
	}
	page += "</body></html>"
	fs["/"] = page
	// Scripts answer slowly, so that the fetches of a wave all start before any has read its body.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := fs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".js") {
			w.Header().Set("Content-Type", "text/javascript")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			time.Sleep(100 * time.Millisecond)
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	for _, parallel := range []int{1, 6} {
		maxBytes := int64(len(page) + 10000)
		var notes []string
		st, err := site.Crawl(context.Background(), []string{srv.URL + "/"}, site.Options{
			MaxBytes: maxBytes, Parallel: parallel,
			Note: func(p *source.Problem) { notes = append(notes, p.Error()) },
		})
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		for _, r := range st.Responses {
			total += int64(len(r.Body))
		}
		if total > maxBytes {
			t.Errorf("parallel %d: %d decoded bytes kept, over --max-bytes %d", parallel, total, maxBytes)
		}
		if total < maxBytes-4400 {
			t.Errorf("parallel %d: only %d bytes kept of a %d budget", parallel, total, maxBytes)
		}
		if !strings.Contains(strings.Join(notes, "\n"), "cut at") && !strings.Contains(strings.Join(notes, "\n"), "byte limit") {
			t.Errorf("parallel %d: no note of the limit: %q", parallel, notes)
		}
	}
}
