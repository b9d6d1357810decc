package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/keylint/keylint/scanner/decode"
	"github.com/keylint/keylint/scanner/source"
)

// crawl is the state of one Crawl.
type crawl struct {
	ctx    context.Context
	opt    Options
	client *http.Client
	hosts  map[string]bool // hosts (with port) the crawl may fetch from

	bytes *decode.Budget // the decoded bytes the crawl may still fetch (--max-bytes)

	mu       sync.Mutex
	requests int
	noted    map[string]bool // limits already noted, each said once

	queue []task
	seen  map[string]bool
}

// task is a URL to fetch and what it is expected to be.
type task struct {
	url   string
	kind  Kind
	probe bool // a guess (NAME.js.map, a manifest): a 404 is no trouble
	start bool // a URL the user named
	from  string
}

// Crawl fetches each start URL and what its pages and scripts reference, within the
// limits of opt, and returns what it fetched. Trouble with one resource and limits
// reached are told to opt.Note; an error is returned only for a start URL that is not
// a usable http(s) URL.
func Crawl(ctx context.Context, starts []string, opt Options) (*Site, error) {
	opt = opt.withDefaults()
	c := &crawl{opt: opt, bytes: decode.NewBudget(opt.MaxBytes), hosts: map[string]bool{}, noted: map[string]bool{}, seen: map[string]bool{}}
	for _, h := range opt.AllowHosts {
		c.hosts[strings.ToLower(h)] = true
	}
	for _, s := range starts {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%q is not an http or https URL", source.RedactURL(s))
		}
		if u.User != nil {
			u.User = nil
			opt.Note(&source.Problem{Path: u.String(), Err: errors.New("credentials in the URL are not sent")})
		}
		c.hosts[strings.ToLower(u.Host)] = true
		c.push(task{url: u.String(), kind: Page, start: true})
	}
	cctx, cancel := context.WithTimeout(ctx, opt.CrawlTimeout)
	defer cancel()
	c.ctx = cctx
	c.client = newClient(c)
	defer c.client.CloseIdleConnections()
	site := &Site{byURL: map[string]*Response{}}
	// The queue is fetched in waves, breadth first: a wave's requests run at once (at most
	// opt.Parallel), and their answers are taken in queue order, so that what is fetched and in
	// which order does not depend on which answer came first.
	unfetched := 0
	for len(c.queue) > 0 && cctx.Err() == nil {
		wave := c.queue
		c.queue = nil
		stop := false
		for i := range wave {
			if !c.take() {
				c.note("", fmt.Sprintf("request limit %d reached (--max-requests) with %d resources not fetched", opt.MaxRequests, len(wave)-i))
				wave, stop = wave[:i], true
				break
			}
		}
		if c.bytesLeft() <= 0 {
			c.note("", fmt.Sprintf("byte limit %d reached (--max-bytes) with %d resources not fetched", opt.MaxBytes, len(wave)))
			break
		}
		got := make([]*fetched, len(wave))
		errs := make([]error, len(wave))
		var wg sync.WaitGroup
		slots := make(chan struct{}, opt.Parallel)
		for i, t := range wave {
			wg.Add(1)
			go func() {
				defer wg.Done()
				slots <- struct{}{}
				defer func() { <-slots }()
				got[i], errs[i] = c.get(cctx, t.url)
			}()
		}
		wg.Wait()
		for i, t := range wave {
			if err := errs[i]; err != nil {
				switch {
				case errors.Is(err, errRequests):
					c.note("", fmt.Sprintf("request limit %d reached (--max-requests) while following redirects", opt.MaxRequests))
				case cctx.Err() != nil && !strings.Contains(err.Error(), "--request-timeout"):
					unfetched++ // the crawl timeout, noted below
				default:
					opt.Note(&source.Problem{Path: t.url, Err: err})
				}
				if t.start {
					site.Unfetched = append(site.Unfetched, t.url)
				}
				continue
			}
			c.take1(site, t, got[i])
		}
		if stop {
			break
		}
	}
	if cctx.Err() != nil && ctx.Err() == nil {
		c.note("", fmt.Sprintf("crawl stopped after %s (--crawl-timeout) with %d resources not fetched", opt.CrawlTimeout, unfetched+len(c.queue)))
	}
	return site, nil
}

