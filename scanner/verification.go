package scanner

import "time"

// VerifyStatus is what a provider said about a key when keylint asked it (--verify).
type VerifyStatus string

// The statuses a verification ends in.
const (
	// StatusLive means the provider accepted the key.
	StatusLive VerifyStatus = "live"
	// StatusInvalid means the provider does not know the key.
	StatusInvalid VerifyStatus = "invalid"
	// StatusDeactivated means the key exists but its account is deactivated or suspended.
	StatusDeactivated VerifyStatus = "deactivated"
	// StatusNoFunds means the key works but its account has no balance left.
	StatusNoFunds VerifyStatus = "no-funds"
	// StatusRateLimited means the provider kept answering "too many requests".
	StatusRateLimited VerifyStatus = "rate-limited"
	// StatusUnknown means no trustworthy answer (network error, timeout, unexpected answer, failed control request).
	StatusUnknown VerifyStatus = "unknown"
	// StatusNotChecked means keylint has no safe check for this key (GonkaGate management keys, custom rules).
	StatusNotChecked VerifyStatus = "not-checked"
)

// Verification is the answer about one finding's key; it never holds the key.
type Verification struct {
	Status VerifyStatus
	// CheckedAt is when the answer came (zero for not-checked).
	CheckedAt time.Time
	// Host is the host that answered, or the hosts tried ("cloud.fastgpt.io, cloud.fastgpt.cn").
	Host string
	// Detail says why, in keylint's words: what the answer was, what the key can spend.
	Detail string
}
