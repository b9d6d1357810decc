package envfile

import (
	"strings"

	"github.com/keylint/keylint/scanner/rules"
)

// Public is a build-time variable prefix whose values a bundler inlines into client code.
type Public = rules.PublicPrefix

// PublicPrefix returns the public build-time prefix name starts with, if any.
func PublicPrefix(name string) (Public, bool) { return rules.PublicPrefixOf(name) }

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
