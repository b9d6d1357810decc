package analyzer

import (
	"strings"

	"github.com/keylint/keylint/scanner/rules"
)

// redact shows a key as its prefix, the first four characters of its body, "…" and its last two.
func redact(m rules.Match) string {
	prefix := ""
	for _, p := range m.Rule.Prefixes {
		if strings.HasPrefix(m.Key, p) && len(p) > len(prefix) {
			prefix = p
		}
	}
	body := m.Key[len(prefix):]
	if len(body) < 8 {
		return prefix + "…"
	}
	return prefix + body[:4] + "…" + body[len(body)-2:]
}
