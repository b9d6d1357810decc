//go:build !amd64

package runes

import "math"

// vectorMin is past any text's length: there is no vector kernel here.
const vectorMin = math.MaxInt

func continuations(b []byte) int { return continuationsGeneric(b) }
