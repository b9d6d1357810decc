package verify

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/keylint/keylint/scanner"
)

// answer is one HTTP response, read and closed.
type answer struct {
	code   int
	header http.Header
	body   []byte
	// redirect is the host a redirect pointed to, when it was not followed.
	redirect string
	// now is when the answer came, for Retry-After dates.
	now time.Time
}

// verdict is what an answer means for a key.
type verdict struct {
	status scanner.VerifyStatus
	detail string
	// retry asks for the request again, after the Retry-After delay when it is set, else after a backoff.
	retry bool
	after time.Duration
	// answered is set when the verdict reads an HTTP answer, not a failure to get one.
	answered bool
}

// provider knows one service's check: the request and what its answers mean.
type provider interface {
	// name is the provider as reports name it.
	name() string
	// request builds the check for key under base; key "" builds the same request with no key.
	request(ctx context.Context, base *url.URL, key string) (*http.Request, error)
	// classify reads the answer to a request carrying a key.
	classify(a *answer) verdict
	// refusedWithoutKey reports whether the answer to the keyless request is a refusal.
	refusedWithoutKey(a *answer) bool
	// randomKey is a well-formed key that nobody holds, for the control request.
	randomKey() string
}

// retryAfter reads a Retry-After header (seconds or an HTTP date); 0 when absent or unreadable.
func retryAfter(a *answer) time.Duration {
	v := strings.TrimSpace(a.header.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(a.now); d > 0 {
			return d
		}
	}
	return 0
}

const base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomBody returns n characters of [A-Za-z0-9] from crypto/rand, starting with one of first.
func randomBody(first string, n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf) // never fails (crypto/rand documents so)
	out := make([]byte, n)
	for i, b := range buf {
		alpha := base62
		if i == 0 && first != "" {
			alpha = first
		}
		out[i] = alpha[int(b)%len(alpha)]
	}
	return string(out)
}

// statusText is an HTTP status in a detail ("HTTP 500").
func statusText(code int) string { return "HTTP " + strconv.Itoa(code) }
