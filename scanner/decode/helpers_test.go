package decode

import (
	"math/rand/v2"
	"strings"

	"github.com/keylint/keylint/internal/testkey"
)

// keyGen makes random keys from a fixed seed, so no key is written in the tests.
type keyGen struct{ r *rand.Rand }

func newKeyGen() *keyGen { return &keyGen{rand.New(rand.NewPCG(1, 2))} }

const base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// key returns prefix and n random base62 characters.
func (g *keyGen) key(prefix string, n int) string {
	return prefix + testkey.Body(g.r, n)
}

// prefixes are the prefixes of keylint's built-in rules.
var testPrefixes = []string{"gp-", "gpm-", "fastgpt-"}

// spanOf is the span of the first occurrence of enc in text, decoding to data.
func spanOf(text, enc, data, encoding string) Span {
	i := strings.Index(text, enc)
	if i < 0 {
		panic("spanOf: " + enc + " not in text")
	}
	return Span{Start: i, End: i + len(enc), Data: []byte(data), Encoding: encoding}
}

// wrap breaks s into lines of width w, each line starting with indent.
func wrap(s string, w int, indent string) string {
	var b strings.Builder
	for len(s) > 0 {
		n := min(w, len(s))
		b.WriteString(indent + s[:n] + "\n")
		s = s[n:]
	}
	return b.String()
}
