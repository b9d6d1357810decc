package verify

import (
	"context"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner"
)

func TestGonkaGateAnswers(t *testing.T) {
	keys := map[string]string{} // key -> label
	label := map[string]string{}
	for _, l := range []string{"live", "unknown-key", "deactivated", "payment-required", "insufficient-quota", "server-error"} {
		k := testkey.GonkaGate(nil)
		keys[k], label[l] = l, k
	}
	srv := gonkaGateFake(t, []string{label["live"]}, func(w http.ResponseWriter, key string, _ int) bool {
		switch keys[key] {
		case "deactivated":
			w.WriteHeader(http.StatusForbidden)
		case "payment-required":
			w.WriteHeader(http.StatusPaymentRequired)
		case "insufficient-quota":
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"code":"insufficient_quota"}}`))
		case "server-error":
			w.WriteHeader(http.StatusInternalServerError)
		default:
			return false
		}
		return true
	})
	var fs []scanner.Finding
	for k := range keys {
		fs = append(fs, finding(k, "a.py"))
	}
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: srv.URL}).Run(t.Context(), fs)
	want := map[string]scanner.VerifyStatus{
		"live": scanner.StatusLive, "unknown-key": scanner.StatusInvalid, "deactivated": scanner.StatusDeactivated,
		"payment-required": scanner.StatusNoFunds, "insufficient-quota": scanner.StatusNoFunds, "server-error": scanner.StatusUnknown,
	}
	if diff := cmp.Diff(want, statuses(fs, keys)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	for _, f := range fs {
		v := f.Verification
		if v.Host != strings.TrimPrefix(srv.URL, "http://") || v.CheckedAt.IsZero() || v.Detail == "" {
			t.Errorf("%s: verification %+v lacks host, time or detail", keys[f.Secret], *v)
		}
		if strings.Contains(v.Detail, f.Secret) {
			t.Errorf("a detail holds the key")
		}
	}
	if got := fs[slices.IndexFunc(fs, func(f scanner.Finding) bool { return keys[f.Secret] == "live" })].Verification.Detail; !strings.Contains(got, "2 model(s)") {
		t.Errorf("live detail %q does not count the models", got)
	}
}

func TestFastGPTAnswers(t *testing.T) {
	keys := map[string]string{}
	label := map[string]string{}
	for _, l := range []string{"live", "live-old", "spent", "not-valid", "dead"} {
		k := testkey.FastGPT(nil)
		keys[k], label[l] = l, k
	}
	srv := fastGPTFake(t, map[string]string{
		label["live"]:      `{"valid":true,"usagePoints":12,"maxUsagePoints":100,"appId":"65f0c0ffee"}`,
		label["live-old"]:  `{"appId":"65f0c0ffee"}`,
		label["spent"]:     `{"valid":true,"usagePoints":100,"maxUsagePoints":100}`,
		label["not-valid"]: `{"valid":false}`,
	})
	var fs []scanner.Finding
	for k := range keys {
		fs = append(fs, finding(k, "app.ts"))
	}
	verifier(t, newFakeClock(), Options{FastGPTBaseURL: srv.URL + "/api"}).Run(t.Context(), fs)
	want := map[string]scanner.VerifyStatus{
		"live": scanner.StatusLive, "live-old": scanner.StatusLive, "spent": scanner.StatusNoFunds,
		"not-valid": scanner.StatusInvalid, "dead": scanner.StatusInvalid, // HTTP 500 with "APIKey invalid": the body decides
	}
	if diff := cmp.Diff(want, statuses(fs, keys)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	for _, f := range fs {
		if keys[f.Secret] == "live" && f.Verification.Detail != "HTTP 200: usage points 12 of 100 spent" {
			t.Errorf("live detail = %q, want the usage points", f.Verification.Detail)
		}
	}
}

// An endpoint that answers 200 to anything fails the control request: every key from
// it is unknown, and no real key is sent to it.
func TestAuthIgnoringEndpointIsUnknown(t *testing.T) {
	anything := func(w http.ResponseWriter, r *http.Request, key string, nth int) {
		_, _ = w.Write([]byte(`{"code":200,"data":{"valid":true},"object":"list","data2":[]}`))
	}
	gg := newFake(t, bearer, anything)
	fg := newFake(t, apiKeyParam, anything)
	gk, fk := testkey.GonkaGate(nil), testkey.FastGPT(nil)
	fs := []scanner.Finding{finding(gk, "a"), finding(fk, "b")}
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: gg.URL, FastGPTBaseURL: fg.URL}).Run(t.Context(), fs)
	for _, f := range fs {
		if f.Verification.Status != scanner.StatusUnknown || !strings.Contains(f.Verification.Detail, "control request not refused") {
			t.Errorf("%s: %+v, want unknown after a failed control", f.RuleID, *f.Verification)
		}
	}
	if n := gg.count(gk) + fg.count(fk); n != 0 {
		t.Errorf("a real key was sent %d time(s) to an endpoint that failed its control", n)
	}
	if got := len(gg.received()); got != 1 {
		t.Errorf("GonkaGate got %d requests, want 1 (the keyless control, then nothing)", got)
	}
}

// The control fails too when only a random key is accepted (the endpoint refuses an empty key).
func TestRandomKeyAcceptedIsUnknown(t *testing.T) {
	srv := newFake(t, bearer, func(w http.ResponseWriter, r *http.Request, key string, nth int) {
		if key == "" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	})
	k := testkey.GonkaGate(nil)
	fs := []scanner.Finding{finding(k, "a")}
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: srv.URL}).Run(t.Context(), fs)
	if v := fs[0].Verification; v.Status != scanner.StatusUnknown || !strings.Contains(v.Detail, "a random key came out live") {
		t.Errorf("got %+v, want unknown: a random key was accepted", *v)
	}
	if srv.count(k) != 0 {
		t.Error("the key was sent after a failed control")
	}
}

func TestRetryAfter429(t *testing.T) {
	k := testkey.GonkaGate(nil)
	srv := gonkaGateFake(t, []string{k}, func(w http.ResponseWriter, key string, nth int) bool {
		if key == k && nth == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	})
	clock := newFakeClock()
	fs := []scanner.Finding{finding(k, "a")}
	verifier(t, clock, Options{GonkaGateBaseURL: srv.URL}).Run(t.Context(), fs)
	if fs[0].Verification.Status != scanner.StatusLive || srv.count(k) != 2 {
		t.Fatalf("got %+v after %d requests, want live on the second", *fs[0].Verification, srv.count(k))
	}
	// Control (2 requests at 0s and 1s), the key at 2s, refused; asked again 7s later.
	if diff := cmp.Diff([]time.Duration{time.Second, 2 * time.Second, 9 * time.Second}, clock.slept()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func TestRateLimitedAfterRetries(t *testing.T) {
	k := testkey.FastGPT(nil)
	srv := newFake(t, apiKeyParam, func(w http.ResponseWriter, r *http.Request, key string, nth int) {
		if key == k {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"code":429,"statusText":"","message":"request frequency limit"}`))
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":500,"message":"APIKey invalid"}`))
	})
	fs := []scanner.Finding{finding(k, "a")}
	verifier(t, newFakeClock(), Options{FastGPTBaseURL: srv.URL}).Run(t.Context(), fs)
	if v := fs[0].Verification; v.Status != scanner.StatusRateLimited || srv.count(k) != 3 {
		t.Errorf("got %+v after %d requests, want rate-limited after 3", *v, srv.count(k))
	}
}

