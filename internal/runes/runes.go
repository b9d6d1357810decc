// Package runes counts the code points of UTF-8 text fast enough for a column after a
// line of megabytes (a minified bundle, a source map), with vector instructions where it can.
package runes

import (
	"encoding/binary"
	"math/bits"
)

// Count returns how many bytes of b do not continue a UTF-8 sequence (10xxxxxx): the
// number of code points, for valid UTF-8.
func Count(b []byte) int {
	n := len(b)
	if len(b) >= vectorMin {
		k := len(b) &^ 63
		n -= continuations(b[:k])
		b = b[k:]
	}
	return n - continuationsGeneric(b)
}

// continuationsGeneric counts the continuation bytes of b, eight at a time.
func continuationsGeneric(b []byte) int {
	n := 0
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		// A continuation byte has bit 7 set and bit 6 clear; shifting left by one
		// brings each byte's bit 6 to its bit 7.
		n += bits.OnesCount64(x & 0x8080808080808080 &^ (x << 1))
		b = b[8:]
	}
	for _, c := range b {
		if c&0xC0 == 0x80 {
			n++
		}
	}
	return n
}
