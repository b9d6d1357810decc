package analyzer

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/rules"
)

// TestRedactLine checks that a diff line never shows a key, written plainly or with escapes.
func TestRedactLine(t *testing.T) {
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(21, 1))
	k := testkey.FastGPT(r)
	body := k[len("fastgpt-"):]
	for _, tc := range []struct{ name, line string }{
		{"hex escape in the prefix", `-const k = "\x66astgpt-` + body + `"`},
		{"unicode escape in the body", `-const k = "fastgpt-` + body[:10] + `\u00` + "%x" + body[11:] + `"`},
		{"escaped and plain on one line", ` x := f("\x66astgpt-` + body + `", "` + k + `")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line := strings.Replace(tc.line, "%x", strconvHex(body[10]), 1)
			got := redactLine(line, []*rules.Set{set})
			for _, ms := range set.Find([]byte(got)) {
				t.Errorf("a key left whole: %s", rules.Redact(ms.Key))
			}
			for n := 0; n+8 <= len(body); n++ {
				if strings.Contains(got, body[n:n+8]) {
					t.Fatalf("%q shows eight characters of the key's body in a row", got)
				}
			}
		})
	}
}

func strconvHex(c byte) string {
	const hex = "0123456789abcdef"
	return string([]byte{hex[c>>4], hex[c&15]})
}