// take1 keeps one answer of a wave, when it is a resource worth scanning, and queues what it references.
func (c *crawl) take1(site *Site, t task, f *fetched) {
	opt := c.opt
	if f.status != http.StatusOK {
		if !t.probe {
			opt.Note(&source.Problem{Path: t.url, Err: fmt.Errorf("answered with status %d", f.status)})
		}
		if t.start {
			site.Unfetched = append(site.Unfetched, t.url)
		}
		return
	}
	if f.cut {
		opt.Note(&source.Problem{Path: f.url, Err: fmt.Errorf("response cut at %d bytes (--max-response-bytes %d, --max-bytes %d)", len(f.body), opt.MaxResponseBytes, opt.MaxBytes)})
	}
	if site.byURL[f.url] != nil {
		return // a redirect to something already fetched
	}
	kind := kindOf(t.kind, f)
	if t.probe && (kind != t.kind || len(f.body) == 0 || kind == Map && !looksJSON(f.body)) {
		return // a fallback page (an SPA's index.html) served for a guessed name
	}
	if kind == Page && t.kind != Page {
		return // an HTML answer for a script or map: a browser would not run it, and a fallback page repeats the page
	}
	r := &Response{URL: f.url, Kind: kind, MapRef: f.mapRef, Body: f.body}
	site.Responses = append(site.Responses, r)
	site.byURL[r.URL] = r
	if t.url != r.URL {
		site.byURL[t.url] = r
	}
	c.follow(r)
}

// follow queues what a fetched resource references.
func (c *crawl) follow(r *Response) {
	switch r.Kind {
	case Page:
		for _, ref := range pageRefs(r.URL, r.Body) {
			c.push(ref)
		}
	case Script:
		refs := scriptRefs(r.URL, r.Body)
		hasMap := r.MapRef != ""
		for _, ref := range refs {
			if ref.kind == Map {
				hasMap = true
			}
		}
		if r.MapRef != "" {
			c.push(task{url: r.MapRef, kind: Map, from: r.URL})
		}
		for _, ref := range refs {
			c.push(ref)
		}
		if !hasMap {
			c.push(task{url: strings.SplitN(r.URL, "?", 2)[0] + ".map", kind: Map, probe: true, from: r.URL})
		}
	case JSON:
		for _, ref := range jsonRefs(r.URL, r.Body) {
			c.push(ref)
		}
	}
}

// push queues a task once, if its host may be fetched.
func (c *crawl) push(t task) {
	u, err := url.Parse(t.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return
	}
	u.Fragment = ""
	t.url = u.String()
	if c.seen[t.url] {
		return
	}
	c.seen[t.url] = true
	if !c.allowed(u) {
		c.note("host "+u.Host, fmt.Sprintf("not fetched: %s is on host %s (add --allow-host %s to fetch it)", t.url, u.Host, u.Host))
		return
	}
	c.queue = append(c.queue, t)
}

// allowed reports whether u's host may be fetched.
func (c *crawl) allowed(u *url.URL) bool {
	return c.hosts[strings.ToLower(u.Host)] || c.hosts[strings.ToLower(u.Hostname())]
}

// take counts one request; false when the budget is spent.
func (c *crawl) take() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.requests >= c.opt.MaxRequests {
		return false
	}
	c.requests++
	return true
}

func (c *crawl) bytesLeft() int64 { return c.bytes.Left() }

// note tells opt.Note once per key (every time when key is "").
func (c *crawl) note(key, msg string) {
	if key != "" {
		if c.noted[key] {
			return
		}
		c.noted[key] = true
	}
	c.opt.Note(&source.Problem{Path: "keylint scan (site)", Err: errors.New(msg)})
}

// kindOf decides what a response is from what it was expected to be and how it was served.
func kindOf(want Kind, f *fetched) Kind {
	ct := strings.ToLower(f.contentType)
	path := strings.ToLower(strings.SplitN(f.url, "?", 2)[0])
	head := bytes.ToLower(bytes.TrimSpace(f.body[:min(len(f.body), 512)]))
	switch {
	case strings.Contains(ct, "html"), bytes.HasPrefix(head, []byte("<!doctype html")), bytes.HasPrefix(head, []byte("<html")):
		return Page
	case strings.HasSuffix(path, ".map"):
		return Map
	case strings.Contains(ct, "javascript") || strings.HasSuffix(path, ".js") || strings.HasSuffix(path, ".mjs"):
		return Script
	case strings.Contains(ct, "json") || strings.HasSuffix(path, ".json"):
		if want == Map {
			return Map
		}
		return JSON
	}
	if want == Map || want == Script || want == JSON {
		return want
	}
	return Other
}

// looksJSON reports whether a body starts like a JSON object (after an anti-XSSI line).
func looksJSON(body []byte) bool {
	b := bytes.TrimSpace(body)
	return bytes.HasPrefix(b, []byte("{")) || bytes.HasPrefix(b, []byte(")]}"))
}
