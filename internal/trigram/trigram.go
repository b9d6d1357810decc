// Package trigram finds the first place in a text where one of a few 3-byte strings
// stands, with vector instructions where it can: one pass over the text for up to four
// of them, where a search for a byte of one would stop at every one of its occurrences.
package trigram

import "slices"

// Max is the most strings a Set searches for at once.
const Max = 4

// Set is a set of at most Max 3-byte strings; it is immutable once made.
type Set struct {
	// b0, b1, b2 hold the strings' bytes, unused places repeating the first string so
	// that the vector kernel tests Max strings without branches.
	b0, b1, b2 [Max]byte
	// col is the offset in a string whose bytes, f, are fewest (at most two, the second
	// repeating the first when they are one): the kernel looks for them first and tests
	// the whole strings only at the rare places where one stands.
	col int
	f   [2]byte
	// starts maps a first byte to the strings (bit i for the i-th) that start with it.
	starts [256]uint8
}

// New returns the set of strings, or false when there are none, more than Max, or no
// offset where they hold at most two distinct bytes.
func New(strs [][3]byte) (*Set, bool) {
	if len(strs) == 0 || len(strs) > Max {
		return nil, false
	}
	s := &Set{col: -1}
	for col := 2; col >= 0; col-- {
		var f []byte
		for _, t := range strs {
			if !slices.Contains(f, t[col]) {
				f = append(f, t[col])
			}
		}
		if len(f) <= 2 && (s.col < 0 || len(f) < 2 && s.f[0] != s.f[1]) {
			s.col, s.f = col, [2]byte{f[0], f[len(f)-1]}
		}
	}
	if s.col < 0 {
		return nil, false
	}
	for i := range Max {
		t := strs[min(i, len(strs)-1)]
		s.b0[i], s.b1[i], s.b2[i] = t[0], t[1], t[2]
	}
	for i, t := range strs {
		s.starts[t[0]] |= 1 << i
	}
	return s, true
}

// Index returns the first i such that text[i:i+3] is one of the strings, or -1.
func (s *Set) Index(text []byte) int {
	i := 0
	if len(text) > vectorMin {
		i = indexVector(s, text)
	}
	j := s.indexGeneric(text[i:])
	if j < 0 {
		return -1
	}
	return i + j
}

// indexGeneric is Index byte by byte.
func (s *Set) indexGeneric(text []byte) int {
	for i := 0; i+2 < len(text); i++ {
		for m := s.starts[text[i]]; m != 0; m &= m - 1 {
			k := lowBit(m)
			if text[i+1] == s.b1[k] && text[i+2] == s.b2[k] {
				return i
			}
		}
	}
	return -1
}

func lowBit(m uint8) int {
	k := 0
	for m&1 == 0 {
		m >>= 1
		k++
	}
	return k
}
