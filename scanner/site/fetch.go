package site

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"github.com/keylint/keylint/scanner/decode"
	"github.com/keylint/keylint/scanner/source"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// errOtherHost stops a redirect to a host the crawl may not visit.
var errOtherHost = errors.New("redirect to another host")

// fetched is one response as the crawl received it.
type fetched struct {
	url         string
	status      int
	contentType string
	mapRef      string
	body        []byte
	cut         bool // the body was cut at a limit
}

// newClient returns a client that keeps no cookies, sends no credentials, decodes
// nothing on its own and asks the crawl before following each redirect.
func newClient(c *crawl) *http.Client {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: c.opt.RequestTimeout,
		DisableCompression:    true, // decoded here, within the byte budgets
		MaxIdleConnsPerHost:   4,
	}
	return &http.Client{
		Transport: tr,
		Jar:       nil,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > c.opt.MaxRedirects {
				return fmt.Errorf("stopped after %d redirects (a redirect loop?)", c.opt.MaxRedirects)
			}
			if !c.allowed(req.URL) {
				return fmt.Errorf("%w %s (not fetched without --allow-host %s)", errOtherHost, source.RedactURL(req.URL.String()), req.URL.Host)
			}
			if !c.take() {
				return errRequests
			}
			req.Header.Del("Authorization")
			req.Header.Del("Cookie")
			return nil
		},
	}
}

// errRequests says the request budget is spent.
var errRequests = errors.New("request limit reached")

// get fetches u with the crawl's manners and limits. The request itself has already
// been counted.
func (c *crawl) get(ctx context.Context, u string) (*fetched, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opt.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.opt.UserAgent)
	req.Header.Set("Accept-Encoding", "gzip, br")
	req.Header.Set("Accept", "*/*")
	resp, err := c.client.Do(req)
	if err != nil {
		var ne net.Error
		if c.ctx.Err() == nil && (ctx.Err() != nil || errors.As(err, &ne) && ne.Timeout()) {
			return nil, fmt.Errorf("no answer within the request timeout %s (--request-timeout)", c.opt.RequestTimeout)
		}
		return nil, err
	}
	defer resp.Body.Close()
	f := &fetched{url: resp.Request.URL.String(), status: resp.StatusCode, contentType: resp.Header.Get("Content-Type")}
	if ref := resp.Header.Get("SourceMap"); ref != "" {
		f.mapRef = resolve(f.url, ref)
	} else if ref := resp.Header.Get("X-SourceMap"); ref != "" {
		f.mapRef = resolve(f.url, ref)
	}
	if resp.StatusCode != http.StatusOK {
		return f, nil
	}
	limit := min(c.opt.MaxResponseBytes, c.bytesLeft())
	// The wire bytes are bounded too, so that a body the decoder discards cannot run on.
	wire := &limitedReader{r: resp.Body, n: limit + 1}
	var body io.Reader = wire
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(wire)
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		defer zr.Close()
		body = zr
	case "br":
		body = brotli.NewReader(wire)
	default:
		return nil, fmt.Errorf("content encoding %q is not decoded", enc)
	}
	// The decoded bytes are drawn from the crawl's budget as they are read, at most
	// --max-response-bytes of it: responses read at once cannot together overrun it.
	data, err := io.ReadAll(c.bytes.Sub(c.opt.MaxResponseBytes).Reader(body))
	if errors.Is(err, decode.ErrBudget) {
		f.cut = true
	} else if err != nil && wire.n <= 0 {
		f.cut = true // the wire budget ran out inside the decoder
	} else if err != nil {
		if ctx.Err() != nil && c.ctx.Err() == nil {
			return nil, fmt.Errorf("body not read within the request timeout %s (--request-timeout)", c.opt.RequestTimeout)
		}
		return nil, fmt.Errorf("reading the body: %w", err)
	}
	f.body = data
	return f, nil
}

// limitedReader is io.LimitedReader that says how much it had left.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
