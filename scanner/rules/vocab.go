package rules

// placeholderWords are words that mark a key-shaped string as a placeholder or a test
// fixture when they make up a piece of its body ("gp-your-api-key-here", "gp-TestKey…").
var placeholderWords = map[string]bool{
	"your": true, "here": true, "example": true, "redacted": true, "placeholder": true,
	"dummy": true, "fake": true, "sample": true, "changeme": true, "insert": true,
	"paste": true, "replace": true, "replacement": true, "test": true, "tests": true,
	"testing": true, "secret": true, "token": true, "apikey": true, "demo": true,
	"mock": true, "fixture": true, "invalid": true, "expired": true, "revoked": true,
	"hidden": true, "masked": true, "removed": true, "none": true, "null": true,
	"todo": true, "fixme": true, "xxxx": true, "xxxxx": true, "mykey": true,
	"management": true, "secretkey": true, "default": true, "local": true, "staging": true,
}
