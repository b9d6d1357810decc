// Package testkey makes random key bodies at run time, drawn the way the providers draw
// them, so that no test commits a key; keylint hook test draws its canary key here too.
package testkey

import (
	"math/rand/v2"
	"strings"
)

const (
	base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lower  = "abcdefghijklmnopqrstuvwxyz"
)

// Body returns n random characters of [A-Za-z0-9], from r or, when r is nil, from a randomly seeded source.
func Body(r *rand.Rand, n int) string { return From(r, base62, n) }

// From returns n random characters of alphabet, from r or, when r is nil, from a randomly seeded source.
func From(r *rand.Rand, alphabet string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[intN(r, len(alphabet))])
	}
	return b.String()
}

// GonkaGate returns a GonkaGate API key with a 40-character body.
func GonkaGate(r *rand.Rand) string { return "gp-" + Body(r, 40) }

// FastGPT returns a current FastGPT key: a lower-case letter and 55 more characters.
func FastGPT(r *rand.Rand) string {
	return "fastgpt-" + string(lower[intN(r, len(lower))]) + Body(r, 55)
}

func intN(r *rand.Rand, n int) int {
	if r == nil {
		return rand.IntN(n)
	}
	return r.IntN(n)
}