func TestServiceUnavailableThenOK(t *testing.T) {
	k := testkey.GonkaGate(nil)
	srv := gonkaGateFake(t, []string{k}, func(w http.ResponseWriter, key string, nth int) bool {
		if key == k && nth == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		return false
	})
	clock := newFakeClock()
	fs := []scanner.Finding{finding(k, "a")}
	verifier(t, clock, Options{GonkaGateBaseURL: srv.URL}).Run(t.Context(), fs)
	if fs[0].Verification.Status != scanner.StatusLive {
		t.Fatalf("got %+v, want live after a 503", *fs[0].Verification)
	}
	// The retry waits the 1s backoff after the 503 at 2s (the control took 0s and 1s).
	if diff := cmp.Diff([]time.Duration{time.Second, 2 * time.Second, 3 * time.Second}, clock.slept()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func TestRedirectToAnotherHostNotFollowed(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	k := testkey.GonkaGate(nil)
	srv := gonkaGateFake(t, nil, func(w http.ResponseWriter, key string, nth int) bool {
		if key == k {
			w.Header().Set("Location", other.URL+"/v1/models")
			w.WriteHeader(http.StatusFound)
			return true
		}
		return false
	})
	fs := []scanner.Finding{finding(k, "a")}
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: srv.URL}).Run(t.Context(), fs)
	want := "HTTP 302: redirected to " + strings.TrimPrefix(other.URL, "http://") + ", not followed"
	if v := fs[0].Verification; v.Status != scanner.StatusUnknown || v.Detail != want {
		t.Errorf("got %+v, want unknown: %s", *v, want)
	}
	if elsewhere.Load() != 0 {
		t.Errorf("the redirect was followed to another host")
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	k := testkey.FastGPT(nil)
	srv := newFake(t, apiKeyParam, func(w http.ResponseWriter, r *http.Request, key string, nth int) {
		if key == k {
			<-r.Context().Done() // never answers; the client gives up
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":500,"message":"APIKey invalid"}`))
	})
	fs := []scanner.Finding{finding(k, "a")}
	verifier(t, newFakeClock(), Options{FastGPTBaseURL: srv.URL, RequestTimeout: 150 * time.Millisecond}).Run(t.Context(), fs)
	if v := fs[0].Verification; v.Status != scanner.StatusUnknown || v.Detail != "no answer within 150ms" {
		t.Errorf("got %+v, want unknown: no answer within 150ms", *v)
	}
}

// The whole verification is bounded: keys still waiting when it ends are unknown.
func TestWholeVerificationBounded(t *testing.T) {
	slow := map[string]bool{}
	var fs []scanner.Finding
	for range 3 {
		k := testkey.GonkaGate(nil)
		slow[k] = true
		fs = append(fs, finding(k, "a"))
	}
	srv := newFake(t, bearer, func(w http.ResponseWriter, r *http.Request, key string, nth int) {
		if slow[key] {
			<-r.Context().Done() // the real keys get no answer; the controls are refused
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	})
	start := time.Now()
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: srv.URL, Timeout: 300 * time.Millisecond, RequestTimeout: time.Minute}).Run(t.Context(), fs)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("verification took %s past its 300ms bound", d)
	}
	for _, f := range fs {
		want := "verification stopped: its time bound (--verify-timeout) ran out"
		if f.Verification == nil || f.Verification.Status != scanner.StatusUnknown || f.Verification.Detail != want {
			t.Errorf("got %+v, want unknown: %s", f.Verification, want)
		}
	}
}

