package report

import (
	"strings"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/rules"
)

// redactText hides every key in text, found by the run's rules (the built-in ones when the run names none).
func (r *Run) redactText(text string) string {
	if r.Keys != nil {
		return r.Keys.RedactText(text)
	}
	return rules.RedactMessage(text)
}

// shown is a finding as a report may show it: with ShowSecrets the finding itself; otherwise a
// copy whose names (path, archive member, related places, commit author, e-mail and message),
// message and snippet hold no key. The key itself stays, for secretOf; fingerprints are taken
// from the original finding, so that they do not depend on redaction.
func (r *Run) shown(f *scanner.Finding) *scanner.Finding {
	if r.ShowSecrets {
		return f
	}
	s := *f
	s.Location.Path = r.redactText(f.Location.Path)
	s.Location.Member = r.redactText(f.Location.Member)
	if c := f.Location.Commit; c != nil {
		cc := *c
		cc.Author, cc.Email, cc.Message = r.redactText(c.Author), r.redactText(c.Email), r.redactText(c.Message)
		s.Location.Commit = &cc
	}
	if len(f.Related) > 0 {
		s.Related = make([]scanner.Related, len(f.Related))
		for i, rel := range f.Related {
			s.Related[i] = scanner.Related{Path: r.redactText(rel.Path), Line: rel.Line, Column: rel.Column, Message: r.redactText(rel.Message)}
		}
	}
	s.Message = r.redactText(f.Message)
	s.Context = r.hideCutKey(r.redactText(redactRanges(f.Context, f.ContextKeys, f.Secret)))
	s.ContextKeys = nil
	return &s
}

// redactRanges replaces each range of text that holds a key with the key redacted; a text
// with no ranges (from a check that does not mark them) has its finding's own key redacted.
func redactRanges(text string, keys []scanner.Range, secret string) string {
	if len(keys) == 0 {
		if secret == "" {
			return text
		}
		return strings.ReplaceAll(text, secret, rules.Redact(secret))
	}
	var b strings.Builder
	at := 0
	for _, k := range keys {
		if k.Start < at || k.End > len(text) {
			continue
		}
		b.WriteString(text[at:k.Start])
		b.WriteString(rules.Redact(text[k.Start:k.End]))
		at = k.End
	}
	b.WriteString(text[at:])
	return b.String()
}

// hideCutKey hides what follows the last key prefix of a snippet that was cut short ("…" at its
// end) inside a word, one character or more: the start of a key the cut left too short to be
// recognised, as a check's snippet (which marks no key ranges) may end.
func (r *Run) hideCutKey(text string) string {
	body, ok := strings.CutSuffix(text, "…")
	if !ok {
		return text
	}
	word := body[strings.LastIndexFunc(body, func(c rune) bool { return !isKeyByte(c) })+1:]
	keys := r.Keys
	if keys == nil {
		var err error
		if keys, err = rules.BuiltinSet(); err != nil {
			return body[:len(body)-len(word)] + "…" // no rules to tell a prefix by: hide the cut word
		}
	}
	for _, p := range keys.Prefixes() {
		if i := strings.LastIndex(word, p); i >= 0 && len(word)-i-len(p) >= 1 {
			return body[:len(body)-len(word)+i] + p + "…"
		}
	}
	return text
}

// isKeyByte reports whether c may stand in a key's body, under any rule keylint ships.
func isKeyByte(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}
