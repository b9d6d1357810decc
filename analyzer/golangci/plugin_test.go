package golangci_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/keylint/keylint/analyzer/golangci"
)

func TestNew(t *testing.T) {
	tests := []struct {
		name     string
		settings any
		wantErr  string
		wantFlag map[string]string
	}{
		{"no settings", nil, "", map[string]string{"gonkagate-env": "GONKAGATE_API_KEY", "fastgpt-env": "FASTGPT_API_KEY"}},
		{"env names", map[string]any{"gonkagate-env": "GP", "gonkagate-management-env": "GPM", "fastgpt-env": "FG"},
			"", map[string]string{"gonkagate-env": "GP", "gonkagate-management-env": "GPM", "fastgpt-env": "FG"}},
		{"unknown setting", map[string]any{"gonkagate_env": "GP"}, `unknown field "gonkagate_env"`, nil},
		{"not a name", map[string]any{"fastgpt-env": "FAST GPT"}, "not an environment variable name", nil},
		{"wrong type", map[string]any{"fastgpt-env": 3}, "decoding settings", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := golangci.New(tt.settings)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New(%v) error = %v, want one containing %q", tt.settings, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
				t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
			}
			as, err := p.BuildAnalyzers()
			if err != nil || len(as) != 1 || as[0].Name != "keylint" {
				t.Fatalf("BuildAnalyzers() = %v, %v; want the keylint analyzer", as, err)
			}
			for name, want := range tt.wantFlag {
				if got := as[0].Flags.Lookup(name).Value.String(); got != want {
					t.Errorf("flag %s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestRegistered(t *testing.T) {
	if _, err := register.GetPlugin("keylint"); err != nil {
		t.Fatal(err)
	}
}