// Each distinct key is checked once, however many findings hold it, after one control per host.
func TestOneCheckPerKey(t *testing.T) {
	a, b := testkey.GonkaGate(nil), testkey.GonkaGate(nil)
	srv := gonkaGateFake(t, []string{a}, nil)
	fs := []scanner.Finding{finding(a, "x"), finding(b, "x"), finding(a, "y"), finding(a, "z"), finding(b, "w")}
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: srv.URL}).Run(t.Context(), fs)
	if srv.count(a) != 1 || srv.count(b) != 1 || len(srv.received()) != 4 {
		t.Errorf("requests: %d for a, %d for b, %d in all; want 1, 1 and 4 (two for the control)", srv.count(a), srv.count(b), len(srv.received()))
	}
	got := []scanner.VerifyStatus{}
	for _, f := range fs {
		got = append(got, f.Verification.Status)
	}
	want := []scanner.VerifyStatus{"live", "invalid", "live", "live", "invalid"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

// The rate limit is measured with the fake clock: requests to one host take slots a
// second apart; another host has its own pace.
func TestRatePerHost(t *testing.T) {
	var gks, fks []string
	for range 4 {
		gks = append(gks, testkey.GonkaGate(nil))
		fks = append(fks, testkey.FastGPT(nil))
	}
	gg := gonkaGateFake(t, gks, nil)
	fg := fastGPTFake(t, nil)
	var fs []scanner.Finding
	for i := range gks {
		fs = append(fs, finding(gks[i], "a"))
	}
	clock := newFakeClock()
	verifier(t, clock, Options{GonkaGateBaseURL: gg.URL, Workers: 8}).Run(t.Context(), fs)
	// Six requests (two controls, four keys) on four workers, a second apart.
	if diff := cmp.Diff([]time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 4 * time.Second, 5 * time.Second}, clock.slept()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}

	for i := range fks {
		fs = append(fs, finding(fks[i], "b"))
	}
	clock = newFakeClock()
	verifier(t, clock, Options{GonkaGateBaseURL: gg.URL, FastGPTBaseURL: fg.URL, Workers: 8}).Run(t.Context(), fs)
	// Twelve requests to two hosts: one shared pace would take 11s; each host's own, 5s
	// from whenever its first request went.
	if got := clock.elapsed(); got < 5*time.Second || got > 10*time.Second {
		t.Errorf("6 requests to each of two hosts at 1/s took %s of clock time, want 5s to 10s", got)
	}

	clock = newFakeClock()
	verifier(t, clock, Options{GonkaGateBaseURL: gg.URL, Rate: 4}).Run(t.Context(), []scanner.Finding{finding(gks[0], "a"), finding(gks[1], "b")})
	if got := clock.elapsed(); got != 750*time.Millisecond {
		t.Errorf("4 requests at --verify-rate 4 took %s, want 750ms", got)
	}
}

