//go:build !amd64

package runes

const vectorMin = 1 << 62

func continuations(b []byte) int { return continuationsGeneric(b) }
