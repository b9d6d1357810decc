package report

import "strings"

// Redact shows a key's prefix, the first four and last two characters of its body, and hides the rest.
func Redact(key string) string {
	dash := strings.IndexByte(key, '-')
	prefix, body := key[:dash+1], key[dash+1:]
	if len(body) < 12 {
		return prefix + "…"
	}
	return prefix + body[:4] + "…" + body[len(body)-2:]
}
