package runes

import "golang.org/x/sys/cpu"

// vectorMin is the shortest text the vector kernel is started for.
const vectorMin = 64

// continuations counts the continuation bytes of b, whose length is a multiple of 64.
func continuations(b []byte) int {
	if !cpu.X86.HasAVX2 {
		return continuationsGeneric(b)
	}
	return continuationsAVX2(b)
}

// continuationsAVX2 is continuations with AVX2, 64 bytes at a time.
//
//go:noescape
func continuationsAVX2(b []byte) int
