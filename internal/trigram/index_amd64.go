package trigram

import "golang.org/x/sys/cpu"

// vectorMin is the shortest text the vector kernel is worth starting for.
const vectorMin = 64

// indexVector returns the first string's place in text, or where the part of text the
// kernel did not look at starts (the last 34 bytes or fewer): Index searches on from there.
func indexVector(s *Set, text []byte) int {
	if !cpu.X86.HasAVX2 {
		return 0
	}
	return indexAVX2(text, &s.b0, &s.b1, &s.b2, s.col, &s.f)
}

// indexAVX2 is indexVector with AVX2: it looks at 32 places at a time while 34 bytes are
// left, first for the bytes f at offset col of each.
//
//go:noescape
func indexAVX2(text []byte, b0, b1, b2 *[Max]byte, col int, f *[2]byte) int
