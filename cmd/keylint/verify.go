package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/verify"
)

// verifyFlags ask the providers whether the keys found still work (off unless asked).
type verifyFlags struct {
	on             bool
	onlyLive       bool
	rate           float64
	allowPrivate   bool
	gonkaGateURL   string
	fastGPTURL     string
	timeout        time.Duration
	requestTimeout time.Duration
	verifier       *verify.Verifier
}

// verifyFlagNames are the flags register adds.
func verifyFlagNames() []string {
	return []string{"verify", "only-live", "verify-rate", "verify-allow-private", "gonkagate-base-url",
		"fastgpt-base-url", "verify-timeout", "verify-request-timeout"}
}

// register adds the verification flags; always leaves out --verify (keylint verify always verifies).
func (v *verifyFlags) register(fs *pflag.FlagSet, always bool) {
	if always {
		v.on = true
	} else {
		fs.BoolVar(&v.on, "verify", false, "ask GonkaGate and FastGPT whether each key found still works (sends the keys to them; see README)")
	}
	fs.BoolVar(&v.onlyLive, "only-live", false, "report only keys the provider accepts (live or no-funds); implies --verify")
	fs.Float64Var(&v.rate, "verify-rate", 1, "requests per second to each host")
	fs.BoolVar(&v.allowPrivate, "verify-allow-private", false, "allow private, loopback and link-local addresses, and plain http to them (a FastGPT on a LAN, tests)")
	fs.StringVar(&v.gonkaGateURL, "gonkagate-base-url", verify.GonkaGateBaseURL, "GonkaGate API `URL` (a proxy)")
	fs.StringVar(&v.fastGPTURL, "fastgpt-base-url", "", "FastGPT `URL` for every FastGPT key (default: $FASTGPT_BASE_URL, else a base URL in the key's own file, else the FastGPT cloud)")
	fs.DurationVar(&v.timeout, "verify-timeout", 2*time.Minute, "bound on the whole verification; keys not checked by then are unknown")
	fs.DurationVar(&v.requestTimeout, "verify-request-timeout", 10*time.Second, "bound on each request")
}

// enabled reports whether keys are to be verified.
func (v *verifyFlags) enabled() bool { return v.on || v.onlyLive }

// prepare builds the verifier before any scanning, so that a bad URL stops the run early.
func (v *verifyFlags) prepare() error {
	if !v.enabled() || v.verifier != nil {
		return nil
	}
	base := v.fastGPTURL
	if base == "" {
		base = os.Getenv("FASTGPT_BASE_URL")
	}
	ver, err := verify.New(verify.Options{
		GonkaGateBaseURL: v.gonkaGateURL, FastGPTBaseURL: base, Rate: v.rate,
		RequestTimeout: v.requestTimeout, Timeout: v.timeout, AllowPrivate: v.allowPrivate,
		UserAgent: "keylint/" + version() + " (key verification; https://github.com/keylint/keylint)",
	})
	if err != nil {
		return usageError{err}
	}
	v.verifier = ver
	return nil
}

// checks are the scan checks verification needs: the FastGPT base URL of each key's own file.
func (v *verifyFlags) checks() []scanner.Check {
	if !v.enabled() {
		return nil
	}
	return []scanner.Check{verify.BaseURLCheck{}}
}

// run verifies the findings' keys, says on standard error how it went, and applies --only-live.
func (v *verifyFlags) run(ctx context.Context, e *env, quiet bool, fs []scanner.Finding) []scanner.Finding {
	if !v.enabled() || v.verifier == nil {
		return fs
	}
	v.verifier.Run(ctx, fs)
	if !quiet {
		counts := map[scanner.VerifyStatus]int{}
		n := 0
		for _, f := range fs {
			if f.Verification != nil {
				counts[f.Verification.Status]++
				n++
			}
		}
		var parts []string
		for _, s := range []scanner.VerifyStatus{scanner.StatusLive, scanner.StatusNoFunds, scanner.StatusDeactivated,
			scanner.StatusInvalid, scanner.StatusRateLimited, scanner.StatusUnknown, scanner.StatusNotChecked} {
			if counts[s] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
			}
		}
		if n > 0 {
			fmt.Fprintf(e.stderr, "keylint: verified %d finding(s): %s\n", n, strings.Join(parts, ", "))
		}
	}
	if v.onlyLive {
		fs = slices.DeleteFunc(fs, func(f scanner.Finding) bool { return !isLive(&f) })
	}
	return fs
}

// isLive reports whether the provider accepts the key (with or without funds).
func isLive(f *scanner.Finding) bool {
	return f.Verification != nil && (f.Verification.Status == scanner.StatusLive || f.Verification.Status == scanner.StatusNoFunds)
}
