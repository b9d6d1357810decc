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
	return indexAVX2(text, &s.tri, s.cols[0], s.cols[1], &s.f)
}

// indexAVX2 is indexVector with AVX2: it looks at 64 places a step for the filter bytes
// f[0] at offset colA and f[1] at colB, and tests the strings at the 32 places around
// where it finds both.
//
//go:noescape
func indexAVX2(text []byte, tri *[3][Max]byte, colA, colB int, f *[2][2]byte) int
