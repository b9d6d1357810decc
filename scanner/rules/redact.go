package rules

import (
	"slices"
	"strings"
	"sync"
)

// Redact shows a key as its prefix, the first four and the last two characters of its body, and
// hides the rest; a body shorter than twelve characters is hidden whole. It is keylint's one redaction.
func Redact(key string) string {
	dash := strings.IndexByte(key, '-')
	prefix, body := key[:dash+1], key[dash+1:]
	if len(body) < 12 {
		return prefix + "…"
	}
	return prefix + body[:4] + "…" + body[len(body)-2:]
}

// RedactText returns text with every key the set finds in it redacted: for names (paths,
// authors, e-mail addresses) and for messages that quote what a user wrote. A key followed by
// a file extension ("gp-….txt") is a key here too, though in file content it reads as a file name.
func (s *Set) RedactText(text string) string {
	found := s.Find([]byte(text))
	if strings.IndexByte(text, '.') >= 0 {
		found = append(found, s.Find([]byte(strings.ReplaceAll(text, ".", " ")))...)
	}
	if len(found) == 0 {
		return text
	}
	slices.SortFunc(found, func(a, b Match) int { return a.Start - b.Start })
	var b strings.Builder
	at := 0
	for i := 0; i < len(found); {
		start, end := found[i].Start, found[i].End
		for i++; i < len(found) && found[i].Start < end; i++ {
			end = max(end, found[i].End)
		}
		if start < at {
			continue
		}
		b.WriteString(text[at:start])
		b.WriteString(Redact(text[start:end]))
		at = end
	}
	b.WriteString(text[at:])
	return b.String()
}

// builtinSet is the built-in rules, compiled on first use, for redacting text read before
// any configuration is (a configuration's own error messages, a baseline's).
var builtinSet = sync.OnceValues(func() (*Set, error) { return Compile(Builtin()) })

// RedactMessage returns text with every key the built-in rules find in it redacted.
func RedactMessage(text string) string {
	s, err := builtinSet()
	if err != nil {
		return "(message hidden: the built-in rules that redact it do not compile)"
	}
	return s.RedactText(text)
}
