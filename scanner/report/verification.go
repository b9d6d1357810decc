package report

import (
	"time"

	"github.com/keylint/keylint/scanner"
)

// liveSecuritySeverity is the security-severity of a key the provider accepted.
const liveSecuritySeverity = "9.8"

// jsonVerification is a verification as the JSON and SARIF reports hold it.
type jsonVerification struct {
	Status    string `json:"status"`
	CheckedAt string `json:"checkedAt,omitempty"`
	Host      string `json:"host,omitempty"`
	Detail    string `json:"detail,omitempty"`
}

// verificationOf is the report form of a finding's verification, or nil when none was made.
func verificationOf(f *scanner.Finding) *jsonVerification {
	v := f.Verification
	if v == nil {
		return nil
	}
	out := &jsonVerification{Status: string(v.Status), Host: v.Host, Detail: v.Detail}
	if !v.CheckedAt.IsZero() {
		out.CheckedAt = v.CheckedAt.UTC().Format(time.RFC3339)
	}
	return out
}

// verificationLine is the text report's line about a verification, or "".
func verificationLine(f *scanner.Finding) string {
	v := f.Verification
	if v == nil {
		return ""
	}
	s := "verified: " + string(v.Status)
	if v.Host != "" {
		s += " at " + v.Host
	}
	if v.Detail != "" {
		s += ": " + v.Detail
	}
	return s
}

// live reports whether the provider accepted the finding's key.
func live(f *scanner.Finding) bool {
	return f.Verification != nil && (f.Verification.Status == scanner.StatusLive || f.Verification.Status == scanner.StatusNoFunds)
}
