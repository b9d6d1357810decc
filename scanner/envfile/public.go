package envfile

import "strings"

// Public is a build-time variable prefix whose values a bundler inlines into client code.
type Public struct {
	Prefix string
	// Tool names the framework or bundler that inlines such variables.
	Tool string
}

// publicPrefixes are the public prefixes, longest first so that NEXT_PUBLIC_ wins over PUBLIC_.
var publicPrefixes = [...]Public{
	{"NEXT_PUBLIC_", "Next.js"},
	{"NUXT_PUBLIC_", "Nuxt"},
	{"EXPO_PUBLIC_", "Expo"},
	{"REACT_APP_", "Create React App"},
	{"GATSBY_", "Gatsby"},
	{"VITE_", "Vite"},
	{"PUBLIC_", "SvelteKit"},
}

// PublicPrefix returns the public build-time prefix name starts with, if any.
func PublicPrefix(name string) (Public, bool) {
	for _, p := range publicPrefixes {
		if strings.HasPrefix(name, p.Prefix) && len(name) > len(p.Prefix) {
			return p, true
		}
	}
	return Public{}, false
}

// KeyVar returns the provider's documented variable for a name that names a
// GonkaGate or FastGPT key ("VITE_GONKAGATE_API_KEY" gives "GONKAGATE_API_KEY"), or "".
func KeyVar(name string) string {
	u := strings.ToUpper(name)
	if !strings.Contains(u, "KEY") && !strings.Contains(u, "TOKEN") && !strings.Contains(u, "SECRET") {
		return ""
	}
	switch {
	case strings.Contains(u, "GONKA") && (strings.Contains(u, "MANAGEMENT") || strings.Contains(u, "MGMT")):
		return "GONKAGATE_MANAGEMENT_KEY"
	case strings.Contains(u, "GONKA"):
		return "GONKAGATE_API_KEY"
	case strings.Contains(u, "FASTGPT"):
		return "FASTGPT_API_KEY"
	}
	return ""
}
