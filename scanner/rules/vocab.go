package rules

import "strings"

// placeholderWords are words that mark a key-shaped string as a placeholder or a test
// fixture when they make up a piece of its body ("gp-your-api-key-here", "gp-TestKey…").
// Words of six letters or more also count inside a longer piece ("EXAMPLEKEY").
var placeholderWords = []string{
	"your", "here", "example", "redacted", "placeholder",
	"dummy", "fake", "sample", "changeme", "insert",
	"paste", "replace", "replacement", "test", "tests",
	"testing", "secret", "token", "apikey", "demo",
	"mock", "fixture", "invalid", "expired", "revoked",
	"hidden", "masked", "removed", "none", "null",
	"todo", "fixme", "xxxx", "xxxxx", "mykey",
	"management", "secretkey", "default", "local", "staging",
}

// placeholderIn returns the placeholder word that w is, or that w holds when the word is long, or "".
func placeholderIn(w string) string {
	for _, p := range placeholderWords {
		if w == p || len(p) >= 6 && strings.Contains(w, p) {
			return p
		}
	}
	return ""
}
