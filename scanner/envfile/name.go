// Package envfile knows .env files: their names and variables, the public build-time
// prefixes that bundlers inline into client code, and whether git ignores or tracks them.
package envfile

import (
	"path"
	"strings"
)

// IsEnvFile reports whether a slash-separated path names a .env-style file:
// ".env", ".env.*" or "*.env".
func IsEnvFile(p string) bool {
	base := path.Base(p)
	return base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env") && len(base) > len(".env")
}

// exampleSuffixes name the committed templates the providers recommend.
var exampleSuffixes = []string{"example", "sample", "template", "dist", "defaults"}

// IsExample reports whether a .env-style path is a template meant to be committed,
// such as ".env.example", ".env.sample", ".env.template" or "example.env".
func IsExample(p string) bool {
	base := strings.ToLower(path.Base(p))
	for _, s := range exampleSuffixes {
		if base == ".env."+s || base == s+".env" || strings.HasSuffix(base, "."+s+".env") || strings.HasSuffix(base, ".env."+s) {
			return true
		}
	}
	return false
}
