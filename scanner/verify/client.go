package verify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// refusedAddrError is a connection keylint would not make, decided on the address
// actually dialled (after name resolution), so that DNS rebinding cannot get round it.
type refusedAddrError struct {
	addr  netip.Addr
	plain bool // plain http, which goes only to private addresses
}

func (e *refusedAddrError) Error() string {
	if e.plain {
		return fmt.Sprintf("refused to send plain http to %s: http goes only to private or loopback addresses, with --verify-allow-private", e.addr)
	}
	return fmt.Sprintf("refused to connect to %s: a private, loopback or link-local address (--verify-allow-private allows it)", e.addr)
}

// private reports whether addr is not on the public internet.
func private(addr netip.Addr) bool {
	addr = addr.Unmap()
	return addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsInterfaceLocalMulticast() || addr.IsMulticast() || addr.IsUnspecified() ||
		cgnat(addr) || (addr.Is4() && addr.As4()[0] == 0)
}

// cgnat reports whether addr is in 100.64.0.0/10, carrier-grade NAT's shared space: private in all but name.
func cgnat(addr netip.Addr) bool {
	if !addr.Is4() {
		return false
	}
	b := addr.As4()
	return b[0] == 100 && b[1]&0xc0 == 64
}

// dialGuard decides, per dialled address, whether a connection may be made.
type dialGuard struct {
	allowPrivate bool
}

// dialer returns a dialer whose Control refuses what the guard forbids; plain marks plain http.
func (g dialGuard) dialer(plain bool) *net.Dialer {
	return &net.Dialer{
		Timeout: 10 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("refused to connect to an address that does not parse: %w", err)
			}
			priv := private(ap.Addr())
			switch {
			case plain && !(g.allowPrivate && priv):
				return &refusedAddrError{addr: ap.Addr().Unmap(), plain: true}
			case priv && !g.allowPrivate:
				return &refusedAddrError{addr: ap.Addr().Unmap()}
			}
			return nil
		},
	}
}

// newClient returns the only HTTP client verification uses: no proxy, guarded dials,
// TLS 1.2 or later, redirects followed only on the same scheme and host.
func newClient(allowPrivate bool, roots *x509.CertPool) *http.Client {
	g := dialGuard{allowPrivate: allowPrivate}
	plain, secure := g.dialer(true), g.dialer(false)
	tr := &http.Transport{
		Proxy:       nil,
		DialContext: plain.DialContext,
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			raw, err := secure.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			conn := tls.Client(raw, &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12})
			if err := conn.HandshakeContext(ctx); err != nil {
				raw.Close()
				return nil, &tlsError{err}
			}
			return conn, nil
		},
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       30 * time.Second,
		ResponseHeaderTimeout: 0, // the request's context bounds it
		DisableCompression:    false,
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			first := via[0].URL
			if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host || len(via) > 3 {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
}

// tlsError is a failed TLS handshake.
type tlsError struct{ err error }

func (e *tlsError) Error() string { return "TLS handshake failed: " + e.err.Error() }
func (e *tlsError) Unwrap() error { return e.err }

// describe turns a transport error into keylint's own words: never the URL, which may hold a key.
func describe(parent context.Context, err error, requestTimeout time.Duration) string {
	var refused *refusedAddrError
	var dns *net.DNSError
	var tlsErr *tlsError
	var netErr net.Error
	switch {
	case errors.As(err, &refused):
		return refused.Error()
	case parent.Err() != nil:
		return "verification stopped: its time bound (--verify-timeout) ran out"
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		return fmt.Sprintf("no answer within %s", requestTimeout)
	case errors.As(err, &dns):
		return "could not resolve " + dns.Name
	case errors.As(err, &tlsErr):
		return "TLS handshake failed"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	}
	return "connection failed"
}