func TestLimiterSlots(t *testing.T) {
	clock := newFakeClock()
	ls := &limiters{clock: clock, interval: 500 * time.Millisecond, byHost: map[string]*limiter{}}
	done := make(chan struct{})
	for range 5 {
		go func() { _ = ls.get("a").wait(context.Background()); done <- struct{}{} }()
	}
	for range 5 {
		<-done
	}
	slept := clock.slept()
	slices.Sort(slept)
	want := []time.Duration{500 * time.Millisecond, time.Second, 1500 * time.Millisecond, 2 * time.Second}
	if diff := cmp.Diff(want, slept); diff != "" {
		t.Errorf("slots (-want +got):\n%s", diff)
	}
	ls.get("a").holdFor(10 * time.Second)
	_ = ls.get("a").wait(context.Background())
	if got := clock.elapsed(); got != 12*time.Second {
		t.Errorf("after holdFor(10s) at 2s the next slot came at %s, want 12s", got)
	}
	_ = ls.get("b").wait(context.Background())
	if got := clock.elapsed(); got != 12*time.Second {
		t.Errorf("another host waited: clock at %s", got)
	}
}

func TestManagementKeysNotSent(t *testing.T) {
	srv := gonkaGateFake(t, nil, nil)
	f := finding("gpm-"+testkey.Body(nil, 40), "a")
	f.RuleID = "gonkagate-management-key"
	fs := []scanner.Finding{f, {RuleID: "env-not-ignored"}}
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: srv.URL}).Run(t.Context(), fs)
	if v := fs[0].Verification; v == nil || v.Status != scanner.StatusNotChecked {
		t.Errorf("management key: %+v, want not-checked", v)
	}
	if fs[1].Verification != nil {
		t.Errorf("a finding without a key got a verification")
	}
	if n := len(srv.received()); n != 0 {
		t.Errorf("%d request(s) sent for a management key", n)
	}
}

// Private addresses are refused on the address dialled, not only on the URL: a name
// that resolves to 127.0.0.1 is refused, and the server sees no connection.
func TestPrivateAddressRefusedAtDial(t *testing.T) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	v, err := New(Options{GonkaGateBaseURL: "https://localhost:" + port, Clock: newFakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	fs := []scanner.Finding{finding(testkey.GonkaGate(nil), "a")}
	v.Run(t.Context(), fs)
	got := fs[0].Verification
	if got.Status != scanner.StatusUnknown || !strings.Contains(got.Detail, "refused to connect to 127.0.0.1") && !strings.Contains(got.Detail, "refused to connect to ::1") {
		t.Errorf("got %+v, want unknown: refused to connect to a loopback address", *got)
	}
	if conns.Load() != 0 {
		t.Errorf("the server saw %d connection(s)", conns.Load())
	}
}

// With --verify-allow-private, https to a local server works when its certificate is trusted.
func TestHTTPSWhenAllowed(t *testing.T) {
	k := testkey.GonkaGate(nil)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if bearer(r) != k {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	v, err := New(Options{GonkaGateBaseURL: srv.URL, AllowPrivate: true, RootCAs: pool, Clock: newFakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	fs := []scanner.Finding{finding(k, "a")}
	v.Run(t.Context(), fs)
	if got := fs[0].Verification; got.Status != scanner.StatusLive {
		t.Errorf("got %+v, want live over https", *got)
	}
}

func TestDialGuard(t *testing.T) {
	tests := []struct {
		name         string
		allowPrivate bool
		plain        bool
		addr         string
		refused      bool
	}{
		{"public https", false, false, "93.184.216.34:443", false},
		{"loopback https", false, false, "127.0.0.1:443", true},
		{"loopback v6", false, false, "[::1]:443", true},
		{"private", false, false, "10.1.2.3:443", true},
		{"link-local metadata", false, false, "169.254.169.254:80", true},
		{"mapped loopback", false, false, "[::ffff:127.0.0.1]:443", true},
		{"cgnat", false, false, "100.64.1.1:443", true},
		{"private allowed", true, false, "192.168.1.5:443", false},
		{"plain http to public, allowed private", true, true, "93.184.216.34:80", true},
		{"plain http to private, allowed", true, true, "192.168.1.5:3000", false},
		{"plain http to private, not allowed", false, true, "192.168.1.5:3000", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := dialGuard{allowPrivate: tc.allowPrivate}.dialer(tc.plain).Control("tcp", tc.addr, nil)
			if (err != nil) != tc.refused {
				t.Errorf("refused = %v (%v), want %v", err != nil, err, tc.refused)
			}
		})
	}
}

func TestBaseURLs(t *testing.T) {
	tests := []struct {
		name, url    string
		allowPrivate bool
		wantErr      bool
	}{
		{"https", "https://fastgpt.example.com/api", false, false},
		{"plain http", "http://fastgpt.example.com", false, true},
		{"plain http allowed", "http://127.0.0.1:3000", true, false},
		{"other scheme", "file:///etc/passwd", true, true},
		{"user info", "https://u:p@fastgpt.example.com", false, true},
		{"query", "https://fastgpt.example.com/?x=1", false, true},
		{"no host", "https:///api", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(Options{FastGPTBaseURL: tc.url, AllowPrivate: tc.allowPrivate})
			if (err != nil) != tc.wantErr {
				t.Errorf("New(%q): err = %v, want error %v", tc.url, err, tc.wantErr)
			}
		})
	}
}

func TestUserAgentAndNoProxy(t *testing.T) {
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	fs := []scanner.Finding{finding(testkey.GonkaGate(nil), "a")}
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: srv.URL, UserAgent: "keylint/test"}).Run(t.Context(), fs)
	if fs[0].Verification.Status != scanner.StatusInvalid || ua.Load() != "keylint/test" {
		t.Errorf("got %+v with User-Agent %v, want invalid with keylint's User-Agent and no proxy", *fs[0].Verification, ua.Load())
	}
}

