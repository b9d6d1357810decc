package rules

import (
	"errors"
	"fmt"
	"strings"
)

// Severity says how urgent a finding is.
type Severity string

// Severities, from most to least urgent.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Shape is one accepted length band of a key's body (the part after the prefix).
type Shape struct {
	Min, Max int
}

// Rule describes one kind of key: its prefixes, the alphabet and lengths of its body,
// and samples that must and must not be recognised.
type Rule struct {
	ID          string
	Description string
	Provider    string
	// EnvVar is the environment variable the provider's docs tell users to read the key from.
	EnvVar string
	// Prefixes are the literal, case-sensitive starts of a key, each ending in '-'.
	Prefixes []string
	// Alphabet lists the bytes a body may hold; the first body byte must be alphanumeric.
	Alphabet string
	Shapes   []Shape
	// AppIDSuffix accepts a trailing "-" and 24 hex digits (FastGPT's key-appId form) as part of the key.
	AppIDSuffix bool
	// Random requires the body to look random: mixed character classes, high entropy,
	// no runs, sequences, words or placeholders.
	Random   bool
	Severity Severity
	// Help is the one-paragraph remedy shown with findings of this rule.
	Help string
	// Match holds strings that must each be recognised as exactly one key of this rule.
	Match []string
	// NoMatch holds strings in which no key of this rule may be recognised.
	NoMatch []string
	// Check marks a rule whose findings come from a check (Checks), not from a key format.
	Check bool
}

// Alphabets used by the built-in rules.
const (
	AlphaNum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	AlphaNumPunct = AlphaNum + "._-"
)

func (r *Rule) validate() error {
	var errs []error
	if r.ID == "" {
		errs = append(errs, errors.New("rule has no id"))
	}
	if len(r.Prefixes) == 0 {
		errs = append(errs, fmt.Errorf("rule %q has no prefix", r.ID))
	}
	for _, p := range r.Prefixes {
		if len(p) < 2 || !strings.HasSuffix(p, "-") {
			errs = append(errs, fmt.Errorf("rule %q: prefix %q must be at least two bytes and end in '-'", r.ID, p))
		}
		for i := 0; i < len(p)-1; i++ {
			if !isWordByte(p[i]) {
				errs = append(errs, fmt.Errorf("rule %q: prefix %q may only hold letters, digits, '_' and '-'", r.ID, p))
				break
			}
		}
	}
	if r.Alphabet == "" {
		errs = append(errs, fmt.Errorf("rule %q has an empty alphabet", r.ID))
	}
	for _, c := range []byte(r.Alphabet) {
		if c >= 0x80 || c <= ' ' {
			errs = append(errs, fmt.Errorf("rule %q: alphabet may only hold printable ASCII", r.ID))
			break
		}
	}
	if len(r.Shapes) == 0 {
		errs = append(errs, fmt.Errorf("rule %q has no length", r.ID))
	}
	for _, s := range r.Shapes {
		if s.Min < 8 || s.Max < s.Min || s.Max > MaxBody {
			errs = append(errs, fmt.Errorf("rule %q: length %d..%d must lie within 8..%d", r.ID, s.Min, s.Max, MaxBody))
		}
	}
	switch r.Severity {
	case SeverityError, SeverityWarning:
	default:
		errs = append(errs, fmt.Errorf("rule %q: severity %q is neither error nor warning", r.ID, r.Severity))
	}
	return errors.Join(errs...)
}

// MaxBody is the longest key body any rule may accept.
const MaxBody = 512

// maxBody is the longest body this rule accepts.
func (r *Rule) maxBody() int {
	m := 0
	for _, s := range r.Shapes {
		m = max(m, s.Max)
	}
	return m
}

// fits reports whether a body of n characters lies within one of the rule's length bands.
func (r *Rule) fits(n int) bool {
	for _, s := range r.Shapes {
		if n >= s.Min && n <= s.Max {
			return true
		}
	}
	return false
}

// lengthWhy says that a body of n characters fits none of the rule's length bands.
func lengthWhy(r *Rule, n int) string {
	return fmt.Sprintf("a body of %d characters; %s bodies are %s", n, r.ID, r.bands())
}

// bands names the rule's body lengths ("24–65").
func (r *Rule) bands() string {
	out := make([]string, len(r.Shapes))
	for i, s := range r.Shapes {
		out[i] = fmt.Sprintf("%d–%d", s.Min, s.Max)
	}
	return strings.Join(out, " or ")
}
