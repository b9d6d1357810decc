package verify

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/rules"
)

// maxBody bounds how much of an answer is read.
const maxBody = 64 << 10

// run is the state of one verification: the client, the hosts' limiters and controls.
type run struct {
	v      *Verifier
	client *http.Client
	limits *limiters
	mu     sync.Mutex
	checks map[string]*control
}

// control is the result of one host's control request, made once per run.
type control struct {
	once sync.Once
	ok   bool
	why  string
}

// job is one distinct key at one set of hosts, and the findings that hold it.
type job struct {
	key   string
	p     provider
	bases []*url.URL
	at    []int
	out   scanner.Verification
}

// Run checks the key of every finding that holds one, each distinct key once, and
// sets the finding's Verification. It returns when every key has an answer or the
// time bound has passed (the rest are unknown).
func (v *Verifier) Run(ctx context.Context, fs []scanner.Finding) {
	ctx, cancel := context.WithTimeout(ctx, v.opt.Timeout)
	defer cancel()
	r := &run{v: v, client: newClient(v.opt.AllowPrivate, v.opt.RootCAs),
		limits: &limiters{clock: v.opt.Clock, interval: time.Duration(float64(time.Second) / v.opt.Rate), byHost: map[string]*limiter{}},
		checks: map[string]*control{}}
	defer r.client.CloseIdleConnections()

	byID := map[string]*job{}
	var jobs []*job
	for i := range fs {
		f := &fs[i]
		if f.Secret == "" {
			continue
		}
		p, why := providerFor(f)
		if p == nil {
			f.Verification = &scanner.Verification{Status: scanner.StatusNotChecked, Detail: why}
			continue
		}
		bases, why := v.basesFor(p, f)
		if len(bases) == 0 {
			f.Verification = &scanner.Verification{Status: scanner.StatusUnknown, CheckedAt: v.opt.Clock.Now(), Detail: why}
			continue
		}
		id := f.SecretHash()
		for _, b := range bases {
			id += "\x00" + b.String()
		}
		j, ok := byID[id]
		if !ok {
			j = &job{key: f.Secret, p: p, bases: bases}
			byID[id] = j
			jobs = append(jobs, j)
		}
		j.at = append(j.at, i)
	}

	queue := make(chan *job)
	var wg sync.WaitGroup
	for range min(v.opt.Workers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				j.out = r.check(ctx, j)
			}
		}()
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	wg.Wait()
	for _, j := range jobs {
		for _, i := range j.at {
			out := j.out
			fs[i].Verification = &out
		}
	}
}

// providerFor picks the check for a finding's key, or says why there is none.
func providerFor(f *scanner.Finding) (provider, string) {
	id := f.RuleID
	if f.Rule != nil {
		id = f.Rule.ID
	}
	switch {
	case strings.HasPrefix(f.Secret, "gpm-") || id == rules.GonkaGateManagementKey:
		return nil, "GonkaGate has no public check for management keys; keylint sends them nowhere"
	case strings.HasPrefix(f.Secret, "gp-"):
		return gonkaGate{}, ""
	case strings.HasPrefix(f.Secret, "fastgpt-") || id == rules.FastGPTAPIKey || f.RuleID == rules.FastGPTAPIKey:
		return fastGPT{}, ""
	}
	return nil, "keylint has no check for this kind of key"
}

// basesFor lists the hosts a key is checked at: GonkaGate's; for FastGPT the configured
// base URL, else one written in the key's own file, else the cloud services.
func (v *Verifier) basesFor(p provider, f *scanner.Finding) ([]*url.URL, string) {
	if _, ok := p.(gonkaGate); ok {
		return []*url.URL{v.gonkaGate}, ""
	}
	if v.fastGPT != nil {
		return []*url.URL{v.fastGPT}, ""
	}
	if f.BaseURL != "" {
		u, err := v.baseURL(f.BaseURL)
		if err != nil {
			return nil, "the FastGPT base URL written in this file was not used: " + err.Error()
		}
		return []*url.URL{u}, ""
	}
	return v.cloud, ""
}

// check asks each of the job's hosts in turn until one knows the key.
func (r *run) check(ctx context.Context, j *job) scanner.Verification {
	var hosts []string
	var first *scanner.Verification
	invalid := 0
	for _, base := range j.bases {
		out := r.checkAt(ctx, j.p, base, j.key)
		hosts = append(hosts, base.Host)
		switch out.Status {
		case scanner.StatusInvalid:
			invalid++
			if first == nil {
				first = &out
			}
			continue
		case scanner.StatusUnknown:
			if first == nil || first.Status == scanner.StatusInvalid {
				first = &out
			}
			continue
		}
		return out // live, no-funds, deactivated, rate-limited: this host knows the key
	}
	out := *first
	if len(j.bases) > 1 {
		out.Host = strings.Join(hosts, ", ")
		if invalid == len(j.bases) {
			out.Detail = "none of " + out.Host + " knows the key"
		}
	}
	return out
}

