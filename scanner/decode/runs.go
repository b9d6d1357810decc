package decode

import (
	"bytes"
	"math/bits"
)

// longRun returns the first region at or after from that may hold a needle worth decoding:
// a run of at least minB64Run base64 characters on one line, with the line after it when a
// line break ends the run (b64Run takes a short last line of a wrapped block in with the
// lines before it). It returns -1, -1 when there is none. text[from-1], when from > 0, is no
// base64 character.
//
// The runs are found from a bit mask of the base64 characters, 64 bytes a word, which
// b64Mask computes with vector instructions where it can: one pass that costs a fraction
// of searching the text for each anchor byte, which in JavaScript and source maps stand
// every few dozen bytes.
func (n *Needles) longRun(text []byte, from int) (start, end int) {
	start, end = n.nextLongRun(text, from)
	if start < 0 {
		return -1, -1
	}
	// The line after the run, when a line break ends it.
	if k := end; k < len(text) && (text[k] == '\n' || text[k] == '\r') {
		if text[k] == '\r' {
			k++
		}
		if k < len(text) && text[k] == '\n' {
			if nl := bytes.IndexByte(text[k+1:], '\n'); nl >= 0 {
				end = k + 1 + nl
			} else {
				end = len(text)
			}
		}
	}
	return start, end
}

// nextLongRun returns the bounds of the first run of at least minB64Run base64 characters
// in text[from:], or -1, -1: the shortest run any needle is decoded in.
func (n *Needles) nextLongRun(text []byte, from int) (start, end int) {
	carry := 0 // base64 characters that end right before the word being looked at
	start = -1 // the start of a long run that reached the end of the word before
	for pos := from; pos < len(text); {
		// A few words at a time: the first long run ends the search, often soon.
		var words [4]uint64
		k := b64Mask(&n.isB64, words[:], text[pos:])
		if k == 0 {
			words[0] = b64MaskTail(&n.isB64, text[pos:])
			k = 1
		}
		for w, m := range words[:k] {
			at := pos + 64*w
			if m == ^uint64(0) {
				carry += 64
				continue
			}
			if start >= 0 {
				return start, at + bits.TrailingZeros64(^m)
			}
			low := bits.TrailingZeros64(^m)
			if carry+low >= minB64Run {
				return at - carry, at + low
			}
			if x := runsOf(m); x != 0 {
				s := bits.TrailingZeros64(x)
				e := s + bits.TrailingZeros64(^(m >> uint(s)))
				if e < 64 {
					return at + s, at + e
				}
				start = at + s // it goes on in the next word
				continue
			}
			carry = bits.LeadingZeros64(^m)
		}
		pos += 64 * k
	}
	switch {
	case start >= 0:
		return start, len(text)
	case carry >= minB64Run:
		return len(text) - carry, len(text)
	}
	return -1, -1
}

// runsOf returns the bits of m that start a run of at least minB64Run set bits (towards
// the higher bits) within m.
func runsOf(m uint64) uint64 {
	m &= m >> 1  // runs of 2
	m &= m >> 2  // 4
	m &= m >> 4  // 8
	m &= m >> 8  // 16
	m &= m >> 12 // 28
	return m
}

// b64MaskTail is the mask of the base64 characters of text, fewer than 64 bytes.
func b64MaskTail(isB64 *[256]bool, text []byte) uint64 {
	var m uint64
	for i, c := range text[:min(len(text), 64)] {
		if isB64[c] {
			m |= 1 << uint(i)
		}
	}
	return m
}

// b64MaskGeneric is b64Mask without vector instructions.
func b64MaskGeneric(isB64 *[256]bool, dst []uint64, src []byte) int {
	k := min(len(dst), len(src)/64)
	for w := range k {
		dst[w] = b64MaskTail(isB64, src[64*w:64*w+64])
	}
	return k
}
