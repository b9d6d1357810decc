package scanner

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// Finding is one key found at one place.
type Finding struct {
	RuleID   string
	Rule     *rules.Rule
	Location source.Location
	// Line and Column are 1-based; columns count Unicode code points. End is inclusive of the key's last character plus one.
	Line, Column, EndLine, EndColumn int
	// Secret is the key itself: kept in memory, redacted on the way out.
	Secret string
	// Context is the text around the key on its line, the key included, with encoded keys shown decoded.
	Context string
	// ContextKeys are the byte ranges of Context that hold a key, this finding's and every
	// other on the line, so that a report can redact them all.
	ContextKeys []Range
	// Encoding names how the key was hidden ("base64", "json-escape"), or "".
	Encoding string
	Severity rules.Severity
	// Message, when set, replaces the rule's description in reports (findings that are not plain keys).
	Message string
	// Public marks a key assigned to a public build-time variable (VITE_, NEXT_PUBLIC_, …),
	// which the bundler inlines into the client: its advice is the public-env-key rule's.
	Public bool
	// Related are other places that matter to the finding, such as a source map's original file.
	Related []Related
	// BaseURL is a provider base URL written in the same file as the key (FASTGPT_BASE_URL, baseUrl),
	// recorded only when verification is asked for; "" otherwise.
	BaseURL string
	// Verification is the provider's answer about the key, set by the verification stage (nil without --verify).
	Verification *Verification
}

// Range is a half-open range of byte offsets.
type Range struct{ Start, End int }

// Related is a secondary location of a finding.
type Related struct {
	Path string
	// Line is 1-based; Column, 1-based in code points, is 0 when unknown.
	Line, Column int
	Message      string
}

// Description is the finding's rule's description, or its rule id when it has no rule.
func (f *Finding) Description() string {
	if f.Rule != nil {
		return f.Rule.Description
	}
	return f.RuleID
}

// SecretHash is a hex SHA-256 of the key, which identifies it without revealing it.
func (f *Finding) SecretHash() string {
	sum := sha256.Sum256([]byte(f.Secret))
	return hex.EncodeToString(sum[:])
}

// Fingerprint identifies the finding across runs: a hash of the rule, the path and the key's hash.
// It does not change when the key moves to another line.
func (f *Finding) Fingerprint() string {
	h := sha256.New()
	h.Write([]byte(f.RuleID))
	h.Write([]byte{0})
	h.Write([]byte(f.Location.Display()))
	h.Write([]byte{0})
	h.Write([]byte(f.SecretHash()))
	return hex.EncodeToString(h.Sum(nil))[:32]
}