// A redirect on the same host and scheme is followed.
func TestSameHostRedirectFollowed(t *testing.T) {
	k := testkey.GonkaGate(nil)
	srv := newFake(t, bearer, func(w http.ResponseWriter, r *http.Request, key string, nth int) {
		switch {
		case key != k:
			w.WriteHeader(http.StatusUnauthorized)
		case r.URL.Path == "/v1/models":
			http.Redirect(w, r, "/v2/models", http.StatusTemporaryRedirect)
		default:
			_, _ = w.Write([]byte(`{"data":[]}`))
		}
	})
	fs := []scanner.Finding{finding(k, "a")}
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: srv.URL}).Run(t.Context(), fs)
	if v := fs[0].Verification; v.Status != scanner.StatusLive {
		t.Errorf("got %+v, want live through a same-host redirect", *v)
	}
}

// A host that cannot be reached fails its control: the detail says why, and no key is sent.
func TestUnreachableHostFailsControl(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	fs := []scanner.Finding{finding(testkey.GonkaGate(nil), "a")}
	verifier(t, newFakeClock(), Options{GonkaGateBaseURL: "http://" + addr}).Run(t.Context(), fs)
	want := scanner.Verification{Status: scanner.StatusUnknown, Host: addr, Detail: "connection refused (the control request, so no key was sent)"}
	if diff := cmp.Diff(want, *fs[0].Verification, cmpIgnoreTime); diff != "" {
		t.Errorf("verification (-want +got):\n%s", diff)
	}
}

// A server that echoes the key in its body, headers and a redirect cannot get it into a detail.
func TestEchoedKeyNotInDetails(t *testing.T) {
	for _, name := range []string{"body", "redirect", "slow"} {
		t.Run(name, func(t *testing.T) {
			k := testkey.FastGPT(nil)
			srv := newFake(t, apiKeyParam, func(w http.ResponseWriter, r *http.Request, key string, nth int) {
				if key != k {
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(`{"code":500,"message":"APIKey invalid"}`))
					return
				}
				w.Header().Set("X-Echo", key)
				switch name {
				case "body":
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(`{"code":500,"statusText":"` + key + `","message":"odd ` + key + `"}`))
				case "redirect":
					w.Header().Set("Location", "http://"+key[8:20]+".example/?apiKey="+key)
					w.WriteHeader(http.StatusFound)
				case "slow":
					<-r.Context().Done()
				}
			})
			fs := []scanner.Finding{finding(k, "a")}
			verifier(t, newFakeClock(), Options{FastGPTBaseURL: srv.URL, RequestTimeout: 100 * time.Millisecond}).Run(t.Context(), fs)
			v := fs[0].Verification
			if v.Status != scanner.StatusUnknown || sharesPiece(v.Detail+v.Host, k) {
				t.Errorf("got %+v: want unknown, without the key", *v)
			}
		})
	}
}
