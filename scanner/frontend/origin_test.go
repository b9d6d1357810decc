package frontend_test

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/frontend/frontendtest"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

func TestMapRef(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"line comment", "a();\n//# sourceMappingURL=a.js.map\n", "a.js.map"},
		{"old form", "a();\n//@ sourceMappingURL=a.js.map", "a.js.map"},
		{"block comment", "a();\n/*# sourceMappingURL=a.js.map */", "a.js.map"},
		{"the last one counts", "//# sourceMappingURL=old.map\nb();\n//# sourceMappingURL=new.map", "new.map"},
		{"inside a string is no comment", `const s = "sourceMappingURL=x.map";`, ""},
		{"none", "a();", ""},
		{"data url", "a();\n//# sourceMappingURL=data:application/json;base64,e30=", "data:application/json;base64,e30="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := frontend.MapRef([]byte(tt.script)); got != tt.want {
				t.Errorf("MapRef = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDataMap(t *testing.T) {
	tests := []struct {
		name, ref, want string
		ok              bool
	}{
		{"base64", "data:application/json;charset=utf-8;base64," + base64.StdEncoding.EncodeToString([]byte(`{"version":3}`)), `{"version":3}`, true},
		{"percent-encoded", "data:application/json,%7B%22version%22%3A3%7D", `{"version":3}`, true},
		{"bad base64", "data:application/json;base64,!!!", "", true},
		{"a file", "a.js.map", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := frontend.DataMap(tt.ref)
			if string(got) != tt.want || ok != tt.ok {
				t.Errorf("DataMap = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// vlq encodes one generated line's segments (generated column, source, original line,
// original column; absolute, 0-based) as a source map's mappings.
func vlq(segs [][4]int) string {
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var out []string
	prev := [4]int{}
	for _, s := range segs {
		var b strings.Builder
		for k := range 4 {
			d := s[k] - prev[k]
			v := d << 1
			if d < 0 {
				v = -d<<1 | 1
			}
			for {
				digit := v & 31
				v >>= 5
				if v > 0 {
					digit |= 32
				}
				b.WriteByte(b64[digit])
				if v == 0 {
					break
				}
			}
		}
		out = append(out, b.String())
		prev = s
	}
	return strings.Join(out, ",")
}

// TestOriginOnDisk maps a key in a script back through its map, found in each way a map is found on disk.
func TestOriginOnDisk(t *testing.T) {
	k := frontendtest.NewKeys(t, 3)
	script := `var a=1;const k="` + k.GonkaGate + `";`
	col := strings.Index(script, `"`+k.GonkaGate)
	mapJSON := `{"version":3,"sources":["../src/k.ts"],"names":[],"mappings":"` + vlq([][4]int{{0, 0, 0, 0}, {col, 0, 4, 16}}) + `"}`
	inline := "\n//# sourceMappingURL=data:application/json;base64," + base64.StdEncoding.EncodeToString([]byte(mapJSON))
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"sibling by name", map[string]string{"dist/app.js": script, "dist/app.js.map": mapJSON}, []string{"src/k.ts:5:17"}},
		{"named by the comment", map[string]string{"dist/app.js": script + "\n//# sourceMappingURL=maps/app.map", "dist/maps/app.map": strings.Replace(mapJSON, "../src", "../../src", 1)}, []string{"src/k.ts:5:17"}},
		{"inline", map[string]string{"dist/app.js": script + inline}, []string{"src/k.ts:5:17"}},
		{"no map", map[string]string{"dist/app.js": script}, nil},
		{"not a map", map[string]string{"dist/app.js": script, "dist/app.js.map": "<html>fallback</html>"}, nil},
		{"broken map", map[string]string{"dist/app.js": script, "dist/app.js.map": `{"version":3,"mappings":"!!"}`}, nil},
	}
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{Checks: frontend.Checks()})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Chdir(dir)
			var got []string
			err := sc.Run(t.Context(), &source.Files{Paths: []string{"dist/app.js"}}, 1, scanner.Sink{Finding: func(f scanner.Finding) {
				for _, r := range f.Related {
					got = append(got, fmt.Sprintf("%s:%d:%d", r.Path, r.Line, r.Column))
				}
			}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("related (-want +got):\n%s", diff)
			}
		})
	}
}