// checkAt asks one host, after its control request.
func (r *run) checkAt(ctx context.Context, p provider, base *url.URL, key string) scanner.Verification {
	if ok, why := r.control(ctx, p, base); !ok {
		return scanner.Verification{Status: scanner.StatusUnknown, CheckedAt: r.v.opt.Clock.Now(), Host: base.Host, Detail: why}
	}
	vd := r.ask(ctx, p, base, key, p.classify)
	return scanner.Verification{Status: vd.status, CheckedAt: r.v.opt.Clock.Now(), Host: base.Host, Detail: vd.detail}
}

// control sends the host the check with no key and with a random well-formed key, once
// per run; both must be refused, or the host's answers mean nothing. It says why not.
func (r *run) control(ctx context.Context, p provider, base *url.URL) (bool, string) {
	r.mu.Lock()
	c, ok := r.checks[p.name()+" "+base.String()]
	if !ok {
		c = &control{}
		r.checks[p.name()+" "+base.String()] = c
	}
	r.mu.Unlock()
	c.once.Do(func() {
		const notRefused = "control request not refused, so no key was sent: "
		keyless := func(a *answer) verdict {
			if p.refusedWithoutKey(a) {
				return verdict{status: scanner.StatusInvalid}
			}
			if a.code == http.StatusTooManyRequests || a.code == http.StatusServiceUnavailable {
				return verdict{status: scanner.StatusUnknown, detail: statusText(a.code), retry: true, after: retryAfter(a)}
			}
			return verdict{status: scanner.StatusLive, detail: statusText(a.code)}
		}
		vd := r.ask(ctx, p, base, "", keyless)
		switch vd.status {
		case scanner.StatusInvalid:
		case scanner.StatusLive:
			c.why = notRefused + "the request without a key was answered " + vd.detail
			return
		default:
			c.why = vd.detail + " (the control request, so no key was sent)"
			return
		}
		switch vd := r.ask(ctx, p, base, p.randomKey(), p.classify); {
		case vd.status == scanner.StatusInvalid:
			c.ok = true
		case vd.status == scanner.StatusUnknown && !vd.answered:
			c.why = vd.detail + " (the control request, so no key was sent)"
		default:
			c.why = notRefused + "a random key came out " + string(vd.status) + " (" + vd.detail + ")"
		}
	})
	return c.ok, c.why
}

// ask sends one check through the host's limiter, asking again on 503 and 429 with a
// backoff or the Retry-After delay, and returns the last verdict.
func (r *run) ask(ctx context.Context, p provider, base *url.URL, key string, classify func(*answer) verdict) verdict {
	lim := r.limits.get(base.Host)
	backoff := time.Second
	for attempt := 1; ; attempt++ {
		if err := lim.wait(ctx); err != nil {
			return verdict{status: scanner.StatusUnknown, detail: "verification stopped: its time bound (--verify-timeout) ran out"}
		}
		a, fail := r.do(ctx, p, base, key)
		if fail != "" {
			return verdict{status: scanner.StatusUnknown, detail: fail}
		}
		if a.redirect != "" {
			return verdict{status: scanner.StatusUnknown, answered: true, detail: fmt.Sprintf("%s: redirected to %s, not followed", statusText(a.code), a.redirect)}
		}
		vd := classify(a)
		vd.answered = true
		if !vd.retry {
			return vd
		}
		if attempt > r.v.opt.Retries {
			vd.detail += fmt.Sprintf(" (%d attempts)", attempt)
			return vd
		}
		wait := vd.after
		if wait == 0 {
			wait = backoff
			backoff *= 2
		}
		if wait > r.v.opt.MaxRetryAfter {
			vd.detail += fmt.Sprintf(" (Retry-After %s is longer than keylint waits)", wait)
			return vd
		}
		lim.holdFor(wait)
	}
}

// do sends one request and reads its answer; a failure comes back described in keylint's words.
func (r *run) do(ctx context.Context, p provider, base *url.URL, key string) (*answer, string) {
	rctx, cancel := context.WithTimeout(ctx, r.v.opt.RequestTimeout)
	defer cancel()
	req, err := p.request(rctx, base, key)
	if err != nil {
		return nil, "could not build the request"
	}
	req.Header.Set("User-Agent", r.v.opt.UserAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, describe(ctx, err, r.v.opt.RequestTimeout)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, describe(ctx, err, r.v.opt.RequestTimeout)
	}
	a := &answer{code: resp.StatusCode, header: resp.Header, body: body, now: r.v.opt.Clock.Now()}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		a.redirect = "another address"
		if u, err := resp.Request.URL.Parse(resp.Header.Get("Location")); err == nil && u.Host != "" && !sharesPiece(u.Host, key) {
			a.redirect = u.Host
		}
	}
	return a, ""
}

// sharesPiece reports whether s holds six or more characters of key's body in a row:
// a host a server names may be made from the key, and no piece of a key is shown.
func sharesPiece(s, key string) bool {
	body := key[strings.IndexByte(key, '-')+1:]
	const n = 6
	for i := 0; i+n <= len(body); i++ {
		if strings.Contains(s, body[i:i+n]) {
			return true
		}
	}
	return false
}
