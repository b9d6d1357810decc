// Package frontendtest writes front-end fixture trees with keys generated at test time.
package frontendtest

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keylint/keylint/scanner/rules"
)

// Keys are the generated keys that replace a fixture's placeholders.
type Keys struct {
	GonkaGate, FastGPT string
}

const base62 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// NewKeys returns random keys that the built-in rules recognise, the same for a given seed.
func NewKeys(t testing.TB, seed uint64) Keys {
	t.Helper()
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	gen := func(prefix, first string, n int, id string) string {
		for range 100 {
			var b strings.Builder
			b.WriteString(prefix)
			b.WriteByte(first[r.IntN(len(first))])
			for range n - 1 {
				b.WriteByte(base62[r.IntN(len(base62))])
			}
			if v := set.Explain(b.String()); len(v) == 1 && v[0].Key() && v[0].Rule.ID == id {
				return b.String()
			}
		}
		t.Fatalf("no random %s key recognised", id)
		return ""
	}
	return Keys{
		GonkaGate: gen("gp-", base62, 40, "gonkagate-api-key"),
		FastGPT:   gen("fastgpt-", "abcdefghijklmnopqrstuvwxyz", 56, "fastgpt-api-key"),
	}
}

// Copy writes the fixture tree at src into dst with the placeholders {{GONKAGATE_KEY}}
// and {{FASTGPT_KEY}} replaced, and each path component "dot-X" renamed ".X".
func Copy(t testing.TB, src, dst string, k Keys) {
	t.Helper()
	repl := strings.NewReplacer("{{GONKAGATE_KEY}}", k.GonkaGate, "{{FASTGPT_KEY}}", k.FastGPT)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		for i, part := range parts {
			if rest, ok := strings.CutPrefix(part, "dot-"); ok {
				parts[i] = "." + rest
			}
		}
		out := filepath.Join(dst, filepath.FromSlash(strings.Join(parts, "/")))
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, []byte(repl.Replace(string(data))), 0o644)
	})
	if err != nil {
		t.Fatalf("copying fixture %s: %v", src, err)
	}
}
