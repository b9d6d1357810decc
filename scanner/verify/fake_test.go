package verify

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keylint/keylint/scanner"
)

// fakeClock is a clock whose sleeps return at once, moving its time forward; it
// records every time slept until, so that tests measure pacing without sleeping.
type fakeClock struct {
	mu     sync.Mutex
	start  time.Time
	now    time.Time
	sleeps []time.Duration // each SleepUntil target, as an offset from start
}

func newFakeClock() *fakeClock {
	t := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return &fakeClock{start: t, now: t}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) SleepUntil(ctx context.Context, t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, t.Sub(c.start))
	if t.After(c.now) {
		c.now = t
	}
	return ctx.Err()
}

func (c *fakeClock) elapsed() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now.Sub(c.start)
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// fakeServer is a provider on 127.0.0.1 that records the keys it was sent.
type fakeServer struct {
	*httptest.Server
	mu   sync.Mutex
	got  []string // the key of each request ("" for none)
	hits map[string]int
}

// newFake starts a server; answer writes the reply to a request carrying key ("" for none).
func newFake(t *testing.T, keyOf func(*http.Request) string, answer func(w http.ResponseWriter, r *http.Request, key string, nth int)) *fakeServer {
	t.Helper()
	fs := &fakeServer{hits: map[string]int{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := keyOf(r)
		fs.mu.Lock()
		fs.got = append(fs.got, key)
		fs.hits[key]++
		nth := fs.hits[key]
		fs.mu.Unlock()
		answer(w, r, key, nth)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fakeServer) received() []string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]string(nil), fs.got...)
}

func (fs *fakeServer) count(key string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.hits[key]
}

func bearer(r *http.Request) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

func apiKeyParam(r *http.Request) string { return r.URL.Query().Get("apiKey") }

// gonkaGateFake answers as GonkaGate documents: 200 for keys in live, 401 for any other,
// unless special names a reply for a key.
func gonkaGateFake(t *testing.T, live []string, special func(w http.ResponseWriter, key string, nth int) bool) *fakeServer {
	ok := map[string]bool{}
	for _, k := range live {
		ok[k] = true
	}
	return newFake(t, bearer, func(w http.ResponseWriter, r *http.Request, key string, nth int) {
		if r.URL.Path != "/v1/models" || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		if special != nil && special(w, key, nth) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if ok[key] {
			_, _ = w.Write([]byte(`{"object":"list","data":[{"id":"m1"},{"id":"m2"}]}`))
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":{"message":"Invalid API key","type":"invalid_request_error"}}`))
	})
}

// fastGPTFake answers as FastGPT does: 200 with data for known keys, 500 with a message otherwise.
func fastGPTFake(t *testing.T, data map[string]string) *fakeServer {
	return newFake(t, apiKeyParam, func(w http.ResponseWriter, r *http.Request, key string, nth int) {
		if r.URL.Path != "/api/support/openapi/health" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if key == "" {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"code":500,"statusText":"","message":"[{\"code\":\"invalid_type\",\"path\":[\"apiKey\"],\"message\":\"Required\"}]","data":null}`))
			return
		}
		if d, ok := data[key]; ok {
			_, _ = w.Write([]byte(`{"code":200,"statusText":"","message":"","data":` + d + `}`))
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":500,"statusText":"","message":"APIKey invalid","data":null}`))
	})
}

// finding is a finding holding key, as the scanner would make it.
func finding(key, path string) scanner.Finding {
	rule := "gonkagate-api-key"
	if strings.HasPrefix(key, "fastgpt-") {
		rule = "fastgpt-api-key"
	}
	f := scanner.Finding{RuleID: rule, Secret: key, Line: 1, Column: 1}
	f.Location.Path = path
	return f
}

// verifier is a Verifier for tests: local servers allowed, the fake clock, short timeouts.
func verifier(t *testing.T, clock *fakeClock, opt Options) *Verifier {
	t.Helper()
	opt.AllowPrivate = true
	opt.Clock = clock
	if opt.RequestTimeout == 0 {
		opt.RequestTimeout = 5 * time.Second
	}
	v, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// statuses maps each label to the status of the finding holding its key.
func statuses(fs []scanner.Finding, labels map[string]string) map[string]scanner.VerifyStatus {
	out := map[string]scanner.VerifyStatus{}
	for _, f := range fs {
		if f.Verification == nil {
			out[labels[f.Secret]] = "(none)"
			continue
		}
		out[labels[f.Secret]] = f.Verification.Status
	}
	return out
}
