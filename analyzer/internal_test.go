package analyzer

import (
	"flag"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAllows(t *testing.T) {
	tests := []struct {
		comment string
		want    bool
	}{
		{"//keylint:allow", true},
		{"// keylint:allow a test fixture", true},
		{"//keylint:allowed", false},
		{"//nolint:keylint", true},
		{"//nolint:errcheck,keylint // reason", true},
		{"//nolint:all", true},
		{"//nolint", true},
		{"//nolint // reason", true},
		{"//nolint:errcheck", false},
		{"//nolintx", false},
		{"// nolint:keylint", false}, // golangci-lint requires no space
		{"/* keylint:allow */", false},
	}
	for _, tt := range tests {
		if got := allows(tt.comment); got != tt.want {
			t.Errorf("allows(%q) = %v, want %v", tt.comment, got, tt.want)
		}
	}
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
		wantEnv map[string]string
	}{
		{"defaults", Config{}, "", map[string]string{
			"gonkagate-api-key": "GONKAGATE_API_KEY", "gonkagate-management-key": "GONKAGATE_MANAGEMENT_KEY", "fastgpt-api-key": "FASTGPT_API_KEY",
		}},
		{"custom", Config{GonkaGateEnv: "GP_KEY", FastGPTEnv: "_FG1"}, "", map[string]string{
			"gonkagate-api-key": "GP_KEY", "gonkagate-management-key": "GONKAGATE_MANAGEMENT_KEY", "fastgpt-api-key": "_FG1",
		}},
		{"bad", Config{GonkaGateManagementEnv: "1BAD", FastGPTEnv: "A-B"}, "gonkagate-management-env: \"1BAD\"", nil},
	}
	defaults := map[string]string{
		"gonkagate-api-key": "GONKAGATE_API_KEY", "gonkagate-management-key": "GONKAGATE_MANAGEMENT_KEY", "fastgpt-api-key": "FASTGPT_API_KEY",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Validate() = %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for id, def := range defaults {
				got[id] = tt.cfg.envFor(id, def)
			}
			if diff := cmp.Diff(tt.wantEnv, got); diff != "" {
				t.Errorf("envFor (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFlagsAreThePerAnalyzerConfig(t *testing.T) {
	a := New(Config{FastGPTEnv: "FG"})
	b := New(Config{})
	if err := a.Flags.Parse([]string{"-gonkagate-env=MINE"}); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, an := range []*flag.FlagSet{&a.Flags, &b.Flags} {
		an.VisitAll(func(f *flag.Flag) { got[an.Lookup("fastgpt-env").Value.String()+"/"+f.Name] = f.Value.String() })
	}
	want := map[string]string{
		"FG/gonkagate-env": "MINE", "FG/gonkagate-management-env": "GONKAGATE_MANAGEMENT_KEY", "FG/fastgpt-env": "FG",
		"FASTGPT_API_KEY/gonkagate-env": "GONKAGATE_API_KEY", "FASTGPT_API_KEY/gonkagate-management-env": "GONKAGATE_MANAGEMENT_KEY",
		"FASTGPT_API_KEY/fastgpt-env": "FASTGPT_API_KEY", "FG/config": "", "FASTGPT_API_KEY/config": "",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
}

func TestGofmtStable(t *testing.T) {
	src := "package p\n\nvar (\n\ta = \"xxxxxxxxxx\" // one\n\tb = 1            // two\n)\n\nvar c = 2\n"
	at := func(s string) int { return strings.Index(src, s) }
	tests := []struct {
		name  string
		edits []edit
		want  []edit
	}{
		{
			name:  "already gofmt",
			edits: []edit{{at("2\n"), at("2\n") + 1, "3"}},
			want:  []edit{{at("2\n"), at("2\n") + 1, "3"}},
		},
		{
			name:  "a realigned line becomes an edit of its own",
			edits: []edit{{at(`"x`), at(` // one`), "f()"}, {at("2\n"), at("2\n") + 1, "3"}},
			want: []edit{
				{at(`"x`), at(` // one`), "f()"},
				{at("\tb ="), at("\n)"), "\tb = 1   // two"},
				{at("2\n"), at("2\n") + 1, "3"},
			},
		},
		{
			name:  "an edit inside a realigned line merges with it",
			edits: []edit{{at(`"x`), at(` // one`), "f()"}, {at("1 "), at("1 ") + 1, "2"}},
			want:  []edit{{at(`"x`), at(` // one`), "f()"}, {at("\tb ="), at("\n)"), "\tb = 2   // two"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := gofmtStable([]byte(src), tt.edits)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(edit{})); diff != "" {
				t.Errorf("gofmtStable (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDoc(t *testing.T) {
	doc := Doc()
	if !strings.HasPrefix(doc, "report hard-coded GonkaGate and FastGPT API keys\n\n") {
		t.Errorf("Doc() does not start with the title line and a blank line:\n%s", doc)
	}
	for _, want := range []string{"os.Getenv", "//keylint:allow", ".keylint.yaml"} {
		if !strings.Contains(doc, want) {
			t.Errorf("Doc() lacks %q:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "package analyzer") || strings.Contains(doc, "\n//") {
		t.Errorf("Doc() holds source text:\n%s", doc)
	}
}
