package rules

import (
	"slices"
	"strings"
	"sync"
)

// Redact shows a key as its prefix and a part of its body (RedactBody). It is keylint's one
// redaction.
func Redact(key string) string {
	dash := strings.IndexByte(key, '-')
	return key[:dash+1] + RedactBody(key[dash+1:])
}

// RedactBody shows a key's body (or a piece of one) as its first four and last two
// characters, never more than a third of it: "Ab3d…9Z" for a body of 18 characters or more,
// fewer for a shorter one ("Ab3…Z" for 12), and nothing but "…" below twelve.
func RedactBody(body string) string {
	if len(body) < minShownBody {
		return "…"
	}
	shown := min(len(body)/3, 6)
	last := shown / 3
	return body[:shown-last] + "…" + body[len(body)-last:]
}

// minShownBody is the shortest body of which any character is shown.
const minShownBody = 12

// RedactText returns text with every key FindInText finds in it redacted: for names (paths,
// authors, e-mail addresses) and for messages that quote what a user wrote.
func (s *Set) RedactText(text string) string {
	found := s.FindInText(text)
	if len(found) == 0 {
		return text
	}
	var b strings.Builder
	at := 0
	for _, m := range found {
		b.WriteString(text[at:m.Start])
		b.WriteString(Redact(m.Key))
		at = m.End
	}
	b.WriteString(text[at:])
	return b.String()
}

// FindInText returns the keys in a name or a message, ordered and not overlapping. Unlike Find
// it takes a key followed by a file extension ("gp-….txt") for a key, not for a file name,
// and, for redaction, a key glued to other text ("cfg_gp-…", "out-fastgpt-…", "gp-…_x").
func (s *Set) FindInText(text string) []Match {
	if !s.ContainsPrefix(text) {
		return nil // the common case, a name with no prefix in it: one pass, not four
	}
	found := s.Find([]byte(text))
	found = append(found, s.find([]byte(text), -1, true)...)
	if strings.IndexByte(text, '.') >= 0 {
		undotted := []byte(strings.ReplaceAll(text, ".", " "))
		found = append(found, s.Find(undotted)...)
		found = append(found, s.find(undotted, -1, true)...)
	}
	if len(found) < 2 {
		return found
	}
	slices.SortStableFunc(found, func(a, b Match) int { return a.Start - b.Start })
	out := found[:0]
	for _, m := range found {
		if n := len(out); n > 0 && m.Start < out[n-1].End {
			if m.End > out[n-1].End {
				out[n-1].End = m.End
				out[n-1].Key = text[out[n-1].Start:m.End]
			}
			continue
		}
		m.Key = text[m.Start:m.End]
		out = append(out, m)
	}
	return out
}

// builtinSet is the built-in rules, compiled on first use, for redacting text read before
// any configuration is (a configuration's own error messages, a baseline's).
var builtinSet = sync.OnceValues(func() (*Set, error) { return Compile(Builtin()) })

// BuiltinSet returns the built-in rules, compiled once per process.
func BuiltinSet() (*Set, error) { return builtinSet() }

// RedactMessage returns text with every key the built-in rules find in it redacted.
func RedactMessage(text string) string {
	s, err := builtinSet()
	if err != nil {
		return "(message hidden: the built-in rules that redact it do not compile)"
	}
	return s.RedactText(text)
}
