package rules

import (
	"regexp"
	"strings"
	"testing"
)

// TestPublicPrefixTable checks that the regex, the lookup and the help come from the one table.
func TestPublicPrefixTable(t *testing.T) {
	re := regexp.MustCompile(PublicNamePattern())
	help := ""
	for _, r := range Checks() {
		if r.ID == PublicEnvKey {
			help = r.Help
		}
	}
	for _, p := range PublicPrefixes() {
		name := p.Prefix + "GONKAGATE_API_KEY"
		t.Run(p.Prefix, func(t *testing.T) {
			if got := re.FindString("x = " + name + ";"); got != name {
				t.Errorf("regex found %q in %s", got, name)
			}
			if got, ok := PublicPrefixOf(name); !ok || got != p {
				t.Errorf("PublicPrefixOf(%s) = %v, %v; want %v", name, got, ok, p)
			}
			if !strings.Contains(help, p.Prefix) {
				t.Errorf("the %s help does not name %s", PublicEnvKey, p.Prefix)
			}
		})
	}
	for _, name := range []string{"GONKAGATE_API_KEY", "VITE_", "SECRET_VITE_KEY"} {
		if _, ok := PublicPrefixOf(name); ok {
			t.Errorf("PublicPrefixOf(%s) found a prefix", name)
		}
	}
}
