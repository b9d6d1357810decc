// Package trigram finds the first place in a text where one of a few 3-byte strings
// stands, with vector instructions where it can: one pass over the text for up to four
// of them, where a search for a byte of one would stop at every one of its occurrences.
package trigram

import (
	"cmp"
	"slices"
)

// Max is the most strings a Set searches for at once.
const Max = 4

// Set is a set of at most Max 3-byte strings; it is immutable once made.
type Set struct {
	// tri[j] holds the strings' bytes at offset j, unused places repeating the first
	// string so that the vector kernel tests Max strings without branches.
	tri [3][Max]byte
	// cols are two offsets where the strings hold at most two distinct bytes each (the same
	// offset twice when only one does), and f those bytes, two for each (the second repeating
	// the first when there is one): the kernel looks for places where both offsets hold one
	// of them first, and tests the whole strings only at those, which are rare.
	cols [2]int
	f    [2][2]byte
	// starts maps a first byte to the strings (bit i for the i-th) that start with it.
	starts [256]uint8
}

// New returns the set of strings, or false when there are none, more than Max, or no
// offset where they hold at most two distinct bytes.
func New(strs [][3]byte) (*Set, bool) {
	if len(strs) == 0 || len(strs) > Max {
		return nil, false
	}
	s := &Set{}
	for i := range Max {
		t := strs[min(i, len(strs)-1)]
		for j := range 3 {
			s.tri[j][i] = t[j]
		}
	}
	for i, t := range strs {
		s.starts[t[0]] |= 1 << i
	}
	type column struct {
		col int
		bs  []byte
	}
	var cols []column
	for col := range 3 {
		var bs []byte
		for _, t := range strs {
			if !slices.Contains(bs, t[col]) {
				bs = append(bs, t[col])
			}
		}
		if len(bs) <= 2 {
			cols = append(cols, column{col, bs})
		}
	}
	if len(cols) == 0 {
		return nil, false
	}
	// The offsets with fewest distinct bytes filter best.
	slices.SortStableFunc(cols, func(a, b column) int { return cmp.Compare(len(a.bs), len(b.bs)) })
	cols = append(cols, cols[0])
	for i, c := range cols[:2] {
		s.cols[i] = c.col
		s.f[i] = [2]byte{c.bs[0], c.bs[len(c.bs)-1]}
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
			if text[i+1] == s.tri[1][k] && text[i+2] == s.tri[2][k] {
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
