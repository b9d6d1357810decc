package envfile_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/envfile"
)

func TestNames(t *testing.T) {
	tests := []struct {
		name         string
		path         string
		env, example bool
	}{
		{"dotenv", ".env", true, false},
		{"nested", "web/.env", true, false},
		{"mode", "web/.env.production", true, false},
		{"local", ".env.local", true, false},
		{"suffix", "deploy/prod.env", true, false},
		{"example", ".env.example", true, true},
		{"sample", "web/.env.sample", true, true},
		{"template", ".env.template", true, true},
		{"example suffix", "example.env", true, true},
		{"not env", "environment.go", false, false},
		{"bare suffix word", "deploy/env", false, false},
		{"envrc", ".envrc", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := envfile.IsEnvFile(tt.path); got != tt.env {
				t.Errorf("IsEnvFile(%q) = %v, want %v", tt.path, got, tt.env)
			}
			if got := envfile.IsExample(tt.path); got != tt.example {
				t.Errorf("IsExample(%q) = %v, want %v", tt.path, got, tt.example)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []envfile.Var
	}{
		{"plain", "A=1\nB=two", []envfile.Var{{"A", "1", 1}, {"B", "two", 2}}},
		{"comments and blanks", "# c\n\nA=1 # note\n", []envfile.Var{{"A", "1", 3}}},
		{"export and quotes", "export A='x y'\nB=\"q\" # c\n", []envfile.Var{{"A", "x y", 1}, {"B", "q", 2}}},
		{"crlf", "A=1\r\nB=2\r\n", []envfile.Var{{"A", "1", 1}, {"B", "2", 2}}},
		{"spaces around", "  A = 1  ", []envfile.Var{{"A", "1", 1}}},
		{"not assignments", "just text\n=1\n1A=2", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, envfile.Parse([]byte(tt.in))); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPublic(t *testing.T) {
	tests := []struct {
		name, v      string
		prefix, tool string
		keyVar       string
	}{
		{"vite", "VITE_GONKAGATE_API_KEY", "VITE_", "Vite", "GONKAGATE_API_KEY"},
		{"next", "NEXT_PUBLIC_FASTGPT_API_KEY", "NEXT_PUBLIC_", "Next.js", "FASTGPT_API_KEY"},
		{"cra", "REACT_APP_GONKA_KEY", "REACT_APP_", "Create React App", "GONKAGATE_API_KEY"},
		{"nuxt", "NUXT_PUBLIC_FASTGPT_TOKEN", "NUXT_PUBLIC_", "Nuxt", "FASTGPT_API_KEY"},
		{"expo", "EXPO_PUBLIC_GONKAGATE_MANAGEMENT_KEY", "EXPO_PUBLIC_", "Expo", "GONKAGATE_MANAGEMENT_KEY"},
		{"gatsby", "GATSBY_FASTGPT_SECRET", "GATSBY_", "Gatsby", "FASTGPT_API_KEY"},
		{"sveltekit", "PUBLIC_GONKAGATE_API_KEY", "PUBLIC_", "SvelteKit", "GONKAGATE_API_KEY"},
		{"base url", "VITE_API_BASE", "VITE_", "Vite", ""},
		{"fastgpt url", "VITE_FASTGPT_BASE_URL", "VITE_", "Vite", ""},
		{"server only", "GONKAGATE_API_KEY", "", "", "GONKAGATE_API_KEY"},
		{"prefix alone", "VITE_", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := envfile.PublicPrefix(tt.v)
			if diff := cmp.Diff(envfile.Public{Prefix: tt.prefix, Tool: tt.tool}, p); diff != "" {
				t.Errorf("PublicPrefix(%q) (-want +got):\n%s", tt.v, diff)
			}
			if got := envfile.KeyVar(tt.v); got != tt.keyVar {
				t.Errorf("KeyVar(%q) = %q, want %q", tt.v, got, tt.keyVar)
			}
		})
	}
}
