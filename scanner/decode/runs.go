package decode

import (
	"bytes"
	"math/bits"
)

// runFinder finds, one after another, the regions of a text that may hold a needle worth
// decoding: a run of at least minB64Run base64 characters on one line, with the line after
// it when a line break ends the run (b64Run takes a short last line of a wrapped block in
// with the lines before it).
//
// The runs are found from a bit mask of the base64 characters, 64 bytes a word, which
// b64Mask computes with vector instructions where it can: one pass that costs a fraction
// of searching the text for each anchor byte, which in JavaScript and source maps stand
// every few dozen bytes. The mask is computed a block of words at a time and kept, so
// that the search for the next run goes on where the last one ended.
type runFinder struct {
	isB64 *[256]bool
	text  []byte
	words [16]uint64
	base  int // the offset in text of words[0]
	k     int // how many words hold a mask
}

// next returns the first region at or after from, or -1, -1. text[from-1], when from > 0,
// is no base64 character, and from is past the regions returned before.
func (f *runFinder) next(from int) (start, end int) {
	start, end = f.nextRun(from)
	if start < 0 {
		return -1, -1
	}
	text := f.text
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

// fill computes the mask of the words from pos on.
func (f *runFinder) fill(pos int) {
	f.base = pos
	f.k = b64Mask(f.isB64, f.words[:], f.text[pos:])
	if f.k == 0 && pos < len(f.text) {
		f.words[0] = b64MaskTail(f.isB64, f.text[pos:])
		f.k = 1
	}
}

// nextRun returns the bounds of the first run of at least minB64Run base64 characters in
// text[from:], or -1, -1: the shortest run any needle is decoded in.
func (f *runFinder) nextRun(from int) (start, end int) {
	if from >= len(f.text) {
		return -1, -1
	}
	if from < f.base || from >= f.base+64*f.k {
		f.fill(from)
	}
	w := (from - f.base) / 64
	// Text before from was looked at, and is never again: none of its bits starts or
	// continues a run.
	f.words[w] &^= 1<<uint((from-f.base)%64) - 1
	carry := 0 // base64 characters that end right before the word being looked at
	start = -1 // the start of a long run that reached the end of the word before
	for f.k > 0 {
		// The block's bounds in locals: f's fields would be loaded again for each word.
		words, k, base := &f.words, min(f.k, len(f.words)), f.base
		for ; w < k; w++ {
			m := words[w]
			at := base + 64*w
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
			// A run within the word covers two whole bytes of it (most words of code have no
			// two base64 bytes of eight characters side by side): test that before runsOf.
			if twoFullBytes(m) {
				if x := runsOf(m); x != 0 {
					s := bits.TrailingZeros64(x)
					e := s + bits.TrailingZeros64(^(m >> uint(s)))
					if e < 64 {
						return at + s, at + e
					}
					start = at + s // it goes on in the next word
					continue
				}
			}
			carry = bits.LeadingZeros64(^m)
		}
		if f.base+64*f.k >= len(f.text) {
			break
		}
		f.fill(f.base + 64*f.k)
		w = 0
	}
	switch {
	case start >= 0:
		return start, len(f.text)
	case carry >= minB64Run:
		return len(f.text) - carry, len(f.text)
	}
	return -1, -1
}

// twoFullBytes reports whether two adjacent bytes of m have every bit set, as a run of
// minB64Run (at least 23) set bits has.
func twoFullBytes(m uint64) bool {
	z := ^(m & (m >> 8)) // a zero byte where m has two full bytes side by side
	return (z-0x0101010101010101)&^z&0x8080808080808080 != 0
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

// escMaskTail is the mask of the backslashes in the first 64 bytes of text whose escape may
// stand for printable ASCII (asciiEscape).
func escMaskTail(text []byte) uint64 {
	var m uint64
	for i := 0; i < min(len(text)-1, 64); i++ {
		if text[i] == '\\' && asciiEscape(text[i+1:]) {
			m |= 1 << uint(i)
		}
	}
	return m
}

// asciiEscape reports whether the bytes after a backslash may be an escape of printable ASCII,
// from 0x21 to 0x7e, from its first digits alone: x and a digit from 2 to 7, u{, or u00 and a
// digit from 2 to 7. Most escapes in bundles hide other characters (\u00e9, \ud83d, \u001b)
// and are left out of the mask of escapes, so that escapeSpans never looks at them.
func asciiEscape(b []byte) bool {
	switch {
	case len(b) >= 2 && b[0] == 'x':
		return digit27(b[1])
	case len(b) >= 2 && b[0] == 'u' && b[1] == '{':
		return true
	case len(b) >= 4 && b[0] == 'u':
		return b[1] == '0' && b[2] == '0' && digit27(b[3])
	}
	return false
}

func digit27(c byte) bool { return c >= '2' && c <= '7' }

// nonzeroWords returns the words of ws, at most 64, that are not zero: bit w for ws[w].
func nonzeroWords(ws []uint64) uint64 {
	var nz uint64
	for w, m := range ws {
		if m != 0 {
			nz |= 1 << uint(w)
		}
	}
	return nz
}

// escLookAhead is how many bytes past a block escMask reads: the four after a backslash.
const escLookAhead = 4

// escMaskGeneric is escMask without vector instructions.
func escMaskGeneric(dst []uint64, src []byte) int {
	k := max(min(len(dst), (len(src)-escLookAhead)/64), 0)
	for w := range k {
		dst[w] = escMaskTail(src[64*w : 64*w+64+escLookAhead])
	}
	return k
}

// anyMaskGeneric is anyMask without vector instructions: is marks the bytes c.
func anyMaskGeneric(is *[256]bool, dst []uint64, src []byte) int {
	return b64MaskGeneric(is, dst, src) // a mask of the bytes a table marks
}
