package site_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/site"
	"github.com/keylint/keylint/scanner/source"
)

// TestUnfetchedStarts checks that a named URL which answers nothing is listed, so that
// the command can fail closed, while a missing guess (a probed map) is not.
func TestUnfetchedStarts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			io.WriteString(w, `<html><script src="/app.js"></script></html>`)
		case "/app.js":
			io.WriteString(w, "console.log(1)\n")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	gone := closed.URL + "/"
	closed.Close()
	for _, tc := range []struct {
		name   string
		starts []string
		want   []string
	}{
		{"a page that answers", []string{srv.URL + "/"}, nil},
		{"a named page that is missing", []string{srv.URL + "/", srv.URL + "/missing.html"}, []string{srv.URL + "/missing.html"}},
		{"a server that refuses", []string{gone}, []string{gone}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := site.Crawl(context.Background(), tc.starts, site.Options{Note: func(*source.Problem) {}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, st.Unfetched); diff != "" {
				t.Errorf("Unfetched (-want +got)\n%s", diff)
			}
		})
	}
}
