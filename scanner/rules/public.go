package rules

import (
	"regexp"
	"strings"
)

// PublicPrefix is a build-time variable prefix whose values a bundler inlines into client code.
type PublicPrefix struct {
	Prefix string
	// Tool names the framework or bundler that inlines such variables.
	Tool string
}

// publicPrefixes is the one table of public prefixes: the regex of public names, the lookup
// by name and the public-env-key rule's help are made from it. No prefix starts another,
// so the order is the help's.
var publicPrefixes = [...]PublicPrefix{
	{"VITE_", "Vite"},
	{"NEXT_PUBLIC_", "Next.js"},
	{"REACT_APP_", "Create React App"},
	{"NUXT_PUBLIC_", "Nuxt"},
	{"EXPO_PUBLIC_", "Expo"},
	{"GATSBY_", "Gatsby"},
	{"PUBLIC_", "SvelteKit"},
}

// PublicPrefixes returns the public build-time prefixes.
func PublicPrefixes() []PublicPrefix { return append([]PublicPrefix(nil), publicPrefixes[:]...) }

// PublicPrefixOf returns the public build-time prefix name starts with (and goes beyond), if any.
func PublicPrefixOf(name string) (PublicPrefix, bool) {
	for _, p := range publicPrefixes {
		if strings.HasPrefix(name, p.Prefix) && len(name) > len(p.Prefix) {
			return p, true
		}
	}
	return PublicPrefix{}, false
}

// PublicNamePattern is a regular expression matching an identifier with a public prefix.
func PublicNamePattern() string {
	alts := make([]string, len(publicPrefixes))
	for i, p := range publicPrefixes {
		alts[i] = regexp.QuoteMeta(strings.TrimSuffix(p.Prefix, "_"))
	}
	return `\b(?:` + strings.Join(alts, "|") + `)_[A-Z0-9_]+\b`
}

// publicList is the prefixes as the help lists them: "VITE_, NEXT_PUBLIC_, …".
func publicList() string {
	names := make([]string, len(publicPrefixes))
	for i, p := range publicPrefixes {
		names[i] = p.Prefix
	}
	return strings.Join(names, ", ")
}
