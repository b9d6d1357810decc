package verify

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// BaseURLCheck records, on each FastGPT key a file holds, the FastGPT base URL the same
// file names: a FASTGPT_BASE_URL value anywhere in it, else a baseUrl value within
// nearLines lines of the key. Never one from another file (a crafted repository must
// not send a key from one file to a host named in another), and never for a key inside
// an archive member (the member is not the file). It is run only when verifying.
type BaseURLCheck struct{}

// nearLines is how close a generic baseUrl must be to the key to count as its service's.
const nearLines = 10

// baseURLPatterns are compiled on first use, not at start-up: most runs never verify.
var baseURLPatterns = sync.OnceValues(func() (named, generic *regexp.Regexp) {
	value := `["']?\s*[:=]\s*["'` + "`" + `]?(https?://[^\s"'` + "`" + `<>,;)}\]]+)`
	return regexp.MustCompile(`(?i)fastgpt_base_?url` + value), regexp.MustCompile(`(?i)\bbase_?url` + value)
})

// Applies wants every top-level file; NeedsKeys skips those without a key.
func (BaseURLCheck) Applies(loc source.Location) bool { return loc.Member == "" }

// NeedsKeys reports that a file without keys has nothing to record.
func (BaseURLCheck) NeedsKeys() bool { return true }

// Check sets BaseURL on the file's FastGPT keys.
func (BaseURLCheck) Check(loc source.Location, data []byte, found []scanner.Finding) []scanner.Finding {
	want := false
	for i := range found {
		if isFastGPT(&found[i]) {
			want = true
		}
	}
	if !want {
		return found
	}
	namedRE, genericRE := baseURLPatterns()
	named, generic := matches(namedRE, data), matches(genericRE, data)
	for i := range found {
		f := &found[i]
		if !isFastGPT(f) || f.Location.Member != "" {
			continue
		}
		if u := nearest(named, f.Line, 0); u != "" {
			f.BaseURL = u
		} else if u := nearest(generic, f.Line, nearLines); u != "" {
			f.BaseURL = u
		}
	}
	return found
}

func isFastGPT(f *scanner.Finding) bool {
	p, _ := providerFor(f)
	_, ok := p.(fastGPT)
	return ok
}

// urlAt is a URL value and the 1-based line it is on.
type urlAt struct {
	url  string
	line int
}

func matches(re *regexp.Regexp, data []byte) []urlAt {
	var out []urlAt
	for _, m := range re.FindAllSubmatchIndex(data, -1) {
		raw := strings.TrimRight(string(data[m[2]:m[3]]), ".")
		if u, err := url.Parse(raw); err != nil || u.Host == "" || strings.ContainsAny(raw, "${}") {
			continue // a template hole, not a URL
		}
		out = append(out, urlAt{url: raw, line: 1 + bytes.Count(data[:m[2]], []byte{'\n'})})
	}
	return out
}

// nearest is the URL closest to line, within limit lines (0: any distance); "" when none.
func nearest(us []urlAt, line, limit int) string {
	best, dist := "", -1
	for _, u := range us {
		d := u.line - line
		if d < 0 {
			d = -d
		}
		if limit > 0 && d > limit {
			continue
		}
		if dist < 0 || d < dist {
			best, dist = u.url, d
		}
	}
	return best
}
