package main

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/site"
	"github.com/keylint/keylint/scanner/source"
)

// siteFlags are keylint scan's limits for URLs.
type siteFlags struct {
	allowHosts       []string
	maxRequests      int
	maxBytes         int64
	maxResponseBytes int64
	opt              site.Options
}

func (s *siteFlags) register(fs *pflag.FlagSet) {
	fs.StringSliceVar(&s.allowHosts, "allow-host", nil, "for URLs: also fetch from this `HOST` (host or host:port; repeatable); by default only the named URLs' hosts")
	fs.IntVar(&s.maxRequests, "max-requests", site.DefaultMaxRequests, "for URLs: at most this many requests in the run, redirects included")
	fs.Int64Var(&s.maxBytes, "max-bytes", site.DefaultMaxBytes, "for URLs: at most this many decoded bytes fetched in the run")
	fs.Int64Var(&s.maxResponseBytes, "max-response-bytes", site.DefaultMaxResponseBytes, "for URLs: at most this many decoded bytes kept of one response")
	fs.DurationVar(&s.opt.RequestTimeout, "request-timeout", site.DefaultRequestTimeout, "for URLs: give up on one request after this long")
	fs.IntVar(&s.opt.MaxRedirects, "max-redirects", site.DefaultMaxRedirects, "for URLs: redirects followed per request")
	fs.IntVar(&s.opt.Parallel, "parallel-requests", site.DefaultParallel, "for URLs: requests in flight at once")
	fs.DurationVar(&s.opt.CrawlTimeout, "crawl-timeout", site.DefaultCrawlTimeout, "for URLs: stop fetching after this long and scan what was fetched")
}

// splitURLs separates http(s) URLs from paths.
func splitURLs(args []string) (urls, paths []string) {
	for _, a := range args {
		if source.IsURL(a) {
			urls = append(urls, a)
		} else {
			paths = append(paths, a)
		}
	}
	return urls, paths
}

// crawl fetches the URLs within the flags' limits.
func (s *siteFlags) crawl(ctx context.Context, urls []string, note func(*source.Problem)) (*site.Site, error) {
	opt := s.opt
	opt.AllowHosts = s.allowHosts
	opt.MaxRequests = s.maxRequests
	opt.MaxBytes = s.maxBytes
	opt.MaxResponseBytes = s.maxResponseBytes
	opt.Note = note
	if opt.MaxRequests < 1 || opt.MaxBytes < 1 || opt.MaxResponseBytes < 1 || opt.MaxRedirects < 0 || opt.Parallel < 1 ||
		opt.RequestTimeout <= 0 || opt.CrawlTimeout <= 0 {
		return nil, usageError{fmt.Errorf("--max-requests, --max-bytes, --max-response-bytes, --parallel-requests and the timeouts must be positive, --max-redirects at least 0")}
	}
	if opt.MaxRedirects == 0 {
		opt.MaxRedirects = site.NoRedirects // --max-redirects 0 means none, not the default
	}
	st, err := site.Crawl(ctx, urls, opt)
	if err != nil {
		return nil, usageError{err}
	}
	return st, nil
}

// mapFinder finds source maps on the site for URLs and on disk for files.
type mapFinder struct {
	site  *site.Site
	files frontend.FileMaps
}

func (m mapFinder) FindMap(loc source.Location, script []byte) (string, []byte, error) {
	if source.IsURL(loc.Path) {
		if m.site == nil {
			return "", nil, nil
		}
		return m.site.FindMap(loc, script)
	}
	return m.files.FindMap(loc, script)
}

// sources scans each source in turn.
type sources []source.Source

func (ss sources) Items(ctx context.Context, yield func(source.Item) error) error {
	for _, s := range ss {
		if err := s.Items(ctx, yield); err != nil {
			return err
		}
	}
	return nil
}
