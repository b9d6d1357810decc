// Package site reads a deployed web site as a browser's first visit receives it: the
// page, the scripts and module preloads it names, the chunks those scripts import,
// the manifests bundlers serve, and each script's source map. It executes no script,
// sends no cookies or credentials, and stays within limits on requests, bytes and time.
// It only fetches; the scanner decides what is a key.
package site

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/source"
)

// Options are the limits and manners of a crawl; the zero value of a field means its default.
type Options struct {
	// AllowHosts are hosts (host or host:port) fetched besides the start URLs' own.
	AllowHosts []string
	// MaxRequests bounds the requests of the whole crawl, redirects included.
	MaxRequests int
	// MaxBytes bounds the decoded bytes of the whole crawl.
	MaxBytes int64
	// MaxResponseBytes bounds the decoded bytes kept of one response.
	MaxResponseBytes int64
	// RequestTimeout bounds one request, its body included.
	RequestTimeout time.Duration
	// CrawlTimeout bounds the whole crawl; what was fetched by then is still scanned.
	CrawlTimeout time.Duration
	// MaxRedirects bounds the redirects one request follows; NoRedirects (negative) follows none.
	MaxRedirects int
	// Parallel bounds the requests in flight at once.
	Parallel int
	// UserAgent is sent with every request.
	UserAgent string
	// Note receives each limit reached and each fetch that failed; the crawl goes on.
	Note func(*source.Problem)
}

// Defaults of Options.
const (
	DefaultMaxRequests      = 300
	DefaultMaxBytes         = 256 << 20
	DefaultMaxResponseBytes = 32 << 20
	DefaultRequestTimeout   = 20 * time.Second
	DefaultCrawlTimeout     = 3 * time.Minute
	DefaultMaxRedirects     = 10
	DefaultParallel         = 4
	// NoRedirects as Options.MaxRedirects follows no redirect.
	NoRedirects      = -1
	DefaultUserAgent = "keylint (secret scanner; https://github.com/keylint/keylint)"
)

func (o Options) withDefaults() Options {
	if o.MaxRequests <= 0 {
		o.MaxRequests = DefaultMaxRequests
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.CrawlTimeout <= 0 {
		o.CrawlTimeout = DefaultCrawlTimeout
	}
	switch {
	case o.MaxRedirects == 0:
		o.MaxRedirects = DefaultMaxRedirects
	case o.MaxRedirects < 0:
		o.MaxRedirects = 0
	}
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Note == nil {
		o.Note = func(*source.Problem) {}
	}
	return o
}

// Response is one fetched resource.
type Response struct {
	// URL is where the resource was served, after redirects.
	URL string
	// Kind is what the crawl took it for.
	Kind Kind
	// MapRef is the source map its SourceMap or X-SourceMap header names, resolved, or "".
	MapRef string
	// Body is the decoded body, cut at the limits.
	Body []byte
}

// Kind is what a resource is taken for.
type Kind int

// Kinds of resources.
const (
	Page Kind = iota
	Script
	Map
	JSON
	Other
)

// Site is the result of a crawl: the resources in the order they were fetched. It is a
// source.Source of them (each located by its URL and marked as served to browsers) and
// a frontend.MapFinder for its scripts.
type Site struct {
	Responses []*Response
	// Unfetched lists the start URLs that gave nothing to scan: a failed request or a status other than 200.
	Unfetched []string
	byURL     map[string]*Response
}

// Items yields every fetched response.
func (s *Site) Items(ctx context.Context, yield func(source.Item) error) error {
	for _, r := range s.Responses {
		if err := ctx.Err(); err != nil {
			return err
		}
		body := r.Body
		it := source.Item{
			Location: source.Location{Path: r.URL, Bundle: true},
			Size:     int64(len(body)),
			Open:     func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil },
		}
		if err := yield(it); err != nil {
			return err
		}
	}
	return nil
}

// FindMap returns the source map of the script served at loc.Path: the one its header
// or its sourceMappingURL comment names, or else NAME.map, when the crawl fetched it.
func (s *Site) FindMap(loc source.Location, script []byte) (string, []byte, error) {
	r := s.byURL[loc.Path]
	if r == nil {
		return "", nil, nil
	}
	refs := []string{}
	if r.MapRef != "" {
		refs = append(refs, r.MapRef)
	}
	if ref := frontend.MapRef(script); ref != "" {
		if data, ok := frontend.DataMap(ref); ok {
			return loc.Path, data, nil
		}
		if abs := resolve(r.URL, ref); abs != "" {
			refs = append(refs, abs)
		}
	}
	refs = append(refs, strings.SplitN(r.URL, "?", 2)[0]+".map")
	for _, ref := range refs {
		if m := s.byURL[ref]; m != nil && len(m.Body) > 0 {
			return m.URL, m.Body, nil
		}
	}
	return "", nil, nil
}

// resolve returns ref taken relative to base, without its fragment, or "" when it is not http(s).
func resolve(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	r, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return ""
	}
	u := b.ResolveReference(r)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	u.Fragment = ""
	u.User = nil
	return u.String()
}
