package main

import (
	"testing"

	"github.com/keylint/keylint/scanner/config"
)

// TestCanary checks that the hook test's made-up key is one the configuration reports, at a
// path it scans, for the built-in rules and for a configuration that leaves one rule.
func TestCanary(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, wantRule, wantPath string
	}{
		{name: "built-in rules", yaml: "", wantRule: "gonkagate-api-key", wantPath: canaryPaths[0]},
		{name: "only fastgpt, first path excluded", yaml: "disable: [gonkagate-api-key, gonkagate-management-key]\nexclude: [\"keylint-hook-test-canary.txt\"]\n",
			wantRule: "fastgpt-api-key", wantPath: canaryPaths[1]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Parse("k.yaml", []byte(tc.yaml))
			if err != nil {
				t.Fatal(err)
			}
			for range 50 { // the key is random: draw it many times
				path, key, err := canary(cfg)
				if err != nil {
					t.Fatal(err)
				}
				ms := cfg.Rules().Find([]byte(" " + key + " "))
				if path != tc.wantPath || len(ms) != 1 || ms[0].Key != key || ms[0].Rule.ID != tc.wantRule {
					t.Fatalf("canary at %s: %d matches; want one %s key at %s", path, len(ms), tc.wantRule, tc.wantPath)
				}
			}
		})
	}
}
