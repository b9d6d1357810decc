// Package verify asks GonkaGate and FastGPT whether the keys a scan found still work.
// It runs after the scan and before the report, only when asked, and is careful about
// where keys go: https to the provider hosts and the configured FastGPT base URL only,
// no redirect to another host, no private address unless allowed (checked on the
// address dialled), a control request per host that must be refused before any key is
// sent there, one check per distinct key, and a rate limit per host.
package verify

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Options configure a Verifier; the zero value means the defaults.
type Options struct {
	// GonkaGateBaseURL replaces GonkaGateBaseURL (proxies, tests).
	GonkaGateBaseURL string
	// FastGPTBaseURL is the FastGPT service for every FastGPT key (the flag or FASTGPT_BASE_URL);
	// without it, a base URL written in the key's own file, else FastGPTCloud().
	FastGPTBaseURL string
	// FastGPTCloud replaces FastGPTCloud(), the hosted services tried when no base URL is known (tests).
	FastGPTCloud []string
	// Rate is requests per second per host (default 1).
	Rate float64
	// RequestTimeout bounds each request (default 10s).
	RequestTimeout time.Duration
	// Timeout bounds the whole verification (default 2m); keys not checked by then are unknown.
	Timeout time.Duration
	// Retries is how many times a 503 or a 429 is asked again (default 2).
	Retries int
	// MaxRetryAfter is the longest Retry-After keylint waits for (default 30s); longer is rate-limited.
	MaxRetryAfter time.Duration
	// Workers is how many keys are checked at once (default 4).
	Workers int
	// AllowPrivate permits private, loopback and link-local addresses, and plain http to them.
	AllowPrivate bool
	// UserAgent names keylint in every request.
	UserAgent string
	// Clock paces requests (default the wall clock).
	Clock Clock
	// RootCAs replaces the system's certificate authorities (tests).
	RootCAs *x509.CertPool
}

// Verifier checks keys; it is immutable and may run many times.
type Verifier struct {
	opt       Options
	gonkaGate *url.URL
	fastGPT   *url.URL   // nil: per file, else the cloud
	cloud     []*url.URL // FastGPTCloud(), parsed
}

// New checks the options' URLs and fills in the defaults.
func New(opt Options) (*Verifier, error) {
	if opt.GonkaGateBaseURL == "" {
		opt.GonkaGateBaseURL = GonkaGateBaseURL
	}
	if opt.Rate <= 0 {
		opt.Rate = 1
	}
	if opt.RequestTimeout <= 0 {
		opt.RequestTimeout = 10 * time.Second
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 2 * time.Minute
	}
	if opt.Retries < 0 {
		opt.Retries = 0
	} else if opt.Retries == 0 {
		opt.Retries = 2
	}
	if opt.MaxRetryAfter <= 0 {
		opt.MaxRetryAfter = 30 * time.Second
	}
	if opt.Workers <= 0 {
		opt.Workers = 4
	}
	if opt.UserAgent == "" {
		opt.UserAgent = "keylint (key verification; https://github.com/keylint/keylint)"
	}
	if opt.Clock == nil {
		opt.Clock = realClock{}
	}
	v := &Verifier{opt: opt}
	var err error
	if v.gonkaGate, err = v.baseURL(opt.GonkaGateBaseURL); err != nil {
		return nil, fmt.Errorf("--gonkagate-base-url: %w", err)
	}
	if opt.FastGPTBaseURL != "" {
		if v.fastGPT, err = v.baseURL(opt.FastGPTBaseURL); err != nil {
			return nil, fmt.Errorf("FastGPT base URL: %w", err)
		}
	}
	if opt.FastGPTCloud == nil {
		opt.FastGPTCloud = FastGPTCloud()
	}
	for _, c := range opt.FastGPTCloud {
		u, err := v.baseURL(c)
		if err != nil {
			return nil, fmt.Errorf("FastGPT cloud URL: %w", err)
		}
		v.cloud = append(v.cloud, u)
	}
	return v, nil
}

// errPlainHTTP is a base URL with http where https is required.
var errPlainHTTP = errors.New("plain http is used only with --verify-allow-private (and only to private addresses); use https")

// baseURL parses a base URL: https, or http with AllowPrivate; a host; no user, query or fragment.
func (v *Verifier) baseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, errors.New("not a URL")
	}
	switch {
	case u.Scheme == "http" && !v.opt.AllowPrivate:
		return nil, errPlainHTTP
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, fmt.Errorf("scheme %q: want https", u.Scheme)
	case u.Host == "" || u.Hostname() == "" || !validHost(u.Host):
		return nil, errors.New("no host")
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return nil, errors.New("a base URL has no user, query or fragment")
	}
	return &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host), Path: strings.TrimRight(u.Path, "/")}, nil
}

// validHost accepts a DNS name or IP literal with an optional port, nothing else.
func validHost(h string) bool {
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-:[]", r)) {
			return false
		}
	}
	return true
}
